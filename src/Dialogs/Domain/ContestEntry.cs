namespace ChiBo.Dialogs.Domain;

/// <summary>A cell's registration of its secretary for a year's "Bí thư chi bộ giỏi" contest.</summary>
public sealed class ContestEntry
{
    /// <summary>"year|cellId"</summary>
    public string Id { get; set; } = "";
    public int Year { get; set; }
    /// <summary>The organising unit of the edition.</summary>
    public string OrgUnitId { get; set; } = "";
    public string CellId { get; set; } = "";
    public string CellPath { get; set; } = "";
    public string ContestantId { get; set; } = "";
    public string ContestantName { get; set; } = "";
    public string RegisteredBy { get; set; } = "";
    public DateTime RegisteredAtUtc { get; set; }

    public static string KeyOf(int year, string cellId) => $"{year}|{cellId}";
}
