using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Conversation;

public enum Permission
{
    /// <summary>/sinhhoat, /danhgia: the cell's secretary or deputy.</summary>
    RunMeeting,
    /// <summary>/ketqua: the cell's leaders, staff whose subtree holds the cell, admins.</summary>
    ViewCellResults,
}

/// <summary>The one authorisation check: role and scope.</summary>
public static class Authorizer
{
    public static bool Can(ChiBoStore store, Member member, Permission permission, Cell cell) => permission switch
    {
        // A leader suspended from Party activities does not lead the cell's meetings meanwhile.
        Permission.RunMeeting => !member.Removed && !member.Suspended && (member.Has(Role.Secretary, cell.Id) || member.Has(Role.Deputy, cell.Id)),
        Permission.ViewCellResults => Can(store, member, Permission.RunMeeting, cell) || member.Has(Role.Admin) || InStaffScope(store, member, cell),
        _ => false,
    };

    /// <summary>
    /// Who may issue codes for, change or remove a cell's secretary or deputy: an admin, or staff whose subtree holds
    /// the cell; never the cell's own leaders (a deputy could otherwise take over the secretary's record).
    /// </summary>
    public static bool CanManageLeaders(ChiBoStore store, Member member, Cell cell) =>
        !member.Removed && (member.Has(Role.Admin) || InStaffScope(store, member, cell));

    /// <summary>The member's leader role in the cell ("bí thư", "phó bí thư"), or null for an ordinary member.</summary>
    public static string? LeaderTitle(Member member, string cellId) =>
        member.Has(Role.Secretary, cellId) ? "bí thư" : member.Has(Role.Deputy, cellId) ? "phó bí thư" : null;

    static bool InStaffScope(ChiBoStore store, Member member, Cell cell) =>
        StaffUnits(store, member).Any(unit => ChiBo.Rules.OrgTree.Holds(unit.Path, cell.Path));

    /// <summary>The cell whose meetings this member runs (secretary or deputy), or null.</summary>
    public static Cell? LedCell(ChiBoStore store, Member member)
    {
        var grant = member.Roles.FirstOrDefault(r => r.Role is Role.Secretary or Role.Deputy && r.ScopeId is not null);
        var cell = grant is null ? null : store.Cells.FindById(grant.ScopeId);
        return cell is not null && Can(store, member, Permission.RunMeeting, cell) ? cell : null;
    }

    /// <summary>
    /// The cell the turn's member runs, or null after telling them, politely, that only its secretary or
    /// deputy may <paramref name="what"/>; with <paramref name="memberHint"/>, a member is also told their cell
    /// and what they can do instead.
    /// </summary>
    public static Cell? LedCellOrRefuse(Turn turn, string what, string? memberHint = null)
    {
        if (LedCell(turn.Store, turn.Member!) is { } cell) return cell;
        if (turn.Member!.Suspension is { } suspension && turn.Member.Roles.Any(r => r.Role is Role.Secretary or Role.Deputy))
        {
            turn.Say($"Đồng chí đang bị đình chỉ sinh hoạt đảng ({suspension.Decision}): trong thời gian này đồng chí không điều hành sinh hoạt chi bộ. " +
                     "Phó bí thư hoặc đồng chí được cấp ủy cấp trên chỉ định làm việc này.");
            return null;
        }
        var own = memberHint is null || turn.Member!.CellId is null ? null : turn.Store.Cells.FindById(turn.Member.CellId);
        var who = own is null ? "" : $" Đồng chí là đảng viên {own.Name}. {memberHint}";
        turn.Say($"Chỉ bí thư hoặc phó bí thư chi bộ mới {what} được.{who}");
        return null;
    }

    /// <summary>The chat identities, on one channel, of the members who run the cell's meetings (secretary, deputies).</summary>
    public static List<ChatIdentity> LeaderIdentities(ChiBoStore store, Cell cell, string channel) =>
        store.CellMembers(cell.Id)
            .Where(m => Can(store, m, Permission.RunMeeting, cell))
            .SelectMany(m => store.Identities.Find(i => i.MemberId == m.Id && i.Channel == channel).ToList()).ToList();

    /// <summary>True for an admin; otherwise tells the member that only admins may <paramref name="what"/>.</summary>
    public static bool AdminOrRefuse(Turn turn, string what)
    {
        if (turn.Member!.Has(Role.Admin)) return true;
        turn.Say($"Chỉ quản trị viên mới {what} được.");
        return false;
    }

    /// <summary>/tonghop for an org unit: admins, and staff whose scope holds the unit.</summary>
    public static bool CanViewUnit(ChiBoStore store, Member member, OrgUnit unit) =>
        !member.Removed && (member.Has(Role.Admin) || StaffUnits(store, member).Any(u => ChiBo.Rules.OrgTree.Holds(u.Path, unit.Path)));

    /// <summary>The org units a member is staff of.</summary>
    public static List<OrgUnit> StaffUnits(ChiBoStore store, Member member) =>
        member.Roles.Where(r => r.Role == Role.Staff && r.ScopeId is not null)
            .Select(r => store.OrgUnits.FindById(r.ScopeId)).OfType<OrgUnit>().ToList();

    /// <summary>Org units whose summary the member may see.</summary>
    public static List<OrgUnit> VisibleUnits(ChiBoStore store, Member member) =>
        member.Has(Role.Admin) ? store.OrgUnits.FindAll().ToList()
            : StaffUnits(store, member).SelectMany(u => OrgQueries.Under(store.OrgUnits, x => x.Path, u.Path, x => x.Path)).DistinctBy(u => u.Id).ToList();

    /// <summary>Cells whose results the member may see.</summary>
    public static IEnumerable<Cell> VisibleCells(ChiBoStore store, Member member)
    {
        if (member.Has(Role.Admin)) return store.Cells.FindAll();
        var cells = new Dictionary<string, Cell>();
        foreach (var r in member.Roles)
        {
            if (r.Role == Role.Staff && store.OrgUnits.FindById(r.ScopeId) is { } unit)
                foreach (var c in OrgQueries.Under(store.Cells, c => c.Path, unit.Path, c => c.Path)) cells[c.Id] = c;
            if (r.Role is Role.Secretary or Role.Deputy && store.Cells.FindById(r.ScopeId) is { } cell) cells[cell.Id] = cell;
        }
        return cells.Values;
    }
}
