using System.Text.RegularExpressions;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;
using ChiBo.Rules;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// A probationary member to full membership (Điều lệ Đảng Điều 4, 5; QĐ 24-QĐ/TW 4.2), by /dangvien:
/// <c>ketnap &lt;ngày&gt;</c> the admission day, <c>giupdo &lt;tên&gt;</c> the mentor, <c>xetchinhthuc &lt;tán thành&gt;/&lt;số đảng viên chính thức&gt;</c>
/// the cell's vote once the months are over (two thirds carry), <c>khongcongnhan …</c> a vote to propose striking off, and
/// <c>quyetdinh &lt;số, ngày&gt;</c> the competent committee's decision, which makes the member full from the end of probation.
/// </summary>
public static partial class ProbationCommands
{
    public const string TemplateId = "dang-vien-du-bi";

    public static readonly string[] Actions = ["ketnap", "giupdo", "xetchinhthuc", "khongcongnhan", "quyetdinh"];

    public static ProbationTemplate Rules(TemplateCatalog templates) => templates.Get<ProbationTemplate>(TemplateId);

    /// <summary>The end of probation and the day by which the cell must consider it; null without an admission day.</summary>
    public static (DateTime End, DateTime ConsiderBy)? Dates(ProbationTemplate t, Member m) =>
        m.AdmittedOn is { } admitted
            ? (ProbationRules.EndOf(admitted, t.Months), WorkingDays.Add(ProbationRules.EndOf(admitted, t.Months), t.ConsiderWithinWorkingDays))
            : null;

    /// <summary>What /dangvien &lt;tên&gt; shows about a probationary member.</summary>
    public static IEnumerable<string> Describe(TemplateCatalog templates, Member m, DateTime today)
    {
        if (m.Status != MemberStatus.Probationary) yield break;
        var t = Rules(templates);
        if (Dates(t, m) is not var (end, by))
        {
            yield return $"• Dự bị: chưa ghi ngày kết nạp (/dangvien {m.Name} ketnap <ngày>)";
        }
        else
        {
            var left = (end - today.Date).Days;
            yield return $"• Dự bị từ {VnText.Date(m.AdmittedOn!.Value)}; hết {t.Months} tháng ngày {VnText.Date(end)}" +
                         (left > 0 ? $" (còn {left} ngày)" : "") + $"; chi bộ xét trước {VnText.Date(by)} ({t.ConsiderWithinWorkingDays} ngày làm việc, {t.ConsiderSource})";
        }
        var p = m.Probation;
        yield return $"• Đảng viên giúp đỡ: {(p?.MentorName is { Length: > 0 } mentor ? mentor : $"chưa ghi (/dangvien {m.Name} giupdo <tên>)")}";
        if (p?.Carried is { } carried)
            yield return carried.ToConfirm
                ? $"• Chi bộ đề nghị công nhận chính thức ({carried.For}/{carried.FullMembers} tán thành, {VnText.Date(VnClock.Local(carried.AtUtc))}); chờ quyết định của cấp ủy có thẩm quyền (/dangvien {m.Name} quyetdinh <số, ngày>)"
                : $"• Chi bộ đề nghị xóa tên ({carried.For}/{carried.FullMembers} tán thành, {VnText.Date(VnClock.Local(carried.AtUtc))}); khi có quyết định: /dangvien {m.Name} xoa xóa tên <số, ngày>";
        else if (p?.Votes.Count > 0)
            yield return $"• Chi bộ đã biểu quyết {p.Votes.Count} lần, chưa đủ {Share(t)} tán thành";
    }

    static string Share(ProbationTemplate t) => t is { VoteNumerator: 2, VoteDenominator: 3 } ? "hai phần ba" : $"{t.VoteNumerator}/{t.VoteDenominator}";

    public static void Handle(Turn turn, Cell cell, Member member, string action, string rest)
    {
        if (member.Status != MemberStatus.Probationary && action != "quyetdinh")
        {
            turn.Say($"Đ/c {member.Name} là đảng viên {Members.StatusLabel(member.Status)}, không phải dự bị.");
            return;
        }
        switch (action)
        {
            case "ketnap": Admitted(turn, cell, member, rest); break;
            case "giupdo": Mentor(turn, cell, member, rest); break;
            case "xetchinhthuc": Vote(turn, cell, member, rest, toConfirm: true); break;
            case "khongcongnhan": Vote(turn, cell, member, rest, toConfirm: false); break;
            default: Decision(turn, cell, member, rest); break;
        }
    }

    static void Save(Turn turn, Cell cell, Member member, string what, string decision, string audit)
    {
        Members.Record(turn, member, cell.Id, what, decision);
        turn.Store.Members.Update(member);
        turn.Audit(audit, cell.Id, $"Đ/c {member.Name}: {what}{(decision == "" ? "" : $" ({decision})")}");
    }

    static void Admitted(Turn turn, Cell cell, Member member, string rest)
    {
        var today = turn.Now.Date;
        var typed = Inputs.Date(rest, today) ?? OrgFile.OrgTable.DateOf(rest);
        // Said why: a day that does not exist, one still to come, or one too long ago for a probationary member.
        var why = typed is { } d
            ? d > today ? $"Ngày {VnText.Date(d)} chưa đến. " : d < today.AddYears(-5) ? $"Ngày {VnText.Date(d)} đã hơn 5 năm trước. " : null
            : Inputs.DayIn(rest, out var invalid) is null && invalid is not null ? $"Không có ngày {invalid}. " : "";
        if (typed is not { } day || why is not null)
        {
            turn.Say($"{why}Gõ ngày chi bộ tổ chức lễ kết nạp, dạng 02/09/2026: /dangvien {member.Name} ketnap 02/09/2026.");
            return;
        }
        member.AdmittedOn = day;
        Save(turn, cell, member, $"ghi ngày kết nạp {VnText.Date(day)}", "", "member.admitted");
        var (end, by) = Dates(Rules(turn.Templates), member)!.Value;
        turn.Say($"Đã ghi: Đ/c {member.Name} kết nạp ngày {VnText.Date(day)}, hết {Rules(turn.Templates).Months} tháng dự bị ngày {VnText.Date(end)}; " +
                 $"chi bộ xét công nhận chính thức trước {VnText.Date(by)}. Bot sẽ nhắc bí thư trước và sau ngày đó.");
    }

    static void Mentor(Turn turn, Cell cell, Member member, string rest)
    {
        var full = turn.Store.CellMembers(cell.Id).Where(m => m.Status is MemberStatus.Full && m.Id != member.Id).ToList();
        var matches = VnText.NameMatches(full, rest, m => m.Name, m => m.Id);
        if (rest.Trim() == "" || matches.Count != 1)
        {
            turn.Say(matches.Count > 1 ? $"Có {matches.Count} người khớp \"{Inputs.Preview(rest)}\"; gõ tên đầy đủ hơn."
                : $"Gõ tên một đảng viên chính thức của {cell.Name}: /dangvien {member.Name} giupdo <tên>.");
            return;
        }
        member.Probation ??= new Probation();
        (member.Probation.MentorId, member.Probation.MentorName) = (matches[0].Id, matches[0].Name);
        Save(turn, cell, member, $"phân công Đ/c {matches[0].Name} giúp đỡ", "", "member.mentor");
        turn.Say($"Đã ghi: Đ/c {matches[0].Name} giúp đỡ Đ/c {member.Name} trong thời kỳ dự bị.");
    }

    [GeneratedRegex(@"^(?<vote>.*?)(?:[\s,;.]+(?:nhận xét|nhan xet)\s*:?\s*(?<comments>.*))?$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex VoteAndComments();

    [GeneratedRegex(@"^(?<for>\d{1,3})\s*(?:/|tren)\s*(?<of>\d{1,3})$")]
    private static partial Regex ForOf();

    [GeneratedRegex(@"\s*(?:dong chi\s*)?(?:tan thanh|nhat tri)$")]
    private static partial Regex AgreedWords();

    /// <summary>
    /// A cell's vote on a person: "5/6", "5 trên 6", "5/6 tán thành"; "5 tán thành" when the count of its full members is one
    /// number (no exempt member who is counted only by attending and voting). The votes for and that count, or null.
    /// </summary>
    public static (int For, int Of)? CellVote(string text, (int OnRoll, int Attending) full)
    {
        var folded = VnText.Fold(VnText.Clean(text)).Trim('.', ' ');
        var bare = AgreedWords().Replace(folded, "");
        if (ForOf().Match(bare) is { Success: true } m) return (int.Parse(m.Groups["for"].Value), int.Parse(m.Groups["of"].Value));
        return bare != folded && full.OnRoll == full.Attending && int.TryParse(bare, out var n) && n <= 999 ? (n, full.OnRoll) : null;
    }

    /// <summary>How to type such a vote, with the cell's count of full members (both counts when an exempt member may be counted).</summary>
    internal static string CellVoteHelp((int OnRoll, int Attending) full, string retry) => full.OnRoll == full.Attending
        ? $"Gõ số đảng viên chính thức tán thành trên tổng số đảng viên chính thức của chi bộ ({full.OnRoll}), ví dụ: {retry} {full.OnRoll}/{full.OnRoll}"
        : $"Gõ số đảng viên chính thức tán thành trên tổng số đảng viên chính thức được tính ({full.Attending}, không tính {full.OnRoll - full.Attending} đồng chí " +
          $"miễn sinh hoạt; {full.OnRoll} nếu có dự và biểu quyết — QĐ 24-QĐ/TW, mục 9.3), ví dụ: {retry} {full.Attending}/{full.Attending}";

    static void Vote(Turn turn, Cell cell, Member member, string rest, bool toConfirm)
    {
        var t = Rules(turn.Templates);
        var verb = toConfirm ? "xetchinhthuc" : "khongcongnhan";
        if (Dates(t, member) is not var (end, by))
        {
            turn.Say($"Chưa có ngày kết nạp của Đ/c {member.Name}. Ghi trước: /dangvien {member.Name} ketnap <ngày>.");
            return;
        }
        if (turn.Now.Date < end)
        {
            turn.Say($"Đ/c {member.Name} hết {t.Months} tháng dự bị ngày {VnText.Date(end)}; chi bộ xét công nhận sau ngày đó ({t.MonthsSource}).");
            return;
        }
        if (member.Probation?.Carried is { } done)
        {
            turn.Say(done.ToConfirm ? $"Chi bộ đã đề nghị công nhận chính thức Đ/c {member.Name}; chờ quyết định: /dangvien {member.Name} quyetdinh <số, ngày>."
                : $"Chi bộ đã đề nghị xóa tên Đ/c {member.Name}; khi có quyết định: /dangvien {member.Name} xoa xóa tên <số, ngày>.");
            return;
        }
        var full = FullMembers(turn, cell);
        var m = VoteAndComments().Match(rest.Trim());
        if (CellVote(m.Groups["vote"].Value, full) is not var (votesFor, of))
        {
            turn.Say(CellVoteHelp(full, $"/dangvien {member.Name} {verb}") + "; có thể thêm \"nhận xét: …\" (ý kiến của đảng viên giúp đỡ, tóm tắt bản tự kiểm điểm).");
            return;
        }
        if (VoteCountProblem(turn, cell, votesFor, of, $"/dangvien {member.Name} {verb}") is { } problem)
        {
            turn.Say(problem);
            return;
        }
        var carried = ProbationRules.VoteCarries(votesFor, of, t.VoteNumerator, t.VoteDenominator);
        member.Probation ??= new Probation();
        if (m.Groups["comments"].Value.Trim() is { Length: > 0 } comments)
        {
            if (comments.Length > 2000) { turn.Say("Nhận xét dài quá 2.000 ký tự; tóm tắt ngắn hơn."); return; }
            member.Probation.Comments = comments;
        }
        member.Probation.Votes.Add(new ProbationVote { ToConfirm = toConfirm, For = votesFor, FullMembers = of, Carried = carried, AtUtc = turn.UtcNow, By = turn.Member!.Id });
        var proposal = toConfirm ? "đề nghị công nhận đảng viên chính thức" : "đề nghị xóa tên trong danh sách đảng viên";
        var tally = $"{votesFor}/{of} đảng viên chính thức tán thành";
        Save(turn, cell, member, $"chi bộ biểu quyết {proposal}: {tally}, {(carried ? "đạt" : "không đạt")}", "", "member.probation.vote");
        if (carried)
        {
            turn.Say(toConfirm
                ? $"Đã ghi nghị quyết của {cell.Name}: {proposal} Đ/c {member.Name} ({tally}, đạt {Share(t)}). Gửi hồ sơ lên cấp ủy có thẩm quyền; " +
                  $"khi có quyết định, gõ /dangvien {member.Name} quyetdinh <số, ngày quyết định>. Đồng chí là đảng viên chính thức từ ngày {VnText.Date(end)} ({t.FullFromSource})."
                : $"Đã ghi nghị quyết của {cell.Name}: {proposal} Đ/c {member.Name} ({tally}). Khi cấp ủy có thẩm quyền quyết định: /dangvien {member.Name} xoa xóa tên <số, ngày>.");
            return;
        }
        var tries = member.Probation.Votes.Count(v => !v.Carried);
        turn.Say($"Chưa đủ {Share(t)} đảng viên chính thức tán thành ({tally}); chưa có nghị quyết." +
                 (tries >= t.MaxVotes ? $" Đã {tries} lần biểu quyết không đủ: báo cáo cấp ủy cấp trên trực tiếp xem xét, quyết định ({t.ConsiderSource})."
                     : $" Chi bộ có thể biểu quyết lại (lần {tries + 1})."));
    }

    /// <summary>
    /// What is wrong with a vote of the cell's full members "<paramref name="votesFor"/>/<paramref name="of"/>" (more for than
    /// voters; a number of full members the roll does not have — exempt ones may be left out), or null; the retry names the command.
    /// </summary>
    internal static string? VoteCountProblem(Turn turn, Cell cell, int votesFor, int of, string retry)
    {
        if (votesFor > of || of == 0) return $"Số tán thành ({votesFor}) không thể lớn hơn số đảng viên chính thức ({of}).";
        var roll = Members.VotingRoll(turn.Store, cell);
        var (fullOnRoll, attending) = FullMembersOf(roll);
        if (of >= attending && of <= fullOnRoll) return null;
        var expected = attending == fullOnRoll ? $"{fullOnRoll}" : $"{attending} (không tính {fullOnRoll - attending} đồng chí miễn sinh hoạt) hoặc {fullOnRoll}";
        // Full members on the roster the vote does not count: named, with why.
        var voting = roll.Select(m => m.Id).ToHashSet();
        var leftOut = turn.Store.CellMembers(cell.Id).Where(m => m.Status is MemberStatus.Full or MemberStatus.Exempt && !voting.Contains(m.Id))
            .Select(m => $"Đ/c {m.Name} {(m.Suspended ? "đang bị đình chỉ sinh hoạt đảng" : "đang sinh hoạt tạm thời nơi khác")}").ToList();
        var why = leftOut.Count == 0 ? "" : $" (không tính {string.Join(", ", leftOut)} — QĐ 24-QĐ/TW, mục 9.3)";
        return $"{cell.Name} có {expected} đảng viên chính thức trong danh sách, không phải {of}{why}. Gõ lại, ví dụ: {retry} {Math.Min(votesFor, fullOnRoll)}/{fullOnRoll}.";
    }

    /// <summary>
    /// The full members on the voting roll (<see cref="Members.VotingRoll"/>: not suspended, not away on a temporary
    /// transfer), and those of them not exempt from attending (exempt ones may be left out of a vote's count).
    /// </summary>
    internal static (int OnRoll, int Attending) FullMembers(Turn turn, Cell cell) => FullMembersOf(Members.VotingRoll(turn.Store, cell));

    static (int OnRoll, int Attending) FullMembersOf(List<Member> roll) =>
        (roll.Count(x => x.Status is MemberStatus.Full or MemberStatus.Exempt), roll.Count(x => x.Status is MemberStatus.Full));

    static void Decision(Turn turn, Cell cell, Member member, string rest)
    {
        if (member.Status != MemberStatus.Probationary)
        {
            turn.Say($"Đ/c {member.Name} là đảng viên {Members.StatusLabel(member.Status)}; quyết định công nhận chính thức chỉ ghi cho đảng viên dự bị.");
            return;
        }
        var t = Rules(turn.Templates);
        if (member.Probation?.Carried is not { ToConfirm: true })
        {
            turn.Say($"Chưa có nghị quyết của chi bộ đề nghị công nhận chính thức Đ/c {member.Name}. Chi bộ biểu quyết trước: /dangvien {member.Name} xetchinhthuc <tán thành>/<số đảng viên chính thức>.");
            return;
        }
        var decision = rest.Trim(' ', ',', ':', '-');
        if (!VnText.HasWords(decision) || decision.Length > 200)
        {
            turn.Say($"Gõ số, ngày quyết định của cấp ủy có thẩm quyền: /dangvien {member.Name} quyetdinh QĐ 45-QĐ/ĐU ngày 10/12/2026.");
            return;
        }
        if (Members.DayOfDecision(turn, decision, "quyết định công nhận") is null) return; // a day to come, or none such (31/11): a slip
        var (end, _) = Dates(t, member)!.Value;
        member.Status = MemberStatus.Full;
        member.FullMemberOn = end;
        Save(turn, cell, member, $"công nhận đảng viên chính thức từ {VnText.Date(end)}", decision, "member.confirmed_full");
        turn.Say($"Đã ghi: Đ/c {member.Name} là đảng viên chính thức từ ngày {VnText.Date(end)} ({decision}; {t.FullFromSource}). Từ nay đồng chí biểu quyết trong chi bộ.");
    }
}
