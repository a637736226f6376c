using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

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
    /// <summary>What looks wrong but does not stop the import (two cells of one name, one person in two cells…).</summary>
    public List<string> Warnings { get; } = [];
    /// <summary>Records in the bot, under the units and cells of the file, that the file does not list: kept as they are.</summary>
    public List<string> NotInFile { get; } = [];

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
        IReadOnlyList<IReadOnlyList<string>> table, DateTime utcNow, string by = "")
    {
        var (rows, errors, Col, refused, present) = OrgTable.Parse(table, templates.CellTypes, VnClock.Local(utcNow).Date);
        rows = [.. rows.Select(r => KeepAbsent(store, r, present))];
        // Names in capitals throughout are written with each word capitalised (said in the preview).
        var capitals = rows.Where(r => r.Kind == OrgRowKind.Member && VnText.AllCaps(r.Name)).Select(r => r.Name).ToList();
        rows = [.. rows.Select(r => r.Kind == OrgRowKind.Member && VnText.AllCaps(r.Name) ? r with { Name = VnText.TitleCase(r.Name) } : r)];
        // Rows under a refused row wait for it: one error on that row says how many, not one error on each.
        var waiting = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        bool Waits(string? parent)
        {
            if (parent is null || !refused.ContainsKey(parent)) return false;
            waiting[parent] = waiting.GetValueOrDefault(parent) + 1;
            return true;
        }

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
                    if (r.Parent is { } up && !UnitExists(up) && !Waits(up)) errors.Add(new(r.Line, Col(OrgTable.Parent), $"không có đơn vị mã \"{up}\" (trong tệp hay trong danh sách hiện có)."));
                    if (store.OrgUnits.FindById(r.Code) is { } unit && unit.ParentId != r.Parent)
                        errors.Add(new(r.Line, Col(OrgTable.Parent), $"đơn vị {unit.Name} đang thuộc \"{unit.ParentId ?? "(cấp cao nhất)"}\"; chưa chuyển được đơn vị sang cấp trên khác bằng tệp."));
                    break;
                case OrgRowKind.Cell:
                    if (!UnitExists(r.Parent!) && !Waits(r.Parent)) errors.Add(new(r.Line, Col(OrgTable.Parent), $"không có đơn vị mã \"{r.Parent}\"."));
                    if (store.Cells.FindById(r.Code) is { } cell && cell.OrgUnitId != r.Parent)
                        errors.Add(new(r.Line, Col(OrgTable.Parent), $"{cell.Name} đang thuộc đơn vị \"{cell.OrgUnitId}\"; chưa chuyển được chi bộ sang đơn vị khác bằng tệp."));
                    break;
                case OrgRowKind.Member:
                    if (!CellExists(r.Parent!) && !Waits(r.Parent)) errors.Add(new(r.Line, Col(OrgTable.Parent), $"không có chi bộ mã \"{r.Parent}\"."));
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
        foreach (var (code, n) in waiting)
            errors.Add(new(refused[code], null, $"{n} dòng ghi thuộc mã \"{code}\" chờ dòng này được sửa."));
        if (errors.Count > 0) return (null, errors.OrderBy(e => e.Row).ToList());
        var plan = Plan(store, templates, rows, fileUnits, utcNow, by);
        Warn(store, rows, plan, capitals);
        return (plan, []);
    }

    /// <summary>
    /// A column the file does not have leaves the field as it is in the bot (a short list of names and roles does not
    /// erase birth dates, card numbers or venues); a column that is there, even empty, is the file's word.
    /// </summary>
    static OrgRow KeepAbsent(ChiBoStore store, OrgRow r, IReadOnlySet<OrgColumn> present)
    {
        bool Absent(OrgColumn c) => !present.Contains(c);
        switch (r.Kind)
        {
            case OrgRowKind.Unit when store.OrgUnits.FindById(r.Code) is { } u:
                return Absent(OrgTable.Level) ? r with { Level = u.Level } : r;
            case OrgRowKind.Cell when store.Cells.FindById(r.Code) is { } c:
                return r with
                {
                    CellType = Absent(OrgTable.CellKind) ? c.Type : r.CellType, MeetingDay = Absent(OrgTable.Day) ? c.MeetingDay : r.MeetingDay,
                    MeetingWeekday = Absent(OrgTable.Day) ? c.MeetingWeekday : r.MeetingWeekday, MeetingWeek = Absent(OrgTable.Day) ? c.MeetingWeek : r.MeetingWeek,
                    MeetingTime = Absent(OrgTable.Time) ? c.MeetingTime : r.MeetingTime, Venue = Absent(OrgTable.Venue) ? c.Venue : r.Venue,
                };
            case OrgRowKind.Member when store.Members.FindById(r.Code) is { } m:
                return r with
                {
                    LeaderRole = Absent(OrgTable.LeaderRole) ? LeaderOf(m) : r.LeaderRole, Status = Absent(OrgTable.Status) ? m.Status : r.Status,
                    BirthDate = Absent(OrgTable.BirthDate) ? m.BirthDate : r.BirthDate, AdmittedOn = Absent(OrgTable.AdmittedOn) ? m.AdmittedOn : r.AdmittedOn,
                    FullMemberOn = Absent(OrgTable.FullMemberOn) ? m.FullMemberOn : r.FullMemberOn, CardNumber = Absent(OrgTable.CardNumber) ? m.CardNumber : r.CardNumber,
                    Suspension = Absent(OrgTable.Suspended) ? m.Suspension?.Decision ?? "" : r.Suspension,
                    SuspendedSince = Absent(OrgTable.Suspended) ? m.Suspension?.Since : r.SuspendedSince,
                };
            default:
                return r;
        }
    }

    const int NamesShown = 5;

    static string Some(IEnumerable<string> names)
    {
        var all = names.ToList();
        return string.Join(", ", all.Take(NamesShown)) + (all.Count > NamesShown ? $" và {all.Count - NamesShown} người khác" : "");
    }

    /// <summary>What an organisation official would want checked before importing, and what the file leaves out.</summary>
    static void Warn(ChiBoStore store, List<OrgRow> rows, OrgImportPlan plan, List<string> capitals)
    {
        var inFile = rows.Select(r => (r.Kind, r.Code)).ToHashSet();
        var cellsInFile = rows.Where(r => r.Kind == OrgRowKind.Cell).ToList();
        var cellName = (string id) => cellsInFile.FirstOrDefault(c => c.Code == id)?.Name ?? store.Cells.FindById(id)?.Name ?? id;

        if (capitals.Count > 0)
            plan.Warnings.Add($"{capitals.Count} tên viết hoa toàn bộ sẽ ghi là: {Some(capitals.Select(n => $"{n} → {VnText.TitleCase(n)}"))}.");

        var cells = cellsInFile.Select(c => (c.Code, c.Name))
            .Concat(store.Cells.FindAll().Where(c => !inFile.Contains((OrgRowKind.Cell, c.Id))).Select(c => (Code: c.Id, c.Name)));
        foreach (var g in cells.GroupBy(c => VnText.Fold(c.Name)).Where(g => g.Count() > 1))
            plan.Warnings.Add($"Hai chi bộ cùng tên \"{g.First().Name}\" (mã {string.Join(", ", g.Select(c => c.Code))}): kiểm tra có phải một chi bộ ghi hai lần không.");

        // One person in two cells: the same name and date of birth, or the same card number.
        var members = rows.Where(r => r.Kind == OrgRowKind.Member).Select(r => (r.Code, r.Name, Cell: r.Parent!, r.BirthDate, r.CardNumber))
            .Concat(store.Members.Find(m => !m.Removed && m.CellId != null).Where(m => !inFile.Contains((OrgRowKind.Member, m.Id)))
                .Select(m => (Code: m.Id, m.Name, Cell: m.CellId!, m.BirthDate, m.CardNumber))).ToList();
        var same = members.Where(m => m.BirthDate is not null).GroupBy(m => (Key: $"{VnText.Fold(m.Name)}|{m.BirthDate:yyyyMMdd}", What: "cùng tên và ngày sinh"))
            .Concat(members.Where(m => m.CardNumber != "").GroupBy(m => (Key: "the|" + m.CardNumber, What: $"cùng số thẻ {m.CardNumber}")))
            .Where(g => g.Select(m => m.Cell).Distinct().Count() > 1);
        var told = new HashSet<string>();
        foreach (var g in same)
        {
            if (!g.Select(m => m.Code).Any(told.Add)) continue; // already said by name and birth date
            plan.Warnings.Add($"Đ/c {string.Join(" / ", g.Select(m => m.Name).Distinct())} có ở {g.Select(m => m.Cell).Distinct().Count()} chi bộ " +
                $"({string.Join("; ", g.Select(m => $"{cellName(m.Cell)}, mã {m.Code}"))}), {g.Key.What}: một đảng viên sinh hoạt ở một chi bộ (chuyển sinh hoạt: /dangvien … chuyen).");
        }

        foreach (var r in rows.Where(r => r.Kind == OrgRowKind.Member && r.LeaderRole == Role.Secretary && r.Status == MemberStatus.Exempt))
            plan.Warnings.Add($"Đ/c {r.Name} (dòng {r.Line}) là bí thư nhưng ghi miễn sinh hoạt.");
        foreach (var r in rows.Where(r => r.Kind == OrgRowKind.Unit && (VnText.Fold(r.Level).StartsWith("huyen") || VnText.Fold(r.Name).StartsWith("dang bo huyen"))))
            plan.Warnings.Add($"{r.Name} (dòng {r.Line}) là cấp huyện: từ 01/7/2025 không còn cấp huyện, các xã trực thuộc tỉnh; kiểm tra lại cấp trên.");

        // What the bot has under the file's units and cells that the file does not list: kept.
        foreach (var c in cellsInFile.Where(c => store.Cells.FindById(c.Code) is not null))
        {
            var missing = VnText.SortedByGivenName(store.CellMembers(c.Code).Where(m => !inFile.Contains((OrgRowKind.Member, m.Id))), m => m.Name).Select(m => m.Name).ToList();
            if (missing.Count > 0) plan.NotInFile.Add($"{c.Name}: {missing.Count} đảng viên ({Some(missing)})");
        }
        foreach (var u in rows.Where(r => r.Kind == OrgRowKind.Unit && store.OrgUnits.FindById(r.Code) is not null))
        {
            var missing = VnText.SortedByName(store.Cells.Find(c => c.OrgUnitId == u.Code).Where(c => !inFile.Contains((OrgRowKind.Cell, c.Id))), c => c.Name).Select(c => c.Name).ToList();
            if (missing.Count > 0) plan.NotInFile.Add($"{u.Name}: {missing.Count} chi bộ ({Some(missing)})");
        }
    }

    static OrgImportPlan Plan(ChiBoStore store, TemplateCatalog templates, List<OrgRow> rows, Dictionary<string, OrgRow> fileUnits, DateTime utcNow, string by)
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
            // The file's columns change; what the bot keeps beside them (dues book, collector, minimum length, moved meetings) stays.
            var cell = store.Cells.FindById(r.Code);
            var existing = cell is null ? null : new { cell.Name, cell.Type, Day = ScheduleDays.Cell(cell.MeetingDay, cell.MeetingWeekday, cell.MeetingWeek), cell.MeetingTime, cell.Venue };
            cell ??= new Cell { Id = r.Code, Path = $"{UnitOf(r.Parent!).Path}{r.Code}/", CreatedAtUtc = utcNow };
            (cell.Name, cell.OrgUnitId, cell.Type, cell.Venue) = (r.Name, r.Parent!, r.CellType, r.Venue);
            // A changed schedule moves this and next month's meetings still to come with it, as /lichhop does (said in the preview).
            var rescheduled = new List<(DateTime Old, DateTime Now, DateTime Scheduled)>();
            if (existing is null) (cell.MeetingDay, cell.MeetingWeekday, cell.MeetingWeek, cell.MeetingTime) = (r.MeetingDay, r.MeetingWeekday, r.MeetingWeek, r.MeetingTime);
            else if ((cell.MeetingDay, cell.MeetingWeekday, cell.MeetingWeek, cell.MeetingTime) != (r.MeetingDay, r.MeetingWeekday, r.MeetingWeek, r.MeetingTime))
                rescheduled = cell.Reschedule(r.MeetingDay, r.MeetingWeekday, r.MeetingWeek, r.MeetingTime, VnClock.Local(utcNow), store.RegularMeetingMonths(cell.Id), "", utcNow);
            cells[cell.Id] = cell;
            if (existing is null) { plan.NewCells.Add(cell); continue; }
            var diff = Diff(("tên", existing.Name, cell.Name), ("loại hình", OrgTable.CellTypeLabel(existing.Type, templates.CellTypes), OrgTable.CellTypeLabel(cell.Type, templates.CellTypes)),
                ("ngày họp", existing.Day, ScheduleDays.Cell(cell.MeetingDay, cell.MeetingWeekday, cell.MeetingWeek)), ("giờ họp", existing.MeetingTime, cell.MeetingTime), ("địa điểm", existing.Venue, cell.Venue));
            if (diff == "") { plan.Unchanged++; continue; }
            plan.ChangedCells.Add(cell);
            var following = rescheduled.Where(x => x.Now == x.Scheduled).Select(x => VnText.MonthOf(x.Now)).ToList();
            plan.Changes.Add($"{existing.Name}: {diff}" +
                (following.Count == 0 ? "" : $"; buổi tháng {string.Join(", ", following)} theo lịch mới (nhóm chi bộ đã được báo ngày cũ được báo lại)") +
                string.Concat(rescheduled.Where(x => x.Now != x.Scheduled).Select(x => $"; buổi tháng {VnText.MonthOf(x.Now)} vẫn họp {VnText.Date(x.Old)} (ngày mới đã qua)")));
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
            var before = (member.Name, member.CellId, member.Status, Leader: LeaderOf(member), member.BirthDate, member.AdmittedOn, member.FullMemberOn, member.CardNumber,
                Suspension: member.Suspension?.Decision ?? "");
            // Roles elsewhere (admin, staff, another cell) stay; the roles in the old and new cell follow the file.
            var roles = member.Roles.Where(g => g.Role is Role.Admin or Role.Staff || g.ScopeId is null || (g.ScopeId != member.CellId && g.ScopeId != r.Parent)).ToList();
            roles.Add(new RoleGrant { Role = Role.Member, ScopeId = r.Parent });
            if (r.LeaderRole is { } lead) roles.Add(new RoleGrant { Role = lead, ScopeId = r.Parent });
            (member.Name, member.CellId, member.Status, member.Roles) = (r.Name, r.Parent, r.Status, roles);
            (member.BirthDate, member.AdmittedOn, member.FullMemberOn, member.CardNumber) = (r.BirthDate, r.AdmittedOn, r.FullMemberOn, r.CardNumber);
            Suspend(member, r, utcNow, by, plan);
            if (existing is null) { plan.NewMembers.Add(member); continue; }
            var cellName = (string? id) => id is null ? "" : cells.TryGetValue(id, out var c) ? c.Name : store.Cells.FindById(id)?.Name ?? id;
            var diff = Diff(("tên", before.Name, r.Name), ("chi bộ", cellName(before.CellId), cellName(r.Parent)),
                ("tình trạng", Commands.Members.StatusLabel(before.Status), Commands.Members.StatusLabel(r.Status)),
                ("vai trò", OrgTable.RoleLabel(before.Leader), OrgTable.RoleLabel(r.LeaderRole)),
                ("ngày sinh", OrgTable.DateText(before.BirthDate), OrgTable.DateText(r.BirthDate)),
                ("ngày vào Đảng", OrgTable.DateText(before.AdmittedOn), OrgTable.DateText(r.AdmittedOn)),
                ("ngày chính thức", OrgTable.DateText(before.FullMemberOn), OrgTable.DateText(r.FullMemberOn)),
                ("số thẻ", before.CardNumber, r.CardNumber),
                ("đình chỉ sinh hoạt", before.Suspension, member.Suspension?.Decision ?? ""));
            if (diff == "") { plan.Unchanged++; continue; }
            plan.ChangedMembers.Add(member);
            plan.Changes.Add($"Đ/c {before.Name}: {diff}");
        }
        return plan;
    }

    /// <summary>
    /// The file's "Đình chỉ sinh hoạt": a suspension not yet on record is recorded (from the day its decision names, in
    /// the member's history), as /dangvien … dinhchi would. One on record stays: an empty cell does not end it (its end
    /// has its own decision, /dangvien … hetdinhchi) and another decision does not replace it; the preview says so.
    /// </summary>
    static void Suspend(Member member, OrgRow r, DateTime utcNow, string by, OrgImportPlan plan)
    {
        if (member.Suspension is { } current)
        {
            if (r.Suspension == "")
                plan.Warnings.Add($"Đ/c {member.Name} đang bị đình chỉ sinh hoạt đảng ({current.Decision}): ô \"Đình chỉ sinh hoạt\" để trống không chấm dứt việc đình chỉ; khi hết: /dangvien {member.Name} hetdinhchi.");
            else if (VnText.Fold(r.Suspension) != VnText.Fold(current.Decision))
                plan.Warnings.Add($"Đ/c {member.Name} đang bị đình chỉ sinh hoạt đảng theo {current.Decision}; tệp ghi {r.Suspension}: giữ như đã ghi trong bot.");
            return;
        }
        if (r.Suspension == "") return;
        var since = r.SuspendedSince ?? VnClock.Local(utcNow).Date;
        if (member.AdmittedOn is { } admitted && since < admitted.Date) // the bot's admission day, when the file has none
        {
            plan.Warnings.Add($"Đ/c {member.Name}: ngày {VnText.Date(since)} trong quyết định {r.Suspension} trước ngày vào Đảng {VnText.Date(admitted)}; không ghi.");
            return;
        }
        if (member.PastSuspensions.LastOrDefault() is { Until: { } ended } last && since < ended)
        {
            plan.Warnings.Add($"Đ/c {member.Name}: ngày {VnText.Date(since)} trong quyết định {r.Suspension} thuộc đợt đình chỉ trước (từ {VnText.Date(last.Since)}, hết từ {VnText.Date(ended)}); không ghi.");
            return;
        }
        member.Suspension = new Suspension { Decision = r.Suspension, Since = since, RecordedBy = by, RecordedAtUtc = utcNow };
        member.History.Add(new MemberEvent { AtUtc = utcNow, CellId = r.Parent, What = "đình chỉ sinh hoạt đảng", Decision = r.Suspension, By = by });
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
