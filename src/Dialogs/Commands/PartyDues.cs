using System.Text.RegularExpressions;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Summaries;
using ChiBo.Dialogs.Text;
using ChiBo.Rules;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// /dangphi — the cell's dues book (QĐ 342-QĐ/TW): who paid this month (or <c>tháng 11</c>), <c>nop 1, 3, 5</c> to record
/// payments (an amount, <c>đến tháng 3/2027</c> for months ahead), <c>huy</c> to undo one, <c>muc</c> for a member's monthly
/// amount, <c>giao</c> the committee member who collects, <c>excel</c> the book for a year or quarter. The secretary, the
/// deputy and the collector record; staff and admins see a cell's book (<c>/dangphi &lt;chi bộ&gt;</c>); a member sees their own.
/// </summary>
public sealed partial class PartyDues(IReportFiles? files)
{
    const int ButtonsShown = 6;
    const string Usage = "Ghi đã nộp: /dangphi nop 2, 5 (thêm số tiền nếu khác mức; \"đến tháng 3/2027\" nếu nộp trước) · bỏ: /dangphi huy 2 · " +
                         "mức đóng: /dangphi muc 2 30.000 · tháng khác: /dangphi tháng 11 · một đồng chí: /dangphi <tên> · sổ đảng phí: /dangphi excel";

    public void Handle(Turn turn, string args)
    {
        var store = turn.Store;
        var me = turn.Member!;
        var text = VnText.Clean(args);
        var led = Authorizer.LedCell(store, me) ?? Collecting(turn);
        Cell? cell = led;
        var colon = text.IndexOf(':');
        if (colon > 0 || (led is null && text != "" && Authorizer.VisibleCells(store, me).Any() && !StartsWithAction(text, turn.Now)))
        {
            // "/dangphi thôn Đông excel": the book of that cell.
            if (colon < 0 && text.Split(' ') is { Length: > 1 } parts && IsExcel(parts[^1])) text = string.Join(' ', parts[..^1]) + ": excel";
            colon = text.IndexOf(':');
            var name = colon > 0 ? text[..colon].Trim() : Period.Parse(text, turn.Now).Before is { Length: > 0 } before && !IsExcel(before) ? before : text;
            var visible = Authorizer.VisibleCells(store, me).ToList();
            if (visible.Count == 0) { turn.Say("Đồng chí chỉ xem được đảng phí của mình: /dangphi."); return; }
            cell = CellPicker.Named(turn, visible, name, "dangphi", "phạm vi đồng chí được xem");
            if (cell is null) return;
            text = colon > 0 ? text[(colon + 1)..].Trim() : text[name.Length..].Trim();
        }
        if (cell is null && StartsWithRecording(text))
        {
            turn.Say("Ghi đảng phí do bí thư, phó bí thư hoặc đồng chí được giao thu đảng phí của chi bộ ghi. Đảng phí của đồng chí:");
            Own(turn, me);
            return;
        }
        if (cell is null)
        {
            if (Authorizer.VisibleCells(store, me).ToList() is { Count: > 0 } cells)
                CellPicker.Offer(turn, cells, "Sổ đảng phí của chi bộ nào? Chọn, hoặc gõ /dangphi <tên chi bộ> (thêm \"tháng 11\" cho tháng khác). Tổng hợp đảng phí các chi bộ: /tonghop.", "dangphi");
            else
            {
                // "/dangphi An": someone else's, which a member does not see; said, not silently answered with their own.
                if (text != "" && VnText.Fold(text).Replace(" ", "") is not ("toi" or "cuatoi"))
                    turn.Say("Đồng chí chỉ xem được đảng phí của mình; sổ đảng phí của chi bộ do bí thư, phó bí thư giữ.");
                Own(turn, me);
            }
            return;
        }
        var mayRecord = Authorizer.Can(store, me, Permission.RunMeeting, cell) || cell.DuesCollectorId == me.Id;
        if (!mayRecord && !Authorizer.Can(store, me, Permission.ViewCellResults, cell)) { Own(turn, me); return; }
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var first = words.Length == 0 ? "" : VnText.Fold(words[0]);
        if (first == "da" && words.Length > 1 && VnText.Fold(words[1]) == "nop") (first, words) = ("nop", words[1..]); // "đã nộp 1, 3"
        var rest = string.Join(' ', words.Skip(1));
        switch (first)
        {
            case "nop" or "huy" or "muc" or "giao" when !mayRecord:
                turn.Say($"Ghi đảng phí {cell.Name} do bí thư, phó bí thư hoặc đồng chí được giao thu đảng phí ghi. Đồng chí xem được: /dangphi {cell.Name}.");
                return;
            case "nop": Pay(turn, cell, rest); return;
            case "huy": Undo(turn, cell, rest); return;
            case "muc": SetRate(turn, cell, rest); return;
            case "giao": Assign(turn, cell, rest); return;
            case "excel": Book(turn, cell, rest); return;
            case "toi" or "cuatoi": Own(turn, me); return;
        }
        var parsed = Period.Parse(text, turn.Now);
        if (text != "" && parsed is { Error: null, Period: null })
        {
            var byCellName = cell.Id != led?.Id; // not the cell /dangphi alone shows
            if (MemberNamed(turn, cell, text, mayRecord, byCellName)) return;
            if (!text.Any(char.IsDigit)) // a name, by the look of it
            {
                turn.Say($"Không có đồng chí \"{Inputs.Preview(text)}\" trong danh sách {cell.Name} (xem /dangphi{(byCellName ? $" {cell.Name}" : "")}).");
                return;
            }
        }
        if (parsed.Error is { } error || text != "" && (parsed.Period is not { Kind: PeriodKind.Month } || parsed.Before != ""))
        {
            turn.Say((parsed.Error ?? $"Không hiểu \"{Inputs.Preview(text)}\".") + " " + (mayRecord ? Usage : $"Xem tháng khác: /dangphi {cell.Name}: tháng 11"));
            return;
        }
        var month = parsed.Period?.Start ?? new DateTime(turn.Now.Year, turn.Now.Month, 1);
        Show(turn, cell, month, mayRecord);
    }

    static bool StartsWithAction(string text, DateTime today) =>
        VnText.Fold(text.Split(' ')[0]) is "nop" or "huy" or "muc" or "giao" or "excel" or "toi" or "da" or "thang" || Period.Parse(text, today).Before == "";

    static bool StartsWithRecording(string text) => VnText.Fold(text.Split(' ')[0]) is "nop" or "huy" or "muc" or "giao" or "da";

    static bool IsExcel(string text) => VnText.Fold(text.Trim()) == "excel";

    /// <summary>The cell whose dues this member was assigned to collect, if any.</summary>
    static Cell? Collecting(Turn turn) =>
        turn.Member!.CellId is { } id && turn.Store.Cells.FindById(id) is { } c && c.DuesCollectorId == turn.Member.Id ? c : null;

    /// <summary>The roll as numbered in /dangphi: by given name.</summary>
    internal static List<Member> Roll(Turn turn, Cell cell) => VnText.SortedByGivenName(turn.Store.CellMembers(cell.Id), m => m.Name);


    /// <summary>A month's list: who paid (how much, when), who has not, who owes three months of the year.</summary>
    static void Show(Turn turn, Cell cell, DateTime month, bool mayRecord)
    {
        var roll = Roll(turn, cell);
        var key = Period.KeyOf(month);
        // One read of the year: the month's payments and the arrears both come from it.
        var ofYear = DuesBook.OfYear(turn.Store, cell.Id, month.Year);
        var paid = ofYear.Where(p => p.Month == key).ToDictionary(p => p.MemberId);
        var payers = roll.Where(m => paid.ContainsKey(m.Id)).ToList();
        var owing = roll.Where(m => !paid.ContainsKey(m.Id) && m.DuesPerMonth != 0).ToList();
        var lines = new List<string>
        {
            $"Đảng phí tháng {VnText.MonthOf(month)} — {cell.Name}: đã nộp {payers.Count}/{roll.Count(m => m.DuesPerMonth != 0 || paid.ContainsKey(m.Id))} đồng chí, " +
            $"{VnText.Money(payers.Sum(m => paid[m.Id].Amount))}" + (owing.Count > 0 && owing.All(m => m.DuesPerMonth is not null) ? $"; còn {VnText.Money(owing.Sum(m => m.DuesPerMonth!.Value))}" : "") + ".",
        };
        for (var i = 0; i < roll.Count; i++)
        {
            var m = roll[i];
            var state = paid.TryGetValue(m.Id, out var p) ? $"✓ {VnText.Money(p.Amount)}, nộp {VnText.Date(p.PaidOn)}"
                : m.DuesPerMonth == 0 ? "miễn đóng"
                : $"chưa nộp ({(m.DuesPerMonth is { } rate ? "mức " + VnText.Money(rate) : "chưa ghi mức")})";
            lines.Add($"{i + 1}. {m.Name} — {state}");
        }
        if (roll.Count == 0) lines.Add("Chi bộ chưa có đảng viên trong danh sách (/dangvien).");
        var year = month.Year;
        var arrears = DuesBook.Arrears(cell, roll, year, turn.Now, ofYear);
        foreach (var a in arrears)
            lines.Add($"⚠ Đ/c {a.Member.Name} chưa nộp đảng phí {a.Months.Count} tháng trong năm {year} ({DuesBook.MonthList(a.Months)}): " +
                      "chi bộ xem xét (Điều lệ Đảng, Điều 8). Nếu đã nộp mà chưa ghi: /dangphi nop <số> tháng <tháng>.");
        if (cell.DuesSince is null) lines.Add("Sổ đảng phí của chi bộ bắt đầu từ tháng đầu tiên được ghi.");
        if (!mayRecord)
        {
            turn.Say(new Reply(string.Join('\n', lines), [new Choice($"cmd:/dangphi {cell.Name}: excel năm {year}", "Sổ đảng phí (Excel)")], ChoicesOnly: false));
            return;
        }
        lines.Add(Usage);
        var monthArg = $"tháng {VnText.MonthOf(month)}";
        var choices = owing.Where(m => m.DuesPerMonth is not null).Take(ButtonsShown)
            .Select(m => new Choice($"cmd:/dangphi nop {m.Id} {monthArg}", $"✓ {m.Name}")).ToList();
        if (owing.Count(m => m.DuesPerMonth is not null) > 1) choices.Add(new Choice($"cmd:/dangphi nop tatca {monthArg}", "Tất cả đã nộp"));
        choices.Add(new Choice($"cmd:/dangphi excel năm {year}", "Sổ đảng phí (Excel)"));
        turn.Say(new Reply(string.Join('\n', lines), choices, ChoicesOnly: false));
    }

    /// <summary>A member's own payments this year, and what they still owe.</summary>
    static void Own(Turn turn, Member me)
    {
        if (me.CellId is null || turn.Store.Cells.FindById(me.CellId) is not { } cell)
        {
            turn.Say("Đồng chí chưa thuộc chi bộ nào trên hệ thống.");
            return;
        }
        turn.Say(MemberYear(turn, me, cell, "Nếu đã nộp, đồng chí báo bí thư hoặc người thu đảng phí của chi bộ."));
    }

    /// <summary>A member's dues of this year (and paid ahead): each month recorded, the months not recorded, then <paramref name="unpaidHint"/>.</summary>
    static string MemberYear(Turn turn, Member member, Cell cell, string unpaidHint)
    {
        var year = turn.Now.Year;
        var payments = turn.Store.DuesPayments.Find(p => p.MemberId == member.Id).Where(p => p.Month.StartsWith($"{year}-") || string.CompareOrdinal(p.Month, $"{year}-12") > 0)
            .OrderBy(p => p.Month).ToList();
        var lines = new List<string> { $"Đảng phí của Đ/c {member.Name} ({cell.Name}), năm {year}" + (member.DuesPerMonth is { } rate ? $"; mức {(rate == 0 ? "miễn đóng" : VnText.Money(rate) + "/tháng")}" : "") + ":" };
        lines.AddRange(payments.Select(p => $"• Tháng {p.Month[5..]}/{p.Month[..4]}: {VnText.Money(p.Amount)}, nộp {VnText.Date(p.PaidOn)}"));
        if (payments.Count == 0) lines.Add("• Chưa có khoản nào được ghi.");
        var unpaid = DuesBook.Unpaid(cell, member, year, turn.Now, payments);
        if (unpaid.Count > 0) lines.Add($"Chưa ghi nộp: {DuesBook.MonthList(unpaid)}." + (unpaidHint == "" ? "" : " " + unpaidHint));
        return string.Join('\n', lines);
    }

    /// <summary>
    /// "/dangphi Tuấn": the year of the member of the cell's roll the text names; several named are offered to choose
    /// from. False when it names no one.
    /// </summary>
    static bool MemberNamed(Turn turn, Cell cell, string text, bool mayRecord, bool byCellName)
    {
        var roll = Roll(turn, cell);
        var matches = VnText.NameMatches(roll, text, m => m.Name, m => m.Id);
        if (matches.Count == 0) return false;
        var prefix = byCellName ? $"{cell.Name}: " : "";
        if (matches.Count > 1)
        {
            turn.Say(new Reply($"Có {matches.Count} đồng chí khớp \"{Inputs.Preview(text)}\". Đồng chí chọn:",
                [.. matches.Take(ButtonsShown).Select(m => new Choice($"cmd:/dangphi {prefix}{m.Id}", m.Name))]));
            return true;
        }
        var member = matches[0];
        var year = turn.Now.Year;
        var choices = new List<Choice>();
        if (mayRecord) // a month paid and not recorded: one tap (the amount is the member's rate)
            choices.AddRange(DuesBook.Unpaid(cell, member, year, turn.Now, turn.Store.DuesPayments.Find(p => p.MemberId == member.Id))
                .TakeLast(ButtonsShown).Select(m => new Choice($"cmd:/dangphi nop {member.Id} tháng {m}/{year}", $"✓ Đã nộp tháng {m}")));
        choices.Add(new Choice($"cmd:/dangphi {prefix}".TrimEnd(' ', ':'), $"Sổ đảng phí {cell.Name}"));
        turn.Say(new Reply(MemberYear(turn, member, cell, mayRecord ? $"Ghi đã nộp: bấm nút, hoặc /dangphi nop {roll.IndexOf(member) + 1} tháng <tháng>." : ""), choices, ChoicesOnly: false));
        return true;
    }

    /// <summary>A number with a minus sign ("-5000"): no amount paid is. A dash set apart ("An - 30.000") is a separator.</summary>
    [GeneratedRegex(@"(?:^|\s)-\d[\d.,]*(?=\s|$)")]
    private static partial Regex NegativeAmount();

    /// <summary>"đến tháng 3/2027", "tới tháng 3": the last month paid ahead.</summary>
    [GeneratedRegex(@"(?:^|\s)(?:den|toi)\s+(?:het\s+)?(?:thang\s*)?(?<m>\d{1,2})(?:\s*[/-]\s*(?<y>\d{4}))?(?=\s|$)")]
    private static partial Regex UntilPattern();

    /// <summary>The month (typed at the end, else this one) and the months ahead to "đến tháng …"; an error to say instead.</summary>
    static (List<DateTime> Months, string Left, string? Error) MonthsOf(Turn turn, string text)
    {
        var folded = VnText.Fold(text);
        DateTime? until = null;
        if (UntilPattern().Match(folded) is { Success: true } u)
        {
            var mo = int.Parse(u.Groups["m"].Value);
            if (mo is < 1 or > 12) return ([], text, $"Không có tháng {mo}.");
            var y = u.Groups["y"].Success ? int.Parse(u.Groups["y"].Value) : mo >= turn.Now.Month ? turn.Now.Year : turn.Now.Year + 1;
            until = new DateTime(y, mo, 1);
            text = (text[..u.Index] + " " + text[(u.Index + u.Length)..]).Trim();
        }
        // A bare number at the end is the amount ("nop 1 5000"), never a year; a month there follows "tháng", before the
        // amount too ("nop 1 tháng 11 5000").
        var parsed = EndsWithBareNumber(VnText.Fold(text)) ? MonthBeforeAmount(text, turn.Now) : Period.Parse(text, turn.Now);
        if (parsed.Error is { } error) return ([], text, error);
        DateTime from;
        if (parsed.Period is { Kind: PeriodKind.Month } p) (from, text) = (p.Start, parsed.Before);
        else from = new DateTime(turn.Now.Year, turn.Now.Month, 1);
        var last = until ?? from;
        if (last < from) return ([], text, $"Tháng {VnText.MonthOf(last)} ở trước tháng {VnText.MonthOf(from)}.");
        var months = new List<DateTime>();
        for (var m = from; m <= last; m = m.AddMonths(1)) months.Add(m);
        if (months.Count > 12) return ([], text, "Ghi trước nhiều nhất 12 tháng một lần.");
        if (from > new DateTime(turn.Now.Year, turn.Now.Month, 1).AddMonths(12)) return ([], text, "Tháng đó còn xa quá; ghi trước nhiều nhất 12 tháng.");
        if (from < new DateTime(turn.Now.Year - 1, 1, 1)) return ([], text, "Chỉ ghi được đảng phí từ đầu năm trước trở đi.");
        return (months, text, null);
    }

    /// <summary>The month typed before an amount at the end ("1 tháng 11 5000"), the amount kept in what is left; else no month.</summary>
    static Period.Parsed MonthBeforeAmount(string text, DateTime now)
    {
        var cut = text.TrimEnd().LastIndexOf(' ');
        var before = cut < 0 ? null : Period.Parse(text[..cut], now);
        return before is { Period.Kind: PeriodKind.Month, Error: null } ? before with { Before = $"{before.Before} {text[(cut + 1)..]}".Trim() }
            : new Period.Parsed(null, text);
    }

    /// <summary>Whether the last word is a number alone (digits, dots, commas), not after "tháng", "năm" or "quý".</summary>
    static bool EndsWithBareNumber(string folded)
    {
        var words = folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0 && words[^1].Any(char.IsAsciiDigit) && words[^1].All(c => char.IsAsciiDigit(c) || c is '.' or ',')
            && (words.Length == 1 || words[^2] is not ("thang" or "nam" or "quy"));
    }

    /// <summary>The members a text names: "1, 3, 5", "1 3 5", "tatca", names or ids separated by commas; an error to say instead.</summary>
    internal static (List<Member> Who, string? Error) Whom(Cell cell, List<Member> roll, string text, string verb, Func<Member, bool>? forAll = null, string command = "dangphi")
    {
        var t = text.Trim(' ', ',', ';', '.');
        if (t == "") return ([], $"Cho đồng chí nào? Gõ số thứ tự trong danh sách /{command}, ví dụ: /{command} {verb} 1, 3.");
        if (MeansAll(t)) return (roll.Where(forAll ?? (_ => true)).ToList(), null);
        var who = new List<Member>();
        foreach (var part in t.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tokens = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tokens.All(x => int.TryParse(x, out _)))
            {
                foreach (var n in tokens.Select(int.Parse))
                {
                    if (n < 1 || n > roll.Count) return ([], $"Không có số {n}: danh sách {cell.Name} có {roll.Count} đồng chí (xem /{command}).");
                    who.Add(roll[n - 1]);
                }
                continue;
            }
            var matches = VnText.NameMatches(roll, part, m => m.Name, m => m.Id);
            if (matches.Count != 1)
                return ([], matches.Count == 0 ? $"Không có \"{Inputs.Preview(part)}\" trong danh sách {cell.Name}." : $"Có {matches.Count} người khớp \"{Inputs.Preview(part)}\"; gõ tên đầy đủ hơn hoặc số thứ tự.");
            who.Add(matches[0]);
        }
        return (who.Distinct().ToList(), null);
    }

    /// <summary>
    /// An amount among the words (the last one that reads as money of 1.000 đ or more), and the words without it (nor a
    /// dash set apart: "Tuấn - 5.000").
    /// </summary>
    static (long? Amount, string Left) AmountIn(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w is not ("-" or "–")).ToList();
        for (var i = words.Count - 1; i >= 0; i--)
        {
            // "50 nghìn", "1,5 triệu": a number and its unit as two words.
            if (i + 1 < words.Count && VnText.Fold(words[i + 1]) is "nghin" or "ngan" or "trieu" or "dong" or "d" && Inputs.Money(words[i] + " " + words[i + 1]) is { } two and >= 1000)
            {
                words.RemoveRange(i, 2);
                return (two, string.Join(' ', words));
            }
            if (Inputs.Money(words[i].TrimEnd(',')) is { } one and >= 1000)
            {
                words.RemoveAt(i);
                return (one, string.Join(' ', words));
            }
        }
        return (null, text);
    }

    /// <summary>"tất cả", "cả chi bộ": every member of the list.</summary>
    static bool MeansAll(string text) => VnText.Fold(text.Trim(' ', ',', ';', '.')) is "tatca" or "tat ca" or "ca chi bo";

    /// <summary>"/dangphi nop tất cả" with no one left: because no one has a rate yet, or who has none.</summary>
    static string NobodyToRecord(List<Member> roll, Func<Member, bool> unpaid)
    {
        if (roll.All(m => m.DuesPerMonth is null) && roll.Any(unpaid))
            return "Chưa đồng chí nào có mức đảng phí: ghi mức trước, ví dụ /dangphi muc tatca 20.000 (cả chi bộ cùng mức) hoặc /dangphi muc 2 30.000; " +
                   "hoặc ghi từng người kèm số tiền: /dangphi nop 2 30.000. Chưa ghi gì.";
        return "Không còn ai chưa nộp có mức đảng phí để ghi." + Unrated(roll, unpaid);
    }

    /// <summary>" Chưa có mức: …": who "tất cả" left out, unpaid with no rate to record; empty when none.</summary>
    static string Unrated(List<Member> roll, Func<Member, bool> unpaid)
    {
        var unrated = roll.Where(m => m.DuesPerMonth is null && unpaid(m)).ToList();
        return unrated.Count == 0 ? ""
            : $" Chưa có mức: {string.Join(", ", unrated.Take(5).Select(m => "Đ/c " + m.Name))}{(unrated.Count > 5 ? $" và {unrated.Count - 5} đồng chí khác" : "")}" +
              $" (ghi kèm số tiền: /dangphi nop {unrated[0].Name} 30.000).";
    }

    /// <summary>
    /// A plain number over the largest amount taken ("99999999999"), said as too large rather than looked up as a name; null
    /// when there is none.
    /// </summary>
    static string? TooLarge(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim(',', ';', '.', 'đ'))
            .FirstOrDefault(w => w.Length > 0 && w.All(ch => char.IsAsciiDigit(ch) || ch is '.' or ',') && w.Replace(".", "").Replace(",", "") is var digits
                                 && digits.Length > 0 && (digits.TrimStart('0').Length > 9 || long.Parse(digits) > Inputs.MaxMoney));

    void Pay(Turn turn, Cell cell, string text)
    {
        if (NegativeAmount().Match(text) is { Success: true } negative)
        {
            turn.Say($"Số tiền {negative.Value.Trim()} không hợp lệ: gõ số tiền đã nộp, ví dụ /dangphi nop 2 30.000.");
            return;
        }
        if (TooLarge(text) is { } large)
        {
            turn.Say($"Số tiền {Inputs.Preview(large, 20)} lớn quá (một lần ghi tối đa {VnText.Money(Inputs.MaxMoney)}). Đồng chí kiểm tra lại, ví dụ /dangphi nop 2 30.000.");
            return;
        }
        var (months, rest, error) = MonthsOf(turn, text);
        if (error is not null) { turn.Say(error + " " + Usage); return; }
        var (amount, names) = AmountIn(rest);
        var roll = Roll(turn, cell);
        var store = turn.Store;
        // "tất cả": the unpaid with a rate; with an amount typed, the unpaid without one too (never the exempt).
        var (who, whoError) = Whom(cell, roll, names, "nop", m => (amount is null ? m.DuesPerMonth is > 0 : m.DuesPerMonth != 0)
            && store.DuesPayments.FindById(DuesPayment.KeyOf(m.Id, Period.KeyOf(months[0]))) is null);
        if (whoError is not null) { turn.Say(whoError); return; }
        var noRate = who.Where(m => amount is null && m.DuesPerMonth is null).ToList();
        if (noRate.Count > 0)
        {
            turn.Say($"Chưa có mức đảng phí của {string.Join(", ", noRate.Select(m => "Đ/c " + m.Name))}: gõ số tiền đã nộp (/dangphi nop {noRate[0].Name} 30.000) " +
                     $"hoặc ghi mức trước (/dangphi muc {noRate[0].Name} 30.000). Chưa ghi gì.");
            return;
        }
        // An exempt member pays nothing: named, not recorded as a payment of 0 đ (unless an amount is typed).
        var exempt = who.Where(m => amount is null && m.DuesPerMonth == 0).ToList();
        who = [.. who.Except(exempt)];
        var exemptNote = exempt.Count == 0 ? "" : $" {string.Join(", ", exempt.Select(m => "Đ/c " + m.Name))} miễn đóng đảng phí: không ghi.";
        bool Unpaid(Member m) => store.DuesPayments.FindById(DuesPayment.KeyOf(m.Id, Period.KeyOf(months[0]))) is null;
        if (who.Count == 0) { turn.Say((exempt.Count > 0 ? "Chưa ghi gì." : NobodyToRecord(roll, Unpaid)) + exemptNote); return; }
        var leftOut = MeansAll(names) && amount is null ? Unrated(roll, Unpaid) : ""; // read before recording: the recorded are paid after
        var (recorded, already) = Record(turn, cell, who, months, amount);
        var reply = (recorded.Count > 0 ? $"Đã ghi nộp đảng phí: {string.Join("; ", recorded)}." : "Không có gì mới để ghi.") + exemptNote + leftOut;
        if (already.Count > 0) reply += $" Đã ghi từ trước: {string.Join(", ", already.Take(5))}{(already.Count > 5 ? $" và {already.Count - 5} khoản khác" : "")}.";
        turn.Say(reply);
        Show(turn, cell, months[0], mayRecord: true);
    }

    /// <summary>
    /// Records that each member paid for the months (their monthly amount unless one is given), starts the cell's book at
    /// the first month if it is earlier, audits; returns what was recorded and what already was.
    /// </summary>
    public static (List<string> Recorded, List<string> Already) Record(Turn turn, Cell cell, IEnumerable<Member> who, IReadOnlyList<DateTime> months, long? amount = null)
    {
        var store = turn.Store;
        var recorded = new List<string>();
        var already = new List<string>();
        foreach (var m in who)
        {
            if ((amount ?? m.DuesPerMonth) is not { } each) continue;
            var newMonths = new List<DateTime>();
            foreach (var month in months)
            {
                var id = DuesPayment.KeyOf(m.Id, Period.KeyOf(month));
                if (store.DuesPayments.FindById(id) is { } old && old.Amount == each) { already.Add($"{m.Name} tháng {VnText.MonthOf(month)}"); continue; }
                store.DuesPayments.Upsert(new DuesPayment
                {
                    Id = id, MemberId = m.Id, CellId = cell.Id, Month = Period.KeyOf(month), Amount = each,
                    PaidOn = turn.Now.Date, RecordedBy = turn.Member!.Id, RecordedAtUtc = turn.UtcNow,
                });
                newMonths.Add(month);
            }
            if (newMonths.Count == 0) continue;
            var span = newMonths.Count == 1 ? $"tháng {VnText.MonthOf(newMonths[0])}" : $"{newMonths.Count} tháng {VnText.MonthOf(newMonths[0])}–{VnText.MonthOf(newMonths[^1])}";
            recorded.Add($"{m.Name} {VnText.Money(each * newMonths.Count)} ({span})");
        }
        var firstKey = Period.KeyOf(months[0]);
        if (recorded.Count > 0 && (cell.DuesSince is null || string.CompareOrdinal(firstKey, cell.DuesSince) < 0))
        {
            cell.DuesSince = firstKey;
            store.Cells.Update(cell);
        }
        if (recorded.Count > 0) turn.Audit("dues.paid", cell.Id, "Ghi đã nộp đảng phí: " + string.Join("; ", recorded));
        return (recorded, already);
    }

    void Undo(Turn turn, Cell cell, string text)
    {
        var (months, rest, error) = MonthsOf(turn, text);
        if (error is not null) { turn.Say(error); return; }
        var roll = Roll(turn, cell);
        var (who, whoError) = Whom(cell, roll, rest, "huy");
        if (whoError is not null) { turn.Say(whoError); return; }
        var removed = new List<string>();
        foreach (var m in who)
            foreach (var month in months)
                if (turn.Store.DuesPayments.FindById(DuesPayment.KeyOf(m.Id, Period.KeyOf(month))) is { } p && turn.Store.DuesPayments.Delete(p.Id))
                    removed.Add($"{m.Name} tháng {VnText.MonthOf(month)} ({VnText.Money(p.Amount)})");
        if (removed.Count == 0) { turn.Say(NothingToUndo(turn, roll, who, months)); return; }
        turn.Audit("dues.undone", cell.Id, "Bỏ khoản đảng phí đã ghi: " + string.Join("; ", removed));
        turn.Say($"Đã bỏ: {string.Join("; ", removed)}.");
    }

    /// <summary>
    /// Who has nothing recorded for those months; for one member, the months they do have (the secretary may have been
    /// looking at another month's list: "/dangphi huy 4" cancels this month's).
    /// </summary>
    static string NothingToUndo(Turn turn, List<Member> roll, List<Member> who, List<DateTime> months)
    {
        var when = months.Count == 1 ? $"tháng {VnText.MonthOf(months[0])}" : $"từ tháng {VnText.MonthOf(months[0])} đến tháng {VnText.MonthOf(months[^1])}";
        var text = $"{string.Join(", ", who.Select(m => "Đ/c " + m.Name))} chưa có khoản đảng phí nào ghi {when} để bỏ.";
        if (who is not [var one]) return text;
        var recorded = turn.Store.DuesPayments.Find(p => p.MemberId == one.Id).OrderByDescending(p => p.Month, StringComparer.Ordinal).Take(3).ToList();
        if (recorded.Count == 0) return text;
        static string Month(DuesPayment p) => VnText.MonthOf(new DateTime(int.Parse(p.Month[..4]), int.Parse(p.Month[5..]), 1));
        var number = roll.IndexOf(one) + 1;
        return text + $" Đã ghi{(recorded.Count < 3 ? "" : " gần nhất")}: {string.Join(", ", recorded.Select(p => $"tháng {Month(p)} ({VnText.Money(p.Amount)})"))}" +
               (number > 0 ? $"; bỏ khoản tháng {Month(recorded[0])}: /dangphi huy {number} tháng {Month(recorded[0])}." : ".");
    }

    void SetRate(Turn turn, Cell cell, string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        long? rate = null;
        if (words.Count > 0 && VnText.Fold(words[^1]) is "mien" or "0") { rate = 0; words.RemoveAt(words.Count - 1); }
        else if (TooLarge(text) is { } large)
        {
            turn.Say($"Mức {Inputs.Preview(large, 20)} lớn quá (tối đa {VnText.Money(Inputs.MaxMoney)} mỗi tháng). Đồng chí kiểm tra lại, ví dụ /dangphi muc 2 30.000.");
            return;
        }
        else
        {
            var (amount, names) = AmountIn(text);
            (rate, words) = (amount, names.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList());
        }
        if (rate is null)
        {
            turn.Say("Gõ số thứ tự (hoặc tên) và mức đóng mỗi tháng, ví dụ: /dangphi muc 2 30.000 · miễn đóng: /dangphi muc 2 mien · cả chi bộ cùng mức: /dangphi muc tatca 20.000. " +
                     "Mức theo QĐ 342-QĐ/TW (phần trăm tiền lương, thu nhập hoặc mức cố định).");
            return;
        }
        var (who, error) = Whom(cell, Roll(turn, cell), string.Join(' ', words), "muc");
        if (error is not null) { turn.Say(error); return; }
        foreach (var m in who)
        {
            m.DuesPerMonth = rate;
            turn.Store.Members.Update(m);
        }
        var label = rate == 0 ? "miễn đóng" : VnText.Money(rate.Value) + "/tháng";
        turn.Audit("dues.rate", cell.Id, $"Mức đảng phí {label}: {string.Join(", ", who.Select(m => m.Name))}");
        turn.Say($"Đã ghi mức đảng phí {label}: {string.Join(", ", who.Select(m => "Đ/c " + m.Name))}.");
    }

    void Assign(Turn turn, Cell cell, string text)
    {
        if (!Authorizer.Can(turn.Store, turn.Member!, Permission.RunMeeting, cell))
        {
            turn.Say("Giao việc thu đảng phí do bí thư hoặc phó bí thư làm.");
            return;
        }
        if (VnText.Fold(text.Trim()) is "bo" or "khong" or "huy")
        {
            cell.DuesCollectorId = null;
            turn.Store.Cells.Update(cell);
            turn.Audit("dues.collector", cell.Id, "Bỏ giao thu đảng phí");
            turn.Say("Đã bỏ giao thu đảng phí; bí thư, phó bí thư ghi.");
            return;
        }
        var (who, error) = Whom(cell, Roll(turn, cell), text, "giao");
        if (error is not null || who.Count != 1) { turn.Say(error ?? "Giao cho một đồng chí: /dangphi giao <số hoặc tên>."); return; }
        cell.DuesCollectorId = who[0].Id;
        turn.Store.Cells.Update(cell);
        turn.Audit("dues.collector", cell.Id, $"Giao Đ/c {who[0].Name} thu đảng phí");
        turn.Say($"Đã giao Đ/c {who[0].Name} thu, ghi đảng phí của {cell.Name} (/dangphi).");
    }

    /// <summary>The dues book as Excel: one row per member, a column per month, sums; the year by default.</summary>
    void Book(Turn turn, Cell cell, string text)
    {
        if (files is null) { turn.Say("Bản này của bot chưa xuất được tệp; đồng chí xem bản chữ: /dangphi."); return; }
        var parsed = Period.Parse(text, turn.Now);
        if (parsed.Error is { } error || text.Trim() != "" && parsed.Period is null)
        {
            turn.Say((parsed.Error ?? $"Không hiểu \"{Inputs.Preview(text)}\".") + " Ví dụ: /dangphi excel năm 2026 · /dangphi excel quý 4.");
            return;
        }
        var period = parsed.Period ?? new Period(PeriodKind.Year, turn.Now.Year, 1);
        var sheet = DuesSheet(turn.Store, cell, period, turn.Now, $"Đ/c {turn.Member!.Name}");
        turn.Say(new Reply($"Sổ thu đảng phí {cell.Name} — {period.Label} (Excel).", FilePath: files.SaveWorkbook($"dang-phi-{cell.Id}-{period.Code}", [sheet])));
    }

    /// <summary>The dues book's sheet: STT, name, status, monthly amount, a column per month of the period, the sum, months not paid.</summary>
    public static ReportSheet DuesSheet(Storage.ChiBoStore store, Cell cell, Period period, DateTime now, string preparedBy)
    {
        var months = period.Months.ToList();
        var years = months.Select(m => int.Parse(m[..4])).Distinct().ToList();
        // The years the period touches, read once: the period's payments and each year's unpaid months come from them.
        var allOfYears = years.SelectMany(y => DuesBook.OfYear(store, cell.Id, y)).ToList();
        var payments = allOfYears.Where(p => months.Contains(p.Month)).ToList();
        var byMember = payments.ToLookup(p => p.MemberId);
        var roll = VnText.SortedByGivenName(store.CellMembers(cell.Id), m => m.Name);
        // Those who paid here and have since left stay in the book.
        var gone = byMember.Select(g => g.Key).Except(roll.Select(m => m.Id)).Select(id => store.Members.FindById(id)).OfType<Member>();
        var people = roll.Concat(VnText.SortedByGivenName(gone, m => m.Name)).ToList();
        var rows = people.Select((m, i) =>
        {
            var paid = byMember[m.Id].ToDictionary(p => p.Month, p => p.Amount);
            var unpaid = years.SelectMany(y => DuesBook.Unpaid(cell, m, y, now, allOfYears).Select(mo => $"{y}-{mo:00}")).Where(months.Contains)
                .Select(x => $"{int.Parse(x[5..])}/{x[..4]}").ToList();
            return (IReadOnlyList<object?>)
            [
                i + 1, m.Name, m.Removed ? "đã ra khỏi danh sách" : Members.StatusLabel(m.Status),
                m.DuesPerMonth is { } rate ? rate == 0 ? "miễn" : (object)rate : null,
                .. months.Select(mo => paid.TryGetValue(mo, out var a) ? (object?)a : null),
                paid.Values.Sum(), unpaid.Count == 0 ? null : string.Join(", ", unpaid),
            ];
        }).ToList();
        IReadOnlyList<object?> totals =
        [
            null, $"Tổng cộng ({people.Count} đồng chí)", null, null,
            .. months.Select(mo => payments.Any(p => p.Month == mo) ? (object?)payments.Where(p => p.Month == mo).Sum(p => p.Amount) : null),
            payments.Sum(p => p.Amount), null,
        ];
        var headers = new List<string> { "STT", "Họ và tên", "Tình trạng", "Mức đóng/tháng (đ)" };
        headers.AddRange(months.Select(m => years.Count == 1 ? $"T{int.Parse(m[5..])}" : $"T{int.Parse(m[5..])}/{m[..4]}"));
        headers.AddRange(["Cộng (đ)", "Tháng chưa nộp"]);
        var subtitle = char.ToUpper(period.Label[0], VnText.Culture) + period.Label[1..] + $" (số liệu đến ngày {VnText.Date(now)})";
        return new ReportSheet("Sổ đảng phí", headers, rows)
        {
            Heading = new ReportHeading(store.OrgUnits.FindById(cell.OrgUnitId)?.Name, cell.Name, "SỔ THU ĐẢNG PHÍ", subtitle, now.Date, preparedBy),
            Totals = totals,
        };
    }
}
