using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Commands;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Summaries;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Scheduling.Reminders;

/// <summary>
/// Computes the reminders due at an instant from the data: each cell's meeting day and time, its recorded
/// meetings and evaluations, its linked groups and its secretary's chats. Pure reading; nothing is sent here.
/// </summary>
public sealed class ReminderPlanner(ChiBoStore store, ReminderRules rules, TemplateCatalog? templates = null, KeptPeople? kept = null)
{
    /// <summary>What one sweep reads, in a few queries; the rules then work in memory.</summary>
    sealed record Snapshot(
        List<Cell> Cells, ILookup<string, Meeting> Meetings, HashSet<string> Evaluated, ILookup<string, GroupChat> Groups,
        ILookup<string, (string Channel, string ChatId)> SecretaryChats,
        List<(OrgUnit Unit, (string Channel, string ChatId) Chat)> StaffChats,
        ILookup<string, AttendanceAssignment> Assignments, Dictionary<string, AttendanceReport> Reports,
        ILookup<string, (string Channel, string ChatId)> MemberChats,
        HashSet<(string Channel, string ChatId)> Muted, Dictionary<string, GroupChat> GroupsById,
        ILookup<string, Member> CellMembers, HashSet<string> SelfReviewed, Dictionary<string, string> UnitPaths,
        ILookup<string, DuesPayment> Dues, ILookup<string, Transfer> Arriving, ILookup<string, Candidate> Decided,
        Dictionary<string, TopicPlan> TopicPlans, Dictionary<string, List<SentReminder>> SentUnder, List<CellReview> Undecided,
        ILookup<string, HandbookPoints> Handbook);

    Snapshot _data = null!;

    /// <summary>
    /// The members on a roll and each one's private chats (on every channel they use): the largest part of a sweep's read
    /// at a province's scale (92,500 members: ~0.5 s and ~470 MiB). Read again only when a member or a chat identity
    /// was written since the sweep that read them (<paramref name="version"/>, taken before the snapshot began).
    /// </summary>
    (List<Member> Members, ILookup<string, (string Channel, string ChatId)> Chats) People(long? version)
    {
        if (kept?.Last is { } last && version is { } v && last.Version == v) return (last.Members, last.Chats);
        var chats = store.Identities.FindAll().ToLookup(i => i.MemberId, i => (i.Channel, ChatId: i.PlatformUserId));
        var members = store.Members.FindAll().Where(ChiBoStore.OnRoll).ToList();
        if (kept is not null) kept.Last = version is { } read ? new KeptPeople.Read(read, members, chats) : null;
        return (members, chats);
    }

    Snapshot Load(DateTime local, long? peopleVersion)
    {
        var since = new DateTime(local.Year, local.Month, 1).AddMonths(-2);
        // By the month's index (a meeting's month is its date's): a comparison of dates read every meeting of every year.
        var meetings = store.Meetings.FindBetween(m => m.Month, Period.KeyOf(since), "9999-12");
        var ids = meetings.Select(m => m.Id).ToHashSet();
        var evaluated = store.Evaluations.FindBetween(e => e.Month, Period.KeyOf(since), "9999-12")
            .Select(e => e.MeetingId).Where(ids.Contains).ToHashSet();
        var (members, chats) = People(peopleVersion);
        // The cell's secretary; while the secretary is suspended from Party activities, the deputies instead.
        IEnumerable<Member> Reminded(IEnumerable<(Role Role, Member Member)> leaders)
        {
            var secretaries = leaders.Where(x => x.Role == Role.Secretary).Select(x => x.Member).ToList();
            if (secretaries.Any(m => !m.Suspended)) return secretaries.Where(m => !m.Suspended);
            return secretaries.Count == 0 ? [] : leaders.Where(x => x.Role == Role.Deputy && !x.Member.Suspended).Select(x => x.Member);
        }
        var secretaries = members
            .SelectMany(m => m.Roles.Where(r => r.Role is Role.Secretary or Role.Deputy && r.ScopeId is not null && r.ScopeId == m.CellId)
                .Select(r => (Cell: r.ScopeId!, r.Role, Member: m)))
            .GroupBy(x => x.Cell)
            .SelectMany(cell => Reminded(cell.Select(x => (x.Role, x.Member))).SelectMany(m => chats[m.Id].Select(chat => (Cell: cell.Key, Chat: chat))))
            .ToLookup(x => x.Cell, x => x.Chat);
        var units = store.OrgUnits.FindAll().ToDictionary(u => u.Id);
        var staff = members
            .SelectMany(m => m.Roles.Where(r => r.Role == Role.Staff && r.ScopeId is not null && units.ContainsKey(r.ScopeId))
                .SelectMany(r => chats[m.Id].Select(chat => (Unit: units[r.ScopeId!], Chat: chat))))
            .ToList();
        var memberIds = members.Select(m => m.Id).ToHashSet();
        var assignments = store.Assignments.FindAll().Where(a => memberIds.Contains(a.StaffId)).ToLookup(a => a.CellId);
        var byCell = meetings.ToLookup(m => m.CellId);
        var reports = store.AttendanceReports.FindBetween(r => r.Month, Period.KeyOf(since), "9999-12")
            .Where(r => StaffAttendance.Stands(r, HeldIn(byCell, r.CellId, r.Month))).ToDictionary(r => r.Id);
        var muted = members.Where(m => m.MutedReminders).SelectMany(m => chats[m.Id]).ToHashSet();
        var groups = store.GroupChats.FindAll().ToList();
        var reviewYear = SelfReview.YearOn(local);
        var reviewed = store.SelfReviewedMembers(reviewYear);
        // Dues of last year and this (a December that ends a third unpaid month is told in January).
        var dues = store.DuesPayments.FindBetween(p => p.Month, $"{local.Year - 1}-01", "9999-12").ToLookup(p => p.CellId);
        var cells = store.Cells.FindAll().ToList();
        var sent = ToldPrefixes(cells, local).Distinct().ToDictionary(p => p, p => ReminderSweep.Sent(store).FindStartingWith(s => s.Id, p));
        return new Snapshot(cells, byCell, evaluated,
            groups.ToLookup(g => g.CellId), secretaries, staff, assignments, reports, chats, muted, groups.ToDictionary(g => g.Id),
            members.Where(m => m.CellId is not null).ToLookup(m => m.CellId!), reviewed, units.ToDictionary(u => u.Key, u => u.Value.Path), dues,
            store.Transfers.Find(t => t.State == TransferState.Pending).ToLookup(t => t.ToCellId),
            store.Candidates.Find(c => c.DecisionOn != null && c.CeremonyOn == null && c.DroppedWhy == "").ToLookup(c => c.CellId),
            store.TopicPlans.Find(p => p.Year == local.Year).ToDictionary(p => p.CellId), sent,
            // Mondays from December to February: the year's passed reviews still awaiting the level above (one indexed query;
            // at a province thousands of reviews, so not read on the other days).
            local.Month is 12 or <= 2 && local.DayOfWeek == DayOfWeek.Monday ? store.CellReviews.Find(r => r.Year == reviewYear && r.Approved).Where(r => ReviewRollup.Awaiting(r) != "").ToList() : [],
            // Last month's Sổ tay points, only in the days their reminder may go out (and where a cell type asks them).
            templates is not null && local.Day >= rules.HandbookDay && local.Day < rules.HandbookDay + rules.NudgeValidDays
                && templates.CellTypes.Types.Any(t => t.HandbookPoints is not null)
                ? store.HandbookPoints.FindBetween(p => p.Month, Period.KeyOf(LastMonth(local)), Period.KeyOf(LastMonth(local))).ToLookup(p => p.CellId)
                : Array.Empty<HandbookPoints>().ToLookup(p => p.CellId));
    }

    /// <summary>The kinds of reminder that tell a chat a regular meeting's day (its period is that day).</summary>
    static readonly ReminderKind[] TellDay = [ReminderKind.MeetingNotice, ReminderKind.MeetingMoved, ReminderKind.StaffAttendance];

    /// <summary>
    /// What the reminders already sent must answer (read per sweep, only for these few): the days a moved meeting was on
    /// before, and the called meetings cancelled, still to come.
    /// </summary>
    static IEnumerable<string> ToldPrefixes(List<Cell> cells, DateTime local)
    {
        var from = new DateTime(local.Year, local.Month, 1).AddMonths(-1);
        foreach (var cell in cells)
        {
            foreach (var move in cell.Moved ?? [])
                if (move.When() >= from)
                    foreach (var day in move.DaysBefore())
                        foreach (var kind in TellDay)
                            yield return Reminder.PrefixOf(kind, cell.Id, day.ToString("yyyy-MM-dd"));
            foreach (var called in cell.Called ?? [])
                if (called.CancelledAtUtc is not null && called.When() > local)
                    yield return Reminder.PrefixOf(ReminderKind.CalledMeeting, cell.Id, called.Date);
        }
    }

    /// <summary>The reminders sent to a chat under these prefixes (read by <see cref="ToldPrefixes"/>).</summary>
    IEnumerable<SentReminder> SentTo(IEnumerable<string> prefixes, string channel, string chatId) =>
        prefixes.SelectMany(p => _data.SentUnder.GetValueOrDefault(p) ?? []).Where(s => Reminder.WentTo(s.Id, channel, chatId));

    /// <summary>
    /// The day a chat was last told the month's meeting was on, of those before this move (the schedule's when it was told
    /// none: that one needs no telling); null when that is the meeting's day itself: for that chat nothing changed.
    /// </summary>
    DateTime? LastTold(Cell cell, DateTime meeting, MovedMeeting move, string channel, string chatId)
    {
        var days = move.DaysBefore();
        for (var i = days.Count - 1; i >= 0; i--)
            if (days[i] != meeting && SentTo(TellDay.Select(k => Reminder.PrefixOf(k, cell.Id, days[i].ToString("yyyy-MM-dd"))), channel, chatId).Any())
                return days[i];
        var scheduled = cell.ScheduledIn(meeting.Year, meeting.Month);
        return scheduled == meeting ? null : scheduled;
    }

    /// <summary>Reminders with SendAt ≤ now < NotAfter (when the next one is due, the previous one is not).</summary>
    public List<Reminder> DueAt(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, VnClock.Zone).DateTime;
        if (rules.IsQuiet(local.TimeOfDay)) return []; // night: what is due waits for the morning
        var peopleVersion = store.CommittedWritesTo(store.Members.Name, store.Identities.Name); // before the snapshot begins
        _data = store.Read(() => Load(local, peopleVersion)); // one consistent snapshot, read outside the write transaction
        var candidates = new List<Reminder>();
        foreach (var cell in _data.Cells)
        {
            // What is late first, then what is coming: last, this and next month's meetings (a D−5 reminder
            // can fall in the month before).
            candidates.AddRange(OverdueMonth(cell, local));
            candidates.AddRange(EvaluationsDue(cell, local));
            candidates.AddRange(YearEndReview(cell, local));
            candidates.AddRange(SelfReviewsDue(cell, local));
            candidates.AddRange(ProbationsDue(cell, local));
            candidates.AddRange(DuesArrears(cell, local));
            candidates.AddRange(HandbookDue(cell, local));
            candidates.AddRange(TransfersOverdue(cell, local));
            candidates.AddRange(CeremoniesDue(cell, local));
            candidates.AddRange(ThematicDue(cell, local));
            candidates.AddRange(ForAssignedStaff(cell, local));
            foreach (var month in MonthsToPlan(cell, local))
                candidates.AddRange(ForMeeting(cell, cell.MeetingIn(month.Year, month.Month), local));
            candidates.AddRange(ForCalled(cell, local));
        }
        candidates.AddRange(ContestRounds(local));
        candidates.AddRange(OverdueDigests(local));
        candidates.AddRange(DecisionsDue(local));
        return candidates.Where(r => r.SendAt <= now && now < r.NotAfter && Wanted(r, local.TimeOfDay)).ToList();
    }

    /// <summary>Not now for a group in its quiet hours (it waits, while still relevant); never for a member who muted non-essential reminders.</summary>
    bool Wanted(Reminder r, TimeSpan timeOfDay) => r.ChatKind == ChatKind.Group
        ? !(_data.GroupsById.TryGetValue(GroupChat.KeyOf(r.Channel, r.ChatId), out var g) && g.IsQuietAt(timeOfDay))
        : ReminderKinds.IsEssential(r.Kind) || !_data.Muted.Contains((r.Channel, r.ChatId));

    /// <summary>T−30, T−14, T−7, T−1 (as the calendar says) before each round's deadline, to the secretaries
    /// of the cells under the organising unit and to the staff of that unit's tree; once per chat.</summary>
    IEnumerable<Reminder> ContestRounds(DateTime local)
    {
        if (templates is null) yield break;
        foreach (var calendar in templates.Contests)
            foreach (var edition in calendar.Editions)
            {
                if (store.OrgUnits.FindById(edition.OrgUnit) is not { } unit) continue;
                var chats = _data.Cells.Where(c => Contest.Covers(unit.Path, c.Path)).SelectMany(SecretaryChats)
                    .Concat(_data.StaffChats.Where(s => Contest.Covers(unit.Path, s.Unit.Path)).Select(s => s.Chat))
                    .Distinct().ToList();
                var offsets = calendar.RemindDaysBefore.OrderDescending().ToList();
                foreach (var round in edition.Rounds)
                    for (var i = 0; i < offsets.Count; i++)
                    {
                        var at = Vn(round.Deadline.Date.AddDays(-offsets[i]).Add(rules.NoticeTime));
                        var until = i + 1 < offsets.Count ? Vn(round.Deadline.Date.AddDays(-offsets[i + 1]).Add(rules.NoticeTime)) : Vn(round.Deadline.Date.AddDays(1));
                        // Counted from today: a reminder written late after downtime still tells the truth.
                        var text = $"🏆 {calendar.Name} {edition.Year} — {round.Name}: hạn {round.Deadline:dd/MM/yyyy} ({Contest.TimeLeft(round.Deadline, local)}).\nViệc cần làm: {round.Todo}";
                        foreach (var (channel, chat) in chats)
                            yield return new Reminder(ReminderKind.Contest, unit.Id, $"{edition.Year}-{round.Code}", $"T-{offsets[i]}", channel, chat, ChatKind.Private,
                                at, until, new Reply(text, [new Choice("cmd:/hoithi", "Xem lịch hội thi (/hoithi)")], Notice: true));
                    }
            }
    }


    /// <summary>
    /// Until when a reminder sent <paramref name="daysBefore"/> days before a meeting is worth sending: not after
    /// the next one of its series is due (or the meeting starts), and one saying "tomorrow" not after midnight.
    /// </summary>
    static DateTimeOffset StillTrue(DateTime meeting, int daysBefore, DateTimeOffset? next)
    {
        var starts = Vn(meeting);
        var until = next is { } n && n < starts ? n : starts;
        return daysBefore == 1 && Vn(meeting.Date) < until ? Vn(meeting.Date) : until;
    }

    static DateTimeOffset Vn(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new(local, VnClock.Zone.GetUtcOffset(local));
    }

    IEnumerable<Reminder> ForMeeting(Cell cell, DateTime meeting, DateTime local)
    {
        // Once the month's regular meeting is recorded, its notices are no longer needed.
        if (HasRegularMeeting(cell, Period.KeyOf(meeting))) yield break;
        var period = meeting.ToString("yyyy-MM-dd");
        var moved = Moved(cell, meeting);

        // Notices to the group: each one is worth sending until the next one is due.
        var notices = NoticeStages(meeting);
        // Moved before the first notice is due: the group is told now, with the answer buttons of the new day (unless, moved
        // back before it heard of the move, nothing changed for it).
        if (moved is { } early && early.At < notices[0].At)
            foreach (var group in _data.Groups[cell.Id])
                if (LastTold(cell, meeting, early.Move, group.Channel, group.ChatId) is { } before)
                    yield return new Reminder(ReminderKind.MeetingMoved, cell.Id, period, early.Key, group.Channel, group.ChatId, ChatKind.Group,
                        early.At, Earliest(notices[0].At, Vn(meeting)),
                        new Reply(MovedText(cell, meeting, before, early.Move), Attendance.NoticeButtons(meeting), Notice: true, Tag: Rsvp.NoticeTag(cell.Id, meeting)));
        for (var i = 0; i < notices.Count; i++)
        {
            var (offset, at, days) = notices[i];
            var until = StillTrue(meeting, days, i + 1 < notices.Count ? notices[i + 1].At : null);
            // Moved while this notice was due (perhaps already sent for the day before the move): sent again, saying so.
            var late = moved is { } m && at <= m.At && m.At < until;
            foreach (var group in _data.Groups[cell.Id])
            {
                var before = late ? LastTold(cell, meeting, moved!.Value.Move, group.Channel, group.ChatId) : null;
                yield return new Reminder(ReminderKind.MeetingNotice, cell.Id, period, before is not null ? $"{offset}{moved!.Value.Key}" : offset, group.Channel, group.ChatId, ChatKind.Group,
                    at, until, new Reply(before is { } b ? MovedText(cell, meeting, b, moved!.Value.Move) : NoticeText(cell, meeting, days),
                        Attendance.NoticeButtons(meeting), Notice: true, Tag: Rsvp.NoticeTag(cell.Id, meeting)));
            }
        }

        var prep = rules.PreparationDaysBefore.OrderDescending().ToList();
        for (var i = 0; i < prep.Count; i++)
        {
            var at = Vn(meeting.Date.AddDays(-prep[i]).Add(rules.NoticeTime));
            var until = StillTrue(meeting, prep[i], i + 1 < prep.Count ? Vn(meeting.Date.AddDays(-prep[i + 1]).Add(rules.NoticeTime)) : null);
            foreach (var (channel, chat) in SecretaryChats(cell))
                yield return new Reminder(ReminderKind.Preparation, cell.Id, period, $"D-{prep[i]}", channel, chat, ChatKind.Private,
                    at, until, new Reply(PreparationText(cell, meeting, prep[i], DaysLeft(meeting, local)), Notice: true));
        }
    }

    /// <summary>The group notices of a meeting: D−3 and D−1 (08:00) and the morning of D, each due from its time.</summary>
    List<(string Offset, DateTimeOffset At, int Days)> NoticeStages(DateTime meeting) =>
        rules.NoticeDaysBefore.OrderDescending()
            .Select(d => (Offset: $"D-{d}", At: Vn(meeting.Date.AddDays(-d).Add(rules.NoticeTime)), Days: d))
            .Append((Offset: "D", At: Vn(meeting.Date.Add(rules.DayOfNoticeTime)), Days: 0)).ToList();

    /// <summary>
    /// A meeting called besides the regular one, to the groups: told when called (if before its first notice is due; else
    /// that notice goes at once), then its notices as a regular meeting's; once cancelled, the cancellation. Nothing once
    /// a meeting of that day and kind is recorded.
    /// </summary>
    IEnumerable<Reminder> ForCalled(Cell cell, DateTime local)
    {
        foreach (var called in cell.Called ?? [])
        {
            var meeting = called.When();
            if (meeting <= local || meeting > local.AddMonths(13)) continue;
            var period = called.Date;
            var stamp = Utc(called.AtUtc);
            // The staff assigned to attend the cell's meetings are told it is called, and cancelled, in private.
            var staff = _data.Assignments[cell.Id].Where(a => StaffAttendance.Covers(a, cell, meeting)).SelectMany(a => _data.MemberChats[a.StaffId]).Distinct().ToList();
            if (called.CancelledAtUtc is { } cancelledUtc)
            {
                var at = Utc(cancelledUtc);
                var text = $"📅 {cell.Name} hủy buổi {called.Title()} lúc {When(meeting)}: không họp buổi này.";
                var cancelKey = $"huy@{called.AtUtc:yyyyMMddHHmmss}";
                // Only to the chats that were told of it (cancelled within minutes of calling it, nobody was).
                bool Told(string channel, string chat) => SentTo([Reminder.PrefixOf(ReminderKind.CalledMeeting, cell.Id, period)], channel, chat)
                    .Any(s => !s.Id.Contains($"|{cancelKey}|", StringComparison.Ordinal) && s.SentAtUtc >= called.AtUtc && s.SentAtUtc <= cancelledUtc);
                foreach (var group in _data.Groups[cell.Id].Where(g => Told(g.Channel, g.ChatId)))
                    yield return new Reminder(ReminderKind.CalledMeeting, cell.Id, period, cancelKey, group.Channel, group.ChatId, ChatKind.Group,
                        at, Vn(meeting), new Reply(text, Notice: true));
                foreach (var (channel, chat) in staff.Where(c => Told(c.Channel, c.ChatId)))
                    yield return new Reminder(ReminderKind.CalledMeeting, cell.Id, period, cancelKey, channel, chat, ChatKind.Private,
                        at, Vn(meeting), new Reply(text, Notice: true));
                continue;
            }
            if (_data.Meetings[cell.Id].Any(m => m.Date.Date == meeting.Date && (m.Kind == called.Kind || called.Kind == MeetingKind.THEMATIC && MeetingKinds.IsThematic(m.Kind))))
                continue;
            var key = $"@{called.AtUtc:yyyyMMddHHmmss}";
            var notices = NoticeStages(meeting);
            var buttons = Attendance.NoticeButtons(meeting);
            var tag = Rsvp.NoticeTag(cell.Id, meeting);
            if (stamp < notices[0].At)
                foreach (var group in _data.Groups[cell.Id])
                    yield return new Reminder(ReminderKind.CalledMeeting, cell.Id, period, $"bao{key}", group.Channel, group.ChatId, ChatKind.Group,
                        stamp, Earliest(notices[0].At, Vn(meeting)), new Reply(CalledText(cell, called, null), buttons, Notice: true, Tag: tag));
            foreach (var (channel, chat) in staff)
                yield return new Reminder(ReminderKind.CalledMeeting, cell.Id, period, $"bao{key}", channel, chat, ChatKind.Private, stamp, Vn(meeting),
                    new Reply($"📌 {cell.Name} triệu tập buổi {called.Title()} lúc {When(meeting)}{AtVenue(cell)}. Đồng chí được phân công dự sinh hoạt chi bộ này.", Notice: true));
            // The secretary, days ahead: what to prepare (a thematic meeting's own order, 12-HD/BTCTW).
            var eve = Vn(meeting.Date.AddDays(-1).Add(rules.NoticeTime));
            var ahead = rules.PreparationDaysBefore.Max();
            foreach (var (channel, chat) in SecretaryChats(cell))
                yield return new Reminder(ReminderKind.CalledMeeting, cell.Id, period, $"D-{ahead}-bithu", channel, chat, ChatKind.Private,
                    Vn(meeting.Date.AddDays(-ahead).Add(rules.NoticeTime)), eve, new Reply(CalledPreparation(cell, called, DaysLeft(meeting, local)), Notice: true));
            // The secretary, the day before: the documents (42-HD/BTCTW), and for a thematic meeting the draft sent to members (12-HD).
            foreach (var (channel, chat) in SecretaryChats(cell))
                yield return new Reminder(ReminderKind.CalledMeeting, cell.Id, period, "D-1-bithu", channel, chat, ChatKind.Private, eve, StillTrue(meeting, 1, null),
                    new Reply($"Ngày mai {cell.Name} {called.Title()} ({When(meeting)}). Tài liệu đã đăng lên Sổ tay đảng viên điện tử chưa? 42-HD/BTCTW yêu cầu đăng ít nhất 1 ngày trước buổi họp." +
                              (called.Kind == MeetingKind.THEMATIC ? " Dự thảo chuyên đề đã được chi ủy (bí thư) duyệt và gửi đảng viên nghiên cứu trước chưa (12-HD/BTCTW)?" : ""), Notice: true));
            for (var i = 0; i < notices.Count; i++)
            {
                var (offset, at, days) = notices[i];
                var until = StillTrue(meeting, days, i + 1 < notices.Count ? notices[i + 1].At : null);
                // Called (or changed) while this notice was due: it goes now, under a key of its own.
                var late = at <= stamp && stamp < until;
                foreach (var group in _data.Groups[cell.Id])
                    yield return new Reminder(ReminderKind.CalledMeeting, cell.Id, period, late ? offset + key : offset, group.Channel, group.ChatId, ChatKind.Group,
                        at, until, new Reply(CalledText(cell, called, days), buttons, Notice: true, Tag: tag));
            }
        }
    }

    /// <summary>What the secretary prepares for a called meeting; the count is the real one.</summary>
    static string CalledPreparation(Cell cell, CalledMeeting called, int daysLeft) =>
        (daysLeft > 1 ? $"Còn {daysLeft} ngày đến" : daysLeft == 1 ? "Ngày mai là" : "Hôm nay là") +
        $" buổi {called.Title()} của {cell.Name} ({When(called.When())}). Việc chuẩn bị:\n" +
        (called.Kind == MeetingKind.THEMATIC
            ? "• Phân công đồng chí chuẩn bị và trình bày chuyên đề\n• Chi ủy (hoặc bí thư) duyệt dự thảo chuyên đề\n" +
              "• Gửi dự thảo cho đảng viên nghiên cứu trước (12-HD/BTCTW); đăng tài liệu lên Sổ tay đảng viên điện tử ít nhất 1 ngày trước buổi họp (42-HD/BTCTW)"
            : "• Chi ủy (hoặc bí thư, phó bí thư) thống nhất nội dung\n• Chuẩn bị tài liệu, dự thảo nghị quyết (nếu cần)\n" +
              "• Thông báo cấp ủy viên cấp trên theo dõi chi bộ");

    /// <summary>The notice of a called meeting: as called (<paramref name="daysBefore"/> null), or days before it.</summary>
    static string CalledText(Cell cell, CalledMeeting called, int? daysBefore)
    {
        var meeting = called.When();
        var venue = cell.Venue == "" ? "" : $" tại {cell.Venue}";
        var lead = daysBefore switch
        {
            null => $"📅 {cell.Name} triệu tập buổi {called.Title()} lúc {When(meeting)}{venue}.",
            0 => $"📅 Hôm nay {cell.Name} {called.Title()} lúc {When(meeting)}{venue}.",
            1 => $"📅 Ngày mai {cell.Name} {called.Title()} lúc {When(meeting)}{venue}.",
            _ => $"📅 {cell.Name} {called.Title()} lúc {When(meeting)}{venue}.",
        };
        return lead + "\nĐồng chí sắp xếp tham dự đầy đủ; trả lời bằng nút bên dưới, hoặc gõ " +
               $"/comat {meeting:dd/MM} hay /vang {meeting:dd/MM} <lý do>.";
    }

    /// <summary>Last, this and next month's meetings, and any later month whose meeting was moved (its group is told now).</summary>
    static IEnumerable<DateTime> MonthsToPlan(Cell cell, DateTime local)
    {
        var first = new DateTime(local.Year, local.Month, 1);
        var months = new List<DateTime> { first.AddMonths(-1), first, first.AddMonths(1) };
        foreach (var move in cell.Moved ?? [])
            if (move.When() is var at && at > local && new DateTime(at.Year, at.Month, 1) > first.AddMonths(1)) months.Add(new DateTime(at.Year, at.Month, 1));
        return months;
    }

    /// <summary>The month's meeting as last moved (to another day or back to the schedule's), with when and the reminder key's part.</summary>
    static (MovedMeeting Move, DateTimeOffset At, string Key)? Moved(Cell cell, DateTime meeting) =>
        cell.MovedIn(meeting.Year, meeting.Month) is { } move && move.Before != MovedMeeting.Stamp(meeting)
            ? (move, Utc(move.AtUtc), $"@doi-{move.AtUtc:yyyyMMddHHmmss}")
            : null;

    static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>A stored UTC time (read back from the store with any kind) as an instant.</summary>
    static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    IEnumerable<Reminder> EvaluationsDue(Cell cell, DateTime local)
    {
        var since = local.Date.AddDays(-(rules.EvaluationDueDays + rules.NudgeValidDays + 1));
        foreach (var m in _data.Meetings[cell.Id].Where(m => m.Date >= since))
        {
            if (_data.Evaluated.Contains(m.Id)) continue;
            var at = Vn(m.Date.AddDays(rules.EvaluationDueDays).Add(rules.NoticeTime));
            foreach (var (channel, chat) in SecretaryChats(cell))
                yield return new Reminder(ReminderKind.EvaluationDue, cell.Id, m.Date.ToString("yyyy-MM-dd"), $"D+{rules.EvaluationDueDays}", channel, chat,
                    ChatKind.Private, at, at.AddDays(rules.NudgeValidDays),
                    new Reply($"Buổi sinh hoạt ngày {m.Date:dd/MM/yyyy} của {cell.Name} chưa được chấm điểm chất lượng. Đồng chí chấm ngay nhé.",
                        [new Choice("cmd:/danhgia", "Chấm điểm (/danhgia)")], Notice: true));
        }
    }

    /// <summary>The cell existed all of last month and recorded no regular meeting in it.</summary>
    bool MissedLastMonth(Cell cell, DateTime last) =>
        Vn(last) >= Utc(cell.CreatedAtUtc) && !HasRegularMeeting(cell, Period.KeyOf(last));

    static DateTime LastMonth(DateTime local) => Period.MonthBefore(local);

    IEnumerable<Reminder> OverdueMonth(Cell cell, DateTime local)
    {
        var last = LastMonth(local);
        if (!MissedLastMonth(cell, last)) yield break;
        var month = Period.KeyOf(last);
        var at = Vn(last.AddMonths(1).Add(rules.NoticeTime));
        // What the level above already knows: its staff member reported the month as not held, and why.
        var reported = NotHeldReport(cell, last) is { } r ? $" Cấp ủy viên cấp trên được phân công dự đã báo chi bộ không họp: {ChiBo.Dialogs.Flows.Steps.Inputs.Preview(r.Note, 80)}." : "";
        foreach (var (channel, chat) in SecretaryChats(cell))
            yield return new Reminder(ReminderKind.Overdue, cell.Id, month, "M+1", channel, chat, ChatKind.Private, at, at.AddDays(rules.NudgeValidDays),
                new Reply($"Tháng {VnText.MonthOf(last)} {cell.Name} chưa ghi buổi sinh hoạt thường kỳ nào.{reported} Nếu chi bộ đã họp, đồng chí ghi bù bằng /sinhhoat; cấp ủy cấp trên sẽ thấy chi bộ trong danh sách chậm sinh hoạt.",
                    [new Choice("cmd:/sinhhoat", "Ghi bù (/sinhhoat)")], Notice: true));
    }

    /// <summary>The assigned staff member's report that the cell did not meet that month (standing), or null.</summary>
    AttendanceReport? NotHeldReport(Cell cell, DateTime month) =>
        _data.Assignments[cell.Id].Select(a => _data.Reports.GetValueOrDefault(AttendanceReport.KeyOf(cell.Id, Period.KeyOf(month), a.StaffId)))
            .FirstOrDefault(r => r is { NotHeld: true });

    /// <summary>" (không họp: …)": why the cell did not meet that month, as its assigned staff member reported it; else empty.</summary>
    string NotHeldWhy(Cell cell, DateTime month) =>
        NotHeldReport(cell, month) is { } report ? $" (không họp: {ChiBo.Dialogs.Flows.Steps.Inputs.Preview(report.Note, 80)})" : "";

    /// <summary>On the 1st: each staff member gets the cells of their subtree that missed last month's regular meeting.</summary>
    IEnumerable<Reminder> OverdueDigests(DateTime local)
    {
        var last = LastMonth(local);
        var at = Vn(last.AddMonths(1).Add(rules.NoticeTime));
        if (_data.StaffChats.Count == 0) yield break;
        var missed = _data.Cells.Where(c => MissedLastMonth(c, last)).OrderBy(c => c.Name).ToList(); // once, for every staff chat
        foreach (var (unit, (channel, chat)) in _data.StaffChats)
        {
            var late = missed.Where(c => ChiBo.Rules.OrgTree.Holds(unit.Path, c.Path)).ToList();
            if (late.Count == 0) continue;
            var list = string.Join('\n', late.Take(30).Select(c => $"• {c.Name}{NotHeldWhy(c, last)}")) + (late.Count > 30 ? $"\n… và {late.Count - 30} chi bộ khác" : "");
            yield return new Reminder(ReminderKind.OverdueDigest, unit.Id, Period.KeyOf(last), "M+1", channel, chat, ChatKind.Private,
                at, at.AddDays(rules.NudgeValidDays),
                new Reply($"Tháng {VnText.MonthOf(last)}: {late.Count} chi bộ thuộc {unit.Name} chưa ghi buổi sinh hoạt thường kỳ (bí thư các chi bộ đã được nhắc):\n{list}\nXem từng chi bộ: /ketqua <tên chi bộ>.",
                    Notice: true));
        }
    }

    /// <summary>
    /// On Mondays from December to February: the staff of the nearest unit above each cell (the committee that decides, QĐ
    /// 124-QĐ/TW) get the cells that passed their year-end review at least <see cref="ReminderRules.DecisionWaitDays"/> days
    /// before and still await its decision. Worth sending that day (a Monday missed waits for the next); none once all are recorded.
    /// </summary>
    IEnumerable<Reminder> DecisionsDue(DateTime local)
    {
        if (_data.Undecided.Count == 0 || _data.StaffChats.Count == 0) yield break;
        var cells = _data.Cells.ToDictionary(c => c.Id);
        var staffed = _data.StaffChats.Select(s => s.Unit).DistinctBy(u => u.Id).ToList();
        var day = local.Date;
        var at = Vn(day.Add(rules.NoticeTime));
        var waiting = _data.Undecided
            .Where(r => cells.ContainsKey(r.CellId) && VnClock.Local(r.RecordedAtUtc).Date.AddDays(rules.DecisionWaitDays) <= day)
            .Select(r => (Review: r, Cell: cells[r.CellId]))
            // The nearest unit holding the cell that has staff on the bot.
            .GroupBy(x => staffed.Where(u => ChiBo.Rules.OrgTree.Holds(u.Path, x.Cell.Path)).MaxBy(u => u.Path.Length))
            .Where(g => g.Key is not null);
        foreach (var unit in waiting)
        {
            var list = VnText.SortedByName(unit, x => x.Cell.Name);
            var lines = string.Join('\n', list.Take(30).Select(x =>
                $"• {x.Cell.Name} (thông qua {VnText.Date(VnClock.Local(x.Review.RecordedAtUtc))}; chờ: {ReviewRollup.Awaiting(x.Review)})")) +
                (list.Count > 30 ? $"\n… và {list.Count - 30} chi bộ khác" : "");
            var year = list[0].Review.Year;
            foreach (var (_, (channel, chat)) in _data.StaffChats.Where(s => s.Unit.Id == unit.Key!.Id).DistinctBy(s => s.Chat))
                yield return new Reminder(ReminderKind.DecisionsDue, unit.Key!.Id, year.ToString(), day.ToString("yyyy-MM-dd"), channel, chat, ChatKind.Private,
                    at, Vn(day.AddDays(1)),
                    new Reply($"🏅 Kiểm điểm, xếp loại năm {year}: {list.Count} chi bộ thuộc {unit.Key.Name} đã thông qua kết quả, chờ cấp ủy cấp trên quyết định:\n{lines}\n" +
                              "Ghi: /xeploai <chi bộ>: <mức> <số, ngày quyết định>; đảng viên: /xeploai <chi bộ> đảng viên: <số, ngày quyết định>.",
                        [new Choice("cmd:/xeploai", "Xem, ghi quyết định")], Notice: true));
        }
    }

    /// <summary>
    /// For each staff member assigned to the cell: the day before its regular meeting, and after it the report
    /// nudges (each until the next one is due) until the report is filed.
    /// </summary>
    IEnumerable<Reminder> ForAssignedStaff(Cell cell, DateTime local)
    {
        foreach (var a in _data.Assignments[cell.Id])
        {
            var chats = _data.MemberChats[a.StaffId].ToList();
            // This and next month's meetings, and a later month's moved (told now, as the group is).
            foreach (var month in MonthsToPlan(cell, local).Where(m => m >= new DateTime(local.Year, local.Month, 1)))
            {
                var meeting = cell.MeetingIn(month.Year, month.Month);
                if (HasRegularMeeting(cell, Period.KeyOf(meeting)) || !StaffAttendance.Covers(a, cell, meeting)) continue;
                var days = rules.StaffReminderDaysBefore;
                var at = Vn(meeting.Date.AddDays(-days).Add(rules.NoticeTime));
                var until = StillTrue(meeting, days, null);
                var venue = cell.Venue == "" ? "" : $" tại {cell.Venue}";
                var when = DaysLeft(meeting, local) switch { <= 0 => "Hôm nay", 1 => "Ngày mai", var left => $"Còn {left} ngày nữa," };
                var moved = Moved(cell, meeting);
                // Moved before the day-before reminder: told now; moved after it: that reminder again, on the new day.
                if (moved is { } early && early.At < at)
                    foreach (var (channel, chat) in chats)
                        if (LastTold(cell, meeting, early.Move, channel, chat) is { } told)
                            yield return new Reminder(ReminderKind.MeetingMoved, cell.Id, meeting.ToString("yyyy-MM-dd"), early.Key, channel, chat, ChatKind.Private,
                                early.At, Earliest(at, Vn(meeting)),
                                new Reply($"📌 {MovedLead(cell, meeting, told, early.Move)}{AtVenue(cell)}. Đồng chí được phân công dự buổi này.", Notice: true));
                var late = moved is { } m && at <= m.At && m.At < until;
                foreach (var (channel, chat) in chats)
                {
                    var before = late ? LastTold(cell, meeting, moved!.Value.Move, channel, chat) : null;
                    yield return new Reminder(ReminderKind.StaffAttendance, cell.Id, meeting.ToString("yyyy-MM-dd"), before is not null ? $"D-{days}{moved!.Value.Key}" : $"D-{days}",
                        channel, chat, ChatKind.Private, at, until,
                        new Reply((before is { } b ? $"📌 {MovedLead(cell, meeting, b, moved!.Value.Move)}{AtVenue(cell)}." : $"📌 {when} {cell.Name} sinh hoạt thường kỳ lúc {When(meeting)}{venue}{MeetingSchedule.MovedFrom(cell, meeting)}.") +
                                  $" Đồng chí được phân công dự; sau buổi họp báo cáo kết quả bằng /baocao, hạn {VnText.Date(StaffAttendance.DueDate(meeting, a))}.", Notice: true));
                }
            }
            foreach (var (year, month) in StaffAttendance.ReportableMonths(local.Date))
            {
                var meeting = StaffAttendance.MeetingOf(cell, year, month, _data.Meetings[cell.Id]);
                var period = Period.KeyOf(meeting);
                if (!StaffAttendance.Covers(a, cell, meeting) || _data.Reports.ContainsKey(AttendanceReport.KeyOf(cell.Id, period, a.StaffId))) continue;
                var due = StaffAttendance.DueDate(meeting, a);
                var nudges = rules.ReportNudgeDaysAfter.Order().ToList();
                for (var i = 0; i < nudges.Count; i++)
                {
                    var at = Vn(meeting.Date.AddDays(nudges[i]).Add(rules.NoticeTime));
                    var until = i + 1 < nudges.Count ? Vn(meeting.Date.AddDays(nudges[i + 1]).Add(rules.NoticeTime)) : at.AddDays(rules.NudgeValidDays);
                    var day = local.Date; // the day it goes out, which a late nudge is past its own
                    var text = day < due ? $"Đồng chí báo cáo kết quả dự buổi sinh hoạt ngày {VnText.Date(meeting)} của {cell.Name}, hạn {VnText.Date(due)}."
                        : day == due ? $"Hôm nay là hạn báo cáo kết quả dự buổi sinh hoạt ngày {VnText.Date(meeting)} của {cell.Name}."
                        : $"Báo cáo kết quả dự buổi sinh hoạt ngày {VnText.Date(meeting)} của {cell.Name} đã quá hạn ({VnText.Date(due)}). Đồng chí gửi ngay nhé.";
                    foreach (var (channel, chat) in chats)
                        yield return new Reminder(ReminderKind.ReportDue, cell.Id, period, $"D+{nudges[i]}", channel, chat, ChatKind.Private, at, until,
                            new Reply(text, [new Choice("cmd:/baocao", "Báo cáo (/baocao)")], Notice: true));
                }
            }
        }
    }

    /// <summary>In December: the cell's annual self-assessment (QĐ 124-QĐ/TW), before the upper level rates it.</summary>
    IEnumerable<Reminder> YearEndReview(Cell cell, DateTime local)
    {
        var at = Vn(new DateTime(local.Year, 12, Math.Clamp(rules.YearEndReviewDay, 1, 28)).Add(rules.NoticeTime));
        foreach (var (channel, chat) in SecretaryChats(cell))
            yield return new Reminder(ReminderKind.YearEndReview, cell.Id, local.Year.ToString(), "12", channel, chat, ChatKind.Private,
                at, at.AddDays(rules.NudgeValidDays),
                new Reply($"Tháng 12: {cell.Name} chuẩn bị kiểm điểm, tự đánh giá, xếp loại chất lượng năm {local.Year} (QĐ 124-QĐ/TW): " +
                          "tổng hợp kết quả sinh hoạt các tháng, tự nhận mức xếp loại, gửi cấp ủy cấp trên theo kế hoạch. Xem các buổi đã ghi: /ketqua.",
                    [new Choice("cmd:/ketqua", "Xem kết quả (/ketqua)")], Notice: true));
    }

    /// <summary>
    /// On the review calendar's days (self-review template), each member of the cell without a self-review for the
    /// year is reminded privately, each reminder worth sending until the next one; they stop once it is filed.
    /// </summary>
    IEnumerable<Reminder> SelfReviewsDue(Cell cell, DateTime local)
    {
        if (templates is null) yield break;
        var calendar = templates.Get<SelfReviewTemplate>(Dialogs.Flows.Review.SelfReviewFlow.TemplateId).CalendarFor(cell.Path, id => _data.UnitPaths.GetValueOrDefault(id));
        var year = SelfReview.YearOn(local);
        var days = calendar.RemindDays.Order().Distinct().ToList();
        var due = new DateTime(year, calendar.Month, calendar.DueDay);
        for (var i = 0; i < days.Count; i++)
        {
            var day = new DateTime(year, calendar.Month, days[i]);
            var at = Vn(day.Add(rules.NoticeTime));
            var until = i + 1 < days.Count ? Vn(new DateTime(year, calendar.Month, days[i + 1]).Add(rules.NoticeTime)) : at.AddDays(rules.NudgeValidDays);
            var left = (due - local.Date).Days;
            var when = left > 1 ? $"hạn {due:dd/MM/yyyy} (còn {left} ngày)" : left == 1 ? $"hạn ngày mai {due:dd/MM/yyyy}" : left == 0 ? "hạn hôm nay" : $"đã quá hạn {due:dd/MM/yyyy}";
            foreach (var member in _data.CellMembers[cell.Id].Where(m => !_data.SelfReviewed.Contains(m.Id) && SelfReview.NotReviewed(m, year) is null))
                foreach (var (channel, chat) in _data.MemberChats[member.Id])
                    yield return new Reminder(ReminderKind.SelfReviewDue, cell.Id, $"{year}-{member.Id}", $"{calendar.Month:00}-{days[i]:00}", channel, chat, ChatKind.Private,
                        at, until, new Reply($"📝 Đồng chí {member.Name} chưa nộp bản tự kiểm điểm năm {year} (QĐ 124-QĐ/TW) cho {cell.Name}; {when}. " +
                            "Viết qua chat từng phần, dừng và làm tiếp lúc nào cũng được; xong có bản Word để in, ký.",
                            [new Choice("cmd:/tukiemdiem", "Viết ngay (/tukiemdiem)")], Notice: true));
        }
        // The day after the deadline, the secretary learns who has not filed: they remind them at the cell, or enter the
        // self-review of a member who does not use the bot.
        var roster = _data.CellMembers[cell.Id].Where(m => SelfReview.NotReviewed(m, year) is null).ToList();
        var missing = VnText.SortedByGivenName(roster.Where(m => !_data.SelfReviewed.Contains(m.Id)), m => m.Name).ToList();
        if (missing.Count == 0) yield break;
        var after = Vn(due.AddDays(1).Add(rules.NoticeTime));
        foreach (var (channel, chat) in SecretaryChats(cell))
        {
            var self = missing.FirstOrDefault(m => _data.MemberChats[m.Id].Contains((channel, chat)));
            var others = missing.Where(m => m != self).Select(m => m.Name + (_data.MemberChats[m.Id].Any() ? "" : " (chưa dùng bot)")).ToList();
            yield return new Reminder(ReminderKind.SelfReviewsMissing, cell.Id, year.ToString(), $"{due.AddDays(1):MM-dd}", channel, chat, ChatKind.Private,
                after, after.AddDays(rules.NudgeValidDays),
                new Reply($"📝 Đã hết hạn nộp bản tự kiểm điểm năm {year} ({due:dd/MM/yyyy}): {cell.Name} đã nộp {roster.Count - missing.Count}/{roster.Count}." +
                          (others.Count == 0 ? "" : $" Chưa nộp: {string.Join(", ", others)}; đồng chí nhắc các đồng chí ấy nộp trước buổi kiểm điểm" +
                                                    (missing.Any(m => !_data.MemberChats[m.Id].Any()) ? ", ghi thay cho người chưa dùng bot: /tukiemdiem <tên>." : ".")) +
                          (self is null ? "" : " Đồng chí cũng chưa nộp bản của mình: /tukiemdiem."),
                    [new Choice("cmd:/kiemdiem", "Xem ai đã nộp (/kiemdiem)")], Notice: true));
        }
    }

    /// <summary>Weeks after the end of probation the secretary is still reminded while the cell has not voted (then it is a matter for the upper level).</summary>
    const int ProbationWeeksAfter = 12;

    /// <summary>
    /// To the secretary, for each probationary member with an admission day and no carried vote: the template's days
    /// before the 12 months end (30, 7, the day), then every week until the cell votes — past the 30 working days,
    /// as overdue. Each reminder is worth sending until the next one.
    /// </summary>
    IEnumerable<Reminder> ProbationsDue(Cell cell, DateTime local)
    {
        if (templates is null) yield break;
        var t = ProbationCommands.Rules(templates);
        foreach (var member in _data.CellMembers[cell.Id].Where(m => m.Status == MemberStatus.Probationary && m.Probation?.Carried is null))
        {
            if (ProbationCommands.Dates(t, member) is not var (end, by)) continue;
            var days = t.RemindDaysBefore.Where(d => d >= 0).Distinct().OrderDescending().Select(d => end.AddDays(-d))
                .Concat(Enumerable.Range(1, ProbationWeeksAfter * 7 / Math.Max(1, t.RemindEveryDays)).Select(i => end.AddDays(i * Math.Max(1, t.RemindEveryDays))))
                .ToList();
            for (var i = 0; i < days.Count; i++)
            {
                var at = Vn(days[i].Add(rules.NoticeTime));
                var until = i + 1 < days.Count ? Vn(days[i + 1].Add(rules.NoticeTime)) : at.AddDays(rules.NudgeValidDays);
                var left = (end - local.Date).Days;
                var text = left > 0
                    ? $"🎖 Đ/c {member.Name} ({cell.Name}) hết {t.Months} tháng dự bị ngày {end:dd/MM/yyyy} (còn {left} ngày). Chuẩn bị: bản tự kiểm điểm của đồng chí, nhận xét của đảng viên giúp đỡ" +
                      $"{(member.Probation?.MentorName is { Length: > 0 } mentor ? $" (Đ/c {mentor})" : "")}, ý kiến đoàn thể nơi làm việc và chi ủy nơi cư trú; chi bộ xét công nhận chính thức trước {by:dd/MM/yyyy} ({t.ConsiderSource})."
                    : local.Date <= by
                        ? $"🎖 Đ/c {member.Name} ({cell.Name}) đã hết {t.Months} tháng dự bị ngày {end:dd/MM/yyyy}: chi bộ xét, biểu quyết công nhận chính thức trước {by:dd/MM/yyyy} ({t.ConsiderWithinWorkingDays} ngày làm việc, {t.ConsiderSource})."
                        : $"⚠ Đ/c {member.Name} ({cell.Name}) hết dự bị ngày {end:dd/MM/yyyy}; đã quá hạn xét công nhận chính thức ({by:dd/MM/yyyy}, {t.ConsiderSource}). Chi bộ họp xét sớm và báo cáo cấp ủy cấp trên.";
                foreach (var (channel, chat) in SecretaryChats(cell))
                    yield return new Reminder(ReminderKind.ProbationDue, cell.Id, $"{member.Id}-{end:yyyyMMdd}", days[i].ToString("yyyy-MM-dd"), channel, chat, ChatKind.Private,
                        at, until, new Reply(text + $"\nGhi kết quả biểu quyết: /dangvien {member.Name} xetchinhthuc <tán thành>/<số đảng viên chính thức>.",
                            [new Choice($"cmd:/dangvien {member.Name}", "Xem hồ sơ")], Notice: true));
            }
        }
    }

    /// <summary>
    /// To the secretary, once per member and year: the morning after the third month of the year ended without the member's
    /// dues recorded (Điều lệ Đảng, Điều 8). Only for cells that keep their dues book here; worth sending for a week.
    /// </summary>
    IEnumerable<Reminder> DuesArrears(Cell cell, DateTime local)
    {
        if (cell.DuesSince is null) yield break;
        var payments = _data.Dues[cell.Id].ToList();
        foreach (var year in new[] { local.Year - 1, local.Year })
            foreach (var member in _data.CellMembers[cell.Id])
            {
                var unpaid = DuesBook.Unpaid(cell, member, year, local, payments);
                if (unpaid.Count < ChiBo.Rules.DuesRules.MonthsToConsider) continue;
                var third = unpaid[ChiBo.Rules.DuesRules.MonthsToConsider - 1];
                var day = new DateTime(year, third, 1).AddMonths(1);
                var at = Vn(day.Add(rules.NoticeTime));
                var shown = unpaid.TakeWhile(m => m <= third).ToList();
                foreach (var (channel, chat) in SecretaryChats(cell))
                    yield return new Reminder(ReminderKind.DuesArrears, cell.Id, $"{year}-{member.Id}", "3", channel, chat, ChatKind.Private,
                        at, at.AddDays(rules.NudgeValidDays), new Reply(
                            $"⚠ Đ/c {member.Name} ({cell.Name}) chưa nộp đảng phí {shown.Count} tháng trong năm {year} ({DuesBook.MonthList(shown)}). " +
                            "Điều lệ Đảng, Điều 8: đảng viên không đóng đảng phí ba tháng trong năm mà không có lý do chính đáng thì chi bộ xem xét, đề nghị xóa tên. " +
                            $"Nếu đồng chí đã nộp mà chưa ghi: /dangphi nop {member.Name} tháng {third}/{year}.",
                            [new Choice($"cmd:/dangphi tháng {third}/{year}", "Xem sổ đảng phí")], Notice: true));
            }
    }

    /// <summary>
    /// To the secretary of a cell whose type asks a minimum of Sổ tay points a month (and that existed all last month), on the
    /// rules' day: the members summoned last month whose points are not recorded; worth sending for the nudge's days.
    /// </summary>
    IEnumerable<Reminder> HandbookDue(Cell cell, DateTime local)
    {
        if (templates?.CellType(cell.Type) is not { HandbookPoints: { } min } type) yield break;
        var last = LastMonth(local);
        if (Vn(last) < Utc(cell.CreatedAtUtc)) yield break;
        var month = Period.KeyOf(last);
        var recorded = _data.Handbook[cell.Id].Where(p => p.Month == month).Select(p => p.MemberId).ToHashSet();
        var asked = _data.CellMembers[cell.Id].Where(m => HandbookPoints.Asked(m, last)).ToList();
        var missing = VnText.SortedByGivenName(asked.Where(m => !recorded.Contains(m.Id)), m => m.Name);
        if (missing.Count == 0) yield break;
        var at = Vn(new DateTime(local.Year, local.Month, Math.Min(rules.HandbookDay, DateTime.DaysInMonth(local.Year, local.Month))).Add(rules.NoticeTime));
        foreach (var (channel, chat) in SecretaryChats(cell))
            yield return new Reminder(ReminderKind.HandbookDue, cell.Id, month, $"D{rules.HandbookDay}", channel, chat, ChatKind.Private,
                at, at.AddDays(rules.NudgeValidDays), new Reply(
                    $"📱 Điểm Sổ tay đảng viên điện tử tháng {VnText.MonthOf(last)} của {cell.Name} chưa ghi {missing.Count}/{asked.Count} đồng chí: " +
                    string.Join(", ", missing.Take(8).Select(m => m.Name)) + (missing.Count > 8 ? $" và {missing.Count - 8} đồng chí khác" : "") +
                    $". Mỗi đảng viên từ {min} điểm/tháng" + (type.HandbookPointsBasis == "" ? "" : $" ({type.HandbookPointsBasis})") +
                    ". Đồng chí xem điểm trên ứng dụng rồi ghi: /sotay 1 35, 2 28 (số thứ tự như trong /sotay).",
                    [new Choice("cmd:/sotay", "Xem, ghi điểm (/sotay)")], Notice: true));
    }

    /// <summary>
    /// To the staff whose unit holds the receiving cell: the morning after the last day to present an introduction letter,
    /// while the cell has not taken the member in (once; worth sending for a week).
    /// </summary>
    IEnumerable<Reminder> TransfersOverdue(Cell cell, DateTime local)
    {
        foreach (var t in _data.Arriving[cell.Id])
        {
            var at = Vn(t.PresentBy.AddDays(1).Add(rules.NoticeTime));
            var from = _data.Cells.FirstOrDefault(c => c.Id == t.FromCellId)?.Name ?? t.FromCellId;
            foreach (var (unit, chat) in _data.StaffChats.Where(s => ChiBo.Rules.OrgTree.Holds(s.Unit.Path, cell.Path)).DistinctBy(s => s.Chat))
                yield return new Reminder(ReminderKind.TransferOverdue, cell.Id, t.Id, "D+1", chat.Channel, chat.ChatId, ChatKind.Private, at, at.AddDays(rules.NudgeValidDays),
                    new Reply($"⚠ Đ/c {t.MemberName} chuyển sinh hoạt {t.KindLabel} từ {from} đến {cell.Name} ({t.Letter}) chưa trình giấy giới thiệu: " +
                              $"quá hạn {t.PresentBy:dd/MM/yyyy} ({Transfers.PresentWithinWorkingDays} ngày làm việc, {Transfers.Source}). Đồng chí đôn đốc, kiểm tra.",
                        [new Choice($"cmd:/dangvien {cell.Name}", "Xem danh sách chi bộ")], Notice: true));
        }
    }

    /// <summary>
    /// To the secretary, for each candidate with an admission decision and no ceremony recorded: the template's working
    /// days before the last day for the ceremony (and on it), then the morning after it as overdue; each until the next.
    /// </summary>
    IEnumerable<Reminder> CeremoniesDue(Cell cell, DateTime local)
    {
        if (templates is null) yield break;
        var t = ProbationCommands.Rules(templates);
        foreach (var c in _data.Decided[cell.Id])
        {
            var by = c.CeremonyBy!.Value;
            var days = t.CeremonyRemindWorkingDaysBefore.Distinct().OrderDescending().Select(d => ChiBo.Rules.WorkingDays.Before(by, d)).Append(by.AddDays(1)).Distinct().ToList();
            for (var i = 0; i < days.Count; i++)
            {
                var at = Vn(days[i].Add(rules.NoticeTime));
                var until = i + 1 < days.Count ? Vn(days[i + 1].Add(rules.NoticeTime)) : at.AddDays(rules.NudgeValidDays);
                var text = days[i] <= by
                    ? $"🎉 {c.Name} ({cell.Name}) đã có quyết định kết nạp ({c.Decision}): chi bộ tổ chức lễ kết nạp chậm nhất ngày {by:dd/MM/yyyy} ({t.CeremonyWithinWorkingDays} ngày làm việc, {t.CeremonySource})."
                    : $"⚠ {c.Name} ({cell.Name}): đã quá hạn tổ chức lễ kết nạp ({by:dd/MM/yyyy}, {t.CeremonySource}). Chi bộ tổ chức sớm và báo cáo cấp ủy cấp trên.";
                foreach (var (channel, chat) in SecretaryChats(cell))
                    yield return new Reminder(ReminderKind.CeremonyDue, cell.Id, c.Id, days[i].ToString("yyyy-MM-dd"), channel, chat, ChatKind.Private, at, until,
                        new Reply(text + $"\nSau lễ: /ketnap {c.Name} leketnap <ngày>.", [new Choice("cmd:/ketnap", "Phát triển đảng viên")], Notice: true));
            }
        }
    }

    /// <summary>
    /// To the secretary on the procedure's days of a quarter's last month (the 1st and the 20th): the quarter has no thematic
    /// (or combined) meeting recorded yet; each until the next, the last until the quarter ends.
    /// </summary>
    IEnumerable<Reminder> ThematicDue(Cell cell, DateTime local)
    {
        if (templates is null) yield break;
        var (year, q) = (local.Year, ChiBo.Rules.Cadence.QuarterOf(local.Month));
        var (start, quarter) = (ChiBo.Rules.Cadence.QuarterStart(year, q), q + 1);
        var end = start.AddMonths(3);
        var lastMonth = start.AddMonths(2);
        var days = templates.ProcedureFor(cell.Type).Rules.ThematicRemindDays
            .Select(d => new DateTime(year, lastMonth.Month, Math.Clamp(d, 1, DateTime.DaysInMonth(year, lastMonth.Month)))).Distinct().Order().ToList();
        if (days.Count == 0 || local < days[0]) yield break;
        // The thematic rule of /tonghop: only a quarter that counts for the cell, and not once it is held.
        var held = _data.Meetings[cell.Id].Any(m => m.Date >= start && m.Date < end && MeetingKinds.IsThematic(m.Kind));
        if (ChiBo.Rules.Cadence.Thematic(year, q, held, VnClock.Local(cell.CreatedAtUtc), local) != ChiBo.Rules.Standing.NotYetDue) yield break;
        // A thematic meeting called for a day still to come reminds by its own notices; one whose day passed is named.
        if (cell.ThematicCalledThisQuarter(local) is not null) yield break;
        var called = (cell.Called ?? []).Where(c => c.CancelledAtUtc is null && c.Kind == MeetingKind.THEMATIC && c.When() >= start && c.When() < end)
            .OrderBy(c => c.When()).ToList();
        var planned = _data.TopicPlans.GetValueOrDefault(cell.Id)?.For(quarter)?.Topic;
        var text = $"📚 Quý {quarter}/{year} sắp hết (đến {end.AddDays(-1):dd/MM/yyyy}) mà {cell.Name} chưa sinh hoạt chuyên đề" +
                   (called.Count > 0 ? $": buổi chuyên đề đã báo ngày {VnText.Date(called[^1].When())} chưa được ghi." :
                    planned is null ? " và chưa có chủ đề trong kế hoạch (/chuyende)." : $"; chủ đề theo kế hoạch: “{planned}”.") +
                   " Chi bộ sinh hoạt chuyên đề ít nhất mỗi quý một lần; có thể kết hợp với buổi thường kỳ (tối thiểu 120 phút, 42-HD/BTCTW). " +
                   "Ghi buổi họp: /sinhhoat, chọn \"Chuyên đề\" hoặc \"Thường kỳ + chuyên đề\".";
        for (var i = 0; i < days.Count; i++)
        {
            var at = Vn(days[i].Add(rules.NoticeTime));
            var until = i + 1 < days.Count ? Vn(days[i + 1].Add(rules.NoticeTime)) : Vn(end);
            foreach (var (channel, chat) in SecretaryChats(cell))
                yield return new Reminder(ReminderKind.ThematicDue, cell.Id, $"{year}-Q{quarter}", $"D{days[i].Day}", channel, chat, ChatKind.Private, at, until,
                    new Reply(text, [new Choice("cmd:/chuyende", "Kế hoạch chuyên đề")], Notice: true));
        }
    }

    /// <summary>The private chats of the cell's secretary on every channel they use.</summary>
    IEnumerable<(string Channel, string ChatId)> SecretaryChats(Cell cell) => _data.SecretaryChats[cell.Id];

    bool HasRegularMeeting(Cell cell, string month) => HeldIn(_data.Meetings, cell.Id, month);

    /// <summary>Whether the cell recorded a regular meeting in that month ("yyyy-MM"), among the meetings read.</summary>
    static bool HeldIn(ILookup<string, Meeting> meetings, string cellId, string month) =>
        meetings[cellId].Any(m => m.Month == month && MeetingKinds.IsRegular(m.Kind));

    static string When(DateTime meeting) => VnText.MeetingAt(meeting);

    static string NoticeText(Cell cell, DateTime meeting, int daysBefore)
    {
        var venue = cell.Venue == "" ? "" : $" tại {cell.Venue}";
        var moved = MeetingSchedule.MovedFrom(cell, meeting);
        var lead = daysBefore switch
        {
            0 => $"📅 Hôm nay {cell.Name} sinh hoạt thường kỳ tháng {VnText.MonthOf(meeting)} lúc {When(meeting)}{venue}{moved}.",
            1 => $"📅 Ngày mai {cell.Name} sinh hoạt thường kỳ tháng {VnText.MonthOf(meeting)} lúc {When(meeting)}{venue}{moved}.",
            _ => $"📅 {cell.Name} sinh hoạt thường kỳ tháng {VnText.MonthOf(meeting)} lúc {When(meeting)}{venue}{moved}.",
        };
        return lead + NoticeTail(again: false);
    }

    /// <summary>What every notice of a regular meeting asks; <paramref name="again"/>: the day changed, answers are asked anew.</summary>
    static string NoticeTail(bool again) =>
        "\nTài liệu sinh hoạt đăng trên Sổ tay đảng viên điện tử ít nhất 1 ngày trước buổi họp (42-HD/BTCTW); đồng chí đọc trước và sắp xếp tham dự đầy đủ. " +
        (again ? "Đồng chí trả lời lại theo ngày mới bằng" : "Trả lời bằng") + " nút bên dưới, hoặc gõ /comat hay /vang <lý do>.";

    /// <summary>", tại Nhà văn hóa thôn Đông", or nothing when the cell has no venue.</summary>
    static string AtVenue(Cell cell) => cell.Venue == "" ? "" : $", tại {cell.Venue}";

    /// <summary>
    /// "Chi bộ … dời buổi sinh hoạt thường kỳ tháng 01/2027 sang … (lịch cũ: …; lý do: …)", or back to the schedule's day;
    /// <paramref name="before"/> is the day the chat was last told of.
    /// </summary>
    static string MovedLead(Cell cell, DateTime meeting, DateTime before, MovedMeeting move)
    {
        var why = move.Why == "" ? "" : $"; lý do: {move.Why}";
        // The regular schedule changed while this meeting was told on the old one.
        if (move.Rescheduled)
            return $"{cell.Name} đổi lịch sinh hoạt thường kỳ: buổi tháng {VnText.MonthOf(meeting)} họp {When(meeting)} (lịch cũ: {VnText.MeetingAt(before)}; lịch mới: {cell.ScheduleText()}, {cell.MeetingTime})";
        // Back to the schedule's day: said as what is not so ("không dời sang …"), the day the chat heard of.
        return meeting == cell.ScheduledIn(meeting.Year, meeting.Month)
            ? $"{cell.Name} sinh hoạt thường kỳ tháng {VnText.MonthOf(meeting)} theo lịch: {When(meeting)} (không dời sang {VnText.Date(before)}{why})"
            : $"{cell.Name} dời buổi sinh hoạt thường kỳ tháng {VnText.MonthOf(meeting)} sang {When(meeting)} (lịch cũ: {VnText.MeetingAt(before)}{why})";
    }

    static string MovedText(Cell cell, DateTime meeting, DateTime before, MovedMeeting move) =>
        $"📅 {MovedLead(cell, meeting, before, move)}{AtVenue(cell)}." + NoticeTail(again: true);

    /// <summary>The first working day after a holiday, within its month (else the last working day before it).</summary>
    static DateTime NextWorkingDay(DateTime day)
    {
        for (var d = day.Date.AddDays(1); d.Month == day.Month; d = d.AddDays(1))
            if (ChiBo.Rules.WorkingDays.IsWorkingDay(d)) return d;
        for (var d = day.Date.AddDays(-1); d.Month == day.Month; d = d.AddDays(-1))
            if (ChiBo.Rules.WorkingDays.IsWorkingDay(d)) return d;
        return day.Date;
    }

    /// <summary>Whole days from the sweep's day to <paramref name="day"/>: what a reminder says, however late it goes out.</summary>
    static int DaysLeft(DateTime day, DateTime local) => (day.Date - local.Date).Days;

    /// <summary>The checklist for the first reminder(s), the documents for the one the day before; the count is the real one.</summary>
    static string PreparationText(Cell cell, DateTime meeting, int daysBefore, int daysLeft) => daysBefore > 1
        ? (daysLeft > 1 ? $"Còn {daysLeft} ngày đến" : daysLeft == 1 ? "Ngày mai là" : "Hôm nay là") +
          $" buổi sinh hoạt thường kỳ của {cell.Name} ({When(meeting)}). Việc chuẩn bị:\n" +
          "• Chi ủy (hoặc bí thư, phó bí thư) họp thống nhất nội dung\n• Phân công chuẩn bị nội dung, dự thảo nghị quyết\n" +
          "• Thông báo thời gian, địa điểm, nội dung cho đảng viên và cấp ủy viên cấp trên theo dõi chi bộ" +
          (ChiBo.Rules.Holidays.IsHoliday(meeting)
              ? $"\n⚠ {VnText.Date(meeting)} là ngày nghỉ lễ, tết. Nếu chi bộ họp ngày khác, đồng chí dời buổi này, ví dụ: /lichhop {VnText.Date(NextWorkingDay(meeting))}, {meeting:HH:mm}" +
                " (bot báo vào nhóm chi bộ và nhắc theo ngày mới)."
              : "")
        : $"Ngày mai {cell.Name} sinh hoạt ({When(meeting)}). Tài liệu đã đăng lên Sổ tay đảng viên điện tử chưa? 42-HD/BTCTW yêu cầu đăng ít nhất 1 ngày trước buổi họp.";
}

/// <summary>
/// What the reminder planner read of the members and their chats, kept by the one <see cref="ReminderSweep"/> from one
/// sweep to the next while neither was written (<see cref="ChiBoStore.CommittedWritesTo"/>: counted by the process on
/// LiteDB, by the server for every instance on PostgreSQL).
/// The planner only reads them.
/// </summary>
public sealed class KeptPeople
{
    public sealed record Read(long Version, List<Member> Members, ILookup<string, (string Channel, string ChatId)> Chats);

    volatile Read? _last;
    public Read? Last { get => _last; set => _last = value; }
}
