using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;
using ChiBo.Rules;

namespace ChiBo.Dialogs.Domain;

/// <summary>How a member took part in one meeting of their cell.</summary>
public sealed record Attended(DateTime Date, MeetingKind Kind, Presence Presence, string Reason);

/// <summary>A member's attendance over a year, read from the meetings' attendance lists; and the duties it raises.</summary>
public static class AttendanceHistory
{
    /// <summary>The cell's meetings of a year, read once for everything asked about them.</summary>
    static List<Meeting> InYear(ChiBoStore store, string cellId, int year) =>
        [.. store.CellMeetings(cellId, m => m.Date.Year == year)];

    /// <summary>The member's meetings among these, in date order (meetings recorded as counts only cannot say).</summary>
    static List<Attended> Of(IEnumerable<Meeting> meetings, string memberId) =>
        [.. meetings.Where(m => m.NamedAttendance)
            .OrderBy(m => m.Date).ThenBy(m => m.RecordedAtUtc)
            .Select(m => (Meeting: m, Seat: m.Attendance.FirstOrDefault(a => a.MemberId == memberId && !a.Temporary)))
            .Where(x => x.Seat is not null)
            .Select(x => new Attended(x.Meeting.Date, x.Meeting.Kind, x.Seat!.Presence, x.Seat.Reason))];

    /// <summary>"Năm 2026: có mặt 5/7 buổi; vắng có lý do 1 (03/11/2026: ốm); vắng không lý do 1 (05/09/2026)."</summary>
    public static string Describe(ChiBoStore store, string cellId, string memberId, int year)
    {
        var meetings = InYear(store, cellId, year);
        var history = Of(meetings, memberId);
        var unnamed = meetings.Count(m => !m.NamedAttendance); // recorded as counts only, before the register
        var note = unnamed > 0 ? $" ({unnamed} buổi ghi trước khi điểm danh theo tên, không tính)" : "";
        var summoned = history.Where(h => h.Presence != Presence.NotSummoned).ToList();
        if (summoned.Count == 0) return $"Sinh hoạt năm {year}: chưa có buổi nào ghi tên đồng chí{note}.";
        var excused = summoned.Where(h => h.Presence == Presence.Excused).Select(h => $"{VnText.Date(h.Date)}: {h.Reason}").ToList();
        var unexcused = summoned.Where(h => h.Presence == Presence.Unexcused).Select(h => VnText.Date(h.Date)).ToList();
        return $"Sinh hoạt năm {year}: có mặt {summoned.Count(h => h.Presence == Presence.Present)}/{summoned.Count} buổi" +
               (excused.Count > 0 ? $"; vắng có lý do {excused.Count} ({string.Join("; ", excused)})" : "") +
               (unexcused.Count > 0 ? $"; vắng không lý do {unexcused.Count} ({string.Join(", ", unexcused)})" : "") + $"{note}.";
    }

    /// <summary>
    /// The member's run of absences with a reason ending at the latest of these meetings (latest first), counted up to one
    /// more than <paramref name="enough"/>: as <see cref="MeetingRules.ExcusedInARow"/> counts, reading no further back
    /// than the run goes.
    /// </summary>
    static int ExcusedRun(IEnumerable<Meeting> latestFirst, string memberId, int enough)
    {
        var seats = latestFirst.Where(m => m.NamedAttendance)
            .Select(m => m.Attendance.FirstOrDefault(a => a.MemberId == memberId && !a.Temporary)).OfType<Attendee>();
        var run = 0;
        foreach (var seat in seats)
        {
            if (seat.Presence != Presence.Excused || run > enough) break;
            run++;
        }
        return run;
    }

    /// <summary>
    /// What this meeting makes the cell's leaders do about a member, each once: the meeting that completes the
    /// run of absences with a reason (12-HD) or the months without attending (Điều lệ Đảng, Điều 8) raises it. The
    /// meeting may be filed already or about to be (asked before its insert, the cell's meetings kept are still good).
    /// </summary>
    public static List<string> Duties(ChiBoStore store, Meeting meeting, ProcedureRules rules)
    {
        var duties = new List<string>();
        // The year's meetings in date order, each read whole only when needed (a run of absences is read back from this
        // meeting until it breaks; months without attending need the whole year).
        var heads = store.MeetingHeads(meeting.CellId).Where(h => h.Id != meeting.Id).Append(ChiBoStore.MeetingHead.Of(meeting))
            .Where(h => h.Date.Year == meeting.Date.Year).OrderBy(h => h.Date).ThenBy(h => h.RecordedAtUtc).ToList();
        var read = new Dictionary<string, Meeting?> { [meeting.Id] = meeting };
        Meeting? Read(ChiBoStore.MeetingHead h) => read.TryGetValue(h.Id, out var m) ? m : read[h.Id] = store.Meetings.FindById(h.Id);
        foreach (var a in meeting.Attendance.Where(a => a.MemberId is not null && !a.Temporary && a.Presence is Presence.Excused or Presence.Unexcused))
        {
            if (a.Presence == Presence.Excused && ExcusedRun(heads.Where(h => h.Date <= meeting.Date).Reverse().Select(Read).OfType<Meeting>(), a.MemberId!, rules.ExcusedInARowToAddress) == rules.ExcusedInARowToAddress)
                duties.Add($"⚠ Đồng chí {a.Name} vắng có lý do {rules.ExcusedInARowToAddress} buổi liên tiếp trong năm {meeting.Date.Year}: " +
                           "theo 12-HD/BTCTW, chi bộ cần xem xét, nhắc nhở. Xem /dangvien " + a.Name + ".");
            if (a.Presence == Presence.Unexcused)
            {
                var year = Of(heads.Select(Read).OfType<Meeting>(), a.MemberId!);
                var months = year.Select(h => (h.Date.Month, h.Presence)).ToList();
                var before = MeetingRules.MonthsWithoutAttending(months.Where(m => m.Month != meeting.Date.Month));
                var now = MeetingRules.MonthsWithoutAttending(months);
                if (now == rules.MonthsAbsentToRemove && before < now)
                    duties.Add($"⚠ Đồng chí {a.Name} đã {rules.MonthsAbsentToRemove} tháng trong năm {meeting.Date.Year} không tham gia sinh hoạt, không có lý do: " +
                               "theo Điều lệ Đảng, Điều 8, chi bộ xem xét, đề nghị xóa tên. Xem /dangvien " + a.Name + ".");
            }
        }
        return duties;
    }
}
