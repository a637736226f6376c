namespace ChiBo.Dialogs.Domain;

/// <summary>A member's year-end self-review (bản tự kiểm điểm, QĐ 124-QĐ/TW): one per member and year.</summary>
public sealed class SelfReview
{
    /// <summary>"memberId|year".</summary>
    public string Id { get; set; } = "";
    public string MemberId { get; set; } = "";
    public string CellId { get; set; } = "";
    public string CellPath { get; set; } = "";
    public int Year { get; set; }
    /// <summary>Section id → what the member wrote ("" for an optional section left out).</summary>
    public Dictionary<string, string> Sections { get; set; } = [];
    /// <summary>The level the member proposes for themselves (a code of the template's levels) and its label.</summary>
    public string ProposedLevel { get; set; } = "";
    public string ProposedLevelLabel { get; set; } = "";
    public string TemplateId { get; set; } = "";
    public string TemplateVersion { get; set; } = "";
    /// <summary>Who typed it: the member, or a cell leader for a member who does not use the bot.</summary>
    public string EnteredBy { get; set; } = "";
    public DateTime FiledAtUtc { get; set; }

    public static string KeyOf(string memberId, int year) => $"{memberId}|{year}";

    /// <summary>The review year on a day: the year itself until its reviews are done (through February of the next).</summary>
    public static int YearOn(DateTime today) => today.Month <= 2 ? today.Year - 1 : today.Year;

    /// <summary>Where the members who do not review themselves are named.</summary>
    public const string NotReviewedRule = "QĐ 124-QĐ/TW, Điều 5";

    /// <summary>
    /// Why a member writes no self-review for the year, or null when they do: exempt from Party work and activities,
    /// suspended from Party activities, or admitted less than six months before the year ends (QĐ 124-QĐ/TW, Điều 5,
    /// khoản 2.1).
    /// </summary>
    public static string? NotReviewed(Member m, int year) =>
        m.Status == MemberStatus.Exempt ? "miễn công tác và sinh hoạt đảng"
        : m.Suspended ? "đang bị đình chỉ sinh hoạt đảng"
        : m.AdmittedOn is { } admitted && admitted.Date.AddMonths(6) > new DateTime(year, 12, 31) ? $"kết nạp ngày {admitted:dd/MM/yyyy}, chưa đủ 6 tháng"
        : null;
}
