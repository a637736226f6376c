using System.Text.RegularExpressions;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Text;
using ChiBo.Dialogs.Commands;

namespace ChiBo.Dialogs.Conversation;

/// <summary>
/// Decides what a turn is: interruptions first (/huy, /trogiup, /tamdung, /tieptuc, /quaylai), then the chat's
/// active flow, else a command.
/// </summary>
public sealed partial class Router
{
    readonly Dictionary<string, IFlow> _flows;
    readonly Dictionary<string, Action<Turn, string>> _commands;
    /// <summary>The commands answered in a group chat (<see cref="CommandEntry.InGroups"/>).</summary>
    readonly HashSet<string> _inGroups;
    readonly Func<string, string?> _channelHelp;
    readonly bool _demoJoin;
    readonly OrgFiles _orgFiles;

    /// <param name="demoJoin">Demo mode: "/start &lt;mã&gt;" lets a new chat user act as that demo member.</param>
    /// <param name="reports">Writes summary files (Excel, charts); without it /tonghop answers in text only.</param>
    /// <param name="inviteLink">A link that opens the bot with an invite code on a channel (Telegram's deep link), if it has one.</param>
    public Router(IEnumerable<IFlow> flows, Func<string, string?>? channelHelp = null, bool demoJoin = false, Summaries.IReportFiles? reports = null,
        Func<string, string, string?>? inviteLink = null, Storage.IBackupCopies? backups = null)
    {
        var link = inviteLink ?? ((_, _) => null);
        _demoJoin = demoJoin;
        _flows = flows.ToDictionary(f => f.Command);
        _channelHelp = channelHelp ?? (_ => null);
        _orgFiles = new OrgFiles(reports);
        Catalog = CommandCatalog.Create(new CommandCatalog.Handlers(
            Help: (t, _) => t.Say(GeneralHelp(t)), Welcome: Welcome, Summary: new Summary(reports), Papers: new MeetingPapers(reports),
            OrgFiles: _orgFiles, Dues: new PartyDues(reports), SelfReviews: new SelfReviews(reports), Backups: new Commands.Backups(backups),
            Invite: (t, a) => Invites.Make(t, a, link)));
        _commands = Catalog.Where(e => e.Handler is not null).ToDictionary(e => e.Name, e => e.Handler!);
        _inGroups = Catalog.Where(e => e.InGroups).Select(e => e.Name).ToHashSet();
    }

    /// <summary>Every command, in /trogiup's order: the table above, the help text and the channels' command menus come from it.</summary>
    public IReadOnlyList<CommandEntry> Catalog { get; }

    public IReadOnlyDictionary<string, IFlow> Flows => _flows;

    const string CancelYes = "cancel:yes";
    const string CancelNo = "cancel:no";
    static readonly Choice[] CancelChoices = [new(CancelYes, "Hủy bỏ"), new(CancelNo, "Không, làm tiếp")];

    public void Handle(Turn turn)
    {
        var u = turn.Update;
        var store = turn.Store;
        turn.Member = store.MemberOf(u.Channel, u.UserId) is { Removed: false } m ? m : null;
        var chat = turn.Chat;

        // Read the input: a button (checked against the latest offer), a command, a menu entry or free text.
        UserInput input;
        if (u.BotBlocked is { } blocked)
        {
            if (turn.InGroup) { if (blocked) Commands.GroupLink.BotRemoved(turn); }
            else store.MarkBlocked(u.Channel, u.UserId, blocked ? turn.UtcNow : null); // nothing can be said to them
            return;
        }
        if (!turn.InGroup && turn.Member is not null) store.MarkBlocked(u.Channel, u.UserId, null); // they write: not blocked
        if (u.MovedFrom is { } oldId)
        {
            Commands.GroupLink.Moved(store, u.Channel, oldId, u.ChatId, turn.UtcNow); // silently: the group sees no change
            return;
        }
        if (u.Problem is { } problem)
        {
            if (u.File is { } unread) OrgFiles.Discard(unread.Path);
            SayAndAskAgain(turn, problem);
            return;
        }
        if (u.ButtonData is { } commandButton && commandButton.StartsWith(Outbox.CommandPrefix))
        {
            input = new UserInput(commandButton, commandButton[Outbox.CommandPrefix.Length..]); // a notice's command button
        }
        else if (u.ButtonData is { } data)
        {
            var choice = Tapped(chat, data);
            if (choice is null)
            {
                turn.Say("Lựa chọn này đã cũ (bước đó đã xong), không có gì thay đổi. Đồng chí trả lời câu hỏi mới nhất nhé.");
                return;
            }
            input = UserInput.FromChoice(choice);
            turn.ChosenLabel = choice.Label;
        }
        else if (u.File is { } file)
        {
            if (turn.Member is null || turn.InGroup)
            {
                OrgFiles.Discard(file.Path);
                if (!turn.InGroup) NotListed(turn);
            }
            else _orgFiles.Received(turn, file);
            return;
        }
        else if (u.IsUnsupported)
        {
            if (!turn.InGroup) Unsupported(turn);
            return;
        }
        else
        {
            var text = VnText.Clean(u.Text ?? "");
            var offered = text.StartsWith('/') ? null : Typed(chat, text);
            input = offered is null ? UserInput.FromText(text) : UserInput.FromChoice(offered);
        }

        var command = input.ChoiceKey?.StartsWith(Outbox.CommandPrefix) == true ? input.ChoiceKey[Outbox.CommandPrefix.Length..]
            : input.ChoiceKey is null ? input.Text : null;
        var (name, args) = ParseCommand(command);
        // "hủy", "tạm dừng", "trợ giúp" typed alone in a private chat: the interruption, as its command would be.
        // (Not while asked to confirm a cancellation: there "hủy" is the answer.)
        if (name is null && !turn.InGroup && input.ChoiceKey is null && turn.Session is not { ConfirmingCancel: true }
            && Interruption(input.Text) is { } spoken) name = spoken;
        if (name == "hoithi" && VnText.Fold(args).Replace(" ", "") is "luyen" or "luyenthi" or "onthi") (name, args) = ("luyenthi", ""); // the practice quiz

        // Asked in the group of the bot (a reply to it, or naming it): "@ChiBoBot mai họp mấy giờ?" gets the schedule there,
        // "@ChiBoBot tài liệu họp đâu?" where the documents are.
        if (turn.InGroup && name is null && u.RepliesTo is not null && input.ChoiceKey is null && turn.Member?.CellId is { } asker)
        {
            if (AsksForDocuments(input.Text) && store.Cells.FindById(asker) is { } cell)
            {
                MeetingSchedule.Documents(turn, cell);
                return;
            }
            if (AsksWhenWeMeet(input.Text))
            {
                MeetingSchedule.Asked(turn);
                return;
            }
        }
        // A reply in the group to a meeting notice ("có mặt", "vắng vì ốm"): the answer it gives, as the notice's buttons would.
        if (turn.InGroup && name is null && u.RepliesTo is { } replied && input.ChoiceKey is null && turn.Member is not null
            && Attendance.RepliedToNotice(turn, replied, input.Text)) return;
        if (turn.InGroup && name is null) return; // in groups the bot answers only when addressed
        var known = turn.Member;
        if (name == "start" && !turn.InGroup && args != "" && Invites.TryJoin(turn, args))
        {
            // Someone new who came in on a shared code: asked for their full name and status straight away.
            if (known is null && turn.Member is { SelfDeclared: true, CellId: { } cellId } && store.Cells.FindById(cellId) is { } cell
                && _flows.TryGetValue(ChiBo.Dialogs.Flows.Joining.IntroductionFlow.CommandName, out var introduce))
                introduce.Start(turn, cell);
            return;
        }
        if (turn.Member is null && name == "start" && _demoJoin && !turn.InGroup && DemoJoin(turn, args)) return;
        if (turn.Member is null)
        {
            // /trogiup, or /start with no code (Telegram's Start button: the first message of someone new).
            if ((name == "trogiup" || name == "start" && args == "") && !turn.InGroup) turn.Say(NewcomerHelp);
            else if (name == "start" && !turn.InGroup) turn.Say(Invites.NotACode(args)); // a code would have been tried above
            else if (name == "hoithi" && !turn.InGroup) Contest.ForNewcomer(turn);
            else NotListed(turn);
            return;
        }

        var session = turn.Session;
        if (session is not null && (!_flows.TryGetValue(session.Flow, out var f) || f.Version != session.FlowVersion))
        {
            turn.SetSession(null);
            turn.Say($"Phiên làm dở trước đây được tạo bởi phiên bản cũ của bot và không tiếp tục được. Đồng chí gõ lại /{session.Flow} để làm lại.");
            return;
        }
        var flow = session is null ? null : _flows[session.Flow];
        // Free text answering a question asked outside any flow (the reason for an absence).
        if (name is null && session is null && !turn.InGroup && input.ChoiceKey is null && chat.AnswerCommand is { } answering && input.Text != "")
        {
            (name, args) = ParseCommand($"/{answering} {input.Text}");
            turn.AnswersQuestion = true;
        }

        if (name is not null)
            Command(turn, name, args, session, flow);
        else if (session is { ConfirmingCancel: true })
            ConfirmCancel(turn, session, flow!, input);
        else if (session is { Paused: true })
        {
            // A question in words is answered while a task waits paused ("mai họp mấy giờ?"), the task named after it.
            if (AnswersQuestion(turn, input, session, flow))
                turn.Say($"(Đồng chí còn {flow!.Title} đang tạm dừng ở {flow.Position(turn, session)}; gõ /tieptuc để làm tiếp.)");
            else
                turn.Say($"Đồng chí đang tạm dừng {flow!.Title} ở {flow.Position(turn, session)}. Gõ /tieptuc để làm tiếp hoặc /huy để hủy.");
        }
        else if (session is not null)
            flow!.Handle(turn, session, input);
        else if (AnswersQuestion(turn, input, session, flow)) { }
        else if (input.ChoiceKey is null && input.Text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries) is [var first, ..] words
                 && Meant(turn, first, words.Length > 1 ? words[1] : "") is { Sure: true } meant)
            // A command's name without its slash ("sinhhoat", "tong hop"): offered, not run.
            turn.Say(new Reply($"Lệnh gõ có dấu / ở đầu: {CommandButton(meant.Name, meant.Args).Label}.", [CommandButton(meant.Name, meant.Args)]));
        else if (input.ChoiceKey is null && !turn.InGroup && Attendance.AbsenceSaid(turn, input.Text) is { } absence)
            // "em xin phép vắng vì ốm" written to the bot: the /vang it means, offered for a tap (never sent unasked).
            turn.Say(new Reply($"Đồng chí báo vắng{(absence.Meeting is { } day ? $" buổi sinh hoạt {VnText.MeetingAt(day)}" : "")}? Bấm để gửi: {CommandButton("vang", absence.Args).Label}",
                [CommandButton("vang", absence.Args)]));
        else if (input.ChoiceKey is null && Inputs.AnswerWords(input.Text) is var said && (Thanks(said) || !turn.InGroup && Greets(said)))
            turn.Say(Thanks(said) ? "Dạ, không có gì ạ. Cần gì đồng chí gõ /trogiup." : $"Chào đồng chí {turn.Member!.Name}. Gõ /trogiup để xem những việc bot giúp được.");
        else if (input.ChoiceKey is null && !turn.InGroup && TopicCommands(turn, input.Text) is { Count: > 0 } offered)
            // "tôi phải đóng đảng phí bao nhiêu": the commands about it this member may use, offered for a tap.
            turn.Say(new Reply("Đồng chí có thể dùng:\n" + string.Join("\n", offered.Select(o => $"• {o.Line}")) + "\nBấm để mở, hoặc gõ /trogiup để xem các lệnh.",
                [.. offered.Select(o => CommandButton(o.Name, ""))]));
        else if (input.ChoiceKey is null && !turn.InGroup && WhoDoes(Topical(input.Text)) is { } others)
            // "biên bản họp ở đâu" from a member: whose work it is on the bot, rather than "Đồng chí cần gì?".
            turn.Say($"Việc này ({others.Commands}) dành cho {others.Who}. Đồng chí cần gì khác, gõ /trogiup để xem các lệnh.");
        else
            turn.Say("Đồng chí cần gì? Gõ /trogiup để xem các lệnh.");

        if (session is null) return;
        var parked = ReferenceEquals(session, turn.Chat.Parked); // set aside by this turn (a new task started)
        if (!parked && !ReferenceEquals(session, turn.Chat.Session)) return; // the turn ended it
        if (session.Finished)
        {
            turn.SetSession(null, parked);
            if (!parked) Unpark(turn);
        }
        else
        {
            session.UpdatedAtUtc = turn.UtcNow;
            turn.SetSession(session, parked);
        }
    }

    /// <summary>
    /// A question in words the bot answers in a private chat: "chi bộ nào chưa họp?" (the summary that says it), "mai họp
    /// mấy giờ?", "lịch họp tháng này" (the schedule and the next meeting; staff of no cell, the cells they attend), "tài
    /// liệu họp đâu?" (where the documents are). False when the text is none of them.
    /// </summary>
    bool AnswersQuestion(Turn turn, UserInput input, DialogSession? session, IFlow? flow)
    {
        if (input.ChoiceKey is not null || turn.InGroup) return false;
        if (AsksWhoMet(input.Text) is { } period && Offered(turn).Contains("tonghop"))
        {
            Command(turn, "tonghop", period, session, flow);
            return true;
        }
        if (AsksForDocuments(input.Text) && turn.Member?.CellId is { } own && turn.Store.Cells.FindById(own) is { } cell)
        {
            MeetingSchedule.Documents(turn, cell);
            return true;
        }
        // "biên bản họp ở đâu" asks for the minutes, not the venue: a question naming another command's topic is that command's.
        if (!AsksWhenWeMeet(input.Text) || Topical(input.Text).Any(e => e.Name != "lichhop") || turn.Member?.CellId is null && !Offered(turn).Contains("theodoi")) return false;
        if (turn.Member?.CellId is not null) MeetingSchedule.Asked(turn);
        else Command(turn, "theodoi", "", session, flow);
        return true;
    }

    /// <summary>/trogiup for someone not on any roster yet: what the bot is and how to join.</summary>
    const string NewcomerHelp =
        "ChiBo.Bot giúp chi bộ sinh hoạt: bí thư ghi buổi họp và chấm điểm theo hướng dẫn, đảng viên nhận lịch họp và trả lời bằng một chạm, cán bộ cấp trên xem tổng hợp.\n" +
        "Đồng chí chưa có trong danh sách của bot. Để tham gia: xin bí thư chi bộ (hoặc cán bộ cấp trên) một mã mời, rồi gõ /start <mã mời>, ví dụ /start K7QM-3XPA.\n" +
        "Có mã rồi, đồng chí sẽ xem được lịch họp, Hội thi Bí thư chi bộ giỏi (/hoithi) và luyện câu hỏi (/hoithi luyện).";

    static void NotListed(Turn turn) =>
        turn.Say("Đồng chí chưa có trong danh sách của bot. Đề nghị bí thư chi bộ cấp mã mời, rồi gõ /start <mã mời>.");

    /// <summary>A sticker, photo, voice message…: say what the bot can read, then ask the current question again.</summary>
    void Unsupported(Turn turn) =>
        SayAndAskAgain(turn, "Bot chỉ đọc được tin nhắn chữ (không đọc ảnh, nhãn dán, tin nhắn thoại). Đồng chí gõ câu trả lời hoặc chọn một lựa chọn nhé.");

    /// <summary>Says what could not be read, then asks the chat's current question again (if a flow is waiting).</summary>
    void SayAndAskAgain(Turn turn, string text)
    {
        turn.Say(text);
        if (turn.InGroup) return;
        var session = turn.Session;
        if (session is { Paused: false, ConfirmingCancel: false } && _flows.TryGetValue(session.Flow, out var flow) && flow.Version == session.FlowVersion)
            flow.Reprompt(turn, session);
    }

    /// <summary>The offered choice a button ("seq:index") stands for, or null when it is from an older offer.</summary>
    static Choice? Tapped(ChatState chat, string data)
    {
        var colon = data.IndexOf(':');
        if (colon <= 0 || !long.TryParse(data[..colon], out var seq) || seq != chat.PromptSeq) return null;
        return int.TryParse(data[(colon + 1)..], out var index) && index >= 0 && index < chat.Offered.Count ? chat.Offered[index] : null;
    }

    /// <summary>
    /// A typed number selects from a closed menu, and from suggestions numbered for a question no number answers; a typed
    /// label selects from menus and suggestions.
    /// </summary>
    static Choice? Typed(ChatState chat, string text)
    {
        if (chat.Offered.Count == 0 || text.Length == 0) return null;
        if (chat.ChoicesOnly) return Inputs.Match(UserInput.FromText(text), chat.Offered);
        if (chat.NumberedSuggestions && int.TryParse(text.Trim().TrimEnd('.', ')'), out var n))
            return n >= 1 && n <= chat.Offered.Count ? chat.Offered[n - 1] : null;
        var folded = VnText.Fold(text);
        return chat.Offered.FirstOrDefault(c => VnText.Fold(c.Label) == folded);
    }

    /// <summary>"/sinhhoat@ChiBoBot thôn Đông" → ("sinhhoat", "thôn Đông").</summary>
    public static (string? Name, string Args) ParseCommand(string? text)
    {
        if (text is null || !text.StartsWith('/')) return (null, "");
        var space = text.IndexOfAny([' ', '\n']);
        var head = space < 0 ? text[1..] : text[1..space];
        var at = head.IndexOf('@');
        if (at >= 0) head = head[..at];
        return (head.ToLowerInvariant(), space < 0 ? "" : text[(space + 1)..].Trim());
    }

    void Command(Turn turn, string name, string args, DialogSession? session, IFlow? flow)
    {
        switch (name)
        {
            case "huy":
                if (session is null) { turn.Say("Không có việc gì đang làm dở để hủy."); return; }
                session.ConfirmingCancel = true;
                turn.Say(new Reply($"Hủy {flow!.Title} đang làm dở? Các câu trả lời đã nhập sẽ bị xóa, không lưu gì.",
                    CancelChoices));
                return;
            case "trogiup" when session is not null:
                turn.Say($"Đang {flow!.Title}. {flow.Help(turn, session)}\n\n" +
                         "Các lệnh: /quaylai sửa câu trả lời trước · /tamdung tạm dừng (làm tiếp bằng /tieptuc) · /huy hủy" +
                         (Offered(turn, "ketqua") ? " · /ketqua xem kết quả." : "."));
                if (!session.Paused && !session.ConfirmingCancel) flow.Reprompt(turn, session);
                return;
            case "tamdung":
                if (session is null) { turn.Say("Không có việc gì đang làm dở để tạm dừng."); return; }
                session.Paused = true;
                session.ConfirmingCancel = false;
                turn.Say($"Đã lưu ở {flow!.Position(turn, session)}. Gõ /tieptuc khi đồng chí sẵn sàng.");
                return;
            case "tieptuc":
                if (session is null)
                {
                    turn.Say("Không có việc gì đang làm dở. " + (Offered(turn, "sinhhoat") ? "Gõ /sinhhoat để ghi buổi sinh hoạt hoặc /danhgia để chấm điểm." : "Gõ /trogiup để xem các lệnh."));
                    return;
                }
                session.Paused = false;
                session.ConfirmingCancel = false;
                flow!.Reprompt(turn, session, $"Tiếp tục {flow.Title}.");
                return;
            case "quaylai":
                if (session is null) { turn.Say("Không có việc gì đang làm dở."); return; }
                if (session.Paused) { turn.Say("Đang tạm dừng. Gõ /tieptuc trước rồi /quaylai."); return; }
                session.ConfirmingCancel = false;
                flow!.Back(turn, session);
                return;
        }

        if (_flows.TryGetValue(name, out var wanted))
        {
            StartFlow(turn, wanted, args, session, flow);
            return;
        }
        if (_commands.TryGetValue(name, out var handler))
        {
            if (turn.InGroup && !_inGroups.Contains(name))
            {
                PrivateOnly(turn, name);
                return;
            }
            handler(turn, args);
            if (session is { Paused: false, ConfirmingCancel: false } && name != "start") flow!.Reprompt(turn, session);
            return;
        }
        // Typed with diacritics or in two words ("/tổng hợp", "/sinh hoat"): that command. A letter or two off: asked.
        switch (Meant(turn, name, args))
        {
            case { Sure: true } meant:
                Command(turn, meant.Name, meant.Args, session, flow);
                return;
            case { } guess:
                turn.Say(new Reply($"Không có lệnh /{Inputs.Preview(name)}. Có phải ý đồng chí là {CommandButton(guess.Name, guess.Args).Label}?", [CommandButton(guess.Name, guess.Args)]));
                break;
            default:
                turn.Say($"Không có lệnh /{Inputs.Preview(name)}. Gõ /trogiup để xem các lệnh.");
                break;
        }
        if (session is { Paused: false, ConfirmingCancel: false }) flow!.Reprompt(turn, session);
    }

    const int MeantAtMost = 24;

    /// <summary>
    /// An interruption said in words, the whole message ("hủy", "thôi", "tạm dừng", "trợ giúp", "quay lại", "làm tiếp"):
    /// its command. "Hủy" still asks to confirm; "để sau" is not one (a vote put off says it).
    /// </summary>
    static string? Interruption(string text) => text.Length > 30 ? null : string.Join(' ', Inputs.AnswerWords(text)) switch
    {
        "huy" or "huy bo" or "thoi" or "thoi khong ghi nua" or "khong ghi nua" => "huy",
        "tam dung" or "dung lai" or "tam dung lai" => "tamdung",
        "tro giup" or "giup" or "huong dan" or "giup do" => "trogiup",
        "quay lai" or "sua cau truoc" or "sua lai cau truoc" => "quaylai",
        "tiep tuc" or "lam tiep" => "tieptuc",
        _ => null,
    };

    /// <summary>"cảm ơn", "em cảm ơn ạ", "thanks": thanks, nothing asked.</summary>
    static bool Thanks(List<string> words) =>
        words.Count is > 0 and <= 5 && (string.Join(' ', words) is var f && (f.Contains("cam on") || f.Contains("cam ta") || f is "thanks" or "thank you" or "tks"));

    /// <summary>"em chào anh", "xin chào ạ", "chào đồng chí": a greeting alone.</summary>
    static bool Greets(List<string> words) =>
        words.Count is > 0 and <= 5 && words.Any(w => w is "chao" or "hello" or "hi" or "alo")
        && words.All(w => w is "chao" or "xin" or "hello" or "hi" or "alo" or "ban" or "bot" or "dong" or "ca" or "nha" or "moi" or "nguoi" || VnText.IsTitle(w));

    /// <summary>"mai họp mấy giờ?", "khi nào sinh hoạt chi bộ?", "lịch họp tháng này": a question about the next meeting.</summary>
    static bool AsksWhenWeMeet(string text)
    {
        var f = Spaced(text);
        string[] meeting = [" hop ", " sinh hoat "], when = [" may gio ", " khi nao ", " bao gio ", " ngay nao ", " hom nao ", " o dau ", " luc nao ", " gio nao "];
        // "lịch họp" asks too, but "lich hop 04/01" is a move typed without its slash (offered as /lichhop 04/01).
        return f.Length <= 80 && meeting.Any(f.Contains) && (when.Any(f.Contains) || f.Contains(" lich ") && !f.Any(char.IsAsciiDigit));
    }

    /// <summary>
    /// The commands a message in words is about ("đảng phí", "biên bản", "kiểm điểm": the catalogue's topics), of those
    /// the member's /trogiup names, with the help line that names each; at most three, in the catalogue's order.
    /// </summary>
    List<(string Name, string Line)> TopicCommands(Turn turn, string text)
    {
        var about = Topical(text);
        if (about.Count == 0) return [];
        var lines = CommandCatalog.HelpLines(Catalog, Viewer.Of(turn.Store, turn.Member!)).ToList();
        return about.Select(e => (e.Name, Line: lines.FirstOrDefault(l => Names(l, e.Name))))
            .Where(o => o.Line is not null).DistinctBy(o => o.Line).Take(3).Select(o => (o.Name, o.Line!)).ToList();

    }

    /// <summary>"/bienban, /nghiquyet — …" names /nghiquyet; "/sinhhoat" is not "/sinhhoatchuyende".</summary>
    static bool Names(string line, string name) => line.Split(' ', ',', '·', '[').Any(w => w == $"/{name}");

    /// <summary>Readers other than a member: whose /trogiup names a command.</summary>
    static readonly (Viewer Viewer, string Who)[] OtherReaders =
    [
        (new Viewer(new Member { CellId = "" }, Leads: true, Follows: false), "bí thư, phó bí thư chi bộ"),
        (new Viewer(new Member { Roles = [new RoleGrant { Role = Role.Staff }] }, Leads: false, Follows: false), "cán bộ cấp trên"),
        (new Viewer(new Member { Roles = [new RoleGrant { Role = Role.Admin }] }, Leads: false, Follows: false), "quản trị viên"),
    ];

    /// <summary>
    /// The commands a message is about that the reader may not use ("/bienban") and who may ("bí thư, phó bí thư chi bộ"):
    /// those whose /trogiup names one of them. Null when the message names no command's topic.
    /// </summary>
    (string Commands, string Who)? WhoDoes(List<CommandEntry> about)
    {
        if (about.Count == 0) return null;
        var named = OtherReaders.Select(o => (o.Who, Commands: about.Where(e => CommandCatalog.HelpLines(Catalog, o.Viewer).Any(l => Names(l, e.Name))).ToList()))
            .Where(o => o.Commands.Count > 0).ToList();
        if (named.Count == 0) return null;
        var who = named.Select(o => o.Who).ToList();
        return (string.Join(", ", named.SelectMany(o => o.Commands).Distinct().Take(3).Select(e => $"/{e.Name}")),
                who.Count == 1 ? who[0] : $"{string.Join(", ", who[..^1])} và {who[^1]}");
    }

    /// <summary>"tài liệu họp tháng này đâu?", "xin tài liệu sinh hoạt": the meeting's documents asked for.</summary>
    static bool AsksForDocuments(string text)
    {
        var f = Spaced(text);
        return f.Length <= 80 && f.Contains(" tai lieu ");
    }

    /// <summary>A message's words folded, with a space before and after each: " tai lieu hop o dau " (found by " phrase ").</summary>
    static string Spaced(string text) => $" {string.Join(' ', Inputs.AnswerWords(text))} ";

    /// <summary>The catalogue's commands whose topics a short message names, in the catalogue's order.</summary>
    List<CommandEntry> Topical(string text)
    {
        var f = Spaced(text);
        return f.Length > 160 ? [] : Catalog.Where(e => e.Topics?.Any(t => f.Contains($" {t} ")) == true).ToList();
    }

    /// <summary>The commands the member's /trogiup shows (and those without a help line).</summary>
    HashSet<string> Offered(Turn turn)
    {
        var viewer = Viewer.Of(turn.Store, turn.Member!);
        return Catalog.Where(e => e.Help is null || e.Help(viewer) is not null).Select(e => e.Name).ToHashSet();
    }

    /// <summary>
    /// "chi bộ nào chưa họp?", "tình hình sinh hoạt tháng trước", "những chi bộ nào đã sinh hoạt quý 4": a question /tonghop
    /// answers; its period words ("tháng trước", "quý 4", "năm 2026"), or "" for the default. Null when not such a question.
    /// </summary>
    static string? AsksWhoMet(string text)
    {
        var f = Spaced(text);
        string[] met = [" chua hop ", " da hop ", " chua sinh hoat ", " da sinh hoat ", " tinh hinh sinh hoat ", " cham hop ", " hop muon "];
        string[] which = [" chi bo nao ", " nhung chi bo ", " bao nhieu chi bo ", " tinh hinh ", " nhung noi nao ", " noi nao "];
        if (f.Length > 100 || !met.Any(f.Contains) || !which.Any(f.Contains)) return null;
        return AskedPeriod().Match(f) is { Success: true } period ? period.Value.Trim() : "";
    }

    [GeneratedRegex(@" (?:thang (?:\d{1,2}(?:/\d{4})?|truoc|nay)|quy (?:[1-4]|i{1,3}|iv)(?: nam \d{4})?|nam (?:\d{4}|nay|ngoai)|\d+ thang)(?= )")]
    private static partial Regex AskedPeriod();

    /// <summary>A button that runs the command with the words typed after it.</summary>
    static Choice CommandButton(string name, string args)
    {
        if (args.Length > TypedArgsAtMost) args = ""; // a long text is not a command's words
        return new($"{Outbox.CommandPrefix}/{name}{(args == "" ? "" : " " + args)}", $"/{name}{(args == "" ? "" : " " + Inputs.Preview(args))}");
    }

    const int TypedArgsAtMost = 200;

    /// <summary>
    /// The command a name the router does not know stands for: the same letters without diacritics ("/tổnghợp"), or run
    /// together with the first word after it ("/sinh hoat"), is that command (Sure); one letter off (two for a longer
    /// name) from a single command the member would see is a guess ("/sinhoat"). Null when none is that close.
    /// </summary>
    (string Name, string Args, bool Sure)? Meant(Turn turn, string name, string args)
    {
        var names = Offered(turn);
        static string Letters(string s) => new([.. VnText.Fold(s).Where(char.IsAsciiLetterLower)]);
        // Letters only ("/vang3/12 ốm" is not /vang: its day would be lost).
        var typed = VnText.Fold(name);
        if (typed == "" || typed.Length > MeantAtMost || !typed.All(char.IsAsciiLetterLower)) return null;
        args = VnText.WithoutCourtesy(args); // "có mặt ạ" is /comat
        if (names.Contains(typed)) return (typed, args, true);
        var words = args.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 0 && typed + Letters(words[0]) is var joined && names.Contains(joined))
            return (joined, words.Length > 1 ? words[1] : "", true);
        var near = names.Select(n => (Name: n, Off: VnText.EditDistance(typed, n))).Where(x => x.Off <= (x.Name.Length > 5 ? 2 : 1)).OrderBy(x => x.Off).ToList();
        return near.Count == 1 || near.Count > 1 && near[0].Off < near[1].Off ? (near[0].Name, args, false) : null;
    }

    /// <summary>A flow, or a command whose answer is not for a group (scores, records, files): asked in a group.</summary>
    static void PrivateOnly(Turn turn, string name) =>
        turn.Say($"Lệnh /{name} dùng trong tin nhắn riêng với bot, để không làm phiền cả nhóm và giữ kín thông tin riêng. Đồng chí nhắn riêng cho bot nhé.");

    void StartFlow(Turn turn, IFlow wanted, string args, DialogSession? session, IFlow? current)
    {
        if (turn.InGroup)
        {
            PrivateOnly(turn, wanted.Command);
            return;
        }
        if (session is not null && !wanted.MayStart(turn))
        {
            wanted.CellFor(turn, args); // says why not
            if (session is { Paused: false, ConfirmingCancel: false }) current!.Reprompt(turn, session);
            return;
        }
        if (session is not null)
        {
            // A paused task is set aside (one at most) while another runs, and comes back, still paused, when that one ends.
            if (!session.Paused || turn.Chat.Parked is not null)
            {
                turn.Say($"Đồng chí đang {current!.Title} dở ({current.Position(turn, session)}). Gõ /tieptuc để làm tiếp, hoặc /huy để hủy rồi bắt đầu việc mới.");
                return;
            }
            if (wanted.CellFor(turn, args) is not { } target) return;
            session.Id = turn.ChatKey + DialogSession.ParkedSuffix;
            turn.SetSession(session, parked: true); // the turn's closing update now keeps the parked copy, never the new task
            turn.SetSession(null);
            turn.Say($"({VnText.Capital(current!.Title)} đang tạm dừng được giữ nguyên; xong việc này, đồng chí gõ /tieptuc để làm tiếp.)");
            wanted.Start(turn, target, args);
            return;
        }
        if (wanted.CellFor(turn, args) is { } cell) wanted.Start(turn, cell, args);
    }

    /// <summary>When a task ends and another was set aside paused, that one is the chat's task again (still paused).</summary>
    void Unpark(Turn turn)
    {
        if (turn.Chat.Parked is not { } parked) return;
        turn.SetSession(null, parked: true);
        if (turn.Chat.Session is not null) return; // cannot happen: the task just ended
        parked.Id = turn.ChatKey;
        turn.SetSession(parked);
        if (_flows.TryGetValue(parked.Flow, out var flow))
            turn.Say($"Đồng chí còn {flow.Title} đang tạm dừng ({flow.Position(turn, parked)}). Gõ /tieptuc để làm tiếp.");
    }

    void ConfirmCancel(Turn turn, DialogSession session, IFlow flow, UserInput input)
    {
        // By tap, number or label as any menu; "dạ có ạ", "hủy đi", "không ạ", "làm tiếp" as any yes/no question.
        var key = Inputs.Match(input, CancelChoices)?.Key ?? (input.ChoiceKey is not null ? null
            : Inputs.YesOrNo(input.Text) is { } yes ? (yes ? CancelYes : CancelNo)
            : Inputs.AnswerWords(input.Text) switch
            {
                ["huy", ..] => CancelYes,
                ["lam", "tiep", ..] or ["tiep", "tuc", ..] or ["khong", "huy", ..] => CancelNo,
                _ => null,
            });
        if (key == CancelYes)
        {
            session.Finished = true;
            turn.Say($"Đã hủy {flow.Title}. Không có gì được lưu.");
        }
        else if (key == CancelNo)
        {
            session.ConfirmingCancel = false;
            flow.Reprompt(turn, session, "Không hủy, làm tiếp.");
        }
        else
        {
            // The choices named as the buttons say them ("hoặc" between: a label has its own comma).
            turn.Say(new Reply($"Đồng chí chọn {string.Join(" hoặc ", CancelChoices.Select((c, i) => $"{i + 1}. {c.Label}"))}.", CancelChoices));
        }
    }

    /// <summary>Demo only: binds this chat user to a demo member nobody on this channel has taken yet.</summary>
    static bool DemoJoin(Turn turn, string code)
    {
        var store = turn.Store;
        if (!DemoData.IsDemoDatabase(store)) return false; // a real organisation: only invite codes
        const string usage = "Đồng chí gõ /start kèm mã mời do bí thư cấp, ví dụ /start K7QM-3XPA; " +
                             "dùng thử với dữ liệu mẫu: /start an (bí thư), /start hoa (phó bí thư), /start minh (đảng viên) hoặc /start dung (cán bộ cấp trên).";
        if (string.IsNullOrWhiteSpace(code))
        {
            turn.Say(usage); // nothing typed after /start: not a wrong name
            return true;
        }
        // A digit or a dash: a code typed wrong ("ABCD-EFG1": no 1 in codes), said as such below, not a demo name.
        if (code.Any(c => char.IsDigit(c) || c == '-')) return false;
        var name = VnText.Fold(code).Replace(" ", "");
        if (name.Length > 20) name = name[..20];
        if (Invites.Throttled(turn, $"demo:{name}", $"Tên mẫu \"{Inputs.Preview(code)}\"")) return true;
        // Only the demo people the README names: never the admin, never an imported record.
        var member = DemoData.Joinable.Contains(name) ? store.Members.FindById(name) : null;
        if (member is null || member.Removed || member.Has(Role.Admin))
        {
            Invites.Failed(turn, $"demo:{name}");
            turn.Say($"Không có người dùng mẫu \"{Inputs.Preview(code)}\". {usage}");
            return true;
        }
        var channel = turn.Update.Channel;
        if (store.Identities.Exists(i => i.Channel == channel && i.MemberId == member.Id))
        {
            turn.Say($"Người dùng mẫu \"{member.Id}\" đã có người dùng trên kênh này. Chọn người khác.");
            return true;
        }
        store.Identities.Insert(new ChatIdentity
        {
            Id = ChatIdentity.KeyOf(channel, turn.Update.UserId), Channel = channel, PlatformUserId = turn.Update.UserId, MemberId = member.Id,
        });
        turn.Member = member;
        turn.Audit("identity.demo_join", member.CellId, $"{channel}:{turn.Update.UserId} dùng tài khoản mẫu {member.Id}");
        return false; // go on to the welcome
    }

    void Welcome(Turn turn, string args)
    {
        if (args != "" && !turn.InGroup && !_demoJoin) // in the demo, "/start an" again just greets
        {
            turn.Say(Invites.NotACode(args)); // a code-shaped one was tried before the command table
            return;
        }
        var m = turn.Member!;
        var cell = m.CellId is null ? null : turn.Store.Cells.FindById(m.CellId);
        turn.Say($"Chào đồng chí {m.Name}{(cell is null ? "" : $", {cell.Name}")}. Gõ /trogiup để xem những việc bot giúp được.");
    }

    /// <summary>Whether /trogiup shows this user the command: a hint names only what they may use.</summary>
    bool Offered(Turn turn, string command) =>
        turn.Member is { } m && Catalog.First(e => e.Name == command).Help?.Invoke(Viewer.Of(turn.Store, m)) is not null;

    string GeneralHelp(Turn turn)
    {
        var lines = new List<string> { CommandCatalog.HelpHeader };
        lines.AddRange(CommandCatalog.HelpLines(turn.InGroup ? Catalog.Where(e => e.InGroups) : Catalog, Viewer.Of(turn.Store, turn.Member!)));
        if (turn.InGroup) lines.Insert(lines.Count - 1, "Các lệnh khác (ghi buổi sinh hoạt, kết quả, đảng viên, đảng phí…): nhắn riêng cho bot.");
        if (_channelHelp(turn.Update.Channel) is { } extra) lines.Add("\n" + extra);
        return string.Join('\n', lines);
    }
}
