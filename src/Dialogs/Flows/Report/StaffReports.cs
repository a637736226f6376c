using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Flows.Report;

/// <summary>What a staff member assigned to attend cells' meetings still has to report.</summary>
public static class StaffReports
{
    public sealed record Due(Cell Cell, DateTime Meeting, DateTime DueDate)
    {
        public string Month => Summaries.Period.KeyOf(Meeting);
    }

    /// <summary>Meetings of the staff member's cells, last month's and this month's, held by today and not reported.</summary>
    public static List<Due> Pending(ChiBoStore store, string staffId, DateTime today)
    {
        var due = new List<Due>();
        foreach (var a in store.Assignments.Find(a => a.StaffId == staffId)) // ended ones too: meetings before the end stay due
        {
            if (store.Cells.FindById(a.CellId) is not { } cell) continue;
            var meetings = store.Meetings.Find(m => m.CellId == cell.Id).ToList();
            foreach (var (year, month) in StaffAttendance.ReportableMonths(today))
            {
                var meeting = StaffAttendance.MeetingOf(cell, year, month, meetings);
                if (meeting.Date > today || !StaffAttendance.Covers(a, cell, meeting)) continue;
                var key = Summaries.Period.KeyOf(meeting);
                if (StaffAttendance.Stands(store.AttendanceReports.FindById(AttendanceReport.KeyOf(cell.Id, key, staffId)),
                        meetings.Any(m => m.Month == key && MeetingKinds.IsRegular(m.Kind)))) continue;
                due.Add(new Due(cell, meeting.Date, StaffAttendance.DueDate(meeting, a)));
            }
        }
        return due.OrderBy(d => d.Meeting).ToList();
    }

    /// <summary>A score the cell approved at its meeting, waiting for the assigned staff member's confirmation.</summary>
    public sealed record ScoreDue(Cell Cell, Domain.Meeting Meeting, Domain.Evaluation Evaluation);

    /// <summary>
    /// Approved, unconfirmed scores of the meetings of the cells the staff member is assigned to — not of a meeting they
    /// reported not attending (the one who attended confirms; a "not held" report of a month since met does not count).
    /// </summary>
    public static List<ScoreDue> ScoresToConfirm(ChiBoStore store, string staffId)
    {
        var due = new List<ScoreDue>();
        foreach (var a in store.Assignments.Find(a => a.StaffId == staffId))
        {
            if (store.Cells.FindById(a.CellId) is not { } cell) continue;
            foreach (var e in store.Evaluations.Find(e => e.CellId == cell.Id).Where(e => e.Approved && e.Confirmation is null))
                if (store.Meetings.FindById(e.MeetingId) is { } m && StaffAttendance.Covers(a, cell, m.Date)
                    && store.AttendanceReports.FindById(AttendanceReport.KeyOf(cell.Id, m.Month, staffId)) is not { Attended: false, NotHeld: false })
                    due.Add(new ScoreDue(cell, m, e));
        }
        return due.OrderBy(d => d.Meeting.Date).ToList();
    }

    /// <summary>The approved, unconfirmed score of the cell's meeting on that day, if any.</summary>
    public static ScoreDue? ScoreToConfirm(ChiBoStore store, string staffId, Cell cell, DateTime meetingDate) =>
        ScoresToConfirm(store, staffId).FirstOrDefault(d => d.Cell.Id == cell.Id && d.Meeting.Date.Date == meetingDate.Date);
}
