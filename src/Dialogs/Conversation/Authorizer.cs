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
        Permission.RunMeeting => !member.Removed && (member.Has(Role.Secretary, cell.Id) || member.Has(Role.Deputy, cell.Id)),
        Permission.ViewCellResults => Can(store, member, Permission.RunMeeting, cell) || member.Has(Role.Admin) || InStaffScope(store, member, cell),
        _ => false,
    };

    static bool InStaffScope(ChiBoStore store, Member member, Cell cell) =>
        member.Roles.Where(r => r.Role == Role.Staff && r.ScopeId is not null)
            .Select(r => store.OrgUnits.FindById(r.ScopeId))
            .Any(unit => unit is not null && cell.Path.StartsWith(unit.Path, StringComparison.Ordinal));

    /// <summary>The cell this member leads as secretary or deputy, if any.</summary>
    public static Cell? LedCell(ChiBoStore store, Member member)
    {
        var grant = member.Roles.FirstOrDefault(r => r.Role is Role.Secretary or Role.Deputy && r.ScopeId is not null);
        return grant is null ? null : store.Cells.FindById(grant.ScopeId);
    }

    /// <summary>Cells whose results the member may see.</summary>
    public static IEnumerable<Cell> VisibleCells(ChiBoStore store, Member member)
    {
        if (member.Has(Role.Admin)) return store.Cells.FindAll();
        var cells = new Dictionary<string, Cell>();
        foreach (var r in member.Roles)
        {
            if (r.Role == Role.Staff && store.OrgUnits.FindById(r.ScopeId) is { } unit)
                foreach (var c in store.Cells.Find(c => c.Path.StartsWith(unit.Path))) cells[c.Id] = c;
            if (r.Role is Role.Secretary or Role.Deputy && store.Cells.FindById(r.ScopeId) is { } cell) cells[cell.Id] = cell;
        }
        return cells.Values;
    }
}
