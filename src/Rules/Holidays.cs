using System.Collections.Concurrent;
using System.Globalization;

namespace ChiBo.Rules;

/// <summary>
/// Vietnam's public holidays, as working-day deadlines count them (Bộ luật Lao động 2019, Điều 112; Điều 111 khoản 3):
/// 1/1; Tết Âm lịch, 5 days (the last day of the lunar year and the first four of the new one); Giỗ Tổ Hùng Vương
/// (10/3 âm lịch); 30/4; 1/5; Quốc khánh 2/9 and the day before. A holiday on a Saturday or Sunday is made up on the next
/// working day. Each year the Prime Minister fixes the exact Tết days and the second Quốc khánh day, and may swap
/// working days; those announcements are not known here, so a deadline near them may differ by a day or two from the
/// official calendar — never by the whole Tết week, as counting Monday to Friday alone did. Lunar dates come from .NET's
/// Chinese lunisolar calendar, which agrees with the Vietnamese one on Tết for the years this bot will count.
/// </summary>
public static class Holidays
{
    static readonly ChineseLunisolarCalendar Lunar = new();
    static readonly ConcurrentDictionary<int, HashSet<DateTime>> ByYear = new();

    public static bool IsHoliday(DateTime day) => Of(day.Year).Contains(day.Date);

    /// <summary>The days off of a Gregorian year, made-up days included.</summary>
    public static IReadOnlySet<DateTime> Of(int year) => ByYear.GetOrAdd(year, Compute);

    static HashSet<DateTime> Compute(int year)
    {
        var days = new SortedSet<DateTime>();
        // The holidays of this year and of the lunar new year that may begin in it; a Tết of the year before may spill
        // into January, and a made-up day into the next year (kept only when in this year).
        foreach (var y in new[] { year - 1, year, year + 1 })
            foreach (var d in Named(y)) days.Add(d);
        var all = new SortedSet<DateTime>(days);
        foreach (var d in days.Where(d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday))
        {
            var made = d.AddDays(1);
            while (made.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || all.Contains(made)) made = made.AddDays(1);
            all.Add(made);
        }
        return [.. all.Where(d => d.Year == year)];
    }

    /// <summary>The holidays named by the law for a Gregorian year (Tết: the lunar year beginning in it).</summary>
    static IEnumerable<DateTime> Named(int year)
    {
        if (year < 1902 || year > 2099) yield break; // the lunisolar calendar's range
        yield return new DateTime(year, 1, 1);
        var tet = LunarDay(year, 1, 1);
        for (var i = -1; i <= 3; i++) yield return tet.AddDays(i);
        yield return LunarDay(year, 3, 10);
        yield return new DateTime(year, 4, 30);
        yield return new DateTime(year, 5, 1);
        yield return new DateTime(year, 9, 1);
        yield return new DateTime(year, 9, 2);
    }

    /// <summary>The Gregorian day of a lunar month and day in the lunar year that begins in <paramref name="year"/>.</summary>
    static DateTime LunarDay(int year, int month, int day)
    {
        // A leap month takes the next index: the third month is index 4 when the leap month comes after the first or second.
        var leap = Lunar.GetLeapMonth(year);
        var index = month + (leap != 0 && leap <= month ? 1 : 0);
        return Lunar.ToDateTime(year, index, day, 0, 0, 0, 0);
    }
}
