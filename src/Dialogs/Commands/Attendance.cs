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
        if (!present) rest = AbsenceReasons.Typed(rest); // "/vang vì ốm ạ": "ốm"
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
            Reason = present ? "" : hasReason ? rest : before is { Present: false } ? before.Reason : "", AtUtc = turn.UtcNow,
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
            // A reason given after "vắng" changes nothing the group sees (the tally counts, reasons stay private): the member
            // is told privately that it reached the secretary (their question "why absent?" is answered by it).
            else if (hasReason && before is { Present: false } && rsvp.Reason != before.Reason)
                turn.SayTo(PrivateChatOf(turn), ChatKind.Private, new Reply(
                    $"Đã ghi đồng chí vắng có lý do buổi sinh hoạt ngày {VnText.Date(meeting)} của {cell.Name} ({Inputs.Preview(rsvp.Reason)}); bí thư sẽ nắm lý do. Có mặt được thì gõ /comat.",
                    Notice: true)); // a notice: a task under way in that chat keeps its question
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

    /// <summary>
    /// A reply in the group to one of the cell's meeting notices (Telegram: "có mặt", "vắng vì ốm" answering the notice
    /// itself): the answer for that meeting, as its buttons would give it. False, and nothing said, when the message
    /// replied to is not a notice of a meeting still to come.
    /// </summary>
    public static bool RepliedToNotice(Turn turn, string messageId, string text)
    {
        if (turn.Member?.CellId is not { } cellId || turn.Store.Cells.FindById(cellId) is not { } cell) return false;
        var today = turn.Now.Date;
        var ahead = new[] { today, today.AddMonths(1) }.Select(m => cell.MeetingIn(m.Year, m.Month).Date)
            .Concat((cell.Called ?? []).Where(c => c.CancelledAtUtc is null).Select(c => c.When().Date))
            .Where(d => d >= today).Distinct();
        // The notices of those meetings in this chat; the one replied to (or, where the channel does not say which, the latest).
        var notices = ahead.SelectMany(d => Outbox.Tagged(turn.Store, Rsvp.NoticeTag(cell.Id, d))
                .Where(o => o.Channel == turn.Update.Channel && o.ChatId == turn.Update.ChatId).Select(o => (Day: d, o.Id, o.PlatformMessageIds)))
            .ToList();
        var replied = messageId == "" ? notices.OrderByDescending(n => n.Id).FirstOrDefault() : notices.FirstOrDefault(n => n.PlatformMessageIds.Contains(messageId));
        if (replied.Day == default) return false;
        var meeting = replied.Day;
        var answer = ReadReply(text);
        // Not known to answer the notice (Zalo: a mention about something else): not taken for an answer, nothing said.
        if (answer is null && messageId == "") return false;
        switch (answer)
        {
            case (true, _): Answer(turn, $"{meeting:yyyy-MM-dd}", present: true); break;
            case (false, var reason): Answer(turn, $"{meeting:yyyy-MM-dd} {reason}", present: false); break;
            default:
                turn.Say(new Reply($"Chưa rõ Đ/c {turn.Member.Name} có mặt hay vắng buổi ngày {VnText.Date(meeting)}. Đồng chí bấm nút bên dưới, hoặc trả lời thông báo \"có mặt\" hay \"vắng, <lý do>\".",
                    NoticeButtons(meeting), Notice: true));
                break;
        }
        return true;
    }

    /// <summary>
    /// "em xin phép vắng buổi họp vì ốm" written to the bot in private, with no question asked: the /vang it means (the
    /// reason after the words that say absent) for the member's next meeting. Only with a word that says absent, with its
    /// diacritics ("vang" may be "vâng"); null otherwise, or for someone with no cell.
    /// </summary>
    public static (DateTime? Meeting, string Args)? AbsenceSaid(Turn turn, string text)
    {
        if (turn.Member?.CellId is not { } cellId || turn.Store.Cells.FindById(cellId) is not { } cell) return null;
        if (!AbsentWords().IsMatch(VnText.Clean(text).ToLower(VnText.Culture)) || ReadReply(text) is not (false, var reason)) return null;
        // A day in the words ("vắng ngày 5/1 vì ốm") is /vang's to read: then no meeting is named here.
        return (reason.Any(char.IsAsciiDigit) ? null : cell.NextGathering(turn.Now).When, reason);
    }

    /// <summary>
    /// What a typed reply to a notice says: coming ("có", "có mặt ạ", "em tham dự", "ok"), absent with the reason after
    /// the words that say so ("vắng vì ốm" → "ốm", "em xin phép không dự được do đi công tác" → "đi công tác"), or null
    /// when unclear ("vang" without diacritics is "vâng" or "vắng").
    /// </summary>
    public static (bool Present, string Reason)? ReadReply(string text)
    {
        var words = VnText.Clean(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        static string Word(string w) => w.Trim(',', '.', ':', ';', '-', '!', '?', '(', ')').ToLower(VnText.Culture);
        var exact = string.Join(' ', words.Select(Word).Where(w => w != ""));
        var folded = VnText.Fold(exact);
        var absent = AbsentWords().Match(exact);
        if (absent.Success || exact == folded && AbsentFolded().IsMatch(folded))
        {
            // The reason: the words after those that say "absent" (and "vì", "do", "lý do").
            var lead = AbsentLead().Match(folded);
            var skip = lead.Success ? lead.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length : 0;
            var kept = string.Join(' ', words.Where(w => Word(w) != "").Skip(skip));
            // "ạ", "nhé" around the reason are courtesy, not the reason ("em vắng ạ" gives none).
            return (false, VnText.WithoutCourtesy(kept).Trim(',', '.', ':', ';', '-', ' '));
        }
        var polite = string.Join(' ', folded.Split(' ').Where(w => w is not ("a" or "em" or "toi" or "chau" or "con" or "minh" or "xin" or "bao" or "se" or "nhe" or "nha")));
        // "vâng" (yes) only with its diacritics: typed "vang" it may be "vắng".
        if (PresentWords.Contains(polite) || exact.Contains("vâng") || exact.Contains("👍"))
            return (true, "");
        return null;
    }

    static readonly HashSet<string> PresentWords = ["co", "co mat", "tham du", "du", "di", "duoc", "ok", "oke", "okay", "da", "dong y", "nhat tri", "co tham du", "co mat dung gio"];

    /// <summary>Words that say absent, with diacritics ("vắng", "nghỉ", "không dự", "xin phép", "bận").</summary>
    [GeneratedRegex(@"(^|\s)(vắng|nghỉ|bận|xin phép|không (tham )?dự|không đi|không đến|không họp)(\s|$)")]
    private static partial Regex AbsentWords();

    /// <summary>The same typed without diacritics, where that is not ambiguous ("vang" alone is).</summary>
    [GeneratedRegex(@"(^|\s)(xin phep|khong (tham )?du|khong di|khong den|khong hop|bao vang|vang (vi|do|co ly do|mat))(\s|$)")]
    private static partial Regex AbsentFolded();

    /// <summary>The words before the reason, folded: "em xin phép vắng mặt vì", "không dự được do", "bận".</summary>
    [GeneratedRegex(@"^((em|toi|chau|con|minh|anh|chi) )?(xin )?(phep )?(bao )?(vang|nghi|ban|khong (tham du|du|di|den|hop)( duoc)?)( (mat|hop|buoi nay|sinh hoat))?( (co ly do|ly do|vi|do|boi|tai))?(?= |$)")]
    private static partial Regex AbsentLead();

    /// <summary>The member's private chat with the bot on this channel (their user id when none is recorded).</summary>
    static string PrivateChatOf(Turn turn) =>
        turn.Store.Identities.FindOne(i => i.Channel == turn.Update.Channel && i.MemberId == turn.Member!.Id)?.PlatformUserId ?? turn.Update.UserId;

    /// <summary>Asks the member, in their private chat, why they will be absent: common reasons as buttons, or typed.</summary>
    static void AskReason(Turn turn, Cell cell, DateTime meeting)
    {
        var date = meeting.ToString("yyyy-MM-dd");
        var text = $"Đồng chí báo vắng buổi sinh hoạt ngày {VnText.Date(meeting)} của {cell.Name}. Đồng chí cho biết lý do để bí thư nắm (chọn hoặc gõ lý do)?";
        var reasons = AbsenceReasons.ToMember.Select(r => new Choice($"cmd:/vang {date} {r}", r)).ToList();
        var privateChat = PrivateChatOf(turn);
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
        {
            var text = $"{n.Text}\n\n📋 {tally}";
            if (n.EditedText == text) continue; // an answer given again: the notice already says so (an edit would cost the group's quota)
            Outbox.Edit(turn.Store, n.Channel, n.ChatId, n.IsGroup ? ChatKind.Group : ChatKind.Private, n.PlatformMessageIds[^1],
                text, turn.UtcNow, keepCommands: n.Choices);
            n.EditedText = text;
            turn.Store.Outbox.Update(n);
        }
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
