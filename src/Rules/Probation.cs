namespace ChiBo.Rules;

/// <summary>
/// Probation (Điều lệ Đảng Điều 4, 5; QĐ 24-QĐ/TW 4.2): when it ends, by when the cell must consider it, and whether
/// the cell's vote carries. The numbers come from the probation template; the arithmetic is here.
/// </summary>
public static class ProbationRules
{
    /// <summary>The day the probation ends: the admission (the ceremony's day) plus the months; the member is full from it (QĐ 24 4.2.2).</summary>
    public static DateTime EndOf(DateTime admitted, int months) => admitted.Date.AddMonths(months);

    /// <summary>The cell's vote carries with at least numerator/denominator of its full members for (⅔: 4 of 6 does, 3 of 5 does not).</summary>
    public static bool VoteCarries(int votesFor, int fullMembers, int numerator, int denominator) =>
        fullMembers > 0 && votesFor <= fullMembers && (long)votesFor * denominator >= (long)fullMembers * numerator;
}

/// <summary>Deadlines counted in working days: Monday to Friday, not a public holiday (<see cref="Holidays"/>).</summary>
public static class WorkingDays
{
    /// <summary>The day <paramref name="workingDays"/> working days after <paramref name="day"/>.</summary>
    public static DateTime Add(DateTime day, int workingDays)
    {
        var d = day.Date;
        for (var left = workingDays; left > 0;)
        {
            d = d.AddDays(1);
            if (IsWorkingDay(d)) left--;
        }
        return d;
    }

    /// <summary>The working day <paramref name="workingDays"/> working days before <paramref name="day"/> (0: the day itself).</summary>
    public static DateTime Before(DateTime day, int workingDays)
    {
        var d = day.Date;
        for (var left = workingDays; left > 0;)
        {
            d = d.AddDays(-1);
            if (IsWorkingDay(d)) left--;
        }
        return d;
    }

    public static bool IsWorkingDay(DateTime d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Holidays.IsHoliday(d);
}
