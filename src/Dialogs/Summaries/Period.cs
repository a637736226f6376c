using System.Globalization;
using System.Text.RegularExpressions;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Summaries;

/// <summary>Month, quarter, year; the first 6 or 9 months of a year ("6 tháng đầu năm"); or a range of whole months.</summary>
public enum PeriodKind { Month, Quarter, Year, FirstMonths, Range }

/// <summary>
/// A reporting period of whole months (Vietnam calendar): <see cref="Start"/> is its first day, <see cref="End"/> the
/// first day after it. Meetings are recorded by month, so every period is a run of months.
/// </summary>
public sealed partial record Period
{
    public PeriodKind Kind { get; }
    public DateTime Start { get; }
    public DateTime End { get; }

    Period(PeriodKind kind, DateTime start, DateTime end) => (Kind, Start, End) = (kind, start, end);

    /// <summary>A month (number 1–12), a quarter (1–4), a year (number ignored) or the first <paramref name="number"/> months.</summary>
    public Period(PeriodKind kind, int year, int number) : this(kind, StartOf(kind, year, number), StartOf(kind, year, number).AddMonths(LengthOf(kind, number))) { }

    static DateTime StartOf(PeriodKind kind, int year, int number) => kind switch
    {
        PeriodKind.Month => new DateTime(year, number, 1),
        PeriodKind.Quarter => new DateTime(year, (number - 1) * 3 + 1, 1),
        PeriodKind.Range => throw new ArgumentException("A range is made with Period.Between."),
        _ => new DateTime(year, 1, 1),
    };

    static int LengthOf(PeriodKind kind, int number) => kind switch
    {
        PeriodKind.Month => 1,
        PeriodKind.Quarter => 3,
        PeriodKind.FirstMonths => number,
        _ => 12,
    };

    /// <summary>The months from <paramref name="first"/>'s to <paramref name="last"/>'s, both included; one month is that month ("tháng 11/2026", not "từ tháng 11/2026 đến tháng 11/2026").</summary>
    public static Period Between(DateTime first, DateTime last) =>
        (first.Year, first.Month) == (last.Year, last.Month) ? new(PeriodKind.Month, first.Year, first.Month)
        : new(PeriodKind.Range, new DateTime(first.Year, first.Month, 1), new DateTime(last.Year, last.Month, 1).AddMonths(1));

    /// <summary>The first day of a month key ("2026-11").</summary>
    public static DateTime FirstDayOf(string month) => DateTime.ParseExact(month, "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The key of the month a day is in: "2026-11".</summary>
    public static string KeyOf(DateTime day) => day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The first day of the month before the one a day is in (the last month whose figures are final).</summary>
    public static DateTime MonthBefore(DateTime day) => new DateTime(day.Year, day.Month, 1).AddMonths(-1);

    /// <summary>A month key as people write it: "2026-11" is "11/2026".</summary>
    public static string MonthText(string month) => VnText.MonthOf(FirstDayOf(month));

    /// <summary>The year the period reports on (its last month's): the targets' year.</summary>
    public int Year => End.AddDays(-1).Year;

    /// <summary>Month 1–12, quarter 1–4, the number of first months, or the length of a range in months.</summary>
    public int Number => Kind switch
    {
        PeriodKind.Month => Start.Month,
        PeriodKind.Quarter => (Start.Month - 1) / 3 + 1,
        PeriodKind.Year => 1,
        _ => MonthCount,
    };

    public int MonthCount => (End.Year - Start.Year) * 12 + End.Month - Start.Month;

    /// <summary>"yyyy-MM" of every month in the period.</summary>
    public IEnumerable<string> Months
    {
        get
        {
            for (var m = Start; m < End; m = m.AddMonths(1)) yield return KeyOf(m);
        }
    }

    public string FirstMonth => KeyOf(Start);
    public string LastMonth => KeyOf(End.AddMonths(-1));

    /// <summary>
    /// What the period is compared with: the month, quarter or range just before; for a year, or the first months of a
    /// year, the same months a year earlier.
    /// </summary>
    public Period Previous => Kind switch
    {
        PeriodKind.Year or PeriodKind.FirstMonths => SameLastYear,
        _ => new(Kind, Start.AddMonths(-MonthCount), Start),
    };

    /// <summary>The same months a year earlier ("cùng kỳ năm trước").</summary>
    public Period SameLastYear => new(Kind, Start.AddYears(-1), End.AddYears(-1));

    public static Period Of(PeriodKind kind, DateTime day) => kind switch
    {
        PeriodKind.Month => new(kind, day.Year, day.Month),
        PeriodKind.Quarter => new(kind, day.Year, (day.Month - 1) / 3 + 1),
        _ => new(PeriodKind.Year, day.Year, 1),
    };

    static readonly string[] Roman = ["I", "II", "III", "IV"];

    /// <summary>"II", or "II/2026" when the year is to be said (quarters from 1).</summary>
    static string QuarterNumeral(int year, int quarter, bool withYear) => Roman[quarter - 1] + (withYear ? $"/{year}" : "");

    /// <summary>"quý II, III" (or "quý IV/2025, I/2026" with the years): quarters from 0, as <see cref="ChiBo.Rules.Cadence.QuarterOf"/> gives them.</summary>
    public static string Quarters(IEnumerable<(int Year, int Q)> quarters, bool withYear) =>
        "quý " + string.Join(", ", quarters.Select(q => QuarterNumeral(q.Year, q.Q + 1, withYear)));

    public string Label => Kind switch
    {
        PeriodKind.Month => $"tháng {Number:00}/{Year}",
        PeriodKind.Quarter => $"quý {QuarterNumeral(Year, Number, withYear: true)}",
        PeriodKind.FirstMonths => $"{Number} tháng đầu năm {Year}",
        PeriodKind.Range => $"từ tháng {VnText.MonthOf(Start)} đến tháng {VnText.MonthOf(End.AddMonths(-1))}",
        _ => $"năm {Year}",
    };

    /// <summary>How the period is typed after /tonghop ("11/2026", "quý 4/2026", "6 tháng năm 2026", "năm 2026", "từ 06/2026 đến 11/2026").</summary>
    public string Arg => Kind switch
    {
        PeriodKind.Month => $"{Number}/{Year}",
        PeriodKind.Quarter => $"quý {Number}/{Year}",
        PeriodKind.FirstMonths => $"{Number} tháng năm {Year}",
        PeriodKind.Range => $"từ {VnText.MonthOf(Start)} đến {VnText.MonthOf(End.AddMonths(-1))}",
        _ => $"năm {Year}",
    };

    /// <summary>Short label for file names and sheet titles: 2026-11, 2026-Q4, 2026-6T, 2026, 2026-06_2026-11.</summary>
    public string Code => Kind switch
    {
        PeriodKind.Month => $"{Year}-{Number:00}",
        PeriodKind.Quarter => $"{Year}-Q{Number}",
        PeriodKind.FirstMonths => $"{Year}-{Number}T",
        PeriodKind.Range => $"{FirstMonth}_{LastMonth}",
        _ => $"{Year}",
    };

    /// <summary>What the user typed, read: the period, the text before it, and what was wrong (for the user) if it could not be read.</summary>
    public sealed record Parsed(Period? Period, string Before, string? Error = null);

    public const string Examples = "tháng 10, 10/2026, tháng trước, quý 3, 6 tháng, 9 tháng, năm 2026, từ 01/06/2026 đến 30/11/2026";

    /// <summary>
    /// Finds a period at the end of what the user typed ("tháng 10", "10/2026", "quý 3", "quý IV/2026", "6 tháng",
    /// "9 tháng đầu năm 2026", "năm 2026", "2026", "từ 01/06/2026 đến 30/11/2026", "từ 6/2026 đến 11/2026"); returns it
    /// and the text before it. A month, quarter or first months without a year are the latest not after today. A
    /// period that looks meant but cannot be (tháng 13, quý 5, a range ending before it starts) is an error, not a name.
    /// </summary>
    public static Parsed Parse(string text, DateTime today)
    {
        var folded = VnText.Fold(text);
        if (RangePattern().Match(folded) is { Success: true } r) return ParseRange(text, r, today);
        if (RelativePattern().Match(folded) is { Success: true } rel) return new(Relative(rel, today), text[..rel.Index].Trim());
        var m = Pattern().Match(folded);
        if (!m.Success) return BadPeriod(folded) is { } bad ? new(null, text, bad) : new(null, text);
        var rest = text[..m.Index].Trim();
        int? year = m.Groups["year"].Success ? int.Parse(m.Groups["year"].Value) : null;
        if (year is < 2000 or > 2100) return new(null, text, $"Năm {year} không hợp lệ.");
        if (m.Groups["quarter"].Success)
        {
            var q = m.Groups["quarter"].Value switch { "i" or "1" => 1, "ii" or "2" => 2, "iii" or "3" => 3, "iv" or "4" => 4, _ => 0 };
            var y = year ?? (q <= (today.Month - 1) / 3 + 1 ? today.Year : today.Year - 1);
            return new(new Period(PeriodKind.Quarter, y, q), rest);
        }
        if (m.Groups["first"].Success)
        {
            var n = int.Parse(m.Groups["first"].Value);
            return new(new Period(PeriodKind.FirstMonths, year ?? today.Year, n), rest);
        }
        if (m.Groups["month"].Success)
        {
            var mo = int.Parse(m.Groups["month"].Value);
            if (mo is < 1 or > 12) return new(null, text, $"Không có tháng {mo}: tháng từ 1 đến 12.");
            var y = year ?? (mo <= today.Month ? today.Year : today.Year - 1);
            return new(new Period(PeriodKind.Month, y, mo), rest);
        }
        return new(new Period(PeriodKind.Year, year!.Value, 1), rest);
    }

    /// <summary>"tháng này", "tháng trước", "quý trước", "năm nay", "năm ngoái": counted from today.</summary>
    static Period Relative(Match m, DateTime today)
    {
        var back = m.Groups["which"].Value != "nay" ? 1 : 0;
        switch (m.Groups["unit"].Value)
        {
            case "thang":
                var month = today.AddMonths(-back);
                return new Period(PeriodKind.Month, month.Year, month.Month);
            case "quy":
                var quarter = (today.Month - 1) / 3 - back; // 0-based, −1: the last of the year before
                return quarter < 0 ? new Period(PeriodKind.Quarter, today.Year - 1, 4) : new Period(PeriodKind.Quarter, today.Year, quarter + 1);
            default:
                return new Period(PeriodKind.Year, today.Year - back, 1);
        }
    }

    /// <summary>"tháng 13", "quý 5": typed as a period but not one.</summary>
    static string? BadPeriod(string folded)
    {
        if (BadMonth().Match(folded) is { Success: true } m) return $"Không có tháng {m.Groups[1].Value}: tháng từ 1 đến 12.";
        if (BadQuarter().Match(folded) is { Success: true } q) return $"Không có quý {q.Groups[1].Value}: quý từ 1 đến 4 (hoặc I đến IV).";
        if (BadYear().Match(folded) is { Success: true } y) return $"Năm {y.Groups[1].Value} không hợp lệ.";
        return null;
    }

    static Parsed ParseRange(string text, Match r, DateTime today)
    {
        static DateTime? Day(Group g, bool end)
        {
            var parts = g.Value.Split('/', '-', '.');
            try
            {
                return parts.Length == 3
                    ? new DateTime(int.Parse(parts[2]), int.Parse(parts[1]), int.Parse(parts[0]))
                    : new DateTime(int.Parse(parts[1]), int.Parse(parts[0]), 1).AddMonths(end ? 1 : 0).AddDays(end ? -1 : 0);
            }
            catch (ArgumentOutOfRangeException) { return null; }
        }
        var from = Day(r.Groups["from"], end: false);
        var to = Day(r.Groups["to"], end: true);
        if (from is null || to is null) return new(null, text, $"Ngày \"{(from is null ? r.Groups["from"].Value : r.Groups["to"].Value)}\" không có thật.");
        if (to < from) return new(null, text, "Ngày kết thúc ở trước ngày bắt đầu.");
        if (from.Value.Year < 2000 || to.Value.Year > 2100) return new(null, text, "Năm không hợp lệ.");
        return new(Between(from.Value, to.Value), text[..r.Index].Trim());
    }

    /// <summary>Whether the range's ends fall on month boundaries; if not, the summary says it counts whole months.</summary>
    public static bool CutsMonths(string text)
    {
        var r = RangePattern().Match(VnText.Fold(text));
        if (!r.Success) return false;
        var from = r.Groups["from"].Value.Split('/', '-', '.');
        var to = r.Groups["to"].Value.Split('/', '-', '.');
        if (from.Length == 3 && from[0].TrimStart('0') != "1") return true;
        if (to.Length == 3 && int.TryParse(to[0], out var d) && int.TryParse(to[1], out var mo) && int.TryParse(to[2], out var y)
            && mo is >= 1 and <= 12 && d != DateTime.DaysInMonth(y, mo)) return true;
        return false;
    }

    [GeneratedRegex(@"(?:^|\s)tu\s+(?:ngay\s+|thang\s+)?(?<from>\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{1,2}[/.-]\d{4})\s+(?:den|toi)\s+(?:ngay\s+|thang\s+)?(?<to>\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{1,2}[/.-]\d{4})\s*$")]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"(?:^|\s)(?:(?<unit>thang|quy)\s+(?<which>nay|truoc)|(?<unit>nam)\s+(?<which>nay|truoc|ngoai))\s*$")]
    private static partial Regex RelativePattern();

    [GeneratedRegex(@"(?:^|\s)(?:(?<first>6|9)\s*thang(?:\s+dau)?(?:\s+(?:nam\s*)?(?<year>\d{4}))?|(?:thang\s*)?(?<month>\d{1,2})\s*[/-]\s*(?<year>\d{4})|thang\s*(?<month>\d{1,2})(?:\s+nam\s+(?<year>\d{4}))?|quy\s*(?<quarter>iv|iii|ii|i|[1-4])(?:\s*[/-]\s*(?<year>\d{4})|\s+nam\s+(?<year>\d{4}))?|(?:nam\s*)?(?<year>\d{4}))\s*$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"(?:^|\s)thang\s*(\d+)(?:\s*[/-]\s*\d{4}|\s+nam\s+\d{4})?\s*$")]
    private static partial Regex BadMonth();

    [GeneratedRegex(@"(?:^|\s)quy\s*(\d+|[ivx]+)(?:\s*[/-]\s*\d{4}|\s+nam\s+\d{4})?\s*$")]
    private static partial Regex BadQuarter();

    // Three digits, or five and more: one or two may end a place's name ("xóm Nam 2").
    [GeneratedRegex(@"(?:^|\s)nam\s*(\d{3}|\d{5,})\s*$")]
    private static partial Regex BadYear();
}
