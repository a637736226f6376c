using System.Text.RegularExpressions;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;
using ChiBo.Rules;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// /ketnap — bringing new members in (Điều lệ Đảng, Điều 4): the cell's list of outstanding candidates (quần chúng ưu
/// tú) and each one's next step: <c>them &lt;họ tên&gt;[, ghi chú]</c>, <c>&lt;tên&gt; học lớp &lt;ngày&gt; [giấy chứng nhận]</c>,
/// <c>&lt;tên&gt; biểu quyết &lt;tán thành&gt;/&lt;số đảng viên chính thức&gt;</c> (two thirds carry), <c>&lt;tên&gt; quyết định &lt;số, ngày&gt;</c>
/// (the ceremony is then due within its working days; the secretary is reminded), <c>&lt;tên&gt; lễ kết nạp &lt;ngày&gt;</c>
/// (the person becomes a probationary member of the cell, probation from that day) and <c>&lt;tên&gt; dừng &lt;lý do&gt;</c>.
/// The cell's leaders record; staff and admins see a cell's list (<c>/ketnap &lt;chi bộ&gt;:</c>) and may record too.
/// </summary>
public static partial class Admissions
{
    const int MaxCandidates = 200;
    const string Usage = "Thêm: /ketnap them <họ tên>, <ghi chú> · rồi: /ketnap <tên> hoclop <ngày> · /ketnap <tên> bieuquyet <tán thành>/<số đảng viên chính thức> · " +
                         "/ketnap <tên> quyetdinh <số, ngày> · /ketnap <tên> leketnap <ngày> · /ketnap <tên> dung <lý do> · /ketnap <tên> doiten <họ tên đúng>";

    /// <summary>The action words, and the two- or three-word phrases people type for them.</summary>
    static readonly Dictionary<string, string> Phrases = new()
    {
        ["hoc lop"] = "hoclop", ["bieu quyet"] = "bieuquyet", ["xet"] = "bieuquyet", ["xet ket nap"] = "bieuquyet", ["quyet dinh"] = "quyetdinh", ["le ket nap"] = "leketnap", ["ket nap"] = "leketnap",
        ["doi ten"] = "doiten", ["sua ten"] = "doiten",
    };
    static readonly string[] Actions = ["hoclop", "bieuquyet", "quyetdinh", "leketnap", "dung", "doiten"];

    public static void Handle(Turn turn, string args)
    {
        var store = turn.Store;
        var me = turn.Member!;
        var text = VnText.Clean(args);
        var cell = Authorizer.LedCell(store, me);
        var colon = text.IndexOf(':');
        if (colon > 0 || cell is null && text != "")
        {
            var visible = Authorizer.VisibleCells(store, me).ToList();
            if (visible.Count == 0) { Refuse(turn); return; }
            var name = colon > 0 ? text[..colon].Trim() : text;
            cell = CellPicker.Named(turn, visible, name, "ketnap", "phạm vi đồng chí được xem");
            if (cell is null) return;
            text = colon > 0 ? text[(colon + 1)..].Trim() : "";
        }
        if (cell is null)
        {
            if (Authorizer.VisibleCells(store, me).ToList() is { Count: > 0 } cells) CellPicker.Offer(turn, cells, "Phát triển đảng viên của chi bộ nào?", "ketnap");
            else Refuse(turn);
            return;
        }
        if (!Authorizer.Can(store, me, Permission.RunMeeting, cell) && !Authorizer.CanManageLeaders(store, me, cell)) { Refuse(turn); return; }
        var typed = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (typed.Count == 0) { List(turn, cell); return; }
        // The name and note as typed: action words in a note ("đề nghị xét kết nạp") stay words.
        if (VnText.Fold(typed[0]) == "them") { Add(turn, cell, string.Join(' ', typed.Skip(1))); return; }
        var words = Joined(typed);
        var at = words.FindIndex(w => Actions.Contains(VnText.Fold(w)));
        var open = store.Candidates.Find(c => c.CellId == cell.Id).ToList();
        var who = string.Join(' ', at < 0 ? words : words.Take(at));
        var matches = VnText.NameMatches(open.Where(c => c.Open || at < 0), who, c => c.Name, c => c.Id);
        if (matches.Count == 0 && at < 0 && VnText.LeadingName(open, words, c => c.Name, c => c.Id, restAtLeast: 1) is var (known, what))
        {
            // A name on the list followed by a word that is no action ("/ketnap Mai nộp đơn"): the word is what is wrong.
            var next = NextStep(known);
            turn.Say($"Không rõ việc \"{Inputs.Preview(what)}\" cho {known.Name}.{(next == "" ? "" : $" Việc tiếp theo: {next}.")} {Usage}");
            return;
        }
        if (matches.Count != 1)
        {
            turn.Say(matches.Count == 0 ? $"Không có \"{Inputs.Preview(who)}\" trong danh sách phát triển đảng viên của {cell.Name} (/ketnap). {Usage}"
                : $"Có {matches.Count} người khớp \"{Inputs.Preview(who)}\"; gõ tên đầy đủ hơn.");
            return;
        }
        var c = matches[0];
        if (at < 0) { Details(turn, cell, c); return; }
        var rest = string.Join(' ', words.Skip(at + 1)).Trim(' ', ',', ':', '-');
        if (!c.Open && VnText.Fold(words[at]) != "dung")
        {
            turn.Say(c.Stage == CandidateStage.Admitted ? $"Đ/c {c.Name} đã được kết nạp ngày {VnText.Date(c.CeremonyOn!.Value)}: xem /dangvien {c.Name}." : $"{c.Name}: chi bộ đã dừng xem xét ({c.DroppedWhy}).");
            return;
        }
        switch (VnText.Fold(words[at]))
        {
            case "hoclop": Class(turn, cell, c, rest); break;
            case "bieuquyet": Vote(turn, cell, c, rest); break;
            case "quyetdinh": Decision(turn, cell, c, rest); break;
            case "leketnap": Ceremony(turn, cell, c, rest); break;
            case "doiten": Rename(turn, cell, c, rest); break;
            default: Drop(turn, cell, c, rest); break;
        }
    }

    static void Refuse(Turn turn) =>
        turn.Say("Việc phát triển đảng viên do bí thư, phó bí thư chi bộ ghi; cán bộ cấp trên và quản trị xem được (/ketnap <tên chi bộ>:).");

    static List<string> Joined(List<string> words)
    {
        for (var i = 0; i < words.Count; i++)
            foreach (var (phrase, action) in Phrases.OrderByDescending(p => p.Key.Length))
            {
                var parts = phrase.Split(' ');
                if (i + parts.Length <= words.Count && words.Skip(i).Take(parts.Length).Select(VnText.Fold).SequenceEqual(parts))
                {
                    words[i] = action;
                    words.RemoveRange(i + 1, parts.Length - 1);
                    break;
                }
            }
        return words;
    }

    static ProbationTemplate Rules(Turn turn) => ProbationCommands.Rules(turn.Templates);

    public static string StageLabel(Candidate c, DateTime today) => c.Stage switch
    {
        CandidateStage.Introduced => "quần chúng ưu tú, chưa học lớp nhận thức về Đảng",
        CandidateStage.ClassAttended => $"đã học lớp nhận thức về Đảng ({VnText.Date(c.ClassOn!.Value)}), chờ chi bộ xét",
        CandidateStage.Proposed => "chi bộ đã đề nghị kết nạp, chờ quyết định của cấp ủy có thẩm quyền",
        CandidateStage.Decided => today.Date > c.CeremonyBy!.Value ? $"⚠ có quyết định kết nạp, quá hạn tổ chức lễ kết nạp ({VnText.Date(c.CeremonyBy!.Value)})"
            : $"có quyết định kết nạp, tổ chức lễ kết nạp trước {VnText.Date(c.CeremonyBy!.Value)}",
        CandidateStage.Admitted => $"đã kết nạp ngày {VnText.Date(c.CeremonyOn!.Value)}",
        _ => $"dừng xem xét ({c.DroppedWhy})",
    };

    static string NextStep(Candidate c) => c.Stage switch
    {
        CandidateStage.Introduced => $"/ketnap {c.Name} hoclop <ngày>",
        CandidateStage.ClassAttended => $"/ketnap {c.Name} bieuquyet <tán thành>/<số đảng viên chính thức>",
        CandidateStage.Proposed => $"/ketnap {c.Name} quyetdinh <số, ngày>",
        CandidateStage.Decided => $"/ketnap {c.Name} leketnap <ngày>",
        _ => "",
    };

    static void List(Turn turn, Cell cell)
    {
        var all = turn.Store.Candidates.Find(c => c.CellId == cell.Id).ToList();
        var open = VnText.SortedByGivenName(all.Where(c => c.Open), c => c.Name);
        var lines = new List<string> { $"Phát triển đảng viên — {cell.Name}: {open.Count} quần chúng ưu tú đang xem xét" };
        lines.AddRange(open.Select((c, i) => $"{i + 1}. {c.Name}{(c.Note == "" ? "" : $" ({c.Note})")} — {StageLabel(c, turn.Now)}; tiếp: {NextStep(c)}"));
        var admitted = all.Where(c => c.Stage == CandidateStage.Admitted && c.CeremonyOn!.Value.Year == turn.Now.Year).ToList();
        if (admitted.Count > 0) lines.Add($"Đã kết nạp năm {turn.Now.Year}: {string.Join(", ", admitted.Select(c => $"{c.Name} ({VnText.Date(c.CeremonyOn!.Value)})"))}");
        lines.Add(Usage);
        turn.Say(string.Join('\n', lines));
    }

    static void Details(Turn turn, Cell cell, Candidate c)
    {
        var lines = new List<string> { $"{c.Name} — {StageLabel(c, turn.Now)}, {cell.Name}" };
        if (c.Note != "") lines.Add($"• Ghi chú: {c.Note}");
        lines.AddRange(Enumerable.Reverse(c.History).Select(e => $"• {VnText.Date(VnClock.Local(e.AtUtc))}: {e.What}{(e.Decision == "" ? "" : $" ({e.Decision})")}"));
        if (NextStep(c) is { Length: > 0 } next) lines.Add($"Tiếp: {next}");
        turn.Say(string.Join('\n', lines));
    }

    static void Save(Turn turn, Cell cell, Candidate c, string what, string decision, string audit)
    {
        c.History.Add(Members.Event(turn, cell.Id, what, decision));
        turn.Store.Candidates.Upsert(c);
        turn.Audit(audit, cell.Id, $"{c.Name}: {what}{(decision == "" ? "" : $" ({decision})")}");
    }

    static void Add(Turn turn, Cell cell, string text)
    {
        var comma = text.IndexOf(',');
        var name = NameOf(comma > 0 ? text[..comma] : text);
        var note = comma > 0 ? text[(comma + 1)..].Trim() : "";
        if (name is null || note.Length > 200)
        {
            turn.Say("Gõ họ và tên đầy đủ (chỉ chữ), có thể thêm ghi chú sau dấu phẩy: /ketnap them Nguyễn Văn Bảo, giáo viên, Chi đoàn giới thiệu.");
            return;
        }
        var existing = turn.Store.Candidates.Find(c => c.CellId == cell.Id).ToList();
        if (existing.Any(c => c.Open && VnText.Fold(c.Name) == VnText.Fold(name))) { turn.Say($"{name} đã có trong danh sách (/ketnap {name})."); return; }
        if (existing.Count(c => c.Open) >= MaxCandidates) { turn.Say($"Danh sách đã có {MaxCandidates} người; dừng bớt người không còn xem xét."); return; }
        var c = new Candidate { Id = LiteDB.ObjectId.NewObjectId().ToString(), CellId = cell.Id, Name = name, Note = note, IntroducedOn = turn.Now.Date };
        Save(turn, cell, c, "chi bộ đưa vào danh sách quần chúng ưu tú", "", "candidate.added");
        turn.Say($"Đã ghi {name} vào danh sách quần chúng ưu tú của {cell.Name}. Tiếp: cử đi học lớp bồi dưỡng nhận thức về Đảng, rồi ghi: /ketnap {name} hoclop <ngày>." +
                 Undotted(name));
    }

    /// <summary>A person's full name as typed (at least two words, letters only, at most 80), in title case when typed in capitals; null if not a name.</summary>
    static string? NameOf(string text)
    {
        var name = VnText.DisplayName(text);
        if (name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 2 || !name.All(ch => char.IsLetter(ch) || ch is ' ' or '-' or '\'') || name.Length > 80) return null;
        return VnText.AllCaps(name) ? VnText.TitleCase(name) : name;
    }

    /// <summary>A name with no diacritics prints so on the admission papers: said, with how to correct it.</summary>
    static string Undotted(string name) => name.All(char.IsAscii)
        ? $"\n⚠ Tên \"{name}\" chưa có dấu; hồ sơ, quyết định ghi theo tên này. Nếu cần sửa: /ketnap {name} doiten <họ tên có dấu>."
        : "";

    /// <summary>/ketnap &lt;tên&gt; doiten &lt;họ tên đúng&gt;: a name typed wrongly (or without diacritics) corrected; the history says so.</summary>
    static void Rename(Turn turn, Cell cell, Candidate c, string rest)
    {
        if (NameOf(rest) is not { } name)
        {
            turn.Say($"Gõ họ và tên đúng (đủ họ tên, chỉ chữ, có dấu): /ketnap {c.Name} doiten <họ và tên>.");
            return;
        }
        if (name == c.Name) { turn.Say($"Tên đã là {name}; không có gì thay đổi."); return; }
        if (turn.Store.Candidates.Find(o => o.CellId == cell.Id).Any(o => o.Open && o.Id != c.Id && VnText.Fold(o.Name) == VnText.Fold(name)))
        {
            turn.Say($"{name} đã có trong danh sách (/ketnap {name}); không đổi tên.");
            return;
        }
        var before = c.Name;
        c.Name = name;
        Save(turn, cell, c, $"sửa họ tên (trước: {before})", "", "candidate.renamed");
        turn.Say($"Đã sửa họ tên: {before} → {name}." + Undotted(name));
    }

    static void Class(Turn turn, Cell cell, Candidate c, string rest)
    {
        var first = rest.Split(' ', 2);
        if (rest == "" || Inputs.Date(first[0], turn.Now.Date) is not { } day || day > turn.Now.Date || day < turn.Now.Date.AddYears(-5))
        {
            turn.Say($"Gõ ngày được cấp giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng (không sau hôm nay), có thể thêm số giấy: /ketnap {c.Name} hoclop 20/11/2026 GCN số 125.");
            return;
        }
        c.ClassOn = day;
        c.Certificate = first.Length > 1 ? first[1].Trim() : "";
        if (c.Certificate.Length > 200) { turn.Say("Số giấy chứng nhận dài quá 200 ký tự."); return; }
        Save(turn, cell, c, $"học lớp bồi dưỡng nhận thức về Đảng, chứng nhận ngày {VnText.Date(day)}", c.Certificate, "candidate.class");
        turn.Say($"Đã ghi: {c.Name} học lớp bồi dưỡng nhận thức về Đảng ({VnText.Date(day)}). Khi đủ hồ sơ (đơn, lý lịch, nhận xét của đoàn thể và chi ủy nơi cư trú), chi bộ họp xét: /ketnap {c.Name} bieuquyet <tán thành>/<số đảng viên chính thức>.");
    }

    static void Vote(Turn turn, Cell cell, Candidate c, string rest)
    {
        var t = Rules(turn);
        if (c.Stage == CandidateStage.Introduced)
        {
            turn.Say($"{c.Name} chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng: chi bộ xét khi đã học (/ketnap {c.Name} hoclop <ngày>).");
            return;
        }
        if (c.Stage != CandidateStage.ClassAttended) { turn.Say($"Chi bộ đã đề nghị kết nạp {c.Name}. Tiếp: {NextStep(c)}."); return; }
        var full = ProbationCommands.FullMembers(turn, cell);
        if (ProbationCommands.CellVote(rest, full) is not var (votesFor, of))
        {
            turn.Say(ProbationCommands.CellVoteHelp(full, $"/ketnap {c.Name} bieuquyet") + ".");
            return;
        }
        if (ProbationCommands.VoteCountProblem(turn, cell, votesFor, of, $"/ketnap {c.Name} bieuquyet") is { } problem)
        {
            turn.Say(problem);
            return;
        }
        var carried = ProbationRules.VoteCarries(votesFor, of, t.VoteNumerator, t.VoteDenominator);
        c.Votes.Add(new ProbationVote { For = votesFor, FullMembers = of, Carried = carried, AtUtc = turn.UtcNow, By = turn.Member!.Id });
        var tally = $"{votesFor}/{of} đảng viên chính thức tán thành";
        Save(turn, cell, c, $"chi bộ biểu quyết đề nghị kết nạp: {tally}, {(carried ? "đạt" : "không đạt")}", "", "candidate.vote");
        turn.Say(carried
            ? $"Đã ghi nghị quyết của {cell.Name}: đề nghị kết nạp {c.Name} ({tally}, đạt hai phần ba; {t.AdmissionVoteSource}). Gửi hồ sơ lên cấp ủy có thẩm quyền; khi có quyết định: /ketnap {c.Name} quyetdinh <số, ngày>."
            : $"Chưa đủ hai phần ba đảng viên chính thức tán thành ({tally}; {t.AdmissionVoteSource}): chi bộ chưa đề nghị kết nạp {c.Name}.");
    }

    static void Decision(Turn turn, Cell cell, Candidate c, string rest)
    {
        var t = Rules(turn);
        // Recorded again before the ceremony: a correction (a typo, or the day it was received said late).
        var correcting = c.Stage == CandidateStage.Decided;
        if (c.Stage != CandidateStage.Proposed && !correcting)
        {
            turn.Say($"Chưa có nghị quyết của chi bộ đề nghị kết nạp {c.Name}. Tiếp: {NextStep(c)}.");
            return;
        }
        if (!VnText.HasWords(rest) || rest.Length > 200)
        {
            turn.Say($"Gõ số, ngày quyết định kết nạp của cấp ủy có thẩm quyền: /ketnap {c.Name} quyetdinh QĐ 52-QĐ/ĐU ngày 10/12/2026.");
            return;
        }
        // A decision's date that does not exist or is still to come is a slip: said, nothing recorded.
        if (Members.DayOfDecision(turn, rest, "quyết định kết nạp") is not { } decided) return;
        // The days count from receiving it: today, unless said ("…, nhận ngày 24/11/2026" when recorded late).
        var today = turn.Now.Date;
        var received = today;
        if (ReceivedRegex().Match(VnText.Fold(rest)) is { Success: true } said)
        {
            if (Inputs.Date(said.Groups[1].Value, today) is not { } on || on > today || on < decided)
            {
                turn.Say($"Ngày nhận quyết định \"{said.Groups[1].Value}\" phải từ ngày quyết định ({VnText.Date(decided)}) đến hôm nay. " +
                         $"Ví dụ: /ketnap {c.Name} quyetdinh QĐ 52-QĐ/ĐU ngày {VnText.Date(decided)}, nhận ngày {VnText.Date(today)}.");
                return;
            }
            received = on;
        }
        c.Decision = rest;
        c.DecisionOn = received;
        c.CeremonyBy = WorkingDays.Add(c.DecisionOn.Value, t.CeremonyWithinWorkingDays);
        Save(turn, cell, c, correcting ? "sửa quyết định kết nạp" : "nhận quyết định kết nạp", rest, "candidate.decision");
        var from = received == today ? "" : $" {VnText.Date(received)}";
        turn.Say($"Đã {(correcting ? "sửa" : "ghi")} quyết định kết nạp {c.Name} ({rest}). Chi bộ tổ chức lễ kết nạp chậm nhất ngày {VnText.Date(c.CeremonyBy!.Value)} " +
                 $"({t.CeremonyWithinWorkingDays} ngày làm việc kể từ ngày nhận quyết định{from}, {t.CeremonySource}); bot sẽ nhắc bí thư. Sau lễ: /ketnap {c.Name} leketnap <ngày>." +
                 // A decision dated before today may have been received before today: how to say so.
                 (received == today && decided < today ? $" Chi bộ nhận quyết định trước hôm nay thì gõ lại lệnh, thêm \", nhận ngày <ngày>\"." : ""));
    }

    /// <summary>"nhận ngày 24/11/2026", "nhận được QĐ ngày 24/11", "nhận 24/11" in a decision's text (folded).</summary>
    [GeneratedRegex(@"\bnhan(?:\s+duoc)?(?:\s+(?:qd|quyet dinh))?(?:\s+(?:vao\s+)?ngay)?\s*:?\s*(\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?)")]
    private static partial Regex ReceivedRegex();

    static void Ceremony(Turn turn, Cell cell, Candidate c, string rest)
    {
        var t = Rules(turn);
        if (c.Stage != CandidateStage.Decided) { turn.Say($"Chưa có quyết định kết nạp {c.Name}. Tiếp: {NextStep(c)}."); return; }
        // Not before the decision: its own date when written in it (a decision recorded late, after the ceremony), else the day recorded.
        var earliest = Inputs.DayIn(c.Decision, out _) is { } dated && dated < c.DecisionOn!.Value ? dated : c.DecisionOn!.Value;
        if (Inputs.Date(rest, turn.Now.Date) is not { } day || day > turn.Now.Date || day < earliest)
        {
            turn.Say($"Gõ ngày chi bộ tổ chức lễ kết nạp (từ {VnText.Date(earliest)} đến hôm nay): /ketnap {c.Name} leketnap {VnText.Date(turn.Now)}.");
            return;
        }
        var member = new Member
        {
            Id = LiteDB.ObjectId.NewObjectId().ToString(), Name = c.Name, CellId = cell.Id, Status = MemberStatus.Probationary, AdmittedOn = day,
            Roles = [new RoleGrant { Role = Role.Member, ScopeId = cell.Id }],
            History = [Members.Event(turn, cell.Id, $"kết nạp vào Đảng tại {cell.Name}, lễ kết nạp ngày {VnText.Date(day)}", c.Decision)],
        };
        turn.Store.Members.Insert(member);
        c.CeremonyOn = day;
        c.MemberId = member.Id;
        var late = day > c.CeremonyBy!.Value ? $" (sau hạn {VnText.Date(c.CeremonyBy!.Value)})" : "";
        Save(turn, cell, c, $"lễ kết nạp ngày {VnText.Date(day)}{late}", c.Decision, "candidate.admitted");
        var end = ProbationRules.EndOf(day, t.Months);
        turn.Say($"Đã ghi lễ kết nạp Đ/c {c.Name} ngày {VnText.Date(day)}{late}: đồng chí là đảng viên dự bị của {cell.Name}, hết {t.Months} tháng dự bị ngày {VnText.Date(end)} ({t.MonthsSource}). " +
                 $"Phân công đảng viên giúp đỡ: /dangvien {c.Name} giupdo <tên>; mời dùng bot: /moi dangvien.");
    }

    static void Drop(Turn turn, Cell cell, Candidate c, string rest)
    {
        if (!c.Open) { turn.Say($"{c.Name}: {StageLabel(c, turn.Now)}."); return; }
        if (!VnText.HasWords(rest) || rest.Length > 200) { turn.Say($"Ghi lý do dừng xem xét: /ketnap {c.Name} dung <lý do>."); return; }
        c.DroppedWhy = rest;
        Save(turn, cell, c, $"dừng xem xét: {rest}", "", "candidate.dropped");
        turn.Say($"Đã ghi: chi bộ dừng xem xét {c.Name} ({rest}). Hồ sơ vẫn giữ.");
    }
}
