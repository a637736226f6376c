using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Summaries;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.OrgFile;

/// <summary>The organisation as the import reads it: units (parents first), cells, then members by cell and name.</summary>
public static class OrgExport
{
    public static ReportSheet Sheet(ChiBoStore store, TemplateCatalog templates)
    {
        var rows = new List<IReadOnlyList<object?>>();
        void Row(OrgRowKind kind, string code, string name, string? parent, string level = "", string cellType = "", string day = "", string time = "", string venue = "",
            string role = "", string status = "", Member? m = null) =>
            rows.Add([OrgTable.KindLabel(kind), code, name, parent ?? "", level, cellType, day, time, venue, role, status,
                OrgTable.DateText(m?.BirthDate), OrgTable.DateText(m?.AdmittedOn), OrgTable.DateText(m?.FullMemberOn), m?.CardNumber ?? "", m?.Suspension?.Decision ?? ""]);

        foreach (var u in store.OrgUnits.FindAll().OrderBy(u => u.Path.Count(c => c == '/')).ThenBy(u => u.Path, StringComparer.Ordinal))
            Row(OrgRowKind.Unit, u.Id, u.Name, u.ParentId, level: u.Level);
        var cells = store.Cells.FindAll().OrderBy(c => c.Path, StringComparer.Ordinal).ToList();
        foreach (var c in cells)
            Row(OrgRowKind.Cell, c.Id, c.Name, c.OrgUnitId, cellType: OrgTable.CellTypeLabel(c.Type, templates.CellTypes), day: ScheduleDays.Cell(c.MeetingDay, c.MeetingWeekday, c.MeetingWeek), time: c.MeetingTime, venue: c.Venue);
        var order = cells.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var members = store.Members.Find(m => !m.Removed && m.CellId != null).GroupBy(m => m.CellId!)
            .OrderBy(g => order.GetValueOrDefault(g.Key, int.MaxValue));
        foreach (var g in members)
            foreach (var m in VnText.SortedByName(g, m => m.Name))
                Row(OrgRowKind.Member, m.Id, m.Name, m.CellId,
                    role: OrgTable.RoleLabel(m.Roles.FirstOrDefault(r => r.ScopeId == m.CellId && r.Role is Role.Secretary or Role.Deputy)?.Role),
                    status: Commands.Members.StatusLabel(m.Status), m: m);
        return new ReportSheet(OrgTable.SheetName, OrgTable.Columns.Select(c => c.Header).ToList(), rows) { Lists = Lists(templates) };
    }

    /// <summary>Every member's status changes, transfers and decisions (those who left too), by cell and date: a sheet beside the table.</summary>
    public static ReportSheet History(ChiBoStore store)
    {
        var cells = store.Cells.FindAll().ToDictionary(c => c.Id, c => c.Name);
        var rows = store.Members.Find(m => m.History.Count > 0).SelectMany(m => m.History.Select(e => (m, e)))
            .OrderBy(x => x.e.CellId is { } id ? cells.GetValueOrDefault(id, id) : "", StringComparer.Create(VnText.Culture, false)).ThenBy(x => x.e.AtUtc)
            .Select(x => (IReadOnlyList<object?>)[x.m.Id, x.m.Name, x.e.CellId is { } id ? cells.GetValueOrDefault(id, id) : "", VnClock.Local(x.e.AtUtc).Date, x.e.What, x.e.Decision,
                x.m.Removed ? "đã ra khỏi danh sách" : ""]).ToList();
        return new ReportSheet("Quá trình", ["Mã", "Họ và tên", "Chi bộ", "Ngày", "Việc", "Quyết định", "Ghi chú"], rows);
    }

    /// <summary>The columns with fixed values, offered as drop-down lists in the workbook.</summary>
    static Dictionary<int, IReadOnlyList<string>> Lists(TemplateCatalog templates) => new()
    {
        [Array.IndexOf(OrgTable.Columns, OrgTable.Kind)] = [.. new[] { OrgRowKind.Unit, OrgRowKind.Cell, OrgRowKind.Member }.Select(OrgTable.KindLabel)],
        [Array.IndexOf(OrgTable.Columns, OrgTable.CellKind)] = [.. templates.CellTypes.Types.Select(t => t.Name)],
        [Array.IndexOf(OrgTable.Columns, OrgTable.LeaderRole)] = [OrgTable.RoleLabel(Role.Secretary), OrgTable.RoleLabel(Role.Deputy)],
        [Array.IndexOf(OrgTable.Columns, OrgTable.Status)] = [.. new[] { MemberStatus.Full, MemberStatus.Probationary, MemberStatus.Exempt }.Select(Commands.Members.StatusLabel)],
    };

    /// <summary>The empty table to fill in, and a guide: what each column holds, with a small example organisation.</summary>
    public static List<ReportSheet> Template(TemplateCatalog templates)
    {
        var headers = OrgTable.Columns.Select(c => c.Header).ToList();
        var guide = OrgTable.Columns.Select(c => (IReadOnlyList<object?>)[c.Header, c.Help]).ToList();
        List<IReadOnlyList<object?>> example =
        [
            ["Đơn vị", "xa-yen-my", "Đảng bộ xã Yên Mỹ", "", "Đảng ủy xã", "", "", "", "", "", "", "", "", "", "", ""],
            ["Chi bộ", "cb-thon-dong", "Chi bộ thôn Đông", "xa-yen-my", "", "thôn", "3", "19:30", "Nhà văn hóa thôn Đông", "", "", "", "", "", "", ""],
            ["Đảng viên", "dv-001", "Nguyễn Văn An", "cb-thon-dong", "", "", "", "", "", "bí thư", "chính thức", "12/04/1968", "19/05/1995", "19/05/1996", "01234567", ""],
            ["Đảng viên", "dv-002", "Lê Thị Hoa", "cb-thon-dong", "", "", "", "", "", "phó bí thư", "", "03/09/1975", "", "", "", ""],
            ["Đảng viên", "dv-003", "Đỗ Văn Tuấn", "cb-thon-dong", "", "", "", "", "", "", "dự bị", "20/11/1998", "02/09/2026", "", "", ""],
            ["Đảng viên", "dv-004", "Trần Văn Bình", "cb-thon-dong", "", "", "", "", "", "", "", "15/06/1980", "03/02/2012", "03/02/2013", "", "QĐ 20-QĐ/ĐU ngày 01/12/2026"],
        ];
        return
        [
            new(OrgTable.SheetName, headers, []) { Lists = Lists(templates), SizedLike = example },
            new("Hướng dẫn", ["Cột", "Ghi gì"], guide),
            new("Ví dụ", headers, example),
        ];
    }
}
