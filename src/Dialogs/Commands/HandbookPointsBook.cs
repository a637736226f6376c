using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Summaries;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// /sotay — each member's points of a month on the "Sổ tay đảng viên điện tử" app, recorded by the cell's secretary or
/// deputy (<c>/sotay 1 35, 2 28</c>, by the /dangphi numbering or by name; <c>/sotay tháng 10: …</c> for another month),
/// shown against the minimum the cell type's template asks, if any. Staff and admins see a cell's month
/// (<c>/sotay &lt;chi bộ&gt; [tháng 10]</c>); a member sees their own year.
/// </summary>
public static partial class HandbookPointsBook
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{1,2}\s*/\s*\d{4}$")]
    private static partial System.Text.RegularExpressions.Regex MonthOnly();

    /// <summary>"tháng 10 1 35…", "thang 10/2026 Hải 30": a month, then at least a member and points (folded text).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<month>thang\s*\d{1,2}(?:\s*/\s*\d{4})?)\s+\S+.*\d")]
    private static partial System.Text.RegularExpressions.Regex MonthThenPoints();

    const string Title = "Điểm Sổ tay đảng viên điện tử";
    const string Usage = "Ghi điểm: /sotay 1 35, 2 28 (số thứ tự hoặc tên, rồi số điểm) · tháng khác: /sotay tháng 10 (xem), /sotay tháng 10: 1 35, 2 28 (ghi)";

    public static void Handle(Turn turn, string args)
    {
        var store = turn.Store;
        var me = turn.Member!;
        var text = VnText.Clean(args);
        if (VnText.Fold(text).Replace(" ", "") is "toi" or "cuatoi") { Own(turn, me); return; }
        var led = Authorizer.LedCell(store, me);
        var visible = Authorizer.VisibleCells(store, me).ToList();
        // Staff, admins and members; a leader who also oversees cells, naming one.
        if (led is null || text != "" && !text.Any(char.IsDigit) && !NamesMember(turn, led, text) && visible.Count > 0 && Period.Parse(text, turn.Now).Period is null)
        {
            Viewed(turn, me, visible, text);
            return;
        }
        // "tháng 10 1 35, 2 28": the month then the points, without the colon.
        if (text.IndexOf(':') < 0 && MonthThenPoints().Match(VnText.Fold(text)) is { Success: true } mp) text = text[..mp.Groups["month"].Length].TrimEnd() + ": " + text[mp.Groups["month"].Length..].Trim();
        var colon = text.IndexOf(':');
        var monthText = colon >= 0 ? text[..colon].Trim() : text;
        // Without a colon, only words that start like a period ("tháng 10", "quý 4", "10/2026") are one: "Yến 2026" is points.
        var parsed = colon >= 0 || VnText.Fold(text).Split(' ')[0] is "thang" or "quy" or "nam" or "tu" || MonthOnly().IsMatch(text)
            ? Period.Parse(monthText, turn.Now) : new Period.Parsed(null, text);
        if (parsed.Error is { } bad) { turn.Say($"{bad} {Usage}"); return; }
        DateTime? month = parsed.Period is { Kind: PeriodKind.Month } p && parsed.Before == "" ? p.Start : null;
        if (parsed.Period is not null && parsed.Period.Kind != PeriodKind.Month && parsed.Before == "")
        {
            turn.Say($"Điểm Sổ tay ghi và xem theo từng tháng, ví dụ /sotay tháng 10. {Usage}");
            return;
        }
        if (colon >= 0 && month is null)
        {
            turn.Say($"\"{Inputs.Preview(monthText)}\" không phải một tháng. {Usage}");
            return;
        }
        var rest = colon >= 0 ? text[(colon + 1)..].Trim() : month is null ? text : "";
        var target = month ?? Period.MonthBefore(turn.Now);
        if (rest == "")
        {
            Show(turn, led, target, mayRecord: Authorizer.Can(store, me, Permission.RunMeeting, led));
            return;
        }
        if (!Authorizer.Can(store, me, Permission.RunMeeting, led))
        {
            turn.Say($"Điểm Sổ tay của {led.Name} do bí thư, phó bí thư ghi.");
            return;
        }
        if (!rest.Any(char.IsDigit) && MemberYear(turn, led, rest)) return;
        Record(turn, led, target, rest);
    }

    /// <summary>The minimum a month the cell's type asks, and the document that asks it; null when none.</summary>
    public static (int Min, string Basis)? Rule(Turn turn, Cell cell) =>
        turn.Templates.CellType(cell.Type) is { HandbookPoints: { } min } t ? (min, t.HandbookPointsBasis) : null;

    /// <summary>Staff, admins (a cell they see, by name, and a month) and members (their own).</summary>
    static void Viewed(Turn turn, Member me, List<Cell> visible, string text)
    {
        if (visible.Count == 0)
        {
            if (text != "" && VnText.Fold(text).Replace(" ", "") is not ("toi" or "cuatoi"))
                turn.Say("Điểm Sổ tay của chi bộ do bí thư, phó bí thư ghi; đồng chí xem được điểm của mình.");
            Own(turn, me);
            return;
        }
        if (text == "")
        {
            CellPicker.Offer(turn, visible, $"{Title} của chi bộ nào? Chọn, hoặc gõ /sotay <tên chi bộ> (thêm \"tháng 10\" cho tháng khác).", "sotay");
            return;
        }
        var colon = text.IndexOf(':');
        var parsed = Period.Parse(colon >= 0 ? text[..colon] + " " + text[(colon + 1)..] : text, turn.Now);
        if (parsed.Error is { } bad) { turn.Say(bad); return; }
        if (parsed.Period is { } p && p.Kind != PeriodKind.Month) { turn.Say("Điểm Sổ tay xem theo từng tháng, ví dụ /sotay thôn Đông tháng 10."); return; }
        var name = parsed.Before.Trim(' ', ':');
        if (name == "") { CellPicker.Offer(turn, visible, $"{Title} của chi bộ nào?", "sotay"); return; }
        if (name.Any(char.IsDigit))
        {
            turn.Say($"Điểm Sổ tay do bí thư, phó bí thư của chi bộ ghi. Xem điểm của một chi bộ: /sotay <chi bộ> [tháng 10].");
            return;
        }
        if (CellPicker.Named(turn, visible, name, "sotay", "phạm vi đồng chí được xem") is not { } cell) return;
        Show(turn, cell, parsed.Period?.Start ?? Period.MonthBefore(turn.Now), mayRecord: false);
    }

    /// <summary>A month's list: each member's points, those under the minimum, those not recorded.</summary>
    static void Show(Turn turn, Cell cell, DateTime month, bool mayRecord)
    {
        var roll = PartyDues.Roll(turn, cell);
        var key = Period.KeyOf(month);
        var points = turn.Store.HandbookPoints.Find(p => p.CellId == cell.Id && p.Month == key).ToDictionary(p => p.MemberId);
        var rule = Rule(turn, cell);
        var asked = roll.Where(m => HandbookPoints.Asked(m, month)).ToList();
        var recorded = asked.Count(m => points.ContainsKey(m.Id));
        var under = rule is { } r ? asked.Where(m => points.TryGetValue(m.Id, out var x) && x.Points < r.Min).ToList() : [];
        var lines = new List<string>
        {
            $"{Title} tháng {VnText.MonthOf(month)} — {cell.Name}" +
            (rule is { } rr ? $" (mỗi đảng viên từ {rr.Min} điểm/tháng{(rr.Basis == "" ? "" : $", theo {rr.Basis}")})" : "") + ":",
        };
        for (var i = 0; i < roll.Count; i++)
        {
            var m = roll[i];
            var state = points.TryGetValue(m.Id, out var x) ? $"{x.Points} điểm" + (rule is { } q && x.Points < q.Min && HandbookPoints.Asked(m, month) ? $" ⚠ dưới {q.Min}" : "")
                : !HandbookPoints.Asked(m, month) ? (m.InCellSince > month.AddMonths(1).AddDays(-1) ? "chuyển đến sau tháng này" : m.Status == MemberStatus.Exempt ? "miễn sinh hoạt" : "đình chỉ sinh hoạt")
                : "chưa ghi";
            lines.Add($"{i + 1}. {m.Name} — {state}");
        }
        if (roll.Count == 0) lines.Add("Chi bộ chưa có đảng viên trong danh sách (/dangvien).");
        else
            lines.Add($"Đã ghi {recorded}/{asked.Count} đồng chí" + (recorded == 0 ? "" : $", bình quân {VnText.Number(Math.Round((decimal)asked.Where(m => points.ContainsKey(m.Id)).Average(m => points[m.Id].Points), 1))} điểm") +
                      (rule is null ? "." : under.Count == 0 ? (recorded > 0 ? $"; không ai dưới {rule.Value.Min} điểm." : ".") : $"; dưới {rule.Value.Min} điểm: {under.Count} ({string.Join(", ", under.Select(m => m.Name))})."));
        if (mayRecord) lines.Add(Usage);
        turn.Say(string.Join('\n', lines));
    }

    /// <summary>"1 35, Hải 22; 3 40": each member (number or name) and their points; all or nothing.</summary>
    static void Record(Turn turn, Cell cell, DateTime month, string text)
    {
        var today = new DateTime(turn.Now.Year, turn.Now.Month, 1);
        if (month > today) { turn.Say($"Tháng {VnText.MonthOf(month)} chưa đến: điểm Sổ tay ghi khi tháng đã có điểm."); return; }
        if (month < new DateTime(turn.Now.Year - 1, 1, 1)) { turn.Say("Chỉ ghi được điểm Sổ tay từ đầu năm trước trở đi."); return; }
        var roll = PartyDues.Roll(turn, cell);
        var entries = new List<(Member Member, int Points)>();
        foreach (var part in Parts(text))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w is not ("-" or "–" or ":")).ToList();
            if (words.Count > 1 && VnText.Fold(words[^1]) is "diem" or "d") words.RemoveAt(words.Count - 1); // "35 điểm"
            if (words.Count < 2 || !int.TryParse(words[^1].TrimEnd(':', 'đ', 'Đ', 'd'), out var points)) // "35đ"
            {
                turn.Say($"\"{Inputs.Preview(part)}\": gõ số thứ tự (hoặc tên) rồi số điểm, ví dụ 2 35. Chưa ghi gì. {Usage}");
                return;
            }
            var (who, error) = PartyDues.Whom(cell, roll, string.Join(' ', words[..^1]).TrimEnd(':'), "", command: "sotay");
            if (error is not null || who.Count != 1)
            {
                turn.Say((error ?? $"\"{Inputs.Preview(part)}\": mỗi phần một đồng chí và số điểm, ví dụ 2 35.") + " Chưa ghi gì.");
                return;
            }
            if (points is < 0 or > HandbookPoints.Max)
            {
                turn.Say($"Điểm {points} của Đ/c {who[0].Name} không hợp lệ: điểm Sổ tay một tháng từ 0 đến {HandbookPoints.Max}. Chưa ghi gì.");
                return;
            }
            if (entries.Any(e => e.Member.Id == who[0].Id))
            {
                turn.Say($"Đ/c {who[0].Name} được ghi hai lần. Chưa ghi gì.");
                return;
            }
            entries.Add((who[0], points));
        }
        var key = Period.KeyOf(month);
        var rule = Rule(turn, cell);
        var said = new List<string>();
        foreach (var (member, points) in entries)
        {
            var id = HandbookPoints.KeyOf(member.Id, key);
            var before = turn.Store.HandbookPoints.FindById(id);
            turn.Store.HandbookPoints.Upsert(new HandbookPoints
            {
                Id = id, MemberId = member.Id, CellId = cell.Id, Month = key, Points = points, RecordedBy = turn.Member!.Id, RecordedAtUtc = turn.UtcNow,
            });
            said.Add($"{member.Name} {points}" + (before is not null && before.Points != points ? $" (trước: {before.Points})" : "") +
                     (rule is { } r && points < r.Min && HandbookPoints.Asked(member, month) ? $" ⚠ dưới {r.Min}" : ""));
        }
        HandbookMonths.Forget(turn.Store, key);
        turn.Audit("handbook.points", cell.Id, $"Điểm Sổ tay tháng {VnText.MonthOf(month)}: {string.Join(", ", said)}");
        var recordedIds = turn.Store.HandbookPoints.Find(p => p.CellId == cell.Id && p.Month == key).Select(p => p.MemberId).ToHashSet();
        var missing = roll.Where(m => HandbookPoints.Asked(m, month) && !recordedIds.Contains(m.Id)).ToList();
        turn.Say($"Đã ghi điểm Sổ tay tháng {VnText.MonthOf(month)}: {string.Join(", ", said)}." +
                 (missing.Count == 0 ? " Đã đủ điểm các đồng chí trong tháng." : $" Chưa ghi: {string.Join(", ", missing.Take(8).Select(m => m.Name))}{(missing.Count > 8 ? $" và {missing.Count - 8} đồng chí khác" : "")}."));
    }

    /// <summary>
    /// The "member points" parts: separated by commas, semicolons or lines; numbers alone in pairs ("1 35 2 28") are
    /// read as number and points each.
    /// </summary>
    static IEnumerable<string> Parts(string text)
    {
        foreach (var part in text.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 2 && words.Length % 2 == 0 && words.All(w => int.TryParse(w, out _)))
                for (var i = 0; i < words.Length; i += 2) yield return $"{words[i]} {words[i + 1]}";
            else yield return part;
        }
    }

    /// <summary>Whether the text names exactly one member of the cell's roll.</summary>
    static bool NamesMember(Turn turn, Cell cell, string text) =>
        VnText.NameMatches(PartyDues.Roll(turn, cell), text, m => m.Name, m => m.Id).Count > 0;

    /// <summary>"/sotay Hải": that member's points this year; false when the text names no one.</summary>
    static bool MemberYear(Turn turn, Cell cell, string text)
    {
        var matches = VnText.NameMatches(PartyDues.Roll(turn, cell), text, m => m.Name, m => m.Id);
        if (matches.Count == 0) return false;
        if (matches.Count > 1)
        {
            turn.Say($"Có {matches.Count} đồng chí khớp \"{Inputs.Preview(text)}\"; gõ tên đầy đủ hơn.");
            return true;
        }
        turn.Say(YearOf(turn, matches[0], cell));
        return true;
    }

    /// <summary>A member's own points this year.</summary>
    static void Own(Turn turn, Member me)
    {
        if (me.CellId is null || turn.Store.Cells.FindById(me.CellId) is not { } cell)
        {
            turn.Say("Đồng chí chưa thuộc chi bộ nào trên hệ thống.");
            return;
        }
        turn.Say(YearOf(turn, me, cell));
    }

    /// <summary>"Điểm Sổ tay đảng viên điện tử của Đ/c …, năm 2026 (từ 30 điểm/tháng): tháng 10: 35 · tháng 11: 22 (dưới 30)."</summary>
    public static string YearOf(Turn turn, Member member, Cell cell) =>
        $"{Title} của Đ/c {member.Name}, năm {turn.Now.Year}" + (MonthsOf(turn, member, cell) is { } months ? months : (Rule(turn, cell) is { } r ? $" (từ {r.Min} điểm/tháng)" : "") +
            ": chưa có tháng nào được ghi (bí thư, phó bí thư ghi bằng /sotay).");

    /// <summary>The record's line (/dangvien &lt;tên&gt;): the year's months recorded; null when none is and the cell's type asks none.</summary>
    public static string? RecordLine(Turn turn, Member member, Cell cell) =>
        MonthsOf(turn, member, cell) is { } months ? $"• Điểm Sổ tay năm {turn.Now.Year}{months}"
        : Rule(turn, cell) is { } r ? $"• Điểm Sổ tay năm {turn.Now.Year} (từ {r.Min} điểm/tháng): chưa ghi tháng nào (/sotay)" : null;

    /// <summary>" (từ 30 điểm/tháng): tháng 10: 35 · tháng 11: 22 (dưới 30)." for the months recorded this year; null when none is.</summary>
    static string? MonthsOf(Turn turn, Member member, Cell cell)
    {
        var year = turn.Now.Year;
        var months = turn.Store.HandbookPoints.Find(p => p.MemberId == member.Id).Where(p => p.Month.StartsWith($"{year}-", StringComparison.Ordinal))
            .OrderBy(p => p.Month, StringComparer.Ordinal).ToList();
        if (months.Count == 0) return null;
        var rule = Rule(turn, cell);
        return (rule is { } r ? $" (từ {r.Min} điểm/tháng)" : "") + ": " +
               string.Join(" · ", months.Select(p => $"tháng {p.Month[5..]}: {p.Points}" + (rule is { } q && p.Points < q.Min ? $" (dưới {q.Min})" : ""))) + ".";
    }
}
