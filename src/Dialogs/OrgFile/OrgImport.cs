using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;

namespace ChiBo.Dialogs.OrgFile;

/// <summary>What importing a valid file would change, record by record; applying it writes exactly that.</summary>
public sealed class OrgImportPlan
{
    public List<OrgUnit> NewUnits { get; } = [];
    public List<OrgUnit> ChangedUnits { get; } = [];
    public List<Cell> NewCells { get; } = [];
    public List<Cell> ChangedCells { get; } = [];
    public List<Member> NewMembers { get; } = [];
    public List<Member> ChangedMembers { get; } = [];
    /// <summary>Rows that match the database already.</summary>
    public int Unchanged { get; set; }
    /// <summary>Rows left alone, with the reason (a member removed from the roster).</summary>
    public List<string> Skipped { get; } = [];
    /// <summary>One line per changed record: what changes.</summary>
    public List<string> Changes { get; } = [];

    public bool IsEmpty => NewUnits.Count + ChangedUnits.Count + NewCells.Count + ChangedCells.Count + NewMembers.Count + ChangedMembers.Count == 0;
}

/// <summary>
/// Checks an organisation table against itself and the database, and plans the import: records are matched by
/// code, so importing the same file twice changes nothing. Nothing is planned unless the whole file is valid.
/// Units and cells keep their place in the tree (moving them would re-file their history); a member whose cell
/// changes is transferred, as /dangvien … chuyen does.
/// </summary>
public static class OrgImport
{
    public static (OrgImportPlan? Plan, List<OrgFileError> Errors) Check(ChiBoStore store, TemplateCatalog templates,
        IReadOnlyList<IReadOnlyList<string>> table, DateTime utcNow)
    {
        var (rows, errors, Col) = OrgTable.Parse(table, templates.CellTypes, VnClock.Local(utcNow).Date);

        // Codes are unique per kind within the file.
        foreach (var dup in rows.GroupBy(r => (r.Kind, r.Code.ToLowerInvariant())).Where(g => g.Count() > 1))
            foreach (var r in dup.Skip(1))
                errors.Add(new(r.Line, Col(OrgTable.Code), $"mã \"{r.Code}\" đã dùng ở dòng {dup.First().Line}."));

        var fileUnits = rows.Where(r => r.Kind == OrgRowKind.Unit).DistinctBy(r => r.Code).ToDictionary(r => r.Code);
        var fileCells = rows.Where(r => r.Kind == OrgRowKind.Cell).DistinctBy(r => r.Code).ToDictionary(r => r.Code);
        bool UnitExists(string code) => fileUnits.ContainsKey(code) || store.OrgUnits.FindById(code) is not null;
        bool CellExists(string code) => fileCells.ContainsKey(code) || store.Cells.FindById(code) is not null;

        foreach (var r in rows)
        {
            switch (r.Kind)
            {
                case OrgRowKind.Unit:
                    if (r.Parent is { } up && !UnitExists(up)) errors.Add(new(r.Line, Col(OrgTable.Parent), $"không có đơn vị mã \"{up}\" (trong tệp hay trong danh sách hiện có)."));
                    if (store.OrgUnits.FindById(r.Code) is { } unit && unit.ParentId != r.Parent)
                        errors.Add(new(r.Line, Col(OrgTable.Parent), $"đơn vị {unit.Name} đang thuộc \"{unit.ParentId ?? "(cấp cao nhất)"}\"; chưa chuyển được đơn vị sang cấp trên khác bằng tệp."));
                    break;
                case OrgRowKind.Cell:
                    if (!UnitExists(r.Parent!)) errors.Add(new(r.Line, Col(OrgTable.Parent), $"không có đơn vị mã \"{r.Parent}\"."));
                    if (store.Cells.FindById(r.Code) is { } cell && cell.OrgUnitId != r.Parent)
                        errors.Add(new(r.Line, Col(OrgTable.Parent), $"{cell.Name} đang thuộc đơn vị \"{cell.OrgUnitId}\"; chưa chuyển được chi bộ sang đơn vị khác bằng tệp."));
                    break;
                case OrgRowKind.Member:
                    if (!CellExists(r.Parent!)) errors.Add(new(r.Line, Col(OrgTable.Parent), $"không có chi bộ mã \"{r.Parent}\"."));
                    break;
            }
        }
        // One secretary per cell in the file.
        foreach (var g in rows.Where(r => r.Kind == OrgRowKind.Member && r.LeaderRole == Role.Secretary).GroupBy(r => r.Parent).Where(g => g.Count() > 1))
            foreach (var r in g.Skip(1))
                errors.Add(new(r.Line, Col(OrgTable.LeaderRole), $"chi bộ \"{g.Key}\" đã có bí thư ở dòng {g.First().Line}; mỗi chi bộ một bí thư."));
        foreach (var r in rows.Where(r => r.Kind == OrgRowKind.Member && r.LeaderRole == Role.Secretary))
        {
            var other = r.Parent is { } cellId ? store.CellMembers(cellId).FirstOrDefault(m => m.Id != r.Code && m.Has(Role.Secretary, cellId)) : null;
            if (other is not null && !rows.Any(x => x.Kind == OrgRowKind.Member && x.Code == other.Id && x.LeaderRole != Role.Secretary))
                errors.Add(new(r.Line, Col(OrgTable.LeaderRole), $"chi bộ \"{r.Parent}\" đang có bí thư Đ/c {other.Name} (mã {other.Id}); sửa vai trò của đồng chí ấy trong tệp trước."));
        }
        // The unit tree has no loops.
        foreach (var r in fileUnits.Values)
        {
            var seen = new HashSet<string> { r.Code };
            for (var p = r.Parent; p is not null; p = fileUnits.TryGetValue(p, out var up) ? up.Parent : store.OrgUnits.FindById(p)?.ParentId)
                if (!seen.Add(p)) { errors.Add(new(r.Line, Col(OrgTable.Parent), "các đơn vị thuộc vòng tròn lẫn nhau.")); break; }
        }
        if (errors.Count > 0) return (null, errors.OrderBy(e => e.Row).ToList());
        return (Plan(store, templates, rows, fileUnits, utcNow), []);
    }

    static OrgImportPlan Plan(ChiBoStore store, TemplateCatalog templates, List<OrgRow> rows, Dictionary<string, OrgRow> fileUnits, DateTime utcNow)
    {
        var plan = new OrgImportPlan();
        var units = new Dictionary<string, OrgUnit>();
        OrgUnit UnitOf(string code)
        {
            if (units.TryGetValue(code, out var known)) return known;
            var existing = store.OrgUnits.FindById(code);
            if (!fileUnits.TryGetValue(code, out var r)) return units[code] = existing!;
            var parentPath = r.Parent is null ? "/" : UnitOf(r.Parent).Path;
            var unit = new OrgUnit { Id = code, Name = r.Name, Level = r.Level, ParentId = r.Parent, Path = existing?.Path ?? $"{parentPath}{code}/" };
            if (existing is null) plan.NewUnits.Add(unit);
            else if (existing.Name != unit.Name || existing.Level != unit.Level)
            {
                plan.ChangedUnits.Add(unit);
                plan.Changes.Add($"{existing.Name}: " + Diff(("tên", existing.Name, unit.Name), ("cấp", existing.Level, unit.Level)));
            }
            else plan.Unchanged++;
            return units[code] = unit;
        }
        foreach (var code in fileUnits.Keys) UnitOf(code);

        var cells = new Dictionary<string, Cell>();
        foreach (var r in rows.Where(r => r.Kind == OrgRowKind.Cell))
        {
            var existing = store.Cells.FindById(r.Code);
            var cell = new Cell
            {
                Id = r.Code, Name = r.Name, OrgUnitId = r.Parent!, Path = existing?.Path ?? $"{UnitOf(r.Parent!).Path}{r.Code}/", Type = r.CellType,
                MeetingDay = r.MeetingDay, MeetingTime = r.MeetingTime, Venue = r.Venue, CreatedAtUtc = existing?.CreatedAtUtc ?? utcNow,
            };
            cells[cell.Id] = cell;
            if (existing is null) { plan.NewCells.Add(cell); continue; }
            var diff = Diff(("tên", existing.Name, cell.Name), ("loại hình", OrgTable.CellTypeLabel(existing.Type, templates.CellTypes), OrgTable.CellTypeLabel(cell.Type, templates.CellTypes)),
                ("ngày họp", existing.MeetingDay.ToString(), cell.MeetingDay.ToString()), ("giờ họp", existing.MeetingTime, cell.MeetingTime), ("địa điểm", existing.Venue, cell.Venue));
            if (diff == "") { plan.Unchanged++; continue; }
            plan.ChangedCells.Add(cell);
            plan.Changes.Add($"{existing.Name}: {diff}");
        }

        foreach (var r in rows.Where(r => r.Kind == OrgRowKind.Member))
        {
            var existing = store.Members.FindById(r.Code);
            if (existing is { Removed: true })
            {
                plan.Skipped.Add($"{existing.Name} (mã {r.Code}) đã bị xóa khỏi danh sách, không thêm lại");
                continue;
            }
            var member = existing ?? new Member { Id = r.Code };
            var before = (member.Name, member.CellId, member.Status, Leader: LeaderOf(member), member.BirthDate, member.AdmittedOn, member.FullMemberOn, member.CardNumber);
            // Roles elsewhere (admin, staff, another cell) stay; the roles in the old and new cell follow the file.
            var roles = member.Roles.Where(g => g.Role is Role.Admin or Role.Staff || g.ScopeId is null || (g.ScopeId != member.CellId && g.ScopeId != r.Parent)).ToList();
            roles.Add(new RoleGrant { Role = Role.Member, ScopeId = r.Parent });
            if (r.LeaderRole is { } lead) roles.Add(new RoleGrant { Role = lead, ScopeId = r.Parent });
            (member.Name, member.CellId, member.Status, member.Roles) = (r.Name, r.Parent, r.Status, roles);
            (member.BirthDate, member.AdmittedOn, member.FullMemberOn, member.CardNumber) = (r.BirthDate, r.AdmittedOn, r.FullMemberOn, r.CardNumber);
            if (existing is null) { plan.NewMembers.Add(member); continue; }
            var cellName = (string? id) => id is null ? "" : cells.TryGetValue(id, out var c) ? c.Name : store.Cells.FindById(id)?.Name ?? id;
            var diff = Diff(("tên", before.Name, r.Name), ("chi bộ", cellName(before.CellId), cellName(r.Parent)),
                ("tình trạng", Commands.Members.StatusLabel(before.Status), Commands.Members.StatusLabel(r.Status)),
                ("vai trò", OrgTable.RoleLabel(before.Leader), OrgTable.RoleLabel(r.LeaderRole)),
                ("ngày sinh", OrgTable.DateText(before.BirthDate), OrgTable.DateText(r.BirthDate)),
                ("ngày vào Đảng", OrgTable.DateText(before.AdmittedOn), OrgTable.DateText(r.AdmittedOn)),
                ("ngày chính thức", OrgTable.DateText(before.FullMemberOn), OrgTable.DateText(r.FullMemberOn)),
                ("số thẻ", before.CardNumber, r.CardNumber));
            if (diff == "") { plan.Unchanged++; continue; }
            plan.ChangedMembers.Add(member);
            plan.Changes.Add($"Đ/c {before.Name}: {diff}");
        }
        return plan;
    }

    static Role? LeaderOf(Member m) =>
        m.Roles.FirstOrDefault(g => g.ScopeId == m.CellId && g.Role is Role.Secretary or Role.Deputy)?.Role;

    static string Diff(params (string What, string Before, string After)[] fields) =>
        string.Join(", ", fields.Where(f => f.Before != f.After).Select(f => $"{f.What} {(f.Before == "" ? "(trống)" : f.Before)} → {(f.After == "" ? "(trống)" : f.After)}"));

    /// <summary>Writes the plan (the caller holds the transaction).</summary>
    public static void Apply(ChiBoStore store, OrgImportPlan plan)
    {
        foreach (var u in plan.NewUnits) store.OrgUnits.Insert(u);
        foreach (var u in plan.ChangedUnits) store.OrgUnits.Update(u);
        foreach (var c in plan.NewCells) store.Cells.Insert(c);
        foreach (var c in plan.ChangedCells) store.Cells.Update(c);
        foreach (var m in plan.NewMembers) store.Members.Insert(m);
        foreach (var m in plan.ChangedMembers) store.Members.Update(m);
    }
}
