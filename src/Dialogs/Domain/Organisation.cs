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
        ScheduleDays.DayIn(year, month, MeetingDay, MeetingWeekday, MeetingWeek).Add(ScheduleDays.TimeOf(MeetingTime));

    /// <summary>"ngày 3 hằng tháng", "thứ Bảy đầu tiên của tháng".</summary>
    public string ScheduleText() => ScheduleDays.Text(MeetingDay, MeetingWeekday, MeetingWeek);

    /// <summary>
    /// A new regular schedule (a day of the month, or a weekday and which of the month; "HH:mm"). This and next month's
    /// meetings still to come on the old one, not yet recorded (<paramref name="held"/>: months with a regular meeting
    /// recorded, "yyyy-MM"), follow it as a <see cref="MovedMeeting.Rescheduled"/> move, so members told of the old day
    /// hear of the new one; one whose new day has passed this month keeps its day. This month's meeting moved by hand to a
    /// day now passed, not held, follows the new schedule when its day is still to come. Returns each meeting still to come
    /// that moved, old and now.
    /// </summary>
    public List<(DateTime Old, DateTime Now, DateTime Scheduled)> Reschedule(int day, int? weekday, int? week, string time,
        DateTime now, IReadOnlySet<string> held, string byId, DateTime utcNow)
    {
        var coming = new[] { now, now.AddMonths(1) }
            .Select(m => (Month: m, Old: MeetingIn(m.Year, m.Month), Move: MovedIn(m.Year, m.Month)))
            .Where(x => x.Old > now && x.Old == ScheduledIn(x.Month.Year, x.Month.Month) && !held.Contains(x.Month.ToString("yyyy-MM")))
            .ToList();
        // A month moved back to the old schedule was pinned to it: it follows the new schedule now.
        Moved?.RemoveAll(m => m.When() == ScheduledIn(m.When().Year, m.When().Month));
        // This month's meeting moved to a day that has passed, and not held: the moved day no longer holds it.
        var missed = MovedIn(now.Year, now.Month) is { } pinned && pinned.When() <= now && !held.Contains(now.ToString("yyyy-MM")) ? pinned : null;
        (MeetingDay, MeetingWeekday, MeetingWeek, MeetingTime) = (day, weekday, week, time);
        if (missed is not null && ScheduledIn(now.Year, now.Month) > now) Moved!.Remove(missed);
        var changed = new List<(DateTime Old, DateTime Now, DateTime Scheduled)>();
        foreach (var (month, old, move) in coming)
        {
            var scheduled = ScheduledIn(month.Year, month.Month);
            if (scheduled == old) continue;
            var on = scheduled > now ? scheduled : old;
            (Moved ??= []).Add(new MovedMeeting
            {
                Month = MovedMeeting.MonthKey(month.Year, month.Month), Day = on.Day, Time = on.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                Before = MovedMeeting.Stamp(old), Earlier = move?.EarlierOfNext() ?? [],
                Rescheduled = true, ById = byId, AtUtc = utcNow,
            });
            changed.Add((old, on, scheduled));
        }
        if (Moved is { Count: 0 }) Moved = null;
        return changed;
    }

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
        var start = ChiBo.Rules.Cadence.QuarterStart(now.Year, ChiBo.Rules.Cadence.QuarterOf(now.Month));
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
    /// <summary>
    /// The person blocked the bot (Telegram tells it): the bot's private messages cannot reach them. Cleared when they
    /// unblock it or write to it again.
    /// </summary>
    public DateTime? BlockedAtUtc { get; set; }

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
