namespace ChiBo.Dialogs.Domain;

/// <summary>A cell's plan of thematic meetings for a year: a topic per quarter (/chuyende).</summary>
public sealed class TopicPlan
{
    /// <summary>"cellId|yyyy".</summary>
    public string Id { get; set; } = "";
    public string CellId { get; set; } = "";
    public int Year { get; set; }
    public List<PlannedTopic> Topics { get; set; } = [];

    public static string KeyOf(string cellId, int year) => $"{cellId}|{year}";

    public PlannedTopic? For(int quarter) => Topics.FirstOrDefault(t => t.Quarter == quarter);
}

public sealed class PlannedTopic
{
    public int Quarter { get; set; }
    public string Topic { get; set; } = "";
    public string SetBy { get; set; } = "";
    public DateTime SetAtUtc { get; set; }
}

public static class Quarters
{
    public static int Of(DateTime date) => (date.Month - 1) / 3 + 1;

    public static DateTime Start(int year, int quarter) => new(year, quarter * 3 - 2, 1);

    /// <summary>The first day after the quarter.</summary>
    public static DateTime End(int year, int quarter) => Start(year, quarter).AddMonths(3);
}
