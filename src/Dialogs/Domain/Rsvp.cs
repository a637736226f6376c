namespace ChiBo.Dialogs.Domain;

/// <summary>A member's answer to a meeting notice: coming, or absent with a reason.</summary>
public sealed class Rsvp
{
    /// <summary>"cellId|yyyy-MM-dd|memberId": one answer per member and meeting; a new answer replaces it.</summary>
    public string Id { get; set; } = "";
    public string CellId { get; set; } = "";
    public DateTime MeetingDate { get; set; }
    public string MemberId { get; set; } = "";
    public bool Present { get; set; }
    public string Reason { get; set; } = "";
    public DateTime AtUtc { get; set; }

    public static string KeyOf(string cellId, DateTime meetingDate, string memberId) => $"{cellId}|{meetingDate:yyyy-MM-dd}|{memberId}";

    /// <summary>The tag of a meeting's notices in the outbox, so answers can edit the tally into them.</summary>
    public static string NoticeTag(string cellId, DateTime meetingDate) => $"notice|{cellId}|{meetingDate:yyyy-MM-dd}";
}
