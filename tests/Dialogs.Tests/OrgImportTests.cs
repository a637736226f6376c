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
        Assert.Equal(["Chi bộ thôn Bắc: ngày họp 5 → 10; buổi tháng 11/2026, 12/2026 theo lịch mới (nhóm chi bộ đã được báo ngày cũ được báo lại)", "Đ/c Mai Thị Hằng: vai trò phó bí thư → (trống)",
            "Đ/c Đinh Văn Lộc: chi bộ Chi bộ thôn Bắc → Chi bộ Trường Tiểu học Tân Lập"], plan.Changes);
        t.Store.InTransaction(() => OrgImport.Apply(t.Store, plan));
        var loc = t.Store.Members.FindById("tl-03");
        Assert.Equal("cb-truong-tl", loc.CellId);
        Assert.False(loc.Has(Role.Member, "cb-thon-bac"));
        Assert.False(t.Store.Members.FindById("tl-02").Has(Role.Deputy));
        Assert.Equal(10, t.Store.Cells.FindById("cb-thon-bac").MeetingDay);
    }

    [Fact]
    public void A_suspension_in_the_file_is_recorded_from_its_decisions_day_and_an_empty_cell_does_not_end_one()
    {
        using var t = new TestStore(); // 03/11/2026 21:30
        var now = t.Clock.GetUtcNow().UtcDateTime;
        string[] header = [.. Header, "Đình chỉ sinh hoạt"];
        List<IReadOnlyList<string>> With(Func<int, string> suspension) =>
            [header, .. SmallCommune.Select((r, i) => (IReadOnlyList<string>)[.. r, suspension(i)])];
        var (plan, errors) = OrgImport.Check(t.Store, TestStore.Templates, With(i => i == 5 ? "QĐ 20-QĐ/ĐU ngày 28/10/2026" : ""), now, by: "admin");
        Assert.Empty(errors);
        t.Store.InTransaction(() => OrgImport.Apply(t.Store, plan!));
        var loc = t.Store.Members.FindById("tl-03");
        Assert.Equal(("QĐ 20-QĐ/ĐU ngày 28/10/2026", new DateTime(2026, 10, 28), "admin"), (loc.Suspension!.Decision, loc.Suspension.Since, loc.Suspension.RecordedBy));
        Assert.Contains(loc.History, e => e.What == "đình chỉ sinh hoạt đảng" && e.Decision == "QĐ 20-QĐ/ĐU ngày 28/10/2026" && e.By == "admin");
        Assert.True(loc.SuspendedOn(new DateTime(2026, 11, 5)));

        // The export holds it: imported again, nothing changes.
        var exported = OrgExport.Sheet(t.Store, TestStore.Templates);
        var at = exported.Headers.ToList().IndexOf("Đình chỉ sinh hoạt");
        Assert.Equal("QĐ 20-QĐ/ĐU ngày 28/10/2026", exported.Rows.Single(r => (string?)r[1] == "tl-03")[at]);
        var (again, _) = OrgImport.Check(t.Store, TestStore.Templates, With(i => i == 5 ? "QĐ 20-QĐ/ĐU ngày 28/10/2026" : ""), now);
        Assert.True(again!.IsEmpty);
        Assert.Empty(again.Warnings);

        // An empty cell does not end it (its end has its own decision), another decision does not replace it: the preview says so.
        var (emptied, _) = OrgImport.Check(t.Store, TestStore.Templates, With(_ => ""), now);
        Assert.True(emptied!.IsEmpty);
        Assert.Contains(emptied.Warnings, w => w.StartsWith("Đ/c Đinh Văn Lộc đang bị đình chỉ sinh hoạt đảng (QĐ 20-QĐ/ĐU ngày 28/10/2026)") && w.EndsWith("/dangvien Đinh Văn Lộc hetdinhchi."));
        var (other, _) = OrgImport.Check(t.Store, TestStore.Templates, With(i => i == 5 ? "QĐ 99-QĐ/ĐU ngày 01/11/2026" : ""), now);
        Assert.True(other!.IsEmpty);
        Assert.Contains(other.Warnings, w => w.Contains("giữ như đã ghi trong bot"));

        // Dated before the admission the bot holds (the file has no such column): said, not recorded.
        var nhung = t.Store.Members.FindById("tl-04");
        nhung.AdmittedOn = new DateTime(2020, 5, 19);
        t.Store.InTransaction(() => t.Store.Members.Update(nhung));
        var (early, _) = OrgImport.Check(t.Store, TestStore.Templates, With(i => i switch { 5 => "QĐ 20-QĐ/ĐU ngày 28/10/2026", 6 => "QĐ 5-QĐ/ĐU ngày 02/01/2019", _ => "" }), now);
        Assert.True(early!.IsEmpty);
        Assert.Contains("Đ/c Hà Thị Nhung: ngày 02/01/2019 trong quyết định QĐ 5-QĐ/ĐU ngày 02/01/2019 trước ngày vào Đảng 19/05/2020; không ghi.", early.Warnings);

        // A decision dated ahead, on a day that does not exist, or before the member joined the Party is refused.
        var (_, bad) = OrgImport.Check(t.Store, TestStore.Templates, With(i => i switch
        {
            3 => "QĐ 21-QĐ/ĐU ngày 20/11/2026",
            4 => "QĐ 22-QĐ/ĐU ngày 31/02/2026",
            _ => "",
        }), now);
        Assert.Equal(["Dòng 5, cột L (Đình chỉ sinh hoạt): ngày 20/11/2026 trong quyết định chưa đến.",
            "Dòng 6, cột L (Đình chỉ sinh hoạt): ngày 31/02/2026 trong quyết định không có thật."], bad.Select(e => e.ToString()));
    }

    [Fact]
    public void A_changed_cell_keeps_what_the_file_does_not_hold()
    {
        using var t = new TestStore();
        var now = t.Clock.GetUtcNow().UtcDateTime;
        t.Store.InTransaction(() => OrgImport.Apply(t.Store, OrgImport.Check(t.Store, TestStore.Templates, Table(SmallCommune), now).Plan!));
        // What the bot records on a cell beside the file's columns: the dues book, its collector, the committee's minimum length.
        var bac = t.Store.Cells.FindById("cb-thon-bac");
        (bac.DuesSince, bac.DuesCollectorId, bac.MinMinutes, bac.MinMinutesBasis) = ("2026-01", "tl-02", 60, "Công văn 15-CV/ĐU ngày 02/12/2026");
        t.Store.InTransaction(() => t.Store.Cells.Update(bac));
        var changed = SmallCommune.Select(r => r.ToArray()).ToArray();
        changed[1][8] = "Hội trường thôn Bắc"; // a new venue
        var (plan, errors) = OrgImport.Check(t.Store, TestStore.Templates, Table(changed), now);
        Assert.Empty(errors);
        t.Store.InTransaction(() => OrgImport.Apply(t.Store, plan!));
        var after = t.Store.Cells.FindById("cb-thon-bac");
        Assert.Equal(("Hội trường thôn Bắc", "2026-01", "tl-02", (int?)60, "Công văn 15-CV/ĐU ngày 02/12/2026"),
            (after.Venue, after.DuesSince, after.DuesCollectorId, after.MinMinutes, after.MinMinutesBasis));
    }

    [Fact]
    public void A_schedule_changed_in_the_file_moves_the_coming_meetings_as_the_command_does()
    {
        using var t = new TestStore(); // 03/11/2026 21:30
        var now = t.Clock.GetUtcNow().UtcDateTime;
        t.Store.InTransaction(() => OrgImport.Apply(t.Store, OrgImport.Check(t.Store, TestStore.Templates, Table(SmallCommune), now).Plan!));
        List<string> Import(string day)
        {
            var changed = SmallCommune.Select(r => r.ToArray()).ToArray();
            changed[1][6] = day;
            var plan = OrgImport.Check(t.Store, TestStore.Templates, Table(changed), now).Plan!;
            t.Store.InTransaction(() => OrgImport.Apply(t.Store, plan));
            return plan.Changes;
        }
        // Day 5 → 7: November's meeting (05/11, still to come, perhaps told) follows, marked so members told of the 5th hear of it.
        Assert.Contains("Chi bộ thôn Bắc: ngày họp 5 → 7; buổi tháng 11/2026, 12/2026 theo lịch mới (nhóm chi bộ đã được báo ngày cũ được báo lại)", Import("7"));
        var bac = t.Store.Cells.FindById("cb-thon-bac")!;
        Assert.Equal((7, new DateTime(2026, 11, 7, 19, 0, 0)), (bac.MeetingDay, bac.MeetingIn(2026, 11)));
        Assert.Equal((true, "2026-11-05 19:00"), (bac.MovedIn(2026, 11)!.Rescheduled, bac.MovedIn(2026, 11)!.Before));
        // Then 7 → 2: the 2nd has passed this month, so November keeps the 7th (not late); December follows the new day.
        Assert.Contains("Chi bộ thôn Bắc: ngày họp 7 → 2; buổi tháng 12/2026 theo lịch mới (nhóm chi bộ đã được báo ngày cũ được báo lại); buổi tháng 11/2026 vẫn họp 07/11/2026 (ngày mới đã qua)", Import("2"));
        bac = t.Store.Cells.FindById("cb-thon-bac")!;
        Assert.Equal((new DateTime(2026, 11, 7, 19, 0, 0), new DateTime(2026, 12, 2, 19, 0, 0)), (bac.MeetingIn(2026, 11), bac.MeetingIn(2026, 12)));
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
            "Dòng 3, cột F (Loại hình): không rõ loại hình \"nhà máy\". Ghi một trong: Chi bộ thôn, tổ dân phố (khu dân cư); Chi bộ cơ quan hành chính; Chi bộ đơn vị sự nghiệp (trường học, bệnh viện…); Chi bộ lực lượng vũ trang (quân đội, công an); Chi bộ doanh nghiệp; Chi bộ loại hình khác.",
            "Dòng 3, cột G (Ngày họp): ngày họp \"32\" phải là số từ 1 đến 31, hoặc thứ và tuần trong tháng (ví dụ: thứ 7 đầu tiên).",
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
        Assert.Equal("Dòng 1: thiếu cột \"Loại\", \"Mã\", \"Tên\", \"Thuộc\". Dòng tiêu đề của bảng ghi tên các cột; tải mẫu bằng /mau.", Assert.Single(missing).ToString());
        var (_, empty) = OrgImport.Check(t.Store, TestStore.Templates, [], now);
        Assert.StartsWith("Dòng 1: tệp không có dữ liệu.", Assert.Single(empty).ToString());
        var (_, moved) = OrgImport.Check(t.Store, TestStore.Templates,
            Table(["Đơn vị", "xa-moi", "Xã Mới", "", "", "", "", "", "", "", ""], ["Chi bộ", "cb-thon-dong", "Chi bộ thôn Đông", "xa-moi", "", "thôn", "3", "19:30", "", "", ""]), now);
        Assert.Contains("chưa chuyển được chi bộ sang đơn vị khác bằng tệp", Assert.Single(moved).Message);
    }

    [Fact]
    public void A_title_block_above_the_header_is_skipped_and_rows_are_numbered_as_the_sheet_shows()
    {
        using var t = new TestStore();
        List<IReadOnlyList<string>> table = [["DANH SÁCH TỔ CHỨC ĐẢNG BỘ XÃ TÂN LẬP", "", ""], ["(kèm Công văn số 12-CV/ĐU)"], [], Header, .. SmallCommune];
        var (plan, errors) = OrgImport.Check(t.Store, TestStore.Templates, table, t.Clock.GetUtcNow().UtcDateTime);
        Assert.Empty(errors);
        Assert.Equal((1, 2), (plan!.NewUnits.Count, plan.NewCells.Count));
        table[5] = ["Chi bộ", "cb-thon-bac", "Chi bộ thôn Bắc", "xa-tan-lap", "", "thôn", "45", "19h", "", "", ""]; // meeting day 45, on sheet row 6
        var (_, bad) = OrgImport.Check(t.Store, TestStore.Templates, table, t.Clock.GetUtcNow().UtcDateTime);
        Assert.StartsWith("Dòng 6, cột G (Ngày họp):", bad[0].ToString());
    }

    [Fact]
    public void One_bad_cell_row_gives_one_error_that_counts_its_members_not_an_error_per_member()
    {
        using var t = new TestStore();
        string[][] rows = [.. SmallCommune.Select(r => r[1] == "cb-thon-bac" ? ["Chi bộ", "cb-thon-bac", "Chi bộ thôn Bắc", "xa-tan-lap", "", "nông trường", "5", "19h", "", "", ""] : r)];
        var (plan, errors) = OrgImport.Check(t.Store, TestStore.Templates, Table(rows), t.Clock.GetUtcNow().UtcDateTime);
        Assert.Null(plan);
        var members = SmallCommune.Count(r => r[3] == "cb-thon-bac");
        Assert.Equal(2, errors.Count); // the cell type, and how many rows wait for the row
        Assert.Contains("không rõ loại hình \"nông trường\"", errors[0].Message);
        Assert.Equal($"{members} dòng ghi thuộc mã \"cb-thon-bac\" chờ dòng này được sửa.", errors[1].Message);
        Assert.Equal(errors[0].Row, errors[1].Row);
    }

    [Fact]
    public void Warnings_name_what_to_check_and_the_preview_lists_what_the_file_leaves_out()
    {
        using var t = new TestStore();
        var now = t.Clock.GetUtcNow().UtcDateTime;
        string[][] rows =
        [
            ["Đơn vị", "huyen-cu", "Đảng bộ huyện Cũ", "tinh-hung-yen", "Huyện ủy", "", "", "", "", "", ""],
            ["Chi bộ", "cb-thon-dong-2", "Chi bộ thôn Đông", "xa-yen-my", "", "thôn", "", "", "", "", ""],
            ["Đảng viên", "dv-caps", "NGUYỄN THỊ HỒNG", "cb-thon-dong-2", "", "", "", "", "", "bí thư", "miễn sinh hoạt"],
            ["Đảng viên", "cb-thon-dong", "x", "cb-thon-dong", "", "", "", "", "", "", ""],
        ];
        // "Nguyễn Văn An" already sits in Chi bộ thôn Đông with his card number; the file puts the same card in the new cell.
        var an = t.Store.Members.FindById("an")!;
        an.CardNumber = "01234567";
        t.Store.Members.Update(an);
        List<IReadOnlyList<string>> table = [[.. Header, "Số thẻ"], .. rows.Select(r => (IReadOnlyList<string>)[.. r, ""])];
        table[3] = [.. rows[2], "01234567"];
        table.RemoveAt(4); // keep one member row
        var (plan, errors) = OrgImport.Check(t.Store, TestStore.Templates, table, now);
        Assert.Empty(errors);
        Assert.Equal("Nguyễn Thị Hồng", plan!.NewMembers.Single().Name); // written with each word capitalised
        Assert.Contains("1 tên viết hoa toàn bộ sẽ ghi là: NGUYỄN THỊ HỒNG → Nguyễn Thị Hồng.", plan.Warnings);
        Assert.Contains(plan.Warnings, w => w.StartsWith("Hai chi bộ cùng tên \"Chi bộ thôn Đông\" (mã cb-thon-dong-2, cb-thon-dong)"));
        Assert.Contains("Đ/c Nguyễn Thị Hồng / Nguyễn Văn An có ở 2 chi bộ (Chi bộ thôn Đông, mã dv-caps; Chi bộ thôn Đông, mã an), cùng số thẻ 01234567: một đảng viên sinh hoạt ở một chi bộ (chuyển sinh hoạt: /dangvien … chuyen).", plan.Warnings);
        Assert.Contains(plan.Warnings, w => w.Contains("là bí thư nhưng ghi miễn sinh hoạt"));
        Assert.Contains(plan.Warnings, w => w.StartsWith("Đảng bộ huyện Cũ (dòng 2) là cấp huyện"));

        // An existing cell listed with one of its members: the others are named as kept.
        var (partial, _) = OrgImport.Check(t.Store, TestStore.Templates, Table(
            ["Chi bộ", "cb-thon-dong", "Chi bộ thôn Đông", "xa-yen-my", "", "thôn", "3", "19:30", "Nhà văn hóa thôn Đông", "", ""],
            ["Đảng viên", "an", "Nguyễn Văn An", "cb-thon-dong", "", "", "", "", "", "bí thư", ""]), now);
        var kept = Assert.Single(partial!.NotInFile);
        Assert.StartsWith($"Chi bộ thôn Đông: {t.Store.CellMembers("cb-thon-dong").Count - 1} đảng viên (", kept);
    }

    [Fact]
    public void A_cell_meeting_on_a_weekday_of_the_month_is_read_written_and_read_back()
    {
        using var t = new TestStore();
        var now = t.Clock.GetUtcNow().UtcDateTime;
        var rows = SmallCommune.Select(r => r.ToArray()).ToArray();
        rows[1][6] = "Thứ 7 đầu tiên";      // thôn Bắc: the first Saturday
        rows[2][6] = "thu hai cuoi cung";   // the school: the last Monday, typed without diacritics
        var (plan, errors) = OrgImport.Check(t.Store, TestStore.Templates, Table(rows), now);
        Assert.Empty(errors);
        t.Store.InTransaction(() => OrgImport.Apply(t.Store, plan!));
        Assert.Equal(new DateTime(2027, 1, 2, 19, 0, 0), t.Store.Cells.FindById("cb-thon-bac").MeetingIn(2027, 1));
        Assert.Equal(new DateTime(2027, 2, 22, 16, 30, 0), t.Store.Cells.FindById("cb-truong-tl").MeetingIn(2027, 2));

        var sheet = OrgExport.Sheet(t.Store, TestStore.Templates);
        Assert.Contains(sheet.Rows, r => (string?)r[1] == "cb-thon-bac" && (string?)r[6] == "thứ 7 đầu tiên");
        List<IReadOnlyList<string>> table = [sheet.Headers, .. sheet.Rows.Select(r => r.Select(v => v?.ToString() ?? "").ToList())];
        Assert.True(OrgImport.Check(t.Store, TestStore.Templates, table, now).Plan!.IsEmpty);

        rows[1][6] = "5";                   // back to a day of the month
        rows[2][6] = "thứ 2";               // which Monday?
        var (_, bad) = OrgImport.Check(t.Store, TestStore.Templates, Table(rows), now);
        Assert.Equal(["Dòng 4, cột G (Ngày họp): ngày họp \"thứ 2\" phải là số từ 1 đến 31, hoặc thứ và tuần trong tháng (ví dụ: thứ 7 đầu tiên)."], bad.Select(e => e.ToString()));
        rows[2][6] = "thứ 2 cuối cùng";
        var (back, _) = OrgImport.Check(t.Store, TestStore.Templates, Table(rows), now);
        Assert.Equal(["Chi bộ thôn Bắc: ngày họp thứ 7 đầu tiên → 5; buổi tháng 11/2026 theo lịch mới (nhóm chi bộ đã được báo ngày cũ được báo lại)"], back!.Changes);
        t.Store.InTransaction(() => OrgImport.Apply(t.Store, back));
        Assert.Null(t.Store.Cells.FindById("cb-thon-bac").MeetingWeekday);
        Assert.Equal(new DateTime(2027, 1, 5, 19, 0, 0), t.Store.Cells.FindById("cb-thon-bac").MeetingIn(2027, 1));
    }

    [Fact]
    public void The_export_reads_back_as_an_import_that_changes_nothing()
    {
        using var t = new TestStore();
        var sheet = OrgExport.Sheet(t.Store, TestStore.Templates);
        Assert.Equal([.. Header, "Ngày sinh", "Ngày vào Đảng", "Ngày chính thức", "Số thẻ", "Đình chỉ sinh hoạt"], sheet.Headers);
        List<IReadOnlyList<string>> table = [sheet.Headers, .. sheet.Rows.Select(r => r.Select(v => v?.ToString() ?? "").ToList())];
        var (plan, errors) = OrgImport.Check(t.Store, TestStore.Templates, table, t.Clock.GetUtcNow().UtcDateTime);
        Assert.Empty(errors);
        Assert.True(plan!.IsEmpty);
        Assert.Equal(sheet.Rows.Count, plan.Unchanged);
        Assert.Contains(sheet.Rows, r => (string?)r[1] == "an" && (string?)r[9] == "bí thư" && (string?)r[3] == "cb-thon-dong");
    }
}
