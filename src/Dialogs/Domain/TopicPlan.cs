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

    /// <summary>The topic of quarter 1–4.</summary>
    public PlannedTopic? For(int quarter) => Topics.FirstOrDefault(t => t.Quarter == quarter);

    /// <summary>The quarter (1–4) a date falls in, as plans number them.</summary>
    public static int QuarterOf(DateTime date) => ChiBo.Rules.Cadence.QuarterOf(date.Month) + 1;
}

public sealed class PlannedTopic
{
    public int Quarter { get; set; }
    public string Topic { get; set; } = "";
    public string SetBy { get; set; } = "";
    public DateTime SetAtUtc { get; set; }
}
