namespace ChiBo.Rules;

/// <summary>
/// The meeting rules of 12-HD/BTCTW (2018) and 42-HD/BTCTW (2025), one place each: flows, commands, reminders,
/// summaries and documents ask here. Thresholds come from the procedure template; the rule itself does not.
/// </summary>
public static class MeetingRules
{
    /// <summary>Share of those summoned who attended (0 when no one was summoned).</summary>
    public static double AttendanceRate(int present, int summoned) => summoned <= 0 ? 0 : (double)present / summoned;

    /// <summary>Attendance meets the guideline when it is above the threshold ("trên 85%": 85% itself does not).</summary>
    public static bool AttendanceMet(int present, int summoned, int thresholdPercent) =>
        summoned > 0 && present * 100L > (long)thresholdPercent * summoned;

    /// <summary>The same for a rate (an average over meetings).</summary>
    public static bool AttendanceMet(double rate, int thresholdPercent) => rate * 100 > thresholdPercent;

    /// <summary>At least the kind's minimum (42-HD: 90 minutes, 120 with a thematic part).</summary>
    public static bool LongEnough(int minutes, int minimum) => minutes >= minimum;

    /// <summary>A recorded duration under the minimum; an unrecorded one (0) is not judged.</summary>
    public static bool TooShort(int minutes, int minimum) => minutes > 0 && !LongEnough(minutes, minimum);

    /// <summary>
    /// A resolution passes with more than half of the members counted (QĐ 24-QĐ/TW mục 9.3: <see cref="Tally.Counted"/>;
    /// meetings recorded as counts only, before the register, count those present).
    /// </summary>
    public static bool Passes(int votesFor, int counted) => counted > 0 && votesFor * 2 > counted;

    /// <summary>Fewer than half of the counted full members came: the meeting's decisions are weak (warned, not refused).</summary>
    public static bool FewPresent(Tally t) => t.Voters * 2 < t.Counted;

    /// <summary>Meetings in a row, ending with the last one given, at which the member was absent with a reason (12-HD).</summary>
    public static int ExcusedInARow(IEnumerable<Presence> inOrder)
    {
        var run = 0;
        foreach (var p in inOrder) run = p == Presence.Excused ? run + 1 : 0;
        return run;
    }

    /// <summary>
    /// Months of a year in which the member did not attend any meeting and was absent without a reason at one
    /// (Điều lệ Đảng, Điều 8: "bỏ sinh hoạt đảng … ba tháng trong năm mà không có lý do chính đáng").
    /// </summary>
    public static int MonthsWithoutAttending(IEnumerable<(int Month, Presence Presence)> meetings) =>
        meetings.GroupBy(m => m.Month)
            .Count(g => g.Any(m => m.Presence == Presence.Unexcused) && g.All(m => m.Presence != Presence.Present));

    /// <summary>How many members may be rated "Hoàn thành xuất sắc nhiệm vụ": the cap percent of those rated at the capped levels, rounded down.</summary>
    public static int ExcellentAllowed(int ratedAtCappedLevels, int capPercent) => ratedAtCappedLevels * capPercent / 100;
}
