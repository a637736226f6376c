using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Domain;

// A cell's meeting calendar beyond its fields: the schedule's day of each month, a month's meeting moved, meetings called
// besides the regular ones (Cell.MeetingIn, Cell.NextGathering read them).

/// <summary>The schedule's day of a month: a day number (the last day in shorter months), or a weekday's first to fourth or last.</summary>
public static class ScheduleDays
{
    public const int Last = 5;
    static readonly string[] Which = ["", "đầu tiên", "thứ hai", "thứ ba", "thứ tư", "cuối cùng"];

    /// <summary>A weekday and which of the month that exist (anything else, as from a damaged record, reads as the day number).</summary>
    static bool ByWeekday(int? weekday, int? week) => weekday is >= 0 and <= 6 && week is >= 1 and <= Last;

    public static DateTime DayIn(int year, int month, int day, int? weekday, int? week)
    {
        if (!ByWeekday(weekday, week) || weekday is not { } wd || week is not { } n)
            return new DateTime(year, month, Math.Clamp(day, 1, DateTime.DaysInMonth(year, month)));
        if (n >= Last)
        {
            var last = new DateTime(year, month, DateTime.DaysInMonth(year, month));
            return last.AddDays(-(((int)last.DayOfWeek - wd + 7) % 7));
        }
        var first = new DateTime(year, month, 1);
        return first.AddDays((wd - (int)first.DayOfWeek + 7) % 7 + 7 * (n - 1));
    }

    /// <summary>"ngày 3 hằng tháng", "Thứ Bảy đầu tiên của tháng", "Chủ nhật cuối cùng của tháng".</summary>
    public static string Text(int day, int? weekday, int? week) =>
        ByWeekday(weekday, week) ? $"{WeekdayName(weekday!.Value)} {Which[week!.Value]} của tháng" : $"ngày {day} hằng tháng";

    /// <summary>A time "HH:mm" as stored (19:30 if damaged).</summary>
    public static TimeSpan TimeOf(string hhmm) =>
        TimeSpan.TryParseExact(hhmm, @"hh\:mm", System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : new TimeSpan(19, 30, 0);

    /// <summary>As the organisation file's column writes it: "3", "thứ 7 đầu tiên", "chủ nhật cuối cùng".</summary>
    public static string Cell(int day, int? weekday, int? week) =>
        ByWeekday(weekday, week) ? $"{(weekday == 0 ? "chủ nhật" : $"thứ {weekday + 1}")} {Which[week!.Value]}" : day.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A weekday and which of the month, folded ("thu 7 dau tien", "thu bay tuan cuoi", "chu nhat thu 2 cua thang"); the
    /// weekday alone is group "wd" without "nth".
    /// </summary>
    public const string Pattern = @"(?<wd>thu\s*(?:[2-7]|hai|ba|tu|nam|sau|bay)|chu\s*nhat|cn)\b(?:\s*(?:cua\s*)?(?:tuan\s*)?(?<nth>dau\s*tien|dau|thu\s*nhat|cuoi\s*cung|cuoi|(?:thu\s*)?(?:[1-4]|hai|ba|tu))\b(?:\s*(?:cua|hang|trong|moi)\s*thang)?)?";

    /// <summary>The weekday of a match of <see cref="Pattern"/>: 0 Sunday … 6 Saturday.</summary>
    public static int WeekdayOf(System.Text.RegularExpressions.Match m) =>
        System.Text.RegularExpressions.Regex.Replace(m.Groups["wd"].Value, @"\s+", " ") switch
        {
            "chu nhat" or "chunhat" or "cn" => 0,
            var w => w.Replace("thu", "").Trim() switch { "2" or "hai" => 1, "3" or "ba" => 2, "4" or "tu" => 3, "5" or "nam" => 4, "6" or "sau" => 5, _ => 6 },
        };

    /// <summary>"Thứ Bảy", "Chủ nhật": as notices write the day.</summary>
    public static string WeekdayName(int weekday) => VnText.Weekday((DayOfWeek)weekday);

    /// <summary>The weekday (0 Sunday … 6 Saturday) and which (1–4, 5 last) of a match of <see cref="Pattern"/>; null for the weekday alone.</summary>
    public static (int Weekday, int Week)? Of(System.Text.RegularExpressions.Match m)
    {
        var wd = WeekdayOf(m);
        if (!m.Groups["nth"].Success) return null;
        var nth = System.Text.RegularExpressions.Regex.Replace(m.Groups["nth"].Value, @"\s+", " ").Replace("thu ", "").Replace("thu", "").Trim();
        var week = nth switch
        {
            "dau tien" or "dautien" or "dau" or "nhat" or "1" => 1,
            "hai" or "2" => 2,
            "ba" or "3" => 3,
            "tu" or "4" => 4,
            _ => Last,
        };
        return (wd, week);
    }
}

/// <summary>
/// A meeting the cell calls besides the regular one (/lichhop chuyên đề 18/12/2026, 19:30 …; /lichhop bất thường …): the
/// group is told and answers as for a regular meeting; a cancellation is kept so that it can be told too.
/// </summary>
public sealed class CalledMeeting
{
    /// <summary>"yyyy-MM-dd".</summary>
    public string Date { get; set; } = "";
    /// <summary>"HH:mm".</summary>
    public string Time { get; set; } = "";
    /// <summary>THEMATIC or EXTRAORDINARY.</summary>
    public MeetingKind Kind { get; set; }
    /// <summary>The topic (thematic) or what the meeting is called for (extraordinary).</summary>
    public string Topic { get; set; } = "";
    public string ById { get; set; } = "";
    /// <summary>When it was called (or last changed): the notice's key.</summary>
    public DateTime AtUtc { get; set; }
    public DateTime? CancelledAtUtc { get; set; }

    public DateTime When() => DateTime.ParseExact(Date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).Add(ScheduleDays.TimeOf(Time));

    /// <summary>"sinh hoạt chuyên đề \"Học tập …\"", "sinh hoạt bất thường (xem xét kỷ luật …)".</summary>
    public string Title() => Kind == MeetingKind.THEMATIC ? $"sinh hoạt chuyên đề \"{Topic}\"" : $"sinh hoạt bất thường ({Topic})";
}

/// <summary>
/// One month's regular meeting held on another day of that month (a holiday, the harvest, a funeral): reminders, answers,
/// overdue checks and reports follow it. Kept on the cell; the schedule itself stays.
/// </summary>
public sealed class MovedMeeting
{
    /// <summary>"yyyy-MM".</summary>
    public string Month { get; set; } = "";
    public int Day { get; set; }
    /// <summary>"HH:mm".</summary>
    public string Time { get; set; } = "";
    /// <summary>The meeting as members were told before this move ("yyyy-MM-dd HH:mm"): the notice says what changed.</summary>
    public string Before { get; set; } = "";
    /// <summary>
    /// Where earlier moves of the month had put it, oldest first (the first is the schedule's day): members may not have
    /// heard of <see cref="Before"/> when it was moved again at once, and the notice names the day they did hear of.
    /// </summary>
    public List<string> Earlier { get; set; } = [];
    /// <summary>Why, as the secretary wrote it (may be empty).</summary>
    public string Why { get; set; } = "";
    /// <summary>
    /// Made by a change of the regular schedule, for a month whose meeting was still to come on the old one: on the new
    /// schedule's day (members told of the old day hear of it), or kept on the old day when the new one had passed.
    /// </summary>
    public bool Rescheduled { get; set; }
    public string ById { get; set; } = "";
    /// <summary>When it was moved: a new move is a new notice.</summary>
    public DateTime AtUtc { get; set; }

    /// <summary>When the meeting now is (methods, not properties: the store maps properties).</summary>
    public DateTime When() => DateTime.ParseExact(Month, "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture).AddDays(Day - 1).Add(ScheduleDays.TimeOf(Time));

    /// <summary>The days the meeting was on before this move, oldest first, the last being <see cref="Before"/>.</summary>
    public List<DateTime> DaysBefore() => [.. Stamps().Select(At).OfType<DateTime>()];

    /// <summary>What a later move of the month keeps as its <see cref="Earlier"/>: these days, the latest few.</summary>
    public List<string> EarlierOfNext() => [.. Stamps().TakeLast(EarlierKept)];

    IEnumerable<string> Stamps() => (Earlier ?? []).Append(Before);

    /// <summary>Earlier moves remembered: enough for a secretary's corrections in a row.</summary>
    public const int EarlierKept = 5;

    static DateTime? At(string stamp) => DateTime.TryParseExact(stamp, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.None, out var d) ? d : null;

    public static string MonthKey(int year, int month) => $"{year:0000}-{month:00}";

    public static string Stamp(DateTime at) => at.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
