namespace ChiBo.Rules;

/// <summary>Where a cell stands for one month's regular meeting, or one quarter's thematic meeting.</summary>
public enum Standing
{
    /// <summary>The period has not begun, or the cell did not exist yet when it came due: no data, not "held".</summary>
    Untracked,
    /// <summary>The meeting day (for a quarter: its end) has not come and nothing is recorded yet.</summary>
    NotYetDue,
    Held,
    /// <summary>The meeting day (the quarter's end) has passed and no such meeting is recorded.</summary>
    Late,
}

/// <summary>
/// How often a cell must meet and report, one definition each, used by text, every sheet, chart and target:
/// a regular meeting every month (Điều lệ Đảng, Điều 24), a thematic meeting every quarter (12-HD/BTCTW), and the
/// assigned upper-level member's report after the meeting.
/// </summary>
public static class Cadence
{
    /// <summary>The standing of one month: held when recorded; else late once its day has passed, if the cell existed on that day.</summary>
    public static Standing Regular(DateTime monthStart, DateTime meetingDay, bool held, DateTime cellCreated, DateTime now)
    {
        if (monthStart > now) return Standing.Untracked;
        if (held) return Standing.Held;
        if (meetingDay.Date < cellCreated.Date) return Standing.Untracked;
        return meetingDay < now ? Standing.Late : Standing.NotYetDue;
    }

    /// <summary>0 for January–March … 3 for October–December.</summary>
    public static int QuarterOf(int month) => (month - 1) / 3;

    /// <summary>The first day of a quarter (0 for January–March).</summary>
    public static DateTime QuarterStart(int year, int quarter) => new(year, quarter * 3 + 1, 1);

    /// <summary>A quarter counts for the thematic rule once it has begun, if the cell existed by the first day of its last month.</summary>
    public static bool QuarterCounts(int year, int quarter, DateTime cellCreated, DateTime now) =>
        QuarterStart(year, quarter) <= now && QuarterStart(year, quarter).AddMonths(2) >= new DateTime(cellCreated.Year, cellCreated.Month, 1);

    /// <summary>
    /// A quarter's thematic meeting (12-HD/BTCTW: at least one a quarter): held when recorded; missed (late) only once the
    /// quarter has ended; until then not yet due. A quarter that ended without one recorded, which the bot tracked only from
    /// its second or third month (the cell added then), is untracked: a meeting of its first months is not the bot's to know.
    /// </summary>
    public static Standing Thematic(int year, int quarter, bool held, DateTime cellCreated, DateTime now)
    {
        if (!QuarterCounts(year, quarter, cellCreated, now)) return Standing.Untracked;
        if (held) return Standing.Held;
        if (QuarterStart(year, quarter).AddMonths(3) > now) return Standing.NotYetDue;
        return PartlyTracked(year, quarter, cellCreated) ? Standing.Untracked : Standing.Late;
    }

    /// <summary>The bot began tracking the cell after the quarter's first month began (months count from the one it was added in).</summary>
    public static bool PartlyTracked(int year, int quarter, DateTime cellCreated) =>
        QuarterStart(year, quarter) < new DateTime(cellCreated.Year, cellCreated.Month, 1);

    /// <summary>The staff member's report on a meeting is due by the end of the dueDays-th day after it.</summary>
    public static DateTime ReportDue(DateTime meeting, int dueDays) => meeting.Date.AddDays(Math.Max(0, dueDays));

    /// <summary>An assignment covers a meeting held while it was in force and the cell existed (dates in Vietnam time).</summary>
    public static bool AssignmentCovers(DateTime assignedOn, DateTime? endedOn, DateTime cellCreatedOn, DateTime meeting) =>
        assignedOn.Date <= meeting.Date && cellCreatedOn.Date <= meeting.Date && (endedOn is null || endedOn.Value.Date > meeting.Date);
}
