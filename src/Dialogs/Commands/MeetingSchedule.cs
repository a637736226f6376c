using System.Text.RegularExpressions;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// /lichhop — the cell's meeting calendar, which reminders and answers follow: the regular schedule (a day or a weekday
/// of the month, and a time), one month's meeting moved to another day, meetings called besides the regular ones
/// (thematic, extraordinary) and their cancellation; a small cell's shorter minimum length (staff).
/// </summary>
public static partial class MeetingSchedule
{
    public static void Set(Turn turn, string args)
    {
        if (VnText.Fold(args).Replace(" ", "").Contains("thoiluong")) { MinimumLength(turn, VnText.Clean(args)); return; }
        // A member (not a leader) sees the schedule and the next meeting; only leaders change it.
        if (VnText.Clean(args).Length == 0 && Authorizer.LedCell(turn.Store, turn.Member!) is null && turn.Member!.CellId is { } own
            && turn.Store.Cells.FindById(own) is { } mine)
        {
            Show(turn, mine);
            return;
        }
        var cell = Authorizer.LedCellOrRefuse(turn, "đặt lịch sinh hoạt");
        if (cell is null) return;
        var current = $"{cell.ScheduleText()}, {cell.MeetingTime}";
        if (VnText.Clean(args).Length == 0)
        {
            var (next, nextCalled) = cell.NextGathering(turn.Now);
            turn.Say($"Lịch sinh hoạt thường kỳ của {cell.Name}: {current}. Buổi tới: {VnText.MeetingAt(next)}" +
                     (nextCalled is null ? MovedFrom(cell, next) : $" ({nextCalled.Title()})") + ". Nhắc lịch gửi vào nhóm chi bộ trước 3 ngày, 1 ngày và sáng hôm họp.\n" +
                     (cell.MinMinutes is { } min ? $"Thời lượng tối thiểu: {min} phút ({Templates.ProcedureRules.MinimumSource(cell)}).\n" : "") +
                     MovesAhead(cell, turn.Now) +
                     (Upcoming(cell, turn.Now, "Buổi đã báo thêm:") is { Length: > 0 } called ? called + "\n" : "") +
                     $"Đổi lịch: /lichhop ngày 5, 19:30 (hoặc /lichhop thứ 7 đầu tiên, 19:30) · dời một buổi: /lichhop {Example(cell, turn.Now)} · " +
                     "báo buổi chuyên đề, bất thường: /lichhop chuyên đề <ngày>, <giờ> <chủ đề>");
            return;
        }
        var clean = VnText.Clean(args);
        var folded = VnText.Fold(clean);
        if (CallDate().Match(folded) is { Success: true } call) Call(turn, cell, clean, call);
        else if (CallWord().IsMatch(folded))
            turn.Say("Gõ kèm ngày họp: /lichhop chuyên đề 18/12/2026, 19:30 <chủ đề> · /lichhop bất thường 15/12/2026, 19:30: <nội dung> · hủy buổi đã báo: /lichhop hủy 18/12/2026." +
                     Upcoming(cell, turn.Now, "\nCác buổi đã báo:"));
        else if (TimeOnly().Match(folded) is not { Success: true } && MoveDate().Match(folded) is { Success: true } move) Move(turn, cell, clean, move);
        else ChangeSchedule(turn, cell, clean, folded, current);
    }

    /// <summary>
    /// "tài liệu họp ở đâu?": the documents are on the Sổ tay đảng viên điện tử app, not sent by the bot (42-HD/BTCTW), and
    /// the member's next meeting they are for.
    /// </summary>
    public static void Documents(Turn turn, Cell cell)
    {
        var (next, called) = cell.NextGathering(turn.Now);
        turn.Say("Tài liệu sinh hoạt chi bộ được đăng trên ứng dụng Sổ tay đảng viên điện tử ít nhất 1 ngày trước buổi họp (42-HD/BTCTW); " +
                 $"bot không gửi tài liệu. Buổi tới của {cell.Name}: {VnText.MeetingAt(next)}{(called is null ? "" : $" ({called.Title()})")}." +
                 (!turn.InGroup && Authorizer.LedCell(turn.Store, turn.Member!)?.Id == cell.Id ? " Ngày trước buổi họp, bot nhắc đồng chí đăng tài liệu." : ""));
    }

    /// <summary>The schedule and the next meeting, as every member of the cell reads it.</summary>
    static void Show(Turn turn, Cell cell)
    {
        var (next, called) = cell.NextGathering(turn.Now);
        turn.Say($"Lịch sinh hoạt thường kỳ của {cell.Name}: {cell.ScheduleText()}, {cell.MeetingTime}" +
                 (cell.Venue == "" ? "" : $", tại {cell.Venue}") + $". Buổi tới: {VnText.MeetingAt(next)}" +
                 (called is null ? MovedFrom(cell, next) : $" ({called.Title()})") + ". Đổi lịch do bí thư, phó bí thư.");
    }

    /// <summary>
    /// "mai họp mấy giờ?" asked of the bot: in the group the answer every member reads (a leader asking there too); in
    /// private, /lichhop's own answer (a leader's names how to change it).
    /// </summary>
    public static void Asked(Turn turn)
    {
        if (turn.InGroup && turn.Member?.CellId is { } own && turn.Store.Cells.FindById(own) is { } cell) Show(turn, cell);
        else Set(turn, "");
    }

    /// <summary>/lichhop ngày 5, 19:30 · /lichhop thứ 7 đầu tiên, 19:30 · /lichhop 19:30 — the regular schedule changed.</summary>
    static void ChangeSchedule(Turn turn, Cell cell, string clean, string folded, string current)
    {
        int? time;
        var day = 0;
        (int Weekday, int Week)? byWeekday = null;
        if (TimeOnly().Match(folded) is { Success: true } only) // "/lichhop 19:30": the day stays, the time changes
        {
            time = Inputs.Time(only.Groups["time"].Value);
            day = cell.MeetingDay;
            if (cell.MeetingWeekday is { } wd && cell.MeetingWeek is { } n) byWeekday = (wd, n);
        }
        else if (WeekdaySchedule().Match(folded) is { Success: true } w) // "/lichhop thứ 7 đầu tiên, 19:30"
        {
            if (ScheduleDays.Of(w) is not { } which)
            {
                turn.Say($"Chưa rõ \"{Inputs.Preview(clean)}\" là tuần nào trong tháng. Gõ ví dụ: /lichhop {ScheduleDays.WeekdayName(ScheduleDays.WeekdayOf(w))} đầu tiên, 19:30 " +
                         "(đầu tiên, thứ hai, thứ ba, thứ tư hoặc cuối cùng của tháng).");
                return;
            }
            byWeekday = which;
            day = cell.MeetingDay;
            time = w.Groups["time"].Success ? Inputs.Time(w.Groups["time"].Value) : Inputs.Time(cell.MeetingTime);
        }
        else
        {
            var m = Schedule().Match(folded);
            time = m.Success && m.Groups["time"].Success ? Inputs.Time(m.Groups["time"].Value) : Inputs.Time(cell.MeetingTime);
            if (m.Success) day = int.Parse(m.Groups["day"].Value);
        }
        if (day is < 1 or > 31 || time is null)
        {
            turn.Say($"Chưa hiểu lịch \"{Inputs.Preview(clean)}\". Gõ ví dụ: /lichhop ngày 3 hằng tháng, 19:30 (ngày từ 1 đến 31; tháng ít ngày hơn thì họp ngày cuối tháng) " +
                     "hoặc /lichhop thứ 7 đầu tiên, 19:30.");
            return;
        }
        // This and next month's meetings still to come follow the new schedule (members told of the old day hear of it).
        var held = turn.Store.RegularMeetingMonths(cell.Id);
        var before = cell.MeetingIn(turn.Now.Year, turn.Now.Month);
        var wasMoved = cell.MovedIn(turn.Now.Year, turn.Now.Month) is not null;
        var rescheduled = cell.Reschedule(day, byWeekday?.Weekday, byWeekday?.Week, Inputs.FormatTime(time.Value), turn.Now,
            held, turn.Member!.Id, turn.UtcNow);
        var changed = rescheduled.Select(c => c.Now == c.Scheduled
                ? $"Buổi tháng {VnText.MonthOf(c.Now)}: {VnText.MeetingAt(c.Now)} (thay {VnText.MeetingAt(c.Old)})."
                : $"Buổi tháng {VnText.MonthOf(c.Now)} vẫn họp {VnText.MeetingAt(c.Old)}: ngày {VnText.Date(c.Scheduled)} theo lịch mới đã qua.")
            .ToList();
        // This month's day had passed with no meeting recorded, and the new one is still to come: the month's meeting is on it.
        var month = new DateTime(turn.Now.Year, turn.Now.Month, 1);
        bool Late(DateTime day) => ChiBo.Rules.Cadence.Regular(month, day, held.Contains(Summaries.Period.KeyOf(turn.Now)), VnClock.Local(cell.CreatedAtUtc), turn.Now) == ChiBo.Rules.Standing.Late;
        if (Late(before)) // as the summaries count it: not held, its day passed, the cell existed then
        {
            var after = cell.MeetingIn(turn.Now.Year, turn.Now.Month);
            var passed = wasMoved ? $"đã dời sang ngày {VnText.Date(before)}, ngày đó đã qua" : $"ngày {VnText.Date(before)} theo lịch cũ đã qua";
            if (after > turn.Now || Late(after)) changed.Insert(0, after > turn.Now ? $"Buổi tháng {VnText.MonthOf(after)} chưa họp ({passed}): {VnText.MeetingAt(after)} theo lịch mới."
                // The new day has passed too: the month is still due; say how to record it or move it.
                : $"Buổi tháng {VnText.MonthOf(before)} chưa ghi: ngày {VnText.Date(before)}" +
                  (cell.ScheduledIn(turn.Now.Year, turn.Now.Month) is var now && now.Date != before.Date
                      ? $" ({(wasMoved ? "đã dời tới" : "lịch cũ")}) và {VnText.Date(now)} (lịch mới) đều đã qua." : " đã qua.") +
                  " Đã họp thì ghi bằng /sinhhoat" + (MakeUpExample(cell, turn.Now) is { } move ? $", chưa họp thì dời sang ngày khác trong tháng, ví dụ {move}." : "."));
        }
        turn.Store.Cells.Update(cell);
        var schedule = $"{cell.ScheduleText()}, {cell.MeetingTime}";
        turn.Audit("cell.schedule", cell.Id, $"Lịch sinh hoạt: {current} → {schedule}");
        var upcoming = cell.NextMeeting(turn.Now);
        turn.Say($"Đã đặt lịch sinh hoạt thường kỳ của {cell.Name}: {schedule}." + (day > 28 && byWeekday is null ? " Tháng ít ngày hơn thì họp ngày cuối tháng." : "") +
                 (byWeekday is null ? "" : $" Buổi tới: {VnText.MeetingAt(upcoming)}{MovedFrom(cell, upcoming)}.") +
                 string.Concat(changed.Select(c => "\n" + c)) +
                 (rescheduled.Any(c => c.Now == c.Scheduled) && HasGroup(turn, cell) ? "\nNhóm chi bộ đã được báo theo lịch cũ thì được báo lại." : "") +
                 (MovesAhead(cell, turn.Now) is { Length: > 0 } moves ? "\nBuổi đã dời vẫn họp ngày đã dời:\n" + moves.TrimEnd() : ""));
    }

    const int WhyMaxLength = 200;
    /// <summary>Meetings called ahead at once, besides the regular ones.</summary>
    const int MaxCallsAhead = 12;

    /// <summary>
    /// /lichhop 04/01/2027, 19:30 vì trùng Tết Dương lịch — one month's regular meeting on another day of that month
    /// (the schedule stays). Reminders, answers and overdue checks follow it; the cell's groups and the staff assigned
    /// to attend are told by the reminder sweep. The schedule's own date moves it back.
    /// </summary>
    static void Move(Turn turn, Cell cell, string clean, Match move)
    {
        if (DayAndTime(turn, cell, clean, move, $"/lichhop {Example(cell, turn.Now)}", "dời") is not var (when, words)) return;
        var day = when.Date;
        var today = turn.Now.Date;
        var why = ReasonWords().Replace(words, "").Trim(' ', ',', ';', '.', ':', '-', '(', ')');
        if (why.Length > WhyMaxLength) why = why[..WhyMaxLength];
        if (!VnText.HasWords(why)) why = "";
        var month = VnText.MonthOf(day);
        if (turn.Store.MeetingHeads(cell.Id).FirstOrDefault(m => m.Month == Summaries.Period.KeyOf(day) && MeetingKinds.IsRegular(m.Kind)) is { } held)
        {
            turn.Say($"Tháng {month} {cell.Name} đã ghi buổi sinh hoạt thường kỳ ngày {VnText.Date(held.Date)}; không dời được nữa.");
            return;
        }
        if (cell.CalledOn(day) is { } other)
        {
            turn.Say($"Ngày {VnText.Date(day)} đã báo buổi {other.Title()}; chọn ngày khác, hoặc hủy buổi đó trước (/lichhop hủy {VnText.Date(day)}).");
            return;
        }
        var before = cell.MeetingIn(day.Year, day.Month);
        var scheduled = cell.ScheduledIn(day.Year, day.Month);
        if (when == before)
        {
            turn.Say($"Buổi sinh hoạt thường kỳ tháng {month} của {cell.Name} đã là {VnText.MeetingAt(when)}; không có gì thay đổi.");
            return;
        }
        var key = MovedMeeting.MonthKey(day.Year, day.Month);
        cell.Moved ??= [];
        var earlier = cell.MovedIn(day.Year, day.Month)?.EarlierOfNext() ?? [];
        // Moves of months long past are of no more use: two years are kept (reports of late meetings read them).
        cell.Moved.RemoveAll(m => m.Month == key || string.CompareOrdinal(m.Month, Summaries.Period.KeyOf(today.AddYears(-2))) < 0);
        cell.Moved.Add(new MovedMeeting
        {
            Month = key, Day = day.Day, Time = Inputs.FormatTime((int)when.TimeOfDay.TotalMinutes), Before = MovedMeeting.Stamp(before), Earlier = earlier, Why = why,
            ById = turn.Member!.Id, AtUtc = turn.UtcNow,
        });
        turn.Store.Cells.Update(cell);
        turn.Audit("cell.meeting_moved", cell.Id, $"Buổi sinh hoạt tháng {month}: {VnText.MeetingAt(before)} → {VnText.MeetingAt(when)}" + (why == "" ? "" : $" ({why})"));

        var answered = turn.Store.Rsvps.Find(r => r.CellId == cell.Id && r.MeetingDate == before.Date).Count();
        // Back to the schedule before anyone heard of the move: nothing changed for them, and nothing is told.
        var told = HasGroup(turn, cell) ? "Bot báo vào nhóm chi bộ" + (when == scheduled ? " nếu nhóm đã được báo ngày dời" : "") + (answered > 0 ? $" ({answered} đồng chí đã trả lời cho ngày {VnText.Date(before)} được mời trả lời lại)" : "") +
                                          ", nhắc lịch theo ngày mới"
            : $"{NoGroup}. Bot nhắc lịch theo ngày mới";
        var staff = StaffTold(turn, cell, when) != "" ? " và báo cấp ủy viên cấp trên được phân công dự" : "";
        var holiday = ChiBo.Rules.Holidays.IsHoliday(day) ? $"\n⚠ {VnText.Date(day)} cũng là ngày nghỉ lễ, tết." : "";
        turn.Say(when == scheduled
            ? $"Buổi sinh hoạt thường kỳ tháng {month} của {cell.Name} trở lại theo lịch: {VnText.MeetingAt(when)} (không họp {VnText.MeetingAt(before)} như đã dời). {told}{staff}.{holiday}"
            : $"Đã dời buổi sinh hoạt thường kỳ tháng {month} của {cell.Name} sang {VnText.MeetingAt(when)} (theo lịch: {VnText.MeetingAt(scheduled)}). " +
              $"{told}{staff}. Lịch thường kỳ vẫn là {cell.ScheduleText()}.{holiday}");
    }

    /// <summary>
    /// The day and time of "&lt;ngày&gt;[, &lt;giờ&gt;] [words]" (the time defaults to the schedule's; a day and month already past this
    /// year is next year's) and the words after them as typed; null, and the reason said, when the day does not exist, the
    /// time is not understood, or it is past or more than a year ahead.
    /// </summary>
    static (DateTime When, string Words)? DayAndTime(Turn turn, Cell cell, string clean, Match m, string example, string verb, bool timeMatters = true)
    {
        var typed = m.Groups["date"].Value;
        var today = turn.Now.Date;
        if (Inputs.DayAhead(typed, today) is not { } day)
        {
            turn.Say($"Không có ngày {typed}. Gõ ví dụ: {example}");
            return null;
        }
        var rest = m.Groups["rest"];
        var time = Inputs.Time(cell.MeetingTime)!.Value;
        var wordsFrom = rest.Index;
        if (rest.Length > 0 && TimeFirst().Match(rest.Value) is { Success: true } at)
        {
            var t = at.Groups["time"];
            if (Inputs.Time(t.Value) is not { } typedTime)
            {
                turn.Say($"Chưa hiểu giờ \"{Inputs.Preview(clean.Substring(rest.Index + t.Index, t.Length))}\". Gõ ví dụ: {example}");
                return null;
            }
            time = typedTime;
            wordsFrom += at.Length;
        }
        var when = day.AddMinutes(time);
        if (timeMatters ? when <= turn.Now : day < today)
        {
            turn.Say($"{VnText.MeetingAt(when)} đã qua. Buổi đã họp thì ghi bằng /sinhhoat; {verb} buổi sắp tới thì gõ ngày chưa đến, ví dụ {example}");
            return null;
        }
        if (day > today.AddYears(1))
        {
            turn.Say($"Chỉ {verb} được buổi sinh hoạt trong 12 tháng tới (đến {VnText.Date(today.AddYears(1))}).");
            return null;
        }
        return (when, clean[Math.Min(clean.Length, wordsFrom)..].Trim());
    }

    /// <summary>
    /// /lichhop chuyên đề 18/12/2026, 19:30 [chủ đề] · /lichhop bất thường 15/12/2026, 19:30: &lt;nội dung&gt; · /lichhop hủy 18/12/2026 —
    /// a meeting called besides the regular one (a thematic meeting on its own day takes the quarter's planned topic when
    /// none is typed; an extraordinary one says what for). The group is told and answers for that day; cancelling is told too.
    /// </summary>
    static void Call(Turn turn, Cell cell, string clean, Match m)
    {
        var cancel = m.Groups["cancel"].Success;
        var kind = cancel ? MeetingKind.THEMATIC : m.Groups["kind"].Value.StartsWith('c') ? MeetingKind.THEMATIC : MeetingKind.EXTRAORDINARY;
        var example = cancel ? "/lichhop hủy 18/12/2026" : kind == MeetingKind.THEMATIC ? "/lichhop chuyên đề 18/12/2026, 19:30 <chủ đề>"
            : "/lichhop bất thường 15/12/2026, 19:30: <nội dung>";
        // Cancelling names a day (the time typed, if any, is the one called).
        if (DayAndTime(turn, cell, clean, m, example, cancel ? "hủy" : "báo", timeMatters: !cancel) is not var (when, words)) return;
        var day = when.Date;
        cell.Called ??= [];
        if (cancel)
        {
            if (cell.CalledOn(day) is not { } called)
            {
                var regular = cell.MeetingIn(day.Year, day.Month).Date == day;
                turn.Say(regular
                    ? $"{VnText.Date(day)} là buổi sinh hoạt thường kỳ: chi bộ sinh hoạt mỗi tháng một lần, không hủy; họp ngày khác thì dời: /lichhop {Example(cell, turn.Now)}."
                    : $"Chưa có buổi sinh hoạt nào được báo ngày {VnText.Date(day)}." + Upcoming(cell, turn.Now, "\nCác buổi đã báo:"));
                return;
            }
            if (called.When() <= turn.Now)
            {
                turn.Say($"Buổi {called.Title()} lúc {VnText.MeetingAt(called.When())} đã đến giờ họp; không hủy được nữa. Nếu chi bộ đã họp, ghi bằng /sinhhoat.");
                return;
            }
            called.CancelledAtUtc = turn.UtcNow;
            turn.Store.Cells.Update(cell);
            turn.Audit("cell.meeting_cancelled", cell.Id, $"Hủy buổi {called.Title()} {VnText.MeetingAt(called.When())}");
            turn.Say($"Đã hủy buổi {called.Title()} lúc {VnText.MeetingAt(called.When())}. " +
                     (HasGroup(turn, cell) ? "Bot báo hủy vào nhóm chi bộ (nếu nhóm đã được báo buổi này)." : "Chi bộ chưa liên kết nhóm: đồng chí báo cho đảng viên.") +
                     StaffTold(turn, cell, called.When(), " (nếu đã được báo buổi này)"));
            return;
        }
        var topic = words.Trim(' ', ',', ';', ':', '-', '(', ')');
        if (topic.Length > TopicPlans.MaxTopicLength) topic = topic[..TopicPlans.MaxTopicLength];
        if (!VnText.HasWords(topic)) topic = "";
        if (kind == MeetingKind.THEMATIC && topic == "")
            topic = TopicPlans.PlannedFor(turn.Store, cell.Id, day) ?? "";
        if (topic == "")
        {
            turn.Say(kind == MeetingKind.THEMATIC
                ? $"Chủ đề buổi chuyên đề là gì? Gõ sau giờ họp, ví dụ: /lichhop chuyên đề {VnText.Date(day)}, {when:HH:mm} Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; hoặc đặt kế hoạch quý: /chuyende quý {TopicPlan.QuarterOf(day)}: <chủ đề>."
                : $"Buổi sinh hoạt bất thường để làm gì? Gõ nội dung sau giờ họp, ví dụ: /lichhop bất thường {VnText.Date(day)}, {when:HH:mm}: xem xét đề nghị kết nạp đảng viên.");
            return;
        }
        if (cell.MeetingIn(day.Year, day.Month).Date == day)
        {
            turn.Say($"{VnText.Date(day)} là ngày sinh hoạt thường kỳ của {cell.Name} ({VnText.MeetingAt(cell.MeetingIn(day.Year, day.Month))}); nhóm chi bộ được nhắc lịch buổi đó. " +
                     (kind == MeetingKind.THEMATIC ? "Sinh hoạt thường kỳ kết hợp chuyên đề thì khi ghi buổi họp chọn \"Thường kỳ + chuyên đề\" (tối thiểu 120 phút, 42-HD/BTCTW); " : "") +
                     "họp riêng thì chọn ngày khác.");
            return;
        }
        var before = cell.CalledOn(day);
        // A real limit: a cell calls a few meetings ahead (a thematic one a quarter, now and then an extraordinary one).
        if (before is null && cell.Called.Count(c => c.CancelledAtUtc is null && c.When() > turn.Now) >= MaxCallsAhead)
        {
            turn.Say($"{cell.Name} đã báo {MaxCallsAhead} buổi sinh hoạt sắp tới, ngoài buổi thường kỳ. Hủy buổi không họp (/lichhop hủy <ngày>) rồi báo thêm." +
                     Upcoming(cell, turn.Now, "\nCác buổi đã báo:"));
            return;
        }
        var meeting = new CalledMeeting
        {
            Date = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Time = Inputs.FormatTime((int)when.TimeOfDay.TotalMinutes),
            Kind = kind, Topic = topic, ById = turn.Member!.Id, AtUtc = turn.UtcNow,
        };
        // Called again for the same day (or after cancelling it): this one stands, with a new notice; those a year past are of no more use.
        var yearAgo = turn.Now.AddYears(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        cell.Called.RemoveAll(c => c.Date == meeting.Date || string.CompareOrdinal(c.Date, yearAgo) < 0);
        cell.Called.Add(meeting);
        turn.Store.Cells.Update(cell);
        turn.Audit("cell.meeting_called", cell.Id, $"Báo lịch {meeting.Title()} {VnText.MeetingAt(when)}" + (before is null ? "" : " (thay lịch đã báo)"));
        turn.Say($"Đã báo lịch {meeting.Title()} của {cell.Name}: {VnText.MeetingAt(when)}" + (cell.Venue == "" ? "" : $", tại {cell.Venue}") + ". " +
                 Told(turn, cell) + StaffTold(turn, cell, when) + " Họp xong ghi bằng /sinhhoat, chọn \"" + MeetingKinds.Label(kind) + "\". Hủy: /lichhop hủy " + VnText.Date(day) + ".");
    }

    /// <summary>What the members will be told, and how.</summary>
    static string Told(Turn turn, Cell cell) => HasGroup(turn, cell)
        ? "Bot báo vào nhóm chi bộ (đảng viên trả lời có mặt, vắng) và nhắc trước 3 ngày, 1 ngày, sáng hôm họp."
        : NoGroup + ".";

    /// <summary>The cell has a group chat linked, where the reminder sweep tells its members.</summary>
    static bool HasGroup(Turn turn, Cell cell) => turn.Store.GroupChats.Find(g => g.CellId == cell.Id).Any();

    const string NoGroup = "Chi bộ chưa liên kết nhóm: đồng chí báo cho đảng viên (liên kết nhóm: gõ /lienket trong nhóm chi bộ)";

    /// <summary>" Cấp ủy viên cấp trên được phân công dự cũng được báo." when a staff member is assigned to attend that meeting.</summary>
    static string StaffTold(Turn turn, Cell cell, DateTime when, string provided = "") =>
        turn.Store.Assignments.Find(a => a.CellId == cell.Id).Any(a => StaffAttendance.Covers(a, cell, when)) ? $" Cấp ủy viên cấp trên được phân công dự cũng được báo{provided}." : "";

    /// <summary>The called meetings still to come, one line each, after a heading; "" when none.</summary>
    static string Upcoming(Cell cell, DateTime now, string heading)
    {
        var lines = (cell.Called ?? []).Where(c => c.CancelledAtUtc is null && c.When() > now).OrderBy(c => c.When())
            .Select(c => $"• {VnText.MeetingAt(c.When())}: {c.Title()}").ToList();
        return lines.Count == 0 ? "" : heading + "\n" + string.Join('\n', lines);
    }

    /// <summary>" (dời từ 01/01/2027)" when the month's meeting is not on the schedule's day.</summary>
    public static string MovedFrom(Cell cell, DateTime meeting) =>
        cell.MovedIn(meeting.Year, meeting.Month) is { } move && cell.ScheduledIn(meeting.Year, meeting.Month) is var scheduled && scheduled != meeting
            ? move.Rescheduled ? " (theo lịch cũ)" : $" (dời từ {VnText.Date(scheduled)})" : "";

    /// <summary>The months from this one on whose meeting was moved off the schedule, one line each.</summary>
    static string MovesAhead(Cell cell, DateTime now)
    {
        var from = Summaries.Period.KeyOf(now);
        var lines = (cell.Moved ?? []).Where(m => string.CompareOrdinal(m.Month, from) >= 0 && m.When() is var at && at > now
                && at != cell.ScheduledIn(at.Year, at.Month) && !m.Rescheduled)
            .OrderBy(m => m.Month, StringComparer.Ordinal)
            .Select(m => $"Buổi tháng {VnText.MonthOf(m.When())} đã dời sang {VnText.MeetingAt(m.When())}{(m.Why == "" ? "" : $" ({m.Why})")}.\n");
        return string.Concat(lines);
    }

    /// <summary>
    /// "/lichhop 10/12/2026, 19:30": a make-up day for this month's missed meeting, three days on (else the nearest day
    /// left in the month) at the cell's time, never a public holiday or the day of a meeting the cell has called; null when
    /// no such day is left in the month.
    /// </summary>
    public static string? MakeUpExample(Cell cell, DateTime now)
    {
        var end = new DateTime(now.Year, now.Month, DateTime.DaysInMonth(now.Year, now.Month));
        var called = (cell.Called ?? []).Where(c => c.CancelledAtUtc is null).Select(c => c.When().Date).ToHashSet();
        bool Free(DateTime d) => !ChiBo.Rules.Holidays.IsHoliday(d) && !called.Contains(d);
        var later = Enumerable.Range(3, Math.Max(0, (end - now.Date).Days - 2)).Select(n => now.Date.AddDays(n));
        var sooner = Enumerable.Range(1, 2).Select(n => now.Date.AddDays(3 - n)).Where(d => d <= end);
        return later.Concat(sooner).FirstOrDefault(Free) is var day && day != default ? $"/lichhop {VnText.Date(day)}, {cell.MeetingTime}" : null;
    }

    /// <summary>An example of a move: the next meeting a day later, at its time.</summary>
    static string Example(Cell cell, DateTime now)
    {
        var next = cell.NextMeeting(now);
        var later = next.AddDays(1).Month == next.Month ? next.AddDays(1) : next.AddDays(-1);
        return $"{VnText.Date(later)}, {next:HH:mm}";
    }

    /// <summary>
    /// /lichhop &lt;chi bộ&gt;: thời lượng &lt;phút&gt; &lt;căn cứ&gt; — the shorter minimum length the competent committee set for a small
    /// cell (42-HD/BTCTW), with its decision; "thời lượng bỏ" returns to the procedure's. Staff and admins only (audited).
    /// </summary>
    static void MinimumLength(Turn turn, string text)
    {
        var store = turn.Store;
        var me = turn.Member!;
        var colon = text.IndexOf(':');
        var cell = colon > 0 ? CellPicker.Named(turn, Authorizer.VisibleCells(store, me).ToList(), text[..colon].Trim(), "lichhop", "phạm vi đồng chí được xem")
            : Authorizer.LedCell(store, me);
        if (cell is null)
        {
            if (colon <= 0) turn.Say("Gõ: /lichhop <tên chi bộ>: thời lượng 60 <số, ngày văn bản của cấp ủy> (cán bộ cấp trên, quản trị).");
            return;
        }
        if (!Authorizer.CanManageLeaders(store, me, cell))
        {
            turn.Say($"Thời lượng tối thiểu ngắn hơn cho chi bộ ít đảng viên do cấp ủy có thẩm quyền quy định (42-HD/BTCTW); cán bộ cấp trên ghi: /lichhop {cell.Name}: thời lượng <phút> <căn cứ>.");
            return;
        }
        var rest = (colon > 0 ? text[(colon + 1)..] : text).Trim();
        var m = MinimumPattern().Match(VnText.Fold(rest));
        if (m.Success && m.Groups["clear"].Success)
        {
            var before = cell.MinMinutes;
            (cell.MinMinutes, cell.MinMinutesBasis) = (null, "");
            store.Cells.Update(cell);
            Refresh(turn, cell);
            turn.Audit("cell.min_minutes", cell.Id, $"Thời lượng tối thiểu: {before} phút → theo quy trình chung");
            turn.Say($"Đã bỏ mức riêng: {cell.Name} theo thời lượng tối thiểu của quy trình chung (42-HD/BTCTW).");
            return;
        }
        var basis = m.Success ? rest[Math.Min(rest.Length, m.Length)..].Trim(' ', ',', ';', '-', '(', ')') : "";
        if (!m.Success || !int.TryParse(m.Groups["min"].Value, out var minutes) || minutes is < 30 or > 240 || !VnText.HasWords(basis) || basis.Length > 200)
        {
            turn.Say($"Gõ số phút (từ 30 đến 240) và căn cứ, ví dụ: /lichhop {cell.Name}: thời lượng 60 theo Công văn 15-CV/ĐU ngày 02/12/2026. Bỏ mức riêng: /lichhop {cell.Name}: thời lượng bỏ.");
            return;
        }
        (cell.MinMinutes, cell.MinMinutesBasis) = (minutes, basis);
        store.Cells.Update(cell);
        Refresh(turn, cell);
        turn.Audit("cell.min_minutes", cell.Id, $"Thời lượng tối thiểu {minutes} phút ({basis})");
        turn.Say($"Đã ghi: buổi sinh hoạt của {cell.Name} tối thiểu {minutes} phút ({basis}); bot đối chiếu thời lượng, chấm điểm và tổng hợp theo mức này.");
    }

    /// <summary>The cell's monthly roll-ups count short meetings: read again with the new minimum.</summary>
    static void Refresh(Turn turn, Domain.Cell cell)
    {
        foreach (var month in turn.Store.Meetings.Find(m => m.CellId == cell.Id).Select(m => m.Month).Distinct().ToList())
            Summaries.CellMonth.Refresh(turn.Store, turn.Templates, cell.Id, month);
    }

    [GeneratedRegex(@"^thoi\s*luong\s*(?:(?<clear>bo|mac dinh|chung)\b|(?<min>\d{1,3})\s*(?:phut)?)")]
    private static partial Regex MinimumPattern();

    /// <summary>A time of day as typed (folded): "19:30", "19h", "7 giờ tối", "7 giờ rưỡi" (a time has ":", "h", "giờ" or a part of the day).</summary>
    const string TimeText = @"(?<time>\d{1,2}(?:\s*[:h.]\s*\d{0,2}|\s*gio(?:\s*\d{1,2})?(?:\s*ruoi)?)(?:\s*(?:p|phut))?(?:\s*(?:buoi\s+)?(?:sang|trua|chieu|toi|dem))?)";

    /// <summary>A day "04/01", "4-1-2027" (read by <see cref="Inputs.DayAhead"/>), then what follows it: the time and the words.</summary>
    const string DayThenRest = @"(?<date>\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?)(?![\d/.-])\s*[,;]?\s*(?<rest>.*)$";

    /// <summary>"thứ 7 đầu tiên, 19:30", "thứ bảy tuần cuối lúc 8 giờ sáng", "thứ 2" (which one is asked).</summary>
    [GeneratedRegex(@"^(?:vao\s*)?(?:ngay\s*)?" + ScheduleDays.Pattern + @"\s*(?:[,;]|luc\b|vao\b)?\s*(?<time>\d.*?)?\s*$")]
    private static partial Regex WeekdaySchedule();

    /// <summary>"ngày 5 hằng tháng, 19:30", "5, 7 giờ tối", "ngày 5": a day not run into a time ("25:00" is no day 2 at 5:00).</summary>
    [GeneratedRegex(@"^(?:ngay\s*)?(?<day>\d{1,2})(?![\d:h.])(?:\s*hang thang)?\s*(?:[,;]|luc\b|vao\b)?\s*(?<time>\S.*?)?\s*$")]
    private static partial Regex Schedule();

    /// <summary>
    /// A moved meeting: "04/01/2027, 19:30 vì …", "dời sang ngày 4/1 lúc 19h", "buổi tháng này 28/12" (folded). The date has
    /// "/", "-" or "."; "rest" is the time and the reason.
    /// </summary>
    [GeneratedRegex(@"^(?:(?:doi|chuyen|hoan|lui|hop)\b\s*)?(?:buoi\s*(?:hop|sinh hoat)?\s*)?(?:thang\s*(?:nay|toi|sau|\d{1,2}(?:/\d{4})?)\s*)?(?:(?:sang|den|vao|qua)\b\s*)?(?:ngay\s*)?" + DayThenRest)]
    private static partial Regex MoveDate();

    /// <summary>A called meeting (folded): "chuyen de 18/12/2026, 19:30 …", "hop bat thuong ngay 15/12 …", "huy 18/12".</summary>
    [GeneratedRegex(@"^(?:hop\s*)?(?:buoi\s*)?(?:sinh\s*hoat\s*)?(?:(?<kind>chuyen\s*de|bat\s*thuong)|(?<cancel>huy|bo)\b(?:\s*buoi)?(?:\s*(?:hop|sinh\s*hoat))?(?:\s*(?:chuyen\s*de|bat\s*thuong))?)\s*(?:(?:vao|luc)\s*)?(?:ngay\s*)?" + DayThenRest)]
    private static partial Regex CallDate();

    /// <summary>The words of a called meeting or a cancellation without a day that reads as one (folded).</summary>
    [GeneratedRegex(@"^(?:hop\s*)?(?:buoi\s*)?(?:sinh\s*hoat\s*)?(?:chuyen\s*de|bat\s*thuong|huy|bo)\b")]
    private static partial Regex CallWord();

    /// <summary>A time at the start of the rest of a move: "19:30", "lúc 19h", "7 giờ tối" (folded).</summary>
    [GeneratedRegex(@"^(?:luc\s*)?" + TimeText + @"(?![\d])\s*[,;.]?\s*")]
    private static partial Regex TimeFirst();

    /// <summary>Words that introduce a reason: "vì", "do", "lý do:" (as typed, with or without diacritics).</summary>
    [GeneratedRegex(@"^(?:v[iì]|do|l[ýyí] do|l[ýyí] do l[àa])\b\s*:?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ReasonWords();

    /// <summary>A time alone: "19:30", "lúc 19h", "7 giờ tối" (a time has ":", "h", "giờ" or a part of the day).</summary>
    [GeneratedRegex(@"^(?:luc\s*)?" + TimeText + @"\s*$")]
    private static partial Regex TimeOnly();
}
