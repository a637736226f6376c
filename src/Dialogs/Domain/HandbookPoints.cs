namespace ChiBo.Dialogs.Domain;

/// <summary>
/// A member's points of a month on the "Sổ tay đảng viên điện tử" app (QĐ 339-QĐ/TW), as the cell's leaders record them
/// (/sotay). A cell type's template may ask a minimum a month of every member (<see cref="Templates.CellTypeTemplate.HandbookPoints"/>).
/// </summary>
public sealed class HandbookPoints
{
    /// <summary>"memberId:yyyy-MM"</summary>
    public string Id { get; set; } = "";
    public string MemberId { get; set; } = "";
    /// <summary>The member's cell when recorded.</summary>
    public string CellId { get; set; } = "";
    /// <summary>The month the points are of, "yyyy-MM".</summary>
    public string Month { get; set; } = "";
    public int Points { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAtUtc { get; set; }

    /// <summary>More than the app gives in a month: a figure typed wrong.</summary>
    public const int Max = 500;

    public static string KeyOf(string memberId, string month) => $"{memberId}:{month}";

    /// <summary>
    /// Whether the member's points of the month (its first day) are asked of the cell: in it by the month's end (not arrived
    /// after, <see cref="Member.InCellSince"/>) and summoned to its meetings then (not exempt, not suspended).
    /// </summary>
    public static bool Asked(Member m, DateTime month)
    {
        var end = month.AddMonths(1).AddDays(-1);
        return Attendee.Summoned(m, end) && (m.InCellSince is null || m.InCellSince <= end);
    }
}
