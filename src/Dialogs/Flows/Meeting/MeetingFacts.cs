using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Flows.Meeting;

/// <summary>What the meeting steps need to know about the cell, read once per turn.</summary>
public sealed class MeetingFacts(ChiBoStore store, Cell cell)
{
    public Cell Cell { get; } = cell;

    List<Member>? _members;
    List<Member> CellMembers => _members ??= store.CellMembers(Cell.Id);

    /// <summary>The cell's members (not removed), as the attendance list starts from.</summary>
    public IReadOnlyList<Member> Roster => CellMembers;

    /// <summary>Members who must attend (exempt members are not counted).</summary>
    public int RosterCount => CellMembers.Count(m => m.Status != MemberStatus.Exempt);

    /// <summary>Secretary and deputies first: the usual chair.</summary>
    public IEnumerable<string> Leaders => CellMembers
        .Where(m => m.Has(Role.Secretary, Cell.Id) || m.Has(Role.Deputy, Cell.Id))
        .OrderBy(m => m.Has(Role.Secretary, Cell.Id) ? 0 : 1).Select(m => m.Name);

    public IEnumerable<string> Members => CellMembers.Select(m => m.Name);

    List<TaskItem>? _previous;
    /// <summary>Next month's tasks of the cell's last recorded meeting: what this meeting reviews.</summary>
    public List<TaskItem> PreviousTasks => _previous ??=
        store.LatestMeeting(Cell.Id)?.NextTasks ?? [];

    public Domain.Meeting? RegularMeetingIn(DateTime date)
    {
        var month = date.ToString("yyyy-MM");
        return store.Meetings.Find(m => m.CellId == Cell.Id && m.Month == month)
            .FirstOrDefault(m => MeetingKinds.IsRegular(m.Kind));
    }
}
