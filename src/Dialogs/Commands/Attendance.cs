using System.Globalization;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using System.Text.RegularExpressions;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// /comat and /vang &lt;lý do&gt; — a member answers the notice of their cell's next meeting (the notice's buttons
/// send the same commands). The notices in the group are edited to show the tally instead of one message per
/// answer; a reason for absence is asked for privately and stays with the secretary.
/// </summary>
public static partial class Attendance
{
    public static IReadOnlyList<Choice> NoticeButtons(DateTime meeting) =>
        [new($"cmd:/comat {meeting:yyyy-MM-dd}", "Có mặt"), new($"cmd:/vang {meeting:yyyy-MM-dd}", "Vắng (có lý do)")];

    const int ReasonMaxLength = 500;

    public static void Present(Turn turn, string args) => Answer(turn, args, present: true);
    public static void Absent(Turn turn, string args) => Answer(turn, args, present: false);

    static void Answer(Turn turn, string args, bool present)
    {
        var member = turn.Member!;
        var cell = member.CellId is null ? null : turn.Store.Cells.FindById(member.CellId);
        if (cell is null)
        {
            turn.Say("Chỉ đảng viên của chi bộ mới trả lời thông báo sinh hoạt.");
            return;
        }
        if (member.Suspension is { } suspension)
        {
            turn.Say($"Đồng chí đang bị đình chỉ sinh hoạt đảng ({suspension.Decision}): trong thời gian này đồng chí không được triệu tập " +
                     "sinh hoạt chi bộ, không cần trả lời thông báo.");
            return;
        }
        // The notice's buttons name the meeting ("/comat 2026-12-03"); typed, it is the cell's next meeting.
        var rest = VnText.Clean(args);
        DateTime meeting;
        if (rest.Length >= 10 && DateTime.TryParseExact(rest[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var named))
        {
            meeting = named;
            rest = rest[10..].Trim();
        }
        else if (TypedDate().Match(rest) is { Success: true } typed) // "/comat 05/01", "/vang ngày 5/1 ốm"
        {
            // A day and month without a year already past this year is next year's (in December, "05/01").
            if (Inputs.DayAhead(typed.Groups["date"].Value, turn.Now.Date) is not { } day)
            {
                turn.Say($"Không có ngày {typed.Groups["date"].Value}. Buổi sinh hoạt tới của {cell.Name}: {VnText.Date(cell.NextGathering(turn.Now).When)} (/{(present ? "comat" : "vang")}).");
                return;
            }
            meeting = day;
            rest = rest[typed.Length..].Trim();
        }
        else if (present && rest.Any(char.IsAsciiDigit)) // a day not understood ("/comat 3 tháng 1"); words ("/comat ạ") are kind, not a day
        {
            var next = cell.NextGathering(turn.Now).When;
            turn.Say($"Chưa hiểu \"{Inputs.Preview(rest)}\". Báo có mặt buổi tới ({VnText.Date(next)}): /comat · buổi khác: /comat <ngày>, ví dụ /comat {next:dd/MM}.");
            return;
        }
        else meeting = cell.NextGathering(turn.Now).When.Date;
        if (meeting < turn.Now.Date)
        {
            turn.Say($"Buổi sinh hoạt ngày {VnText.Date(meeting)} đã qua.");
            return;
        }
        // A date typed by hand (or on a notice from before the schedule changed): only a scheduled meeting, within two months.
        if (meeting != cell.MeetingIn(meeting.Year, meeting.Month).Date && cell.CalledOn(meeting) is null || meeting > turn.Now.Date.AddDays(62))
        {
            var command = present ? "/comat" : "/vang";
            var moved = cell.MovedIn(meeting.Year, meeting.Month) is not null ? cell.MeetingIn(meeting.Year, meeting.Month) : (DateTime?)null;
            turn.Say(moved is { } to && to > turn.Now
                ? $"Buổi sinh hoạt thường kỳ tháng {VnText.MonthOf(to)} của {cell.Name} đã dời sang {VnText.MeetingAt(to)}; trả lời cho ngày mới: " +
                  $"{command} {to:dd/MM}{(present ? "" : " <lý do>")}."
                : $"Chi bộ không có buổi sinh hoạt nào ngày {VnText.Date(meeting)} theo lịch. Buổi tới: {VnText.MeetingAt(cell.NextGathering(turn.Now).When)}; " +
                  "trả lời bằng /comat hoặc /vang <lý do>.");
            return;
        }
        if (rest.Length > ReasonMaxLength) rest = rest[..ReasonMaxLength];
        var hasReason = !present && rest.Any(char.IsLetter); // "5" is a suggestion's number missed, never a reason
        var key = Rsvp.KeyOf(cell.Id, meeting, member.Id);
        var before = turn.Store.Rsvps.FindById(key);
        if (turn.AnswersQuestion && before is { } answered && (answered.Present || answered.Reason.Length > 0))
        {
            // The question "why absent?" was answered in the group since (a reason given, or "Có mặt"): not this text.
            turn.Say($"Đồng chí đã trả lời buổi sinh hoạt ngày {VnText.Date(meeting)}: " +
                     (answered.Present ? "có mặt" : $"vắng có lý do ({Inputs.Preview(answered.Reason)})") +
                     ". Muốn đổi: /comat hoặc /vang <lý do>. Gõ /trogiup để xem các lệnh.");
            return;
        }
        var rsvp = new Rsvp
        {
            Id = key, CellId = cell.Id, MeetingDate = meeting, MemberId = member.Id, Present = present,
            // A later "Vắng" tap without words keeps the reason given before.
            Reason = present ? "" : hasReason ? AbsenceReasons.AsWritten(rest) : before is { Present: false } ? before.Reason : "", AtUtc = turn.UtcNow,
        };
        turn.Store.Rsvps.Upsert(rsvp);
        var tally = TallyLine(Tally(turn, cell, meeting));
        var edited = ShowTally(turn, cell, meeting, tally);
        var reasonKnown = hasReason || before is { Present: false, Reason.Length: > 0 };

        if (turn.InGroup)
        {
            // In the group the edited notice is the answer; without a notice to edit, a short reply.
            if (!edited) turn.Say(present
                ? $"✔ Đ/c {member.Name} sẽ có mặt buổi sinh hoạt ngày {VnText.Date(meeting)}. ({tally})"
                : $"Đã ghi Đ/c {member.Name} vắng buổi ngày {VnText.Date(meeting)}. ({tally})");
            if (!present && !reasonKnown) AskReason(turn, cell, meeting);
            return;
        }
        if (present) turn.Say($"✔ Đã ghi đồng chí có mặt buổi sinh hoạt ngày {VnText.Date(meeting)} của {cell.Name}. ({tally})");
        else if (!reasonKnown)
        {
            if (rest != "") turn.Say($"\"{Flows.Steps.Inputs.Preview(rest)}\" không phải lý do. Đồng chí chọn một lý do (gõ số thứ tự) hoặc gõ lý do bằng chữ.");
            AskReason(turn, cell, meeting);
        }
        else turn.Say($"Đã ghi đồng chí vắng có lý do buổi ngày {VnText.Date(meeting)}" +
                      (hasReason ? $" ({Flows.Steps.Inputs.Preview(rsvp.Reason)})" : "") + $"; bí thư sẽ nắm lý do. ({tally})");
    }

    /// <summary>Asks the member, in their private chat, why they will be absent: common reasons as buttons, or typed.</summary>
    static void AskReason(Turn turn, Cell cell, DateTime meeting)
    {
        var date = meeting.ToString("yyyy-MM-dd");
        var text = $"Đồng chí báo vắng buổi sinh hoạt ngày {VnText.Date(meeting)} của {cell.Name}. Đồng chí cho biết lý do để bí thư nắm (chọn hoặc gõ lý do)?";
        var reasons = AbsenceReasons.ToMember.Select(r => new Choice($"cmd:/vang {date} {r}", r)).ToList();
        var privateChat = turn.Store.Identities.FindOne(i => i.Channel == turn.Update.Channel && i.MemberId == turn.Member!.Id)?.PlatformUserId ?? turn.Update.UserId;
        // In the middle of a flow in that chat the question must not take over its answers: then it is a notice.
        var privateKey = $"{turn.Update.Channel}:{privateChat}";
        var busy = turn.SessionOf(privateKey) is not null;
        var reply = busy
            ? new Reply(text + $" Gõ: /vang {date} <lý do>", reasons, ChoicesOnly: false, Notice: true)
            : new Reply(text, reasons, ChoicesOnly: false, AnswerCommand: $"vang {date}", NumberedSuggestions: true);
        if (turn.InGroup) turn.SayTo(privateChat, ChatKind.Private, reply);
        else turn.Say(reply);
    }

    /// <summary>Edits the latest notice of the meeting in each chat it went to, so it shows the tally. True when one in this chat was edited.</summary>
    static bool ShowTally(Turn turn, Cell cell, DateTime meeting, string tally)
    {
        var notices = Outbox.Tagged(turn.Store, Rsvp.NoticeTag(cell.Id, meeting)).DistinctBy(o => (o.Channel, o.ChatId)).ToList();
        foreach (var n in notices)
            Outbox.Edit(turn.Store, n.Channel, n.ChatId, n.IsGroup ? ChatKind.Group : ChatKind.Private, n.PlatformMessageIds[^1],
                $"{n.Text}\n\n📋 {tally}", turn.UtcNow, keepCommands: n.Choices);
        return notices.Any(n => n.Channel == turn.Update.Channel && n.ChatId == turn.Update.ChatId);
    }

    static string TallyLine((int Yes, int No, int Waiting) t) => $"Có mặt: {t.Yes} · Vắng có lý do: {t.No} · Chưa trả lời: {t.Waiting}";

    /// <summary>
    /// Answers so far for a meeting, of the members on the roll: coming (an exempt member who comes too), absent and not
    /// yet answered (of the members who must attend: an exempt member's answer is no one's that was awaited).
    /// </summary>
    public static (int Yes, int No, int Waiting) Tally(Turn turn, Cell cell, DateTime meeting)
    {
        var answers = turn.Store.Rsvps.Find(r => r.CellId == cell.Id && r.MeetingDate == meeting).ToDictionary(r => r.MemberId);
        var roster = turn.Store.Members.Find(m => m.CellId == cell.Id && !m.Removed).Where(m => !m.Suspended).ToList();
        var summoned = roster.Where(Attendee.Summoned).ToList();
        return (roster.Count(m => answers.GetValueOrDefault(m.Id) is { Present: true }),
                summoned.Count(m => answers.GetValueOrDefault(m.Id) is { Present: false }),
                summoned.Count(m => !answers.ContainsKey(m.Id)));
    }

    /// <summary>A day typed before the rest: "05/01", "5/1/2027", "ngày 5-1" (then, for /vang, the reason).</summary>
    [GeneratedRegex(@"^(?:ngày|ngay)?\s*(?<date>\d{1,2}[/.-]\d{1,2}(?<year>[/.-]\d{2,4})?)(?=\s|$|[,;:])[,;:]?", RegexOptions.IgnoreCase)]
    private static partial Regex TypedDate();
}
