using System.Text.RegularExpressions;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Summaries;

public enum PeriodKind { Month, Quarter, Year }

/// <summary>A reporting period: a month, a quarter or a year (Vietnam calendar).</summary>
public sealed partial record Period(PeriodKind Kind, int Year, int Number)
{
    public DateTime Start => Kind switch
    {
        PeriodKind.Month => new DateTime(Year, Number, 1),
        PeriodKind.Quarter => new DateTime(Year, (Number - 1) * 3 + 1, 1),
        _ => new DateTime(Year, 1, 1),
    };

    /// <summary>The first day after the period.</summary>
    public DateTime End => Kind switch
    {
        PeriodKind.Month => Start.AddMonths(1),
        PeriodKind.Quarter => Start.AddMonths(3),
        _ => Start.AddYears(1),
    };

    /// <summary>"yyyy-MM" of every month in the period.</summary>
    public IEnumerable<string> Months
    {
        get
        {
            for (var m = Start; m < End; m = m.AddMonths(1)) yield return m.ToString("yyyy-MM");
        }
    }

    public string FirstMonth => Start.ToString("yyyy-MM");
    public string LastMonth => End.AddMonths(-1).ToString("yyyy-MM");

    public Period Previous => Kind switch
    {
        PeriodKind.Month => Of(PeriodKind.Month, Start.AddMonths(-1)),
        PeriodKind.Quarter => Of(PeriodKind.Quarter, Start.AddMonths(-3)),
        _ => new Period(PeriodKind.Year, Year - 1, 1),
    };

    public static Period Of(PeriodKind kind, DateTime day) => kind switch
    {
        PeriodKind.Month => new(kind, day.Year, day.Month),
        PeriodKind.Quarter => new(kind, day.Year, (day.Month - 1) / 3 + 1),
        _ => new(kind, day.Year, 1),
    };

    static readonly string[] Roman = ["I", "II", "III", "IV"];

    public string Label => Kind switch
    {
        PeriodKind.Month => $"tháng {Number}/{Year}",
        PeriodKind.Quarter => $"quý {Roman[Number - 1]}/{Year}",
        _ => $"năm {Year}",
    };

    /// <summary>How the period is typed after /tonghop ("11/2026", "quý 4/2026", "năm 2026").</summary>
    public string Arg => Kind switch
    {
        PeriodKind.Month => $"{Number}/{Year}",
        PeriodKind.Quarter => $"quý {Number}/{Year}",
        _ => $"năm {Year}",
    };

    /// <summary>Short label for file names and sheet titles: 2026-11, 2026-Q4, 2026.</summary>
    public string Code => Kind switch
    {
        PeriodKind.Month => $"{Year}-{Number:00}",
        PeriodKind.Quarter => $"{Year}-Q{Number}",
        _ => $"{Year}",
    };

    /// <summary>
    /// Finds a period at the end of what the user typed ("tháng 10", "10/2026", "quý 3", "quý IV/2026", "năm 2026",
    /// "2026"); returns it and the text before it. A month or quarter without a year is the latest one not after today.
    /// </summary>
    public static (Period? Period, string Before) Parse(string text, DateTime today)
    {
        var folded = VnText.Fold(text);
        var m = Pattern().Match(folded);
        if (!m.Success) return (null, text);
        var rest = text[..m.Index].Trim();
        int? year = m.Groups["year"].Success ? int.Parse(m.Groups["year"].Value) : null;
        if (year is < 2000 or > 2100) return (null, text);
        if (m.Groups["quarter"].Success)
        {
            var q = m.Groups["quarter"].Value switch { "i" or "1" => 1, "ii" or "2" => 2, "iii" or "3" => 3, "iv" or "4" => 4, _ => 0 };
            if (q == 0) return (null, text);
            var y = year ?? (q <= (today.Month - 1) / 3 + 1 ? today.Year : today.Year - 1);
            return (new Period(PeriodKind.Quarter, y, q), rest);
        }
        if (m.Groups["month"].Success)
        {
            var mo = int.Parse(m.Groups["month"].Value);
            if (mo is < 1 or > 12) return (null, text);
            var y = year ?? (mo <= today.Month ? today.Year : today.Year - 1);
            return (new Period(PeriodKind.Month, y, mo), rest);
        }
        return (new Period(PeriodKind.Year, year!.Value, 1), rest);
    }

    [GeneratedRegex(@"(?:^|\s)(?:(?:thang\s*)?(?<month>\d{1,2})\s*[/-]\s*(?<year>\d{4})|thang\s*(?<month>\d{1,2})(?:\s+nam\s+(?<year>\d{4}))?|quy\s*(?<quarter>iv|iii|ii|i|[1-4])(?:\s*[/-]\s*(?<year>\d{4})|\s+nam\s+(?<year>\d{4}))?|(?:nam\s*)?(?<year>\d{4}))\s*$")]
    private static partial Regex Pattern();
}
