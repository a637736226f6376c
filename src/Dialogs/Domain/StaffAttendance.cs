namespace ChiBo.Dialogs.Domain;

/// <summary>A staff member of the level above assigned to attend a cell's regular meetings and report back.</summary>
public sealed class AttendanceAssignment
{
    /// <summary>"staffId|cellId": one assignment per staff member and cell.</summary>
    public string Id { get; set; } = "";
    public string StaffId { get; set; } = "";
    public string CellId { get; set; } = "";
    public string AssignedBy { get; set; } = "";
    public DateTime AssignedAtUtc { get; set; }
    /// <summary>The report is due this many days after the meeting (the seed rule is 3).</summary>
    public int ReportDueDays { get; set; } = StaffAttendance.DefaultReportDueDays;
    /// <summary>Set when the assignment ends; reports already filed stay.</summary>
    public DateTime? EndedAtUtc { get; set; }
    /// <summary>Earlier spans of the same assignment, ended then taken up again: the meetings in them stay covered (their reports still due).</summary>
    public List<AssignmentSpan>? Earlier { get; set; }

    public bool Active => EndedAtUtc is null;
    public static string KeyOf(string staffId, string cellId) => $"{staffId}|{cellId}";
}

/// <summary>A span an assignment was in force, from its start to its end (UTC).</summary>
public sealed class AssignmentSpan
{
    /// <summary>Spans kept at most (a staff member stopping and taking up a cell again and again).</summary>
    public const int MaxKept = 24;

    public DateTime FromUtc { get; set; }
    public DateTime ToUtc { get; set; }
}

/// <summary>An assigned staff member's report on one month's regular meeting of a cell.</summary>
public sealed class AttendanceReport
{
    /// <summary>"cellId|yyyy-MM|staffId".</summary>
    public string Id { get; set; } = "";
    public string CellId { get; set; } = "";
    public string Month { get; set; } = "";
    public string StaffId { get; set; } = "";
    public DateTime MeetingDate { get; set; }
    public bool Attended { get; set; }
    /// <summary>The staff member reports that the cell did not meet that month (none recorded): the note says why.</summary>
    public bool NotHeld { get; set; }
    public string Note { get; set; } = "";
    public DateTime FiledAtUtc { get; set; }

    public static string KeyOf(string cellId, string month, string staffId) => $"{cellId}|{month}|{staffId}";
}

/// <summary>The rules of staff attendance, shared by the /baocao flow and the reminders.</summary>
public static class StaffAttendance
{
    /// <summary>Days after the meeting by which the staff member's report is due, unless the assignment says otherwise.</summary>
    public const int DefaultReportDueDays = 3;

    /// <summary>The staff members assigned to attend the cell's meetings now (assignments not ended).</summary>
    public static IEnumerable<string> AssignedTo(Storage.ChiBoStore store, string cellId) =>
        store.Assignments.Find(a => a.CellId == cellId && a.EndedAtUtc == null).Select(a => a.StaffId);

    /// <summary>The month's regular meeting as recorded, else as scheduled.</summary>
    public static DateTime MeetingOf(Cell cell, int year, int month, IEnumerable<Meeting> recorded)
    {
        var key = $"{year:0000}-{month:00}";
        var held = recorded.Where(m => m.CellId == cell.Id && m.Month == key && MeetingKinds.IsRegular(m.Kind)).OrderBy(m => m.Date).FirstOrDefault();
        return MeetingOf(cell, year, month, held?.Date);
    }

    /// <summary>The same, given the date of the month's first recorded regular meeting, if any.</summary>
    public static DateTime MeetingOf(Cell cell, int year, int month, DateTime? recordedDate) => recordedDate ?? cell.MeetingIn(year, month);

    /// <summary>
    /// Whether a report filed for a month still stands: a "the cell did not meet" report stops standing once the cell
    /// records that month's regular meeting (held later in the month, it is reported on anew, its score confirmed).
    /// </summary>
    public static bool Stands(AttendanceReport? report, bool monthRecorded) => report is not null && !(report.NotHeld && monthRecorded);

    /// <summary>When the report on a meeting is due: the end of the assignment's ReportDueDays-th day after it.</summary>
    public static DateTime DueDate(DateTime meeting, AttendanceAssignment a) => ChiBo.Rules.Cadence.ReportDue(meeting, a.ReportDueDays);

    /// <summary>The assignment was in force on the meeting's day, and the cell existed then.</summary>
    public static bool Covers(AttendanceAssignment a, Cell cell, DateTime meeting) =>
        ChiBo.Rules.Cadence.AssignmentCovers(VnClock.Local(a.AssignedAtUtc), a.EndedAtUtc is { } e ? VnClock.Local(e) : null, VnClock.Local(cell.CreatedAtUtc), meeting)
        || (a.Earlier ?? []).Any(s => ChiBo.Rules.Cadence.AssignmentCovers(VnClock.Local(s.FromUtc), VnClock.Local(s.ToUtc), VnClock.Local(cell.CreatedAtUtc), meeting));

    /// <summary>Months whose meeting a report may still be filed for: last month's and this month's.</summary>
    public static (int Year, int Month)[] ReportableMonths(DateTime today)
    {
        var last = today.AddMonths(-1);
        return [(last.Year, last.Month), (today.Year, today.Month)];
    }
}
