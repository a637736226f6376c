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
    /// A resolution passes with more than half of the members counted. Today the count is those present; with the
    /// member register it becomes QĐ 24's counted full members.
    /// </summary>
    public static bool Passes(int votesFor, int counted) => votesFor * 2 > counted;
}
