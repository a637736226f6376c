using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// /dangvien — a cell's roster for its leaders (staff and admins name the cell): list; mark a member full,
/// probationary or exempt; record a discipline or a suspension from Party activities (and its end); transfer them to
/// another cell (staff or admin); remove them (asked to confirm; the records they made stay).
/// </summary>
public static class Members
{
    static readonly Dictionary<string, MemberStatus> Statuses = new()
    {
        ["chinhthuc"] = MemberStatus.Full, ["duby"] = MemberStatus.Probationary, ["mien"] = MemberStatus.Exempt, ["miensinhhoat"] = MemberStatus.Exempt,
    };

    const string WhoMay = "Danh sách đảng viên dành cho bí thư, phó bí thư (chi bộ mình), cán bộ cấp trên và quản trị (gõ /dangvien <tên chi bộ>).";

    public static string StatusLabel(MemberStatus s) => s switch
    {
        MemberStatus.Probationary => "dự bị",
        MemberStatus.Exempt => "miễn sinh hoạt",
        _ => "chính thức",
    };

    public static void Handle(Turn turn, string args)
    {
        var store = turn.Store;
        var me = turn.Member!;
        var text = VnText.Clean(args);
        if (!Authorizer.VisibleCells(store, me).Any())
        {
            turn.Say(WhoMay);
            return;
        }
        // The cell: the one the member leads, else (staff, admin) the one named after "/dangvien" with ":" ("/dangvien thôn Đông: …") or alone.
        Cell? cell;
        var colon = text.IndexOf(':');
        // A colon after the action word belongs to what follows it ("xetchinhthuc 4/5 nhận xét: …"), not to a cell's name.
        if (colon > 0 && text[..colon].Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => TakesText(VnText.Fold(w)))) colon = -1;
        if (colon > 0 || (text != "" && Authorizer.LedCell(store, me) is null))
        {
            var name = colon > 0 ? text[..colon].Trim() : text;
            text = colon > 0 ? text[(colon + 1)..].Trim() : "";
            cell = CellPicker.Named(turn, Authorizer.VisibleCells(store, me).ToList(), name, "dangvien", "phạm vi đồng chí được xem");
            if (cell is null) return;
        }
        else cell = Authorizer.LedCell(store, me);
        if (cell is null)
        {
            // Staff and admins with no cell of their own: which cell, as /ketnap and /dangphi ask.
            if (Authorizer.VisibleCells(store, me).ToList() is { Count: > 0 } cells)
                CellPicker.Offer(turn, cells, "Danh sách đảng viên của chi bộ nào? Chọn, hoặc gõ /dangvien <tên chi bộ>.", "dangvien");
            else turn.Say(WhoMay);
            return;
        }
        if (!Authorizer.Can(store, me, Permission.ViewCellResults, cell))
        {
            turn.Say($"Đồng chí không quản lý {cell.Name}.");
            return;
        }
        var roster = VnText.SortedByGivenName(store.CellMembers(cell.Id), m => m.Name); // as Vietnamese lists of people are
        if (text == "")
        {
            List(turn, cell, roster);
            return;
        }
        var typed = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        // A member's name typed whole is never read as an action: "Nguyễn Đình Chi" holds "đình chỉ" without its marks.
        var named = VnText.LeadingName(roster, typed, m => m.Name, m => m.Id) is var (_, after)
            ? typed.Count - after.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length : 1;
        var words = Joined(typed, Math.Max(1, named));
        // "<tên> <việc> [đích]": find the action word from the right.
        // "xoa" is the first such word: the reason after it may hold another ("xóa tên").
        var actionAt = words.FindIndex(w => VnText.Fold(w) is "kyluat" or "dinhchi" or "hetdinhchi") is var k and >= 0 ? k
            : words.FindIndex(w => VnText.Fold(w) is "xoa" or "xacnhanxoa" || ProbationCommands.Actions.Contains(VnText.Fold(w))) is var x and >= 0 ? x
            : words.FindIndex(w => VnText.Fold(w) == "chuyen") is var c and >= 0 ? c // the letter after it may hold any word
            : words.FindLastIndex(w => Statuses.ContainsKey(VnText.Fold(w)) || VnText.Fold(w) is "xoa" or "xacnhanxoa" or "xacnhan" or "tiepnhan" or "ketthuc" or "huychuyen");
        if (actionAt <= 0 && VnText.NameMatches(roster, text, m => m.Name, m => m.Id) is [var one]) // "Nguyễn Thị Chuyên" is a name
        {
            Details(turn, cell, one);
            return;
        }
        if (actionAt <= 0)
        {
            turn.Say("Gõ: /dangvien <tên> (xem hồ sơ) · /dangvien <tên> chinhthuc | duby | mien · /dangvien <tên> chuyen <chi bộ> [tạm thời] <giấy giới thiệu> | tiepnhan | ketthuc · /dangvien <tên> xoa <lý do> · " +
                     "/dangvien <tên> kyluat <hình thức> <quyết định> · /dangvien <tên> dinhchi <quyết định> | hetdinhchi · " +
                     "dự bị: /dangvien <tên> ketnap <ngày> | giupdo <tên> | xetchinhthuc <tán thành>/<tổng số> | quyetdinh <số, ngày>");
            return;
        }
        var who = string.Join(' ', words.Take(actionAt));
        var action = VnText.Fold(words[actionAt]);
        var target = string.Join(' ', words.Skip(actionAt + 1));
        // Those arriving, or attending here for now, are not on the roll: found among the cell's transfers.
        if (action == "tiepnhan") { Transfers.Receive(turn, cell, who); return; }
        if (action == "ketthuc") { Transfers.End(turn, cell, who); return; }
        if (action == "huychuyen") { Transfers.Cancel(turn, cell, who); return; }
        if (FindOne(turn, cell, who, roster) is not { } member) return;
        if (Statuses.TryGetValue(action, out var status)) SetStatus(turn, cell, member, status, target);
        else if (action == "chuyen") Transfers.Start(turn, cell, member, target);
        else if (action == "xacnhan") Confirm(turn, cell, member);
        else if (action == "kyluat") Discipline(turn, cell, member, target);
        else if (action == "dinhchi") Suspend(turn, cell, member, target);
        else if (action == "hetdinhchi") Reinstate(turn, cell, member, target);
        else if (ProbationCommands.Actions.Contains(action))
        {
            if (MayChange(turn, cell, member, "ghi việc này cho")) ProbationCommands.Handle(turn, cell, member, action, target);
        }
        else Remove(turn, cell, member, target, confirmed: action == "xacnhanxoa");
    }

    /// <summary>Actions followed by free text (a decision, comments) that may hold a colon; a place name never is one of these words.</summary>
    static bool TakesText(string folded) => folded is "xoa" or "xacnhanxoa" or "kyluat" or "dinhchi" or "hetdinhchi" or "chuyen" || ProbationCommands.Actions.Contains(folded);

    /// <summary>
    /// "tiếp nhận", "kết thúc", "đình chỉ" typed as two words, "hết đình chỉ" as three: one action word each. Not among
    /// the first <paramref name="nameWords"/> words, where the name is ("Đình Chi" may be one).
    /// </summary>
    static List<string> Joined(List<string> words, int nameWords)
    {
        for (var i = words.Count - 2; i >= nameWords; i--)
            if ((VnText.Fold(words[i]), VnText.Fold(words[i + 1])) is ("tiep", "nhan") or ("ket", "thuc") or ("dinh", "chi")) // not "hủy chuyển": Huy is a given name
            {
                words[i] = VnText.Fold(words[i]) + VnText.Fold(words[i + 1]);
                words.RemoveAt(i + 1);
            }
        for (var i = words.Count - 2; i >= nameWords; i--)
            if ((VnText.Fold(words[i]), VnText.Fold(words[i + 1])) is ("het", "dinhchi"))
            {
                words[i] = "hetdinhchi";
                words.RemoveAt(i + 1);
            }
        return words;
    }

    /// <summary>The one member of the cell a typed name or id means; otherwise says why not (none, or several) and returns null.</summary>
    public static Member? FindOne(Turn turn, Cell cell, string who, List<Member>? roster = null)
    {
        var matches = VnText.NameMatches(roster ?? turn.Store.CellMembers(cell.Id), who, m => m.Name, m => m.Id);
        if (matches.Count == 1) return matches[0];
        if (matches.Count == 0) turn.Say($"Không có \"{Inputs.Preview(who)}\" trong danh sách {cell.Name}.");
        else if (matches.Select(m => VnText.Fold(m.Name)).Distinct().Count() == 1)
        {
            matches = [.. matches.OrderBy(m => m.SelfDeclared)]; // a newcomer's own account last
            turn.Say($"Có {matches.Count} đồng chí cùng họ tên {matches[0].Name} trong {cell.Name}: " +
                     string.Join("; ", matches.Select(m => $"{Described(m, cell)} — mã {m.Id}")) + ". Gõ mã thay cho tên, ví dụ /dangvien " + matches[^1].Id + ".");
        }
        else turn.Say($"Có {matches.Count} người khớp \"{Inputs.Preview(who)}\"; gõ tên đầy đủ hơn.");
        return null;
    }

    /// <summary>"bí thư, chính thức", "chính thức, tự khai chưa xác nhận": what tells namesakes apart.</summary>
    static string Described(Member m, Cell cell) =>
        string.Join(", ", LeaderTitles(m, cell).Append(StatusLabel(m.Status))) + (m.SelfDeclared ? ", tự khai chưa xác nhận" : "") +
        (m.BirthDate is { } b ? $", sinh {b.Year}" : "");

    /// <summary>"bí thư", "phó bí thư": the member's leading roles in the cell.</summary>
    static IEnumerable<string> LeaderTitles(Member m, Cell cell) =>
        m.Roles.Where(r => r.ScopeId == cell.Id && r.Role is Role.Secretary or Role.Deputy).Select(r => r.Role == Role.Secretary ? "bí thư" : "phó bí thư");

    /// <summary>"đã chặn bot trên Telegram từ 05/12/2026" when the member blocked the bot on one of these identities, else null.</summary>
    static string? Blocked(IEnumerable<ChatIdentity> identities) =>
        identities.FirstOrDefault(i => i.BlockedAtUtc is not null) is { BlockedAtUtc: { } since } i
            ? $"đã chặn bot trên {(i.Channel == "zalo" ? "Zalo" : i.Channel == "telegram" ? "Telegram" : i.Channel)} từ {VnText.Date(VnClock.Local(since))}"
            : null;

    /// <summary>How commands name the member: the full name, or the id when a namesake is on the same roster.</summary>
    public static string Handle(Member m, IEnumerable<Member> roster) =>
        roster.Any(o => o.Id != m.Id && VnText.Fold(o.Name) == VnText.Fold(m.Name)) ? m.Id : m.Name;

    static void List(Turn turn, Cell cell, List<Member> roster)
    {
        // Each member's identities read once: connected (any) and blocked (one of them) come from them.
        var identities = roster.ToDictionary(m => m.Id, m => turn.Store.Identities.Find(i => i.MemberId == m.Id).ToList());
        var lines = new List<string> { $"{cell.Name}: {roster.Count} đảng viên ({roster.Count(m => m.Status == MemberStatus.Full)} chính thức, {roster.Count(m => m.Status == MemberStatus.Probationary)} dự bị, {roster.Count(m => m.Status == MemberStatus.Exempt)} miễn sinh hoạt" +
            (roster.Count(m => m.Suspended) is > 0 and var suspended ? $"; {suspended} đang bị đình chỉ sinh hoạt đảng" : "") + ")" };
        // The advice is the leaders' (the staff above are who they would tell).
        if (TooFewFullMembers(roster, advise: Authorizer.LedCell(turn.Store, turn.Member!)?.Id == cell.Id) is { } warning) lines.Add(warning);
        foreach (var m in roster)
        {
            lines.Add($"• {m.Name} — {string.Join(", ", LeaderTitles(m, cell).Append(StatusLabel(m.Status)))}{(m.Suspended ? " · đình chỉ sinh hoạt đảng" : "")}{(identities[m.Id].Count > 0 ? Blocked(identities[m.Id]) is { } blocked ? $" · {blocked}" : "" : " · chưa kết nối bot")}" +
                      (m.SelfDeclared ? $" · tự khai, chưa xác nhận (/dangvien {Handle(m, roster)} xacnhan)" : ""));
        }
        // Those who left keep their CellId: read through its index, not a scan of every member.
        var left = VnText.SortedByGivenName(turn.Store.Members.Find(m => m.CellId == cell.Id).Where(m => m.Removed && m.Departure?.CellId == cell.Id), m => m.Name)
            .OrderByDescending(m => m.Departure!.RecordedAtUtc).ToList(); // latest first; the same moment by name
        if (left.Count > 0)
            lines.Add($"Đã ra khỏi danh sách: {string.Join(", ", left.Take(5).Select(m => $"{m.Name} ({Leaving.Of(m.Departure!.Reason).Label}, {VnText.Date(m.Departure!.OnDate)})"))}" +
                      (left.Count > 5 ? $" và {left.Count - 5} đồng chí khác" : ""));
        lines.AddRange(Transfers.RosterLines(turn, cell));
        lines.Add("Hồ sơ: /dangvien <tên> · đổi: /dangvien <tên> chinhthuc | mien · đình chỉ sinh hoạt: /dangvien <tên> dinhchi <quyết định> | hetdinhchi · chuyển: /dangvien <tên> chuyen <chi bộ> · ra khỏi danh sách: /dangvien <tên> xoa · mời: /moi dangvien");
        turn.Say(string.Join('\n', lines));
    }

    /// <summary>
    /// A member's status or place on the roster: the cell's leaders, its staff, admins; a secretary's or deputy's only
    /// staff and admins (one leader cannot demote or remove the other).
    /// </summary>
    static bool MayChange(Turn turn, Cell cell, Member member, string verb)
    {
        var store = turn.Store;
        var me = turn.Member!;
        if (Authorizer.LeaderTitle(member, cell.Id) is { } title)
        {
            if (Authorizer.CanManageLeaders(store, me, cell)) return true;
            turn.Say($"Đ/c {member.Name} là {title} {cell.Name}: chỉ quản trị viên hoặc cán bộ cấp trên mới {verb} được.");
            return false;
        }
        if (Authorizer.Can(store, me, Permission.RunMeeting, cell) || Authorizer.CanManageLeaders(store, me, cell)) return true;
        turn.Say($"Chỉ bí thư, phó bí thư {cell.Name}, cán bộ cấp trên hoặc quản trị mới {verb} được.");
        return false;
    }

    /// <summary>
    /// The members a vote outside a meeting's roll call is counted over (QĐ 24-QĐ/TW, mục 9.3): the roster without those
    /// suspended from Party activities and those attending another cell for now (a temporary transfer). The caller
    /// leaves out probationary members and treats exempt ones as the rule says (counted only by voting).
    /// </summary>
    internal static List<Member> VotingRoll(Storage.ChiBoStore store, Cell cell)
    {
        var away = Transfers.AwayTemporarily(store, cell.Id);
        return [.. store.CellMembers(cell.Id).Where(m => !m.Suspended && !away.Contains(m.Id))];
    }

    /// <summary>Full members counted (exempt ones count: they are full members); null when there are enough.</summary>
    /// <paramref name="advise"/>: with what the cell's leaders do about it (to a leader, not to the staff above).
    public static string? TooFewFullMembers(IReadOnlyCollection<Member> roster, bool advise = true) =>
        FullMembersIfTooFew(roster) is { } full
            ? $"⚠ Chi bộ chỉ có {full} đảng viên chính thức: Điều lệ Đảng (Điều 21) quy định chi bộ có ít nhất 3." +
              (advise ? " Báo cấp ủy cấp trên để giới thiệu sinh hoạt ghép hoặc bổ sung." : "")
            : null;

    /// <summary>
    /// Điều lệ Đảng, Điều 21: a cell has at least three full members (exempt ones count). Their number when fewer; null when
    /// there are enough, or when the cell has no roster on the bot (nothing to tell from).
    /// </summary>
    public static int? FullMembersIfTooFew(IReadOnlyCollection<Member> roster)
    {
        const int AtLeast = 3;
        var full = roster.Count(m => m.Status is MemberStatus.Full or MemberStatus.Exempt);
        return roster.Count > 0 && full < AtLeast ? full : null;
    }

    /// <summary>/dangvien &lt;tên&gt;: what officials keep on the member.</summary>
    static void Details(Turn turn, Cell cell, Member m)
    {
        string Or(string s) => s == "" ? "chưa ghi" : s;
        var title = Authorizer.LeaderTitle(m, cell.Id) is { } leader ? $"{leader}, " : "";
        turn.Say(string.Join('\n',
        [
            $"Đ/c {m.Name} — {title}đảng viên {StatusLabel(m.Status)}, {cell.Name}",
            .. m.Suspension is { } s ? [$"• Đang bị đình chỉ sinh hoạt đảng từ {VnText.Date(s.Since)} ({s.Decision}): không triệu tập, không tính khi biểu quyết, không phải tự kiểm điểm"] : Array.Empty<string>(),
            $"• Ngày sinh: {Or(OrgFile.OrgTable.DateText(m.BirthDate))}",
            $"• Ngày vào Đảng: {Or(OrgFile.OrgTable.DateText(m.AdmittedOn))}",
            $"• Ngày chính thức: {(m.Status == MemberStatus.Probationary ? "(đang dự bị)" : Or(OrgFile.OrgTable.DateText(m.FullMemberOn)))}",
            $"• Số thẻ đảng viên: {Or(m.CardNumber)}",
            $"• Kết nối bot: {(turn.Store.Identities.Find(i => i.MemberId == m.Id).ToList() is { Count: > 0 } ids ? "đã kết nối" + (Blocked(ids) is { } blocked ? $"; {blocked}: tin nhắn riêng của bot (nhắc việc, trả lời) không tới được" : "") : "chưa kết nối (mời: /moi dangvien " + m.Name + ")")}",
            "• " + AttendanceHistory.Describe(turn.Store, cell.Id, m.Id, turn.Now.Year),
            .. HandbookPointsBook.RecordLine(turn, m, cell) is { } handbook ? [handbook] : Array.Empty<string>(),
            .. ProbationCommands.Describe(turn.Templates, m, turn.Now),
            .. Ratings(turn, m),
            .. m.Disciplines.OrderByDescending(d => d.Year).Select(d => $"• Kỷ luật năm {d.Year}: {d.Form} ({d.Decision})"),
            .. History(m),
            "Bổ sung, sửa các thông tin này: quản trị viên nhập tệp danh sách tổ chức (/xuat, sửa, gửi lại).",
        ]));
    }

    static readonly string[] DisciplineForms = ["khiển trách", "cảnh cáo", "cách chức"];

    /// <summary>
    /// /dangvien &lt;tên&gt; kyluat &lt;hình thức&gt; &lt;số, ngày quyết định&gt;: records a disciplinary measure (khiển trách, cảnh cáo,
    /// cách chức; khai trừ is a removal). It caps the member's year-end rating (QĐ 124-QĐ/TW). Audited.
    /// </summary>
    static void Discipline(Turn turn, Cell cell, Member member, string rest)
    {
        if (!MayChange(turn, cell, member, "ghi kỷ luật cho")) return;
        var form = DisciplineForms.FirstOrDefault(f => VnText.Fold(rest).StartsWith(VnText.Fold(f)));
        var decision = form is null ? "" : rest[form.Length..].Trim(' ', ',', ':', '-');
        if (form is null || !VnText.HasWords(decision))
        {
            turn.Say($"Gõ: /dangvien {member.Name} kyluat <hình thức> <số, ngày quyết định>, hình thức là một trong: {string.Join(", ", DisciplineForms)} " +
                     "(khai trừ: /dangvien … xoa). Ví dụ: /dangvien Tuấn kyluat khiển trách QĐ 15-QĐ/ĐU ngày 05/11/2026.");
            return;
        }
        if (decision.Length > 200) { turn.Say("Số, ngày quyết định dài quá 200 ký tự."); return; }
        // The year the decision was made (recorded in January, a decision of 28/12 caps the year before), else this year.
        if (DayOfDecision(turn, decision, "kỷ luật") is not { } decided) return;
        var year = decided.Year;
        member.Disciplines.Add(new Domain.Discipline { Year = year, Form = form, Decision = decision, RecordedBy = turn.Member!.Id, RecordedAtUtc = turn.UtcNow });
        Record(turn, member, cell.Id, $"kỷ luật {form}", decision);
        turn.Store.Members.Update(member);
        turn.Audit("member.disciplined", cell.Id, $"Đ/c {member.Name}: kỷ luật {form} ({decision})");
        turn.Say($"Đã ghi: Đ/c {member.Name} bị kỷ luật {form} ({decision}), năm {year}. Khi xếp loại cuối năm, đồng chí này không được xếp từ \"Hoàn thành tốt nhiệm vụ\" trở lên (QĐ 124-QĐ/TW).");
    }

    /// <summary>
    /// /dangvien &lt;tên&gt; dinhchi &lt;số, ngày quyết định&gt;: records a suspension from Party activities (đình chỉ sinh hoạt
    /// đảng) decided by the competent committee. Until its end is recorded the member is not summoned, not counted in a
    /// vote's base and writes no self-review. Audited.
    /// </summary>
    static void Suspend(Turn turn, Cell cell, Member member, string decision)
    {
        if (!MayChange(turn, cell, member, "ghi đình chỉ sinh hoạt đảng cho")) return;
        if (member.Suspension is { } already)
        {
            turn.Say($"Đ/c {member.Name} đã bị đình chỉ sinh hoạt đảng từ {VnText.Date(already.Since)} ({already.Decision}). Khi hết: /dangvien {member.Name} hetdinhchi.");
            return;
        }
        decision = decision.Trim(' ', ',', ':', '-');
        if (!VnText.HasWords(decision))
        {
            turn.Say($"Gõ: /dangvien {member.Name} dinhchi <số, ngày quyết định của cấp có thẩm quyền>. Ví dụ: /dangvien {member.Name} dinhchi QĐ 20-QĐ/ĐU ngày 01/12/2026.");
            return;
        }
        if (decision.Length > 200) { turn.Say("Số, ngày quyết định dài quá 200 ký tự."); return; }
        // From the day the decision names (a decision is often recorded some days after it), else from today.
        if (DayOfDecision(turn, decision, "việc đình chỉ") is not { } since) return;
        if (member.AdmittedOn is { } admitted && since < admitted.Date)
        {
            turn.Say($"Ngày {VnText.Date(since)} trong quyết định trước ngày Đ/c {member.Name} vào Đảng ({VnText.Date(admitted)}). Đồng chí kiểm tra lại số, ngày quyết định.");
            return;
        }
        if (member.PastSuspensions.LastOrDefault() is { Until: { } ended } last && since < ended)
        {
            turn.Say($"Ngày {VnText.Date(since)} trong quyết định thuộc đợt đình chỉ trước (từ {VnText.Date(last.Since)}, hết từ {VnText.Date(ended)}). Đồng chí kiểm tra lại số, ngày quyết định.");
            return;
        }
        member.Suspension = new Suspension { Decision = decision, Since = since, RecordedBy = turn.Member!.Id, RecordedAtUtc = turn.UtcNow };
        Record(turn, member, cell.Id, "đình chỉ sinh hoạt đảng", decision);
        turn.Store.Members.Update(member);
        turn.Audit("member.suspended", cell.Id, $"Đ/c {member.Name}: đình chỉ sinh hoạt đảng ({decision})");
        turn.Say($"Đã ghi: Đ/c {member.Name} bị đình chỉ sinh hoạt đảng ({decision}) từ {VnText.Date(since)}. Trong thời gian này đồng chí không được triệu tập " +
                 $"sinh hoạt, không tính vào số đảng viên khi biểu quyết (QĐ 24-QĐ/TW, mục 9.3) và không phải tự kiểm điểm ({SelfReview.NotReviewedRule}). " +
                 $"Khi hết: /dangvien {member.Name} hetdinhchi.");
    }

    /// <summary>/dangvien &lt;tên&gt; hetdinhchi [quyết định]: the suspension ends; the member is summoned and counted again. Audited.</summary>
    static void Reinstate(Turn turn, Cell cell, Member member, string decision)
    {
        if (!MayChange(turn, cell, member, "ghi hết đình chỉ sinh hoạt đảng cho")) return;
        if (member.Suspension is not { } suspension)
        {
            turn.Say($"Đ/c {member.Name} không bị đình chỉ sinh hoạt đảng.");
            return;
        }
        decision = decision.Trim(' ', ',', ':', '-');
        if (decision.Length > 200) { turn.Say("Số, ngày quyết định dài quá 200 ký tự."); return; }
        // Ends on the day the decision names, else today; kept with its days (a meeting within them, recorded late, leaves the member out).
        if (DayOfDecision(turn, decision, "hết đình chỉ") is not { } until) return;
        if (until < suspension.Since)
        {
            turn.Say($"Ngày {VnText.Date(until)} trước ngày bắt đầu đình chỉ ({VnText.Date(suspension.Since)}). Đồng chí kiểm tra lại số, ngày quyết định.");
            return;
        }
        suspension.Until = until;
        suspension.EndDecision = decision;
        member.PastSuspensions.Add(suspension);
        member.Suspension = null;
        Record(turn, member, cell.Id, $"hết đình chỉ sinh hoạt đảng từ {VnText.Date(until)}, sau đợt đình chỉ từ {VnText.Date(suspension.Since)}", decision);
        turn.Store.Members.Update(member);
        turn.Audit("member.reinstated", cell.Id, $"Đ/c {member.Name}: hết đình chỉ sinh hoạt đảng" + (decision == "" ? "" : $" ({decision})"));
        turn.Say($"Đã ghi: Đ/c {member.Name} hết đình chỉ sinh hoạt đảng từ {VnText.Date(until)}" + (decision == "" ? "" : $" ({decision})") +
                 "; đồng chí được triệu tập sinh hoạt và tính khi biểu quyết như trước.");
    }

    /// <summary>
    /// The day a decision (or another paper: <paramref name="paper"/>) takes effect: the date written in it
    /// (<see cref="Inputs.DayIn"/>), else today; null, said why, when that date does not exist or is still to come
    /// (<paramref name="what"/>: what is recorded from it).
    /// </summary>
    internal static DateTime? DayOfDecision(Turn turn, string decision, string what, string paper = "quyết định")
    {
        var day = Inputs.DayIn(decision, out var invalid) ?? turn.Now.Date;
        if (invalid is not null) turn.Say($"Ngày {invalid} trong {paper} không có thật. Đồng chí kiểm tra lại số, ngày {paper}.");
        else if (day > turn.Now.Date) turn.Say($"Ngày {VnText.Date(day)} trong {paper} chưa đến. Đồng chí ghi {what} từ ngày đó trở đi.");
        else return day;
        return null;
    }

    const int HistoryShown = 8;

    /// <summary>"Quá trình:" then the latest status changes and decisions, newest first.</summary>
    static IEnumerable<string> History(Member m)
    {
        if (m.History.Count == 0) yield break;
        yield return "• Quá trình (mới nhất trước):";
        foreach (var e in Enumerable.Reverse(m.History).Take(HistoryShown))
            yield return $"  – {VnText.Date(VnClock.Local(e.AtUtc))}: {e.What}{(e.Decision == "" ? "" : $" ({e.Decision})")}";
        if (m.History.Count > HistoryShown) yield return $"  – và {m.History.Count - HistoryShown} mục trước đó (/xuat, trang \"Quá trình\")";
    }

    /// <summary>
    /// The member's year-end levels, by year, as the cells rated them (newest first). Only the cells the member belonged
    /// to can have: the current one and those of the member's transfers (a member changes cell only by a transfer); their
    /// reviews are found by key ("cell|year"), not by reading every cell's reviews of every year.
    /// </summary>
    static IEnumerable<string> Ratings(Turn turn, Member m)
    {
        var cells = turn.Store.Transfers.Find(t => t.MemberId == m.Id).SelectMany(t => new[] { t.FromCellId, t.ToCellId })
            .Append(m.CellId).OfType<string>().Where(c => c != "").Distinct();
        return cells.SelectMany(c => turn.Store.CellReviews.FindStartingWith(r => r.Id, CellReview.KeyPrefixOf(c)))
            .Where(r => r.Ratings.Any(x => x.MemberId == m.Id)).OrderByDescending(r => r.Year)
            .Select(r => $"• {RatingText(r, r.Ratings.First(x => x.MemberId == m.Id))}")
            .ToList();
    }

    /// <summary>
    /// "Xếp loại năm 2026: Hoàn thành tốt nhiệm vụ (cấp trên quyết định, QĐ …; chi bộ đề nghị: …)", or as the cell proposed,
    /// or "không xếp loại" and why (QĐ 124-QĐ/TW, Điều 5): a member's level in a cell's review, for the member and the leaders.
    /// </summary>
    public static string RatingText(CellReview r, MemberRating x) =>
        x.Level == "" ? $"Xếp loại năm {r.Year}: không xếp loại{(x.Comment == "" ? "" : $" — {x.Comment.TrimEnd('.')}")}"
        : x.DecidedLevel != ""
            ? $"Xếp loại năm {r.Year}: {x.DecidedLevelLabel} (cấp trên quyết định{(x.Decision == "" ? "" : $", {x.Decision}")}{(x.DecidedLevel == x.Level ? "" : $"; chi bộ đề nghị: {x.LevelLabel}")})"
            : $"Xếp loại năm {r.Year}: {x.LevelLabel} ({(r.Approved ? "chi bộ đề nghị" : "chi bộ chưa thông qua")})";

    /// <summary>/dangvien &lt;tên&gt; xacnhan: a leader confirms what a newcomer gave (/gioithieu).</summary>
    static void Confirm(Turn turn, Cell cell, Member member)
    {
        if (!MayChange(turn, cell, member, "xác nhận")) return;
        if (!member.SelfDeclared)
        {
            turn.Say($"Hồ sơ Đ/c {member.Name} đã được xác nhận, không cần xác nhận lại.");
            return;
        }
        member.SelfDeclared = false;
        Record(turn, member, cell.Id, $"xác nhận hồ sơ, đảng viên {StatusLabel(member.Status)}");
        turn.Store.Members.Update(member);
        turn.Audit("member.confirmed", cell.Id, $"Xác nhận Đ/c {member.Name}, đảng viên {StatusLabel(member.Status)}");
        turn.Say($"Đã xác nhận Đ/c {member.Name}, đảng viên {StatusLabel(member.Status)}, {cell.Name}.");
    }

    static void SetStatus(Turn turn, Cell cell, Member member, MemberStatus status, string rest)
    {
        if (!MayChange(turn, cell, member, "đổi")) return;
        if (member.Status == status) { turn.Say($"Đ/c {member.Name} đã là đảng viên {StatusLabel(status)}."); return; }
        // Between probation and full membership only by the rules (Điều lệ Đảng, Điều 5), or to correct a record typed wrong,
        // said so (and written so in the history); a newcomer's own account, not yet confirmed, is corrected as a matter of course.
        var correction = member.SelfDeclared || VnText.Fold(rest) is var said && (said.Contains("nham") || said.StartsWith("sua"));
        if (member.Status == MemberStatus.Probationary && status == MemberStatus.Full && !correction)
        {
            // The cell votes, the competent committee decides; not a switch.
            turn.Say($"Đảng viên dự bị được công nhận chính thức khi chi bộ biểu quyết và cấp ủy có thẩm quyền quyết định: " +
                     $"/dangvien {member.Name} xetchinhthuc <tán thành>/<số đảng viên chính thức>, rồi /dangvien {member.Name} quyetdinh <số, ngày>. Xem hồ sơ: /dangvien {member.Name}" +
                     $" (nếu danh sách ghi nhầm: /dangvien {member.Name} chinhthuc ghi nhầm)");
            return;
        }
        var before = member.Status;
        if (status == MemberStatus.Probationary && !correction)
        {
            turn.Say($"Đ/c {member.Name} đang là đảng viên {StatusLabel(before)}: đảng viên chính thức không trở lại dự bị (Điều lệ Đảng, Điều 5). " +
                     $"Nếu danh sách ghi nhầm, gõ: /dangvien {member.Name} duby ghi nhầm");
            return;
        }
        member.Status = status;
        var corrected = correction && !member.SelfDeclared && (before == MemberStatus.Probationary) != (status == MemberStatus.Probationary);
        Record(turn, member, cell.Id, (corrected ? "sửa tình trạng ghi nhầm: " : "") + $"{StatusLabel(before)} → {StatusLabel(status)}");
        turn.Store.Members.Update(member);
        turn.Audit("member.status", cell.Id, $"Đ/c {member.Name}: {StatusLabel(before)} → {StatusLabel(status)}");
        turn.Say($"Đã ghi Đ/c {member.Name} là đảng viên {StatusLabel(status)}." + (status == MemberStatus.Exempt ? " Đồng chí không tính vào số phải dự sinh hoạt." : ""));
    }

    /// <summary>A line of history (a member's or a candidate's), at the turn's instant, by the turn's member.</summary>
    internal static MemberEvent Event(Turn turn, string? cellId, string what, string decision = "") =>
        new() { AtUtc = turn.UtcNow, CellId = cellId, What = what, Decision = decision, By = turn.Member!.Id };

    /// <summary>A line of the member's history (the caller saves the member).</summary>
    internal static void Record(Turn turn, Member member, string? cellId, string what, string decision = "") =>
        member.History.Add(Event(turn, cellId, what, decision));

    /// <summary>
    /// /dangvien &lt;tên&gt; xoa &lt;lý do&gt; [quyết định]: a member leaves the roster for a stated reason (chuyển đi, từ trần,
    /// xóa tên, khai trừ, xin ra khỏi Đảng), with the decision where one is needed, after a confirmation. The record
    /// stays, with its reason; counts and summons stop.
    /// </summary>
    static void Remove(Turn turn, Cell cell, Member member, string rest, bool confirmed)
    {
        if (!MayChange(turn, cell, member, "xóa")) return;
        if (member.Id == turn.Member!.Id) { turn.Say("Đồng chí không tự xóa mình được."); return; }
        if (Leaving.Read(rest) is not var (kind, decision))
        {
            turn.Say(new Reply($"Đ/c {member.Name} ra khỏi danh sách {cell.Name} vì lý do gì? Ghi lý do để hồ sơ đúng (hồ sơ được giữ lại).",
                [.. Leaving.Kinds.Select(k => new Choice($"cmd:/dangvien {cell.Name}: {member.Id} xoa {k.Label}", VnText.Capital(k.Label))), new Choice("cmd:/dangvien", "Không xóa")]));
            return;
        }
        if (kind.NeedsDecision && !VnText.HasWords(decision))
        {
            turn.Say($"Lý do \"{kind.Label}\" cần {kind.DecisionHint}. Gõ: /dangvien {member.Name} xoa {kind.Label} <{kind.DecisionHint}>, " +
                     $"ví dụ: /dangvien {member.Name} xoa {kind.Label} QĐ 21-QĐ/ĐU ngày 01/12/2026.");
            return;
        }
        if (decision.Length > 200) { turn.Say("Số, ngày quyết định dài quá 200 ký tự."); return; }
        var what = kind.Label + (decision == "" ? "" : $" ({decision})");
        if (!confirmed)
        {
            var transferHint = kind.Reason == LeavingReason.TransferredOut ? $"\nNếu chuyển sang một chi bộ có dùng bot, cán bộ cấp trên ghi bằng /dangvien {cell.Name}: {member.Name} chuyen <chi bộ> <số, ngày giấy giới thiệu> để giữ liền hồ sơ." : "";
            turn.Say(new Reply($"Ghi Đ/c {member.Name} ra khỏi danh sách {cell.Name}: {what}? Đồng chí sẽ không được triệu tập, không tính vào số đảng viên, " +
                               $"không dùng bot được nữa; hồ sơ và các bản ghi cũ vẫn giữ.{transferHint}",
                [new Choice($"cmd:/dangvien {cell.Name}: {member.Id} xacnhanxoa {kind.Label} {decision}".TrimEnd(), "Ghi"), new Choice("cmd:/dangvien", "Không ghi")]));
            return;
        }
        member.Removed = true;
        member.Departure = new Departure { Reason = kind.Reason, Decision = decision, CellId = cell.Id, OnDate = turn.Now.Date, RecordedBy = turn.Member!.Id, RecordedAtUtc = turn.UtcNow };
        Record(turn, member, cell.Id, $"ra khỏi danh sách: {kind.Label}", decision);
        turn.Store.Members.Update(member);
        turn.Audit("member.removed", cell.Id, $"Đ/c {member.Name} ra khỏi danh sách: {what}");
        turn.Say($"Đã ghi Đ/c {member.Name} ra khỏi danh sách {cell.Name}: {what}. Hồ sơ vẫn giữ; từ nay đồng chí không được triệu tập, không tính vào số đảng viên." +
                 (TooFewFullMembers(turn.Store.CellMembers(cell.Id)) is { } warning ? "\n" + warning : ""));
    }
}
