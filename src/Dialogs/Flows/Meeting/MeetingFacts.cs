using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Flows.Meeting;

/// <summary>What the meeting steps need to know about the cell, read once per turn.</summary>
public sealed class MeetingFacts(ChiBoStore store, Cell cell)
{
    public Cell Cell { get; } = cell;

    IReadOnlyList<Member>? _members;
    // Shared with other turns until the members change: only read here.
    IReadOnlyList<Member> CellMembers => _members ??= store.CellRoster(Cell.Id);

    /// <summary>The cell's members (not removed), as the attendance list starts from.</summary>
    public IReadOnlyList<Member> Roster => CellMembers;

    /// <summary>Members who must attend (exempt members are not counted).</summary>
    public int RosterCount => _rosterCount ??= CellMembers.Count(Attendee.Summoned);
    int? _rosterCount; // asked by every step's condition in the "Bước n/N" header

    /// <summary>Secretary and deputies first: the usual chair.</summary>
    public IEnumerable<string> Leaders => CellMembers
        .Where(m => m.Has(Role.Secretary, Cell.Id) || m.Has(Role.Deputy, Cell.Id))
        .OrderBy(m => m.Has(Role.Secretary, Cell.Id) ? 0 : 1).Select(m => m.Name);

    /// <summary>
    /// The staff of the level above assigned to attend the cell's meetings (/theodoi), named as the minutes introduce a
    /// guest: what "Đại biểu dự" usually is.
    /// </summary>
    public IEnumerable<string> AssignedStaff => StaffAttendance.AssignedTo(store, Cell.Id)
        .Select(store.Members.FindById).OfType<Member>().Where(m => !m.Removed)
        .Select(m => $"Đ/c {m.Name}, cấp ủy viên cấp trên được phân công dự");

    /// <summary>In the roll's order (leaders first, then by given name), so a suggestion's number stays the same.</summary>
    public IEnumerable<string> Members => Attendee.InRollOrder(CellMembers, Cell.Id).Select(m => m.Name);

    IReadOnlyList<TaskItem>? _previous;
    /// <summary>
    /// The tasks of the cell's latest meeting that set any (a thematic meeting in between sets none): what this meeting
    /// reviews. Shared: read them, never change them.
    /// </summary>
    public IReadOnlyList<TaskItem> PreviousTasks => _previous ??=
        store.MeetingHeads(Cell.Id).OrderByDescending(m => m.Date).ThenByDescending(m => m.RecordedAtUtc)
            .Take(6).FirstOrDefault(m => m.NextTasks.Count > 0)?.NextTasks ?? [];

    /// <summary>The cell's latest recorded meeting, if any (to say what it lacks when it set no tasks).</summary>
    public Domain.Meeting? LatestMeeting => store.LatestMeeting(Cell.Id);

    public Domain.Meeting? RegularMeetingIn(DateTime date)
    {
        var month = Summaries.Period.KeyOf(date);
        return store.MeetingHeads(Cell.Id).FirstOrDefault(m => m.Month == month && MeetingKinds.IsRegular(m.Kind)) is { } head
            ? store.Meetings.FindById(head.Id) : null;
    }
}
