using System.Text.RegularExpressions;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// /chuyende — the cell's yearly plan of thematic meetings: a topic per quarter (typed, or a numbered suggestion from the
/// procedure template), shown with the thematic meetings held. The secretary and deputy plan; members of the cell and
/// staff over it see the plan (<c>/chuyende &lt;chi bộ&gt;</c>).
/// </summary>
public static partial class TopicPlans
{
    /// <summary>The topic the cell planned (/chuyende) for the quarter of that day, if any.</summary>
    public static string? PlannedFor(ChiBoStore store, string cellId, DateTime day) =>
        store.TopicPlans.FindById(TopicPlan.KeyOf(cellId, day.Year))?.For(TopicPlan.QuarterOf(day))?.Topic;

    public const int MaxTopicLength = 200;
    const string Usage = "Đặt chủ đề: /chuyende quý 1: <chủ đề> (hoặc số của gợi ý) · bỏ: /chuyende quý 1: xóa · năm khác: /chuyende 2027";

    public static void Handle(Turn turn, string args)
    {
        var store = turn.Store;
        var me = turn.Member!;
        var text = VnText.Clean(args);
        var led = Authorizer.LedCell(store, me);
        if (!text.Contains(':') && QuarterWithoutColon().Match(text) is { Success: true } bare)
        {
            var after = bare.Groups["rest"].Value;
            if (after != "" && !YearAlone().IsMatch(VnText.Fold(after))) text = $"{bare.Groups["head"].Value}: {after}"; // "quý 2 Dân vận": the colon left out
            else
            {
                // "quý 2", "quý 2/2027", "quý 2 năm 2027": the quarter's topic is asked for (the plan shown to those who do not plan).
                var quarter = int.Parse(bare.Groups["q"].Value);
                int? typedYear = bare.Groups["y"].Success ? int.Parse(bare.Groups["y"].Value)
                    : YearOf().Match(VnText.Fold(after)) is { Success: true } ry ? int.Parse(ry.Groups[1].Value) : null;
                if (led is not null) AskTopic(turn, led, quarter, typedYear);
                else if (store.Cells.FindById(me.CellId ?? "") is { } own) Show(turn, own, PlannedYear(turn, quarter, typedYear).Year, false);
                else turn.Say("Chỉ bí thư hoặc phó bí thư chi bộ mới lập kế hoạch chuyên đề được. Xem kế hoạch của một chi bộ: /chuyende <tên chi bộ>");
                return;
            }
        }
        var set = QuarterTopic().Match(VnText.Fold(text));
        if (set.Success)
        {
            if (led is null)
            {
                turn.Say("Chỉ bí thư hoặc phó bí thư chi bộ mới lập kế hoạch chuyên đề được. Xem kế hoạch: /chuyende");
                return;
            }
            Plan(turn, led, int.Parse(set.Groups["q"].Value), set.Groups["y"].Success ? int.Parse(set.Groups["y"].Value) : null,
                text[(text.IndexOf(':') + 1)..].Trim());
            return;
        }
        if (QuarterLike().IsMatch(VnText.Fold(text)))
        {
            turn.Say($"Quý là số từ 1 đến 4. {Usage}");
            return;
        }
        var year = YearOf().Match(VnText.Fold(text)) is { Success: true } y ? int.Parse(y.Groups[1].Value) : turn.Now.Year;
        var rest = YearAsTyped().Replace(text, " ").Trim(); // as typed: a cell's name is said back with its accents
        Cell? cell = led;
        if (rest != "")
        {
            // "/chuyende thôn Đông": staff (or a leader) looking at a cell they may see.
            var visible = Authorizer.VisibleCells(store, me).ToList();
            if (visible.Count == 0)
            {
                turn.Say($"Không hiểu \"{Inputs.Preview(text)}\". {Usage}");
                return;
            }
            cell = CellPicker.Named(turn, visible, rest, "chuyende", "phạm vi đồng chí được xem");
            if (cell is null) return;
        }
        cell ??= me.CellId is null ? null : store.Cells.FindById(me.CellId);
        if (cell is null)
        {
            if (Authorizer.VisibleCells(store, me).ToList() is { Count: > 0 } cells)
                CellPicker.Offer(turn, cells, "Kế hoạch chuyên đề của chi bộ nào?", "chuyende");
            else turn.Say("Đồng chí chưa thuộc chi bộ nào.");
            return;
        }
        Show(turn, cell, year, cell.Id == led?.Id);
    }

    static List<string> Suggestions(Turn turn, Cell cell) => turn.Templates.ProcedureFor(cell.Type).Rules.ThematicTopics;

    static void Show(Turn turn, Cell cell, int year, bool leads)
    {
        var plan = turn.Store.TopicPlans.FindById(TopicPlan.KeyOf(cell.Id, year));
        var held = turn.Store.CellMeetings(cell.Id, m => m.Date.Year == year && MeetingKinds.IsThematic(m.Kind)).OrderBy(m => m.Date).ToList();
        var lines = new List<string> { $"Kế hoạch sinh hoạt chuyên đề năm {year} — {cell.Name} (mỗi quý ít nhất một chuyên đề):" };
        for (var q = 1; q <= 4; q++)
        {
            var planned = plan?.For(q) is { } p ? $"“{p.Topic}”" : "chưa có kế hoạch";
            var inQuarter = held.Where(m => TopicPlan.QuarterOf(m.Date) == q).ToList();
            // The thematic rule of /tonghop (one a quarter, from the quarter the cell existed in).
            var status = inQuarter.Count > 0
                ? "✔ đã sinh hoạt " + string.Join(", ", inQuarter.Select(m => $"ngày {VnText.Date(m.Date)}" + (m.Topic is { Length: > 0 } t && t != plan?.For(q)?.Topic ? $" (“{Inputs.Preview(t)}”)" : "")))
                : ChiBo.Rules.Cadence.Thematic(year, q - 1, false, VnClock.Local(cell.CreatedAtUtc), turn.Now) switch
                {
                    ChiBo.Rules.Standing.Late => "⚠ quý đã qua, không có buổi chuyên đề",
                    ChiBo.Rules.Standing.Untracked when ChiBo.Rules.Cadence.QuarterStart(year, q - 1) <= turn.Now =>
                        ChiBo.Rules.Cadence.QuarterCounts(year, q - 1, VnClock.Local(cell.CreatedAtUtc), turn.Now)
                            ? $"bot có số liệu từ tháng {VnClock.Local(cell.CreatedAtUtc):MM/yyyy}, không có buổi chuyên đề được ghi" : "chi bộ chưa có trên hệ thống",
                    _ => "chưa sinh hoạt",
                };
            lines.Add($"• Quý {q}: {planned} — {status}");
        }
        if (leads)
        {
            lines.Add(Usage);
            var suggestions = Suggestions(turn, cell);
            if (suggestions.Count > 0)
                lines.Add("Gợi ý chủ đề:\n" + string.Join('\n', suggestions.Select((s, i) => $"{i + 1}. {s}")));
        }
        turn.Say(string.Join('\n', lines));
    }

    /// <summary>
    /// The year a quarter's topic is for: the one typed, else this year's quarter, or next year's once this year's is over.
    /// Null (said why) for a year not planned or a quarter over.
    /// </summary>
    static (int Year, bool NextYear)? YearFor(Turn turn, int quarter, int? year)
    {
        var now = turn.Now.Date;
        var (y, nextYear) = PlannedYear(turn, quarter, year);
        if (y < now.Year || y > now.Year + 1)
        {
            turn.Say($"Kế hoạch chuyên đề lập cho năm {now.Year} hoặc {now.Year + 1}.");
            return null;
        }
        if (y == now.Year && QuarterOver(turn, quarter, y))
        {
            turn.Say($"Quý {quarter}/{y} đã qua; không lập kế hoạch cho quý đã qua. Xem kế hoạch: /chuyende");
            return null;
        }
        return (y, nextYear);
    }

    static bool QuarterOver(Turn turn, int quarter, int year) => ChiBo.Rules.Cadence.QuarterStart(year, quarter - 1).AddMonths(3) <= turn.Now.Date;

    /// <summary>The year typed, else this year's quarter, or next year's once this year's is over.</summary>
    static (int Year, bool NextYear) PlannedYear(Turn turn, int quarter, int? year) =>
        year is { } typed ? (typed, false) : QuarterOver(turn, quarter, turn.Now.Year) ? (turn.Now.Year + 1, true) : (turn.Now.Year, false);

    /// <summary>"quý 2" alone: what the quarter has, and the template's suggestions to tap.</summary>
    static void AskTopic(Turn turn, Cell cell, int quarter, int? year)
    {
        if (YearFor(turn, quarter, year) is not var (y, _)) return;
        var planned = turn.Store.TopicPlans.FindById(TopicPlan.KeyOf(cell.Id, y))?.For(quarter);
        var suggestions = Suggestions(turn, cell);
        var text = $"Chuyên đề quý {quarter}/{y} — {cell.Name}: " + (planned is null ? "chưa có chủ đề." : $"“{planned.Topic}”.") +
                   $"\nGõ /chuyende quý {quarter}/{y}: <chủ đề>" + (suggestions.Count > 0 ? ", hoặc chọn một gợi ý:" : ".");
        turn.Say(new Reply(text, [.. suggestions.Select((t, i) => new Choice($"cmd:/chuyende quý {quarter}/{y}: {i + 1}", t))], ChoicesOnly: false));
    }

    /// <summary>"quý 1: …" sets (or with "xóa" clears) the quarter's topic; a quarter already over this year means next year's.</summary>
    static void Plan(Turn turn, Cell cell, int quarter, int? year, string topic)
    {
        if (YearFor(turn, quarter, year) is not var (y, nextYear)) return;
        var suggestions = Suggestions(turn, cell);
        var folded = VnText.Fold(topic);
        var clear = folded is "xoa" or "bo" or "huy";
        if (!clear && int.TryParse(topic.TrimEnd('.'), out var n))
        {
            if (n < 1 || n > suggestions.Count)
            {
                turn.Say(suggestions.Count == 0 ? "Gõ tên chủ đề sau dấu hai chấm." : $"Gõ tên chủ đề, hoặc số của gợi ý (từ 1 đến {suggestions.Count}); xem gợi ý: /chuyende");
                return;
            }
            topic = suggestions[n - 1];
        }
        if (!clear)
        {
            if (topic.Length > MaxTopicLength)
            {
                turn.Say($"Tên chủ đề dài {VnText.Number(topic.Length)} ký tự, quá {MaxTopicLength}; đồng chí rút gọn.");
                return;
            }
            var (value, _) = Inputs.FreeText(topic, MaxTopicLength);
            if (value is null || !VnText.HasWords(value) || !value.Any(char.IsLetter))
            {
                turn.Say("Gõ tên chủ đề sau dấu hai chấm, ví dụ /chuyende quý 1: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.");
                return;
            }
            topic = value;
        }
        var store = turn.Store;
        var plan = store.TopicPlans.FindById(TopicPlan.KeyOf(cell.Id, y)) ?? new TopicPlan { Id = TopicPlan.KeyOf(cell.Id, y), CellId = cell.Id, Year = y };
        var before = plan.For(quarter);
        if (clear)
        {
            if (before is null) { turn.Say($"Quý {quarter}/{y} chưa có chủ đề nào để bỏ."); return; }
            plan.Topics.Remove(before);
            store.TopicPlans.Upsert(plan);
            turn.Audit("topics.cleared", cell.Id, $"Bỏ chủ đề chuyên đề quý {quarter}/{y}: \"{before.Topic}\"");
            turn.Say($"Đã bỏ chủ đề chuyên đề quý {quarter}/{y} (“{before.Topic}”). Xem kế hoạch: /chuyende {y}");
            return;
        }
        if (before?.Topic == topic) { turn.Say($"Quý {quarter}/{y} đã có chủ đề này; không có gì thay đổi."); return; }
        plan.Topics.RemoveAll(t => t.Quarter == quarter);
        plan.Topics.Add(new PlannedTopic { Quarter = quarter, Topic = topic, SetBy = turn.Member!.Id, SetAtUtc = turn.UtcNow });
        plan.Topics.Sort((a, b) => a.Quarter.CompareTo(b.Quarter));
        store.TopicPlans.Upsert(plan);
        turn.Audit("topics.planned", cell.Id, $"Chủ đề chuyên đề quý {quarter}/{y}: \"{topic}\"" + (before is null ? "" : $" (trước: \"{before.Topic}\")"));
        turn.Say(new Reply($"Đã ghi chủ đề chuyên đề quý {quarter}/{y}: “{topic}”.{(nextYear ? $" (Quý {quarter} năm nay đã qua nên ghi cho năm {y}.)" : "")}\n" +
                           "Khi ghi buổi sinh hoạt chuyên đề trong quý, /sinhhoat gợi ý chủ đề này.",
            [new Choice($"cmd:/chuyende {y}", $"Xem kế hoạch năm {y}")]));
    }

    /// <summary>"quy 1: …", "q2/2027: …", "3: …" (folded).</summary>
    [GeneratedRegex(@"^(?:quy|q)?\s*(?<q>[1-4])(?:\s*/\s*(?<y>\d{4}))?\s*:")]
    private static partial Regex QuarterTopic();

    /// <summary>Something meant as a quarter that is not one ("quý 5: …", "q0").</summary>
    [GeneratedRegex(@"^(?:quy\s*\d|q\d|\d+\s*:)")]
    private static partial Regex QuarterLike();

    [GeneratedRegex(@"(?:^|\s)(?:nam\s*)?(20\d\d)(?:\s|$)")]
    private static partial Regex YearOf();

    /// <summary>"quý 2 …", "Q2/2027 …" as typed, before any colon: the quarter, its year, what follows.</summary>
    [GeneratedRegex(@"^(?<head>(?:qu[yýỳỷỹỵ]|q)\s*(?<q>[1-4])(?:\s*/\s*(?<y>\d{4}))?)(?:\s+(?<rest>.+))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuarterWithoutColon();

    [GeneratedRegex(@"^(?:nam\s*)?20\d\d$")]
    private static partial Regex YearAlone();

    /// <summary><see cref="YearOf"/> in the text as typed ("năm 2027", "Năm 2027", "2027").</summary>
    [GeneratedRegex(@"(?:^|\s)(?:n[aă]m\s*)?(20\d\d)(?=\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex YearAsTyped();
}
