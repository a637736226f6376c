namespace ChiBo.Dialogs.Domain;

/// <summary>A node of the party organisation tree (province, commune, grassroots unit…), any depth.</summary>
public sealed class OrgUnit
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? ParentId { get; set; }
    /// <summary>"/root-id/child-id/" — used for subtree scope checks and indexed queries.</summary>
    public string Path { get; set; } = "/";
    /// <summary>Free label of the level ("Tỉnh ủy", "Đảng ủy xã"…): configurable, never hard-coded.</summary>
    public string Level { get; set; } = "";
}

/// <summary>The five cell types of domain.md §6 (plus OTHER); the rubric is chosen per type in cell-types.yaml.</summary>
public enum CellType { RESIDENTIAL, ADMIN_AGENCY, PUBLIC_SERVICE_UNIT, ARMED_FORCES, ENTERPRISE, OTHER }

public sealed class Cell
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string OrgUnitId { get; set; } = "";
    /// <summary>Path of the parent org unit plus this cell: "/a/b/cell-id/".</summary>
    public string Path { get; set; } = "/";
    public CellType Type { get; set; }
    /// <summary>Regular meeting day of the month (1–31; the last day in shorter months) and time "HH:mm".</summary>
    public int MeetingDay { get; set; } = 3;
    /// <summary>A schedule by weekday instead ("thứ Bảy đầu tiên"): the day of the week (0 Sunday … 6 Saturday) and which of the month (1–4, 5 the last); null: by <see cref="MeetingDay"/>.</summary>
    public int? MeetingWeekday { get; set; }
    public int? MeetingWeek { get; set; }
    public string MeetingTime { get; set; } = "19:30";
    public string Venue { get; set; } = "";
    /// <summary>When the cell was added: months before it are never overdue.</summary>
    public DateTime CreatedAtUtc { get; set; }
    /// <summary>The first month of the cell's dues book kept here ("yyyy-MM"): months before it are not owed on the bot.</summary>
    public string? DuesSince { get; set; }
    /// <summary>The committee member the secretary assigned to collect and record dues (/dangphi giao), if any.</summary>
    public string? DuesCollectorId { get; set; }
    /// <summary>A shorter minimum meeting length the competent committee set for this (small) cell (42-HD/BTCTW), and its basis; null: the procedure's.</summary>
    public int? MinMinutes { get; set; }
    public string MinMinutesBasis { get; set; } = "";
    /// <summary>Months whose regular meeting was moved to another day of the month (/lichhop 04/01/2027); null when none.</summary>
    public List<MovedMeeting>? Moved { get; set; }
    /// <summary>Meetings called besides the regular ones (a thematic meeting on its own day, an extraordinary one); null when none.</summary>
    public List<CalledMeeting>? Called { get; set; }

    /// <summary>The regular meeting of a month, Vietnam time: the day it was moved to, else the schedule's.</summary>
    public DateTime MeetingIn(int year, int month) => MovedIn(year, month)?.When() ?? ScheduledIn(year, month);

    /// <summary>The schedule's meeting of a month: the cell's day (the last day in short months) at its time.</summary>
    public DateTime ScheduledIn(int year, int month) =>
        ScheduleDays.DayIn(year, month, MeetingDay, MeetingWeekday, MeetingWeek).Add(MovedMeeting.TimeOf(MeetingTime));

    /// <summary>"ngày 3 hằng tháng", "thứ Bảy đầu tiên của tháng".</summary>
    public string ScheduleText() => ScheduleDays.Text(MeetingDay, MeetingWeekday, MeetingWeek);

    /// <summary>The month's meeting as moved, if it was.</summary>
    public MovedMeeting? MovedIn(int year, int month)
    {
        if (Moved is not { Count: > 0 } moved) return null;
        var key = MovedMeeting.MonthKey(year, month);
        return moved.Find(m => m.Month == key);
    }

    /// <summary>The meeting called for that day and not cancelled, if any.</summary>
    public CalledMeeting? CalledOn(DateTime day) =>
        Called?.Find(c => c.CancelledAtUtc is null && c.Date == day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The thematic meeting called for a day still to come in the quarter of <paramref name="now"/>, if any.</summary>
    public CalledMeeting? ThematicCalledThisQuarter(DateTime now)
    {
        var start = new DateTime(now.Year, ChiBo.Rules.Cadence.QuarterOf(now.Month) * 3 + 1, 1);
        return Called?.Where(c => c.Kind == MeetingKind.THEMATIC && c.CancelledAtUtc is null && c.When() > now && c.When() < start.AddMonths(3))
            .MinBy(c => c.When());
    }

    /// <summary>The next meeting members are summoned to, regular or called, that has not started at <paramref name="now"/>.</summary>
    public (DateTime When, CalledMeeting? Called) NextGathering(DateTime now)
    {
        var regular = NextMeeting(now);
        var called = (Called ?? []).Where(c => c.CancelledAtUtc is null && c.When() > now).MinBy(c => c.When());
        return called is not null && called.When() < regular ? (called.When(), called) : (regular, null);
    }

    /// <summary>The next regular meeting that has not started at <paramref name="now"/> (Vietnam time).</summary>
    public DateTime NextMeeting(DateTime now)
    {
        var thisMonth = MeetingIn(now.Year, now.Month);
        return thisMonth > now ? thisMonth : MeetingIn(now.AddMonths(1).Year, now.AddMonths(1).Month);
    }
}

/// <summary>The schedule's day of a month: a day number (the last day in shorter months), or a weekday's first to fourth or last.</summary>
public static class ScheduleDays
{
    public const int Last = 5;
    static readonly string[] Weekdays = ["Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"];
    static readonly string[] Which = ["", "đầu tiên", "thứ hai", "thứ ba", "thứ tư", "cuối cùng"];

    /// <summary>A weekday and which of the month that exist (anything else, as from a damaged record, reads as the day number).</summary>
    static bool ByWeekday(int? weekday, int? week) => weekday is >= 0 and <= 6 && week is >= 1 and <= Last;

    public static DateTime DayIn(int year, int month, int day, int? weekday, int? week)
    {
        if (!ByWeekday(weekday, week) || weekday is not { } wd || week is not { } n)
            return new DateTime(year, month, Math.Clamp(day, 1, DateTime.DaysInMonth(year, month)));
        if (n >= Last)
        {
            var last = new DateTime(year, month, DateTime.DaysInMonth(year, month));
            return last.AddDays(-(((int)last.DayOfWeek - wd + 7) % 7));
        }
        var first = new DateTime(year, month, 1);
        return first.AddDays((wd - (int)first.DayOfWeek + 7) % 7 + 7 * (n - 1));
    }

    /// <summary>"ngày 3 hằng tháng", "thứ Bảy đầu tiên của tháng", "Chủ nhật cuối cùng của tháng".</summary>
    public static string Text(int day, int? weekday, int? week) =>
        ByWeekday(weekday, week) ? $"{Weekdays[weekday!.Value]} {Which[week!.Value]} của tháng" : $"ngày {day} hằng tháng";

    /// <summary>As the organisation file's column writes it: "3", "thứ 7 đầu tiên", "chủ nhật cuối cùng".</summary>
    public static string Cell(int day, int? weekday, int? week) =>
        ByWeekday(weekday, week) ? $"{(weekday == 0 ? "chủ nhật" : $"thứ {weekday + 1}")} {Which[week!.Value]}" : day.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A weekday and which of the month, folded ("thu 7 dau tien", "thu bay tuan cuoi", "chu nhat thu 2 cua thang"); the
    /// weekday alone is group "wd" without "nth".
    /// </summary>
    public const string Pattern = @"(?<wd>thu\s*(?:[2-7]|hai|ba|tu|nam|sau|bay)|chu\s*nhat|cn)\b(?:\s*(?:cua\s*)?(?:tuan\s*)?(?<nth>dau\s*tien|dau|thu\s*nhat|cuoi\s*cung|cuoi|(?:thu\s*)?(?:[1-4]|hai|ba|tu))\b(?:\s*(?:cua|hang|trong|moi)\s*thang)?)?";

    /// <summary>The weekday of a match of <see cref="Pattern"/>: 0 Sunday … 6 Saturday.</summary>
    public static int WeekdayOf(System.Text.RegularExpressions.Match m) =>
        System.Text.RegularExpressions.Regex.Replace(m.Groups["wd"].Value, @"\s+", " ") switch
        {
            "chu nhat" or "chunhat" or "cn" => 0,
            var w => w.Replace("thu", "").Trim() switch { "2" or "hai" => 1, "3" or "ba" => 2, "4" or "tu" => 3, "5" or "nam" => 4, "6" or "sau" => 5, _ => 6 },
        };

    /// <summary>"thứ Bảy", "Chủ nhật".</summary>
    public static string WeekdayName(int weekday) => Weekdays[weekday];

    /// <summary>The weekday (0 Sunday … 6 Saturday) and which (1–4, 5 last) of a match of <see cref="Pattern"/>; null for the weekday alone.</summary>
    public static (int Weekday, int Week)? Of(System.Text.RegularExpressions.Match m)
    {
        var wd = WeekdayOf(m);
        if (!m.Groups["nth"].Success) return null;
        var nth = System.Text.RegularExpressions.Regex.Replace(m.Groups["nth"].Value, @"\s+", " ").Replace("thu ", "").Replace("thu", "").Trim();
        var week = nth switch
        {
            "dau tien" or "dautien" or "dau" or "nhat" or "1" => 1,
            "hai" or "2" => 2,
            "ba" or "3" => 3,
            "tu" or "4" => 4,
            _ => Last,
        };
        return (wd, week);
    }
}

/// <summary>
/// A meeting the cell calls besides the regular one (/lichhop chuyên đề 18/12/2026, 19:30 …; /lichhop bất thường …): the
/// group is told and answers as for a regular meeting; a cancellation is kept so that it can be told too.
/// </summary>
public sealed class CalledMeeting
{
    /// <summary>"yyyy-MM-dd".</summary>
    public string Date { get; set; } = "";
    /// <summary>"HH:mm".</summary>
    public string Time { get; set; } = "";
    /// <summary>THEMATIC or EXTRAORDINARY.</summary>
    public MeetingKind Kind { get; set; }
    /// <summary>The topic (thematic) or what the meeting is called for (extraordinary).</summary>
    public string Topic { get; set; } = "";
    public string ById { get; set; } = "";
    /// <summary>When it was called (or last changed): the notice's key.</summary>
    public DateTime AtUtc { get; set; }
    public DateTime? CancelledAtUtc { get; set; }

    public DateTime When() => DateTime.ParseExact(Date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).Add(MovedMeeting.TimeOf(Time));

    /// <summary>"sinh hoạt chuyên đề \"Học tập …\"", "sinh hoạt bất thường (xem xét kỷ luật …)".</summary>
    public string Title() => Kind == MeetingKind.THEMATIC ? $"sinh hoạt chuyên đề \"{Topic}\"" : $"sinh hoạt bất thường ({Topic})";
}

/// <summary>
/// One month's regular meeting held on another day of that month (a holiday, the harvest, a funeral): reminders, answers,
/// overdue checks and reports follow it. Kept on the cell; the schedule itself stays.
/// </summary>
public sealed class MovedMeeting
{
    /// <summary>"yyyy-MM".</summary>
    public string Month { get; set; } = "";
    public int Day { get; set; }
    /// <summary>"HH:mm".</summary>
    public string Time { get; set; } = "";
    /// <summary>The meeting as members were told before this move ("yyyy-MM-dd HH:mm"): the notice says what changed.</summary>
    public string Before { get; set; } = "";
    /// <summary>Why, as the secretary wrote it (may be empty).</summary>
    public string Why { get; set; } = "";
    public string ById { get; set; } = "";
    /// <summary>When it was moved: a new move is a new notice.</summary>
    public DateTime AtUtc { get; set; }

    /// <summary>When the meeting now is (methods, not properties: the store maps properties).</summary>
    public DateTime When() => DateTime.ParseExact(Month, "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture).AddDays(Day - 1).Add(TimeOf(Time));

    public DateTime? WhenBefore() => DateTime.TryParseExact(Before, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.None, out var d) ? d : null;

    public static string MonthKey(int year, int month) => $"{year:0000}-{month:00}";

    public static string Stamp(DateTime at) => at.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static TimeSpan TimeOf(string hhmm) =>
        TimeSpan.TryParseExact(hhmm, @"hh\:mm", System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : new TimeSpan(19, 30, 0);
}

public enum MemberStatus { Full, Probationary, Exempt }

public enum Role { Admin, Staff, Secretary, Deputy, Member }

/// <summary>A role and where it applies: an org unit id for staff, a cell id for secretary/deputy/member, nothing for admin.</summary>
public sealed class RoleGrant
{
    public Role Role { get; set; }
    public string? ScopeId { get; set; }
}

public sealed class Member
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? CellId { get; set; }
    public MemberStatus Status { get; set; } = MemberStatus.Full;
    public List<RoleGrant> Roles { get; set; } = [];
    public bool Removed { get; set; }
    /// <summary>The member turned off non-essential reminders for themselves (/tatnhac).</summary>
    public bool MutedReminders { get; set; }
    // What officials keep on a member (Vietnam calendar dates; unknown: null or empty).
    public DateTime? BirthDate { get; set; }
    /// <summary>Ngày vào Đảng: admitted as a probationary member.</summary>
    public DateTime? AdmittedOn { get; set; }
    /// <summary>Ngày chính thức: made a full member.</summary>
    public DateTime? FullMemberOn { get; set; }
    /// <summary>Số thẻ đảng viên.</summary>
    public string CardNumber { get; set; } = "";
    /// <summary>Joined with a shared code: name and status are as they gave them (/gioithieu) until a cell leader confirms.</summary>
    public bool SelfDeclared { get; set; }
    /// <summary>Disciplinary measures decided (khiển trách, cảnh cáo, cách chức), by year: they cap the year-end rating.</summary>
    public List<Discipline> Disciplines { get; set; } = [];
    /// <summary>How the member left the roster (set with <see cref="Removed"/>); null for members still on it.</summary>
    public Departure? Departure { get; set; }
    /// <summary>While probationary: the mentor, the cell's votes on confirming.</summary>
    public Probation? Probation { get; set; }
    /// <summary>Status changes, transfers and decisions, oldest first.</summary>
    public List<MemberEvent> History { get; set; } = [];
    /// <summary>Đảng phí a month, in đồng, as the cell set it (QĐ 342-QĐ/TW); 0: exempt from dues; null: not set yet.</summary>
    public long? DuesPerMonth { get; set; }
    /// <summary>The day the member began in this cell when it was after admission (a transfer in): earlier months are not owed here.</summary>
    public DateTime? InCellSince { get; set; }
    /// <summary>An official transfer to this cell not presented yet (<see cref="Transfer"/> id): on no cell's roll until it is.</summary>
    public string? ArrivingBy { get; set; }
    /// <summary>Đình chỉ sinh hoạt đảng under way (null: none): on the roll, but not summoned, counted or reviewed.</summary>
    public Suspension? Suspension { get; set; }
    /// <summary>Suspensions that have ended, oldest first (each with its <see cref="Suspension.Until"/>).</summary>
    public List<Suspension> PastSuspensions { get; set; } = [];

    /// <summary>Suspended from Party activities now (<see cref="Suspension"/>).</summary>
    [LiteDB.BsonIgnore]
    public bool Suspended => Suspension is not null;

    /// <summary>
    /// Suspended on that day: by the suspension under way (from its decision's day) or by one that has ended (a meeting
    /// recorded late, of a day before or after a suspension, summons the member; of a day within one, does not).
    /// </summary>
    public bool SuspendedOn(DateTime day) => Suspension?.Covers(day) == true || PastSuspensions.Any(s => s.Covers(day));

    public bool Has(Role role, string? scopeId = null) =>
        Roles.Any(r => r.Role == role && (scopeId is null || r.ScopeId == scopeId));
}

/// <summary>A disciplinary measure against a member, as decided (form, decision number and date as typed).</summary>
public sealed class Discipline
{
    public int Year { get; set; }
    public string Form { get; set; } = "";
    public string Decision { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAtUtc { get; set; }
}

/// <summary>Binds a platform user (channel + user id) to a member.</summary>
public sealed class ChatIdentity
{
    /// <summary>"channel:userId"</summary>
    public string Id { get; set; } = "";
    public string Channel { get; set; } = "";
    public string PlatformUserId { get; set; } = "";
    public string MemberId { get; set; } = "";

    public static string KeyOf(string channel, string userId) => $"{channel}:{userId}";
}

/// <summary>A group chat linked to a cell: reminders go there and members answer there.</summary>
public sealed class GroupChat
{
    /// <summary>"channel:chatId"</summary>
    public string Id { get; set; } = "";
    public string Channel { get; set; } = "";
    public string ChatId { get; set; } = "";
    public string CellId { get; set; } = "";
    /// <summary>The group's name when it was linked, where the channel gives one.</summary>
    public string? Title { get; set; }
    public string? LinkedBy { get; set; }
    public DateTime LinkedAtUtc { get; set; }
    /// <summary>The group's own quiet hours (/giolang), minutes since midnight Vietnam time; none when null.</summary>
    public int? QuietFromMinutes { get; set; }
    public int? QuietUntilMinutes { get; set; }

    public static string KeyOf(string channel, string chatId) => $"{channel}:{chatId}";

    /// <summary>Within the group's quiet hours at this Vietnam time of day (a span may cross midnight).</summary>
    public bool IsQuietAt(TimeSpan timeOfDay)
    {
        if (QuietFromMinutes is not { } from || QuietUntilMinutes is not { } until || from == until) return false;
        var now = (int)timeOfDay.TotalMinutes;
        return from < until ? now >= from && now < until : now >= from || now < until;
    }
}

/// <summary>An organisation file an admin sent, checked and waiting for "Nhập" in that chat (one per chat).</summary>
public sealed class PendingImport
{
    /// <summary>"channel:chatId"</summary>
    public string Id { get; set; } = "";
    public string FilePath { get; set; } = "";
    public string FileName { get; set; } = "";
    /// <summary>First hex digits of the file's SHA-256: the confirm button names it, so a changed file is not imported unseen.</summary>
    public string Hash { get; set; } = "";
    public string MemberId { get; set; } = "";
    public DateTime AtUtc { get; set; }
}

/// <summary>A cell's leader asked to link a group that another cell has; that cell's secretary or deputy decides.</summary>
public sealed class LinkRequest
{
    public string Id { get; set; } = "";
    /// <summary>The group, "channel:chatId".</summary>
    public string GroupId { get; set; } = "";
    public string FromCellId { get; set; } = "";
    public string ToCellId { get; set; } = "";
    public string RequestedBy { get; set; } = "";
    /// <summary>The requester's private chat, told the answer.</summary>
    public string RequesterChatId { get; set; } = "";
    public DateTime AtUtc { get; set; }
}
