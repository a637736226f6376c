using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.OrgFile;

namespace ChiBo.Dialogs.Tests;

public sealed class OrgImportTests
{
    static readonly string[] Header = ["Loại", "Mã", "Tên", "Thuộc", "Cấp", "Loại hình", "Ngày họp", "Giờ họp", "Địa điểm", "Vai trò", "Tình trạng"];

    static List<IReadOnlyList<string>> Table(params string[][] rows) => [Header, .. rows];

    static readonly string[][] SmallCommune =
    [
        ["Đơn vị", "xa-tan-lap", "Đảng bộ xã Tân Lập", "tinh-hung-yen", "Đảng ủy xã", "", "", "", "", "", ""],
        ["Chi bộ", "cb-thon-bac", "Chi bộ thôn Bắc", "xa-tan-lap", "", "thôn", "5", "19h", "Nhà văn hóa thôn Bắc", "", ""],
        ["Chi bộ", "cb-truong-tl", "Chi bộ Trường Tiểu học Tân Lập", "xa-tan-lap", "", "đơn vị sự nghiệp", "", "0.6875", "", "", ""],
        ["Đảng viên", "tl-01", "Ngô Văn Hải", "cb-thon-bac", "", "", "", "", "", "Bí thư", ""],
        ["Đảng viên", "tl-02", "Mai Thị Hằng", "cb-thon-bac", "", "", "", "", "", "phó bí thư", "chính thức"],
        ["Đảng viên", "tl-03", "Đinh Văn Lộc", "cb-thon-bac", "", "", "", "", "", "", "dự bị"],
        ["dang vien", "tl-04", "Hà Thị Nhung", "cb-truong-tl", "", "", "", "", "", "", "miễn sinh hoạt"],
    ];

    [Fact]
    public void A_valid_file_is_planned_written_and_importing_it_again_changes_nothing()
    {
        using var t = new TestStore();
        var now = t.Clock.GetUtcNow().UtcDateTime;
        var (plan, errors) = OrgImport.Check(t.Store, TestStore.Templates, Table(SmallCommune), now);
        Assert.Empty(errors);
        Assert.Equal((1, 2, 4), (plan!.NewUnits.Count, plan.NewCells.Count, plan.NewMembers.Count));
        t.Store.InTransaction(() => OrgImport.Apply(t.Store, plan));

        var unit = t.Store.OrgUnits.FindById("xa-tan-lap");
        Assert.Equal("/tinh-hung-yen/xa-tan-lap/", unit.Path);
        var bac = t.Store.Cells.FindById("cb-thon-bac");
        Assert.Equal(("/tinh-hung-yen/xa-tan-lap/cb-thon-bac/", CellType.RESIDENTIAL, 5, "19:00"), (bac.Path, bac.Type, bac.MeetingDay, bac.MeetingTime));
        var school = t.Store.Cells.FindById("cb-truong-tl");
        Assert.Equal((CellType.PUBLIC_SERVICE_UNIT, 3, "16:30"), (school.Type, school.MeetingDay, school.MeetingTime)); // Excel's day fraction, default day
        var hai = t.Store.Members.FindById("tl-01");
        Assert.True(hai.Has(Role.Secretary, "cb-thon-bac") && hai.Has(Role.Member, "cb-thon-bac"));
        Assert.Equal(MemberStatus.Probationary, t.Store.Members.FindById("tl-03").Status);
        Assert.Equal(MemberStatus.Exempt, t.Store.Members.FindById("tl-04").Status);

        var (again, _) = OrgImport.Check(t.Store, TestStore.Templates, Table(SmallCommune), now.AddDays(1));
        Assert.True(again!.IsEmpty);
        Assert.Equal(7, again.Unchanged);
    }

    [Fact]
    public void A_changed_row_updates_that_record_only_and_a_member_moving_cell_is_transferred()
    {
        using var t = new TestStore();
        var now = t.Clock.GetUtcNow().UtcDateTime;
        t.Store.InTransaction(() => OrgImport.Apply(t.Store, OrgImport.Check(t.Store, TestStore.Templates, Table(SmallCommune), now).Plan!));
        var changed = SmallCommune.Select(r => r.ToArray()).ToArray();
        changed[1][6] = "10";                 // thôn Bắc meets on the 10th
        changed[5][3] = "cb-truong-tl";       // Lộc moves to the school
        changed[4][9] = "";                   // Hằng is no longer deputy
        var (plan, errors) = OrgImport.Check(t.Store, TestStore.Templates, Table(changed), now);
        Assert.Empty(errors);
        Assert.Equal(0, plan!.NewCells.Count + plan.NewMembers.Count + plan.NewUnits.Count);
        Assert.Equal(["Chi bộ thôn Bắc: ngày họp 5 → 10", "Đ/c Mai Thị Hằng: vai trò phó bí thư → (trống)",
            "Đ/c Đinh Văn Lộc: chi bộ Chi bộ thôn Bắc → Chi bộ Trường Tiểu học Tân Lập"], plan.Changes);
        t.Store.InTransaction(() => OrgImport.Apply(t.Store, plan));
        var loc = t.Store.Members.FindById("tl-03");
        Assert.Equal("cb-truong-tl", loc.CellId);
        Assert.False(loc.Has(Role.Member, "cb-thon-bac"));
        Assert.False(t.Store.Members.FindById("tl-02").Has(Role.Deputy));
        Assert.Equal(10, t.Store.Cells.FindById("cb-thon-bac").MeetingDay);
    }

    [Fact]
    public void Every_bad_row_is_reported_by_row_and_column_and_nothing_is_planned()
    {
        using var t = new TestStore();
        var (plan, errors) = OrgImport.Check(t.Store, TestStore.Templates, Table(
            ["Đơn vị", "xa-a", "Xã A", "khong-co", "", "", "", "", "", "", ""],
            ["Chi bộ", "cb a", "Chi bộ A", "xa-a", "", "nhà máy", "32", "25:00", "", "", ""],
            ["Đảng viên", "a-1", "", "cb-x", "", "", "", "", "", "trưởng", "tạm"],
            ["Nhóm", "a-2", "Ai đó", "cb-x", "", "", "", "", "", "", ""],
            ["", "", "", "", "", "", "", "", "", "", ""],
            ["Đảng viên", "a-3", "Bí thư Một", "cb-thon-dong", "", "", "", "", "", "bí thư", ""],
            ["Đơn vị", "xa-a", "Xã A lần hai", "", "", "", "", "", "", "", ""]), t.Clock.GetUtcNow().UtcDateTime);
        Assert.Null(plan);
        Assert.Equal(
        [
            "Dòng 2, cột D (Thuộc): không có đơn vị mã \"khong-co\" (trong tệp hay trong danh sách hiện có).",
            "Dòng 3, cột B (Mã): mã \"cb a\" chỉ được gồm chữ không dấu, số, - và _ (tối đa 40 ký tự).",
            "Dòng 3, cột F (Loại hình): không rõ loại hình \"nhà máy\". Ghi một trong: Chi bộ thôn, tổ dân phố; Chi bộ cơ quan hành chính; Chi bộ đơn vị sự nghiệp (trường học, bệnh viện…); Chi bộ lực lượng vũ trang; Chi bộ doanh nghiệp; Chi bộ loại hình khác.",
            "Dòng 3, cột G (Ngày họp): ngày họp \"32\" phải là số từ 1 đến 31.",
            "Dòng 3, cột H (Giờ họp): giờ họp \"25:00\" không hiểu được; ghi ví dụ 19:30.",
            "Dòng 4, cột C (Tên): chưa có tên.",
            "Dòng 4, cột J (Vai trò): vai trò \"trưởng\" phải là bí thư, phó bí thư hoặc để trống.",
            "Dòng 4, cột K (Tình trạng): tình trạng \"tạm\" phải là chính thức, dự bị hoặc miễn sinh hoạt.",
            "Dòng 5, cột A (Loại): \"Nhóm\" không phải Đơn vị, Chi bộ hay Đảng viên.",
            "Dòng 7, cột J (Vai trò): chi bộ \"cb-thon-dong\" đang có bí thư Đ/c Nguyễn Văn An (mã an); sửa vai trò của đồng chí ấy trong tệp trước.",
            "Dòng 8, cột B (Mã): mã \"xa-a\" đã dùng ở dòng 2.",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_file_without_the_required_columns_or_moving_a_cell_is_refused()
    {
        using var t = new TestStore();
        var now = t.Clock.GetUtcNow().UtcDateTime;
        var (_, missing) = OrgImport.Check(t.Store, TestStore.Templates, [["Họ tên", "Chi bộ"], ["Nguyễn Văn A", "thôn Đông"]], now);
        Assert.Equal("Dòng 1: thiếu cột \"Loại\", \"Mã\", \"Tên\", \"Thuộc\". Dòng đầu là tiêu đề; tải mẫu bằng /mau.", Assert.Single(missing).ToString());
        var (_, empty) = OrgImport.Check(t.Store, TestStore.Templates, [], now);
        Assert.StartsWith("Dòng 1: tệp không có dữ liệu.", Assert.Single(empty).ToString());
        var (_, moved) = OrgImport.Check(t.Store, TestStore.Templates,
            Table(["Đơn vị", "xa-moi", "Xã Mới", "", "", "", "", "", "", "", ""], ["Chi bộ", "cb-thon-dong", "Chi bộ thôn Đông", "xa-moi", "", "thôn", "3", "19:30", "", "", ""]), now);
        Assert.Contains("chưa chuyển được chi bộ sang đơn vị khác bằng tệp", Assert.Single(moved).Message);
    }

    [Fact]
    public void The_export_reads_back_as_an_import_that_changes_nothing()
    {
        using var t = new TestStore();
        var sheet = OrgExport.Sheet(t.Store, TestStore.Templates);
        Assert.Equal([.. Header, "Ngày sinh", "Ngày vào Đảng", "Ngày chính thức", "Số thẻ"], sheet.Headers);
        List<IReadOnlyList<string>> table = [sheet.Headers, .. sheet.Rows.Select(r => r.Select(v => v?.ToString() ?? "").ToList())];
        var (plan, errors) = OrgImport.Check(t.Store, TestStore.Templates, table, t.Clock.GetUtcNow().UtcDateTime);
        Assert.Empty(errors);
        Assert.True(plan!.IsEmpty);
        Assert.Equal(sheet.Rows.Count, plan.Unchanged);
        Assert.Contains(sheet.Rows, r => (string?)r[1] == "an" && (string?)r[9] == "bí thư" && (string?)r[3] == "cb-thon-dong");
    }
}
