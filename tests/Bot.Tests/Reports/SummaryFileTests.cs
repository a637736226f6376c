using ChiBo.Bot.Reports;
using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Domain;

namespace ChiBo.Bot.Tests.Reports;

/// <summary>/tonghop excel and /tonghop biểu đồ: real files, read back.</summary>
public sealed class SummaryFileTests : IDisposable
{
    readonly ScriptHost _host = new(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.FromHours(7)));

    public SummaryFileTests() => _host.SeedHistory();
    public void Dispose() => _host.Dispose();

    async Task<string> FileFor(string command)
    {
        await _host.SendAsync("dung", "dung", false, command);
        var reply = _host.TakeNew().Last(r => r.Chat == "dung");
        var path = ((Dialogs.Storage.OutboxMessage)reply.Native).FilePath;
        Assert.NotNull(path);
        Assert.True(File.Exists(path), path);
        return path;
    }

    [Fact]
    public async Task The_workbook_has_a_sheet_per_view_with_Vietnamese_headers_and_the_quarters_rows()
    {
        var path = await FileFor("/tonghop quý 3 excel");
        using var book = new WorkbookReader(path);
        Assert.Equal(["Tổng hợp", "Chi bộ", "Buổi sinh hoạt", "Đảng viên dự bị", "Điểm Sổ tay", "Mục tiêu", "Cấp ủy viên cấp trên dự họp"], book.SheetNames);
        var (probation, _) = book.Table("Đảng viên dự bị"); // Đ/c Tuấn, whose admission day is not recorded
        Assert.Equal(("Đỗ Văn Tuấn", "Chi bộ thôn Đông", "Chưa ghi ngày kết nạp"), ((string)probation.Single()["Họ và tên"]!, (string)probation[0]["Chi bộ"]!, (string)probation[0]["Tình trạng"]!));
        // Công ty May, an enterprise cell asked 30 Sổ tay points a month, recorded every member's points of the quarter; Đ/c Hải fell short twice.
        var (handbook, _) = book.Table("Điểm Sổ tay");
        var may = handbook.Single();
        Assert.Equal(("Chi bộ Công ty May Yên Mỹ", 0.0, 2.0, "Ngô Văn Hải (07/2026: 28/30, 09/2026: 27/30)"),
            ((string)may["Chi bộ"]!, Convert.ToDouble(may["Số lượt chưa ghi điểm"]), Convert.ToDouble(may["Số lượt dưới mức tối thiểu"]), (string)may["Đảng viên dưới mức (tháng: điểm/mức)"]!));

        var overview = Overview(book);
        Assert.Equal("Đảng bộ xã Yên Mỹ", overview["Đơn vị"]);
        Assert.Equal("quý III/2026", overview["Kỳ"]);
        Assert.Equal(new DateTime(2026, 12, 5), overview["Số liệu đến ngày"]);
        Assert.Equal(4.0, Convert.ToDouble(overview["Số chi bộ"]));
        Assert.Equal(11.0, Convert.ToDouble(overview["Số buổi sinh hoạt"]));
        Assert.Equal(5.0, Convert.ToDouble(overview["Xếp loại Tốt"])); // August: 83,3% attendance cannot be "Tốt"

        var (meetings, meetingTotals) = book.Table("Buổi sinh hoạt");
        Assert.Equal(11, meetings.Count);
        var july = meetings.Single(r => (string)r["Chi bộ"]! == "Chi bộ thôn Đông" && (DateTime)r["Ngày"]! == new DateTime(2026, 7, 3));
        Assert.Equal("Thường kỳ + chuyên đề", july["Loại"]);
        Assert.Equal(88.0, Convert.ToDouble(july["Điểm"]));
        Assert.Equal("Khá", july["Xếp loại"]);
        // The totals row: sums of the people, the period's weighted attendance and score (as in the overview).
        Assert.Equal(("Tổng cộng (11 buổi)", 39.0, 37.0, 95.5, 88.4), ((string)meetingTotals!["Chi bộ"]!, (double)meetingTotals["Triệu tập"]!, (double)meetingTotals["Có mặt"]!,
            (double)meetingTotals["Tỷ lệ dự (%)"]!, (double)meetingTotals["Điểm"]!));
        Assert.Equal((95.5, 88.4), ((double)overview["Tỷ lệ dự bình quân (%)"]!, (double)overview["Điểm bình quân"]!));

        var (cells, cellTotals) = book.Table("Chi bộ");
        Assert.Equal("Chậm 1 tháng: 09/2026", cells.Single(r => (string)r["Chi bộ"]! == "Chi bộ Công ty May Yên Mỹ")["Sinh hoạt thường kỳ"]);
        Assert.Equal(("Tổng cộng (4 chi bộ)", 11.0, "Đủ 3/4"), ((string)cellTotals!["Chi bộ"]!, (double)cellTotals["Số buổi"]!, (string)cellTotals["Sinh hoạt thường kỳ"]!));
        var (staff, _) = book.Table("Cấp ủy viên cấp trên dự họp");
        Assert.Equal(3, staff.Count(r => (string)r["Tình trạng"]! == "Quá hạn"));
        Assert.All(staff, r => Assert.IsType<DateTime>(r["Ngày họp"]));
    }

    [Fact]
    public async Task The_workbook_prints_as_a_report_to_send_upward()
    {
        var path = await FileFor("/tonghop quý 3 excel");
        using var book = new WorkbookReader(path);
        foreach (var name in book.SheetNames)
        {
            var sheet = book.Sheet(name);
            var header = book.HeaderRow(name);
            // The header block: the upper committee and the unit left, the Party's name and the date right, then the title, period, preparer.
            Assert.Equal(("ĐẢNG BỘ TỈNH HƯNG YÊN", "ĐẢNG BỘ XÃ YÊN MỸ"), (book.Text(name, 1, 0), book.Text(name, 2, 0)));
            var right = book.Row(name, 1).OfType<string>().Last();
            Assert.Equal("ĐẢNG CỘNG SẢN VIỆT NAM", right);
            Assert.Contains("ngày 05 tháng 12 năm 2026", book.Row(name, 2).OfType<string>().Last());
            var block = Enumerable.Range(1, header - 1).SelectMany(r => book.Row(name, r).OfType<string>()).ToList();
            Assert.Contains("Quý III/2026 (số liệu đến ngày 05/12/2026)", block);
            Assert.Contains("Người lập: Đ/c Phạm Thị Dung", block);
            Assert.NotEmpty(sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.MergeCell>());

            // Every column has its own width, at least as wide as the header's longest word.
            var headers = book.Row(name, header).Cast<string>().ToList();
            var widths = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Column>().ToList();
            Assert.Equal(headers.Count, widths.Count);
            Assert.All(widths.Zip(headers), x => Assert.True(x.First.CustomWidth! && x.First.Width! >= x.Second.Split(' ').Max(w => w.Length), $"{name}: {x.Second}"));

            // Printing: A4, fitted to the page's width (any number of pages down), landscape when the table is wide, header row repeated.
            var setup = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.PageSetup>().Single();
            Assert.Equal((9u, 1u, 0u), (setup.PaperSize!.Value, setup.FitToWidth!.Value, setup.FitToHeight!.Value));
            Assert.True(sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.PageSetupProperties>().Single().FitToPage!);
            Assert.Equal(widths.Sum(w => w.Width!) > 90 ? DocumentFormat.OpenXml.Spreadsheet.OrientationValues.Landscape : DocumentFormat.OpenXml.Spreadsheet.OrientationValues.Portrait,
                setup.Orientation!.Value);
            Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.PaneStateValues.Frozen, sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Pane>().Single().State!.Value);
        }
        Assert.Equal("Tổng hợp", book.SheetNames[0]);
        Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.OrientationValues.Landscape,
            book.Sheet("Buổi sinh hoạt").Descendants<DocumentFormat.OpenXml.Spreadsheet.PageSetup>().Single().Orientation!.Value);
        Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.OrientationValues.Portrait,
            book.Sheet("Tổng hợp").Descendants<DocumentFormat.OpenXml.Spreadsheet.PageSetup>().Single().Orientation!.Value);
        Assert.Equal(book.SheetNames.Count, book.PrintTitles.Count);
        Assert.Contains($"'Buổi sinh hoạt'!${book.HeaderRow("Buổi sinh hoạt")}:${book.HeaderRow("Buổi sinh hoạt")}", book.PrintTitles);
    }

    [Fact]
    public async Task A_cells_workbook_lists_its_meetings_and_each_members_attendance_over_the_period()
    {
        using var book = new WorkbookReader(await FileFor("/tonghop thôn Đông quý 4 excel"));
        Assert.Equal(["Buổi sinh hoạt", "Đảng viên"], book.SheetNames);
        var (meetings, totals) = book.Table("Buổi sinh hoạt");
        Assert.Equal([new DateTime(2026, 10, 3), new DateTime(2026, 11, 3), new DateTime(2026, 12, 3)], meetings.Select(r => (DateTime)r["Ngày"]!));
        Assert.Equal("Không sinh hoạt (chậm)", meetings[2]["Loại"]);
        Assert.Equal(("Thường kỳ 2/3 tháng", 12.0, 10.0, 83.3, 85.5), ((string)totals!["Loại"]!, (double)totals["Triệu tập"]!, (double)totals["Có mặt"]!, (double)totals["Tỷ lệ dự (%)"]!, (double)totals["Điểm"]!));

        var (members, memberTotals) = book.Table("Đảng viên");
        Assert.Equal(7, members.Count);
        var lan = members.Single(r => (string)r["Họ và tên"]! == "Phạm Thị Lan");
        Assert.Equal((2.0, 1.0, 1.0), ((double)lan["Số buổi được triệu tập"]!, (double)lan["Có mặt"]!, (double)lan["Vắng không lý do"]!));
        var kien = members.Single(r => (string)r["Họ và tên"]! == "Hoàng Văn Kiên"); // exempt, stayed away: not summoned
        Assert.Equal(("miễn sinh hoạt", 0.0), ((string)kien["Tình trạng"]!, (double)kien["Số buổi được triệu tập"]!));
        Assert.Equal("Tổng cộng: 7 đảng viên (chính thức 5, dự bị 1, miễn sinh hoạt 1)", memberTotals!["Họ và tên"]);
        Assert.Equal(10.0, memberTotals["Có mặt"]); // the same people as the meetings' totals
    }

    [Fact]
    public async Task An_enterprise_cells_workbook_has_each_members_Sổ_tay_points_a_column_a_month()
    {
        using var book = new WorkbookReader(await FileFor("/tonghop Công ty May quý 3 excel"));
        Assert.Equal(["Buổi sinh hoạt", "Đảng viên", "Điểm Sổ tay"], book.SheetNames);
        var (points, totals) = book.Table("Điểm Sổ tay");
        var hai = points.Single(r => (string)r["Họ và tên"]! == "Ngô Văn Hải"); // 28 in July and 27 in September (the demo's history)
        Assert.Equal((28.0, 33.0, 27.0, 2.0), ((double)hai["Tháng 07/2026"]!, (double)hai["Tháng 08/2026"]!, (double)hai["Tháng 09/2026"]!, (double)hai["Số tháng dưới 30 điểm"]!));
        Assert.Equal(("3 đã ghi", 2.0), ((string)totals!["Tháng 07/2026"]!, (double)totals["Số tháng dưới 30 điểm"]!));
        // A cell whose type asks no minimum has no such sheet (above: thôn Đông's two).
    }

    [Fact]
    public async Task A_month_staff_reported_not_held_says_why_beside_the_late_cell_and_in_the_workbook()
    {
        foreach (var line in new[] { "/baocao thôn Đông", "chi bộ không họp", "Mất điện cả thôn, họp bù ngày 20/12", "Lưu" })
            await _host.SendAsync("dung", "dung", false, line);
        Assert.Contains("Đã lưu báo cáo: Chi bộ thôn Đông không họp", _host.TakeNew().Last(r => r.Chat == "dung").Text);

        await _host.SendAsync("dung", "dung", false, "/tonghop tháng 12");
        Assert.Contains("Chi bộ thôn Đông (không họp: Mất điện cả thôn, họp bù ngày 20/12)", _host.TakeNew().Last().Text);
        using var book = new WorkbookReader(await FileFor("/tonghop tháng 12 excel"));
        var (staff, _) = book.Table("Cấp ủy viên cấp trên dự họp");
        var row = staff.Single(r => (string)r["Chi bộ"]! == "Chi bộ thôn Đông" && (DateTime)r["Ngày họp"]! == new DateTime(2026, 12, 3));
        Assert.Equal(("Đã nộp", "Báo chi bộ không họp: Mất điện cả thôn, họp bù ngày 20/12"), ((string)row["Tình trạng"]!, (string)row["Ghi chú"]!));
    }

    [Fact]
    public async Task A_suspended_member_is_counted_apart_in_the_cells_and_the_units_workbooks()
    {
        await _host.SendAsync("an", "an", false, "/dangvien Minh dinhchi QĐ 20-QĐ/ĐU ngày 01/12/2026");
        Assert.Contains("Đã ghi", _host.TakeNew().Last().Text);
        await _host.SendAsync("dung", "dung", false, "/tonghop thôn Đông");
        Assert.Contains("Đảng viên: 7 (chính thức 5, dự bị 1, miễn sinh hoạt 1; 1 đang bị đình chỉ sinh hoạt đảng)", _host.TakeNew().Last().Text);

        using (var cellBook = new WorkbookReader(await FileFor("/tonghop thôn Đông quý 4 excel")))
        {
            var (members, totals) = cellBook.Table("Đảng viên");
            Assert.Equal("chính thức, đình chỉ sinh hoạt đảng", members.Single(r => (string)r["Họ và tên"]! == "Trần Văn Minh")["Tình trạng"]);
            Assert.Equal("Tổng cộng: 7 đảng viên (chính thức 5, dự bị 1, miễn sinh hoạt 1; 1 đang bị đình chỉ sinh hoạt đảng)", totals!["Họ và tên"]);
        }
        using var book = new WorkbookReader(await FileFor("/tonghop quý 4 excel"));
        var (cells, cellTotals) = book.Table("Chi bộ");
        Assert.Equal(1.0, cells.Single(r => (string)r["Chi bộ"]! == "Chi bộ thôn Đông")["Đang bị đình chỉ sinh hoạt"]);
        Assert.Equal(0.0, cells.Single(r => (string)r["Chi bộ"]! == "Chi bộ Cơ quan UBND xã")["Đang bị đình chỉ sinh hoạt"]);
        Assert.Equal((5.0, 1.0), ((double)cells.Single(r => (string)r["Chi bộ"]! == "Chi bộ thôn Đông")["Đảng viên chính thức"]!, (double)cellTotals!["Đang bị đình chỉ sinh hoạt"]!));
        var (suspended, suspendedTotals) = book.Table("Đình chỉ sinh hoạt");
        var minh = Assert.Single(suspended);
        Assert.Equal(("Trần Văn Minh", "Chi bộ thôn Đông", new DateTime(2026, 12, 1), "QĐ 20-QĐ/ĐU ngày 01/12/2026"),
            ((string)minh["Họ và tên"]!, (string)minh["Chi bộ"]!, (DateTime)minh["Từ ngày"]!, (string)minh["Quyết định"]!));
        Assert.Equal("Tổng cộng (1 đồng chí)", suspendedTotals!["Họ và tên"]);
    }

    [Fact]
    public async Task A_range_names_who_was_absent_without_reason_and_counts_members_by_status()
    {
        await _host.SendAsync("dung", "dung", false, "/tonghop từ 01/06/2026 đến 30/11/2026");
        Assert.Contains("• Vắng không lý do: 2 lượt — Ngô Văn Hải (Chi bộ Công ty May Yên Mỹ) 1 lần, Phạm Thị Lan (Chi bộ thôn Đông) 1 lần", _host.TakeNew().Last().Text);
        using var book = new WorkbookReader(await FileFor("/tonghop từ 01/06/2026 đến 30/11/2026 excel"));
        var (absent, absentTotals) = book.Table("Vắng không lý do");
        Assert.Equal(["Ngô Văn Hải", "Phạm Thị Lan"], absent.Select(r => (string)r["Họ và tên"]!));
        Assert.Equal(2.0, absentTotals!["Số lần vắng không lý do"]);
        var (cells, totals) = book.Table("Chi bộ");
        Assert.Equal((13.0, 1.0, 1.0), ((double)totals!["Đảng viên chính thức"]!, (double)totals["Đảng viên dự bị"]!, (double)totals["Miễn sinh hoạt"]!));
        Assert.Equal((5.0, 1.0, 1.0), ((double)cells.Single(r => (string)r["Chi bộ"]! == "Chi bộ thôn Đông")["Đảng viên chính thức"]!,
            (double)cells.Single(r => (string)r["Chi bộ"]! == "Chi bộ thôn Đông")["Đảng viên dự bị"]!, (double)cells.Single(r => (string)r["Chi bộ"]! == "Chi bộ thôn Đông")["Miễn sinh hoạt"]!));
        Assert.Contains("Từ tháng 06/2026 đến tháng 11/2026 (số liệu đến ngày 05/12/2026)", Enumerable.Range(1, book.HeaderRow("Chi bộ") - 1).SelectMany(r => book.Row("Chi bộ", r).OfType<string>()));
    }

    [Fact]
    public async Task Every_meeting_row_agrees_with_its_attendance_list()
    {
        var path = await FileFor("/tonghop quý 3 excel");
        using var book = new WorkbookReader(path);
        var (rows, _) = book.Table("Buổi sinh hoạt");
        var meetings = _host.Store.Meetings.FindAll().Where(m => m.Month is "2026-07" or "2026-08" or "2026-09").ToList();
        Assert.Equal(meetings.Count, rows.Count);
        foreach (var m in meetings)
        {
            Assert.True(m.NamedAttendance, m.Id); // the demo history is recorded by name
            var t = m.Tally;
            var cell = _host.Store.Cells.FindById(m.CellId)!.Name;
            var row = rows.Single(r => (string)r["Chi bộ"]! == cell && (DateTime)r["Ngày"]! == m.Date.Date);
            Assert.Equal((t.Summoned, t.Present, t.Excused, t.Unexcused),
                (Convert.ToInt32(row["Triệu tập"]), Convert.ToInt32(row["Có mặt"]), Convert.ToInt32(row["Vắng có lý do"]), Convert.ToInt32(row["Vắng không lý do"])));
            Assert.DoesNotContain(m.Attendance, a => a.Status == Dialogs.Domain.MemberStatus.Exempt && a.Presence is Rules.Presence.Excused or Rules.Presence.Unexcused);
            Assert.Equal(t.Voters, m.VotesFor); // full members only
        }
    }

    /// <summary>Two cells added mid-period: one in August (after that month's meeting day), one today (after December's).</summary>
    void AddCellsMidPeriod()
    {
        var unit = _host.Store.Cells.FindById("cb-thon-dong")!;
        foreach (var (id, created) in new[] { ("cb-moi-thang-8", new DateTime(2026, 8, 15)), ("cb-moi-hom-nay", new DateTime(2026, 12, 5)) })
            _host.Store.Cells.Insert(new Dialogs.Domain.Cell
            {
                Id = id, Name = $"Chi bộ {id}", OrgUnitId = unit.OrgUnitId, Path = unit.Path.Replace("cb-thon-dong", id), Type = unit.Type,
                MeetingDay = 3, MeetingTime = "19:30", CreatedAtUtc = TimeZoneInfo.ConvertTimeToUtc(created, Dialogs.Domain.VnClock.Zone),
            });
    }

    [Theory]
    [InlineData("/tonghop tháng 12", 0, 3)]          // December: three cells late (the August one too), two not yet due; the cell added today did not exist on the 3rd
    [InlineData("/tonghop tháng 8", 4, 4)]  // the August cell came after its meeting day: not late, not counted
    [InlineData("/tonghop quý 3", 3, 5)]    // the August cell counts from September
    [InlineData("/tonghop năm 2026", 1, 5)] // one definition for the headline and the target
    public async Task Text_workbook_and_targets_say_the_same_held_every_month(string command, int held, int due)
    {
        AddCellsMidPeriod();
        await _host.SendAsync("dung", "dung", false, command);
        var text = _host.TakeNew().Last().Text;
        var what = command.Contains("tháng") ? "đã sinh hoạt thường kỳ" : "sinh hoạt thường kỳ đủ các tháng";
        Assert.Contains($"• {held}/{due} chi bộ {what}", text);
        Assert.DoesNotContain("cb-moi-hom-nay (", text); // never "late" for a month it did not exist in

        var path = await FileFor(command + " excel");
        using var book = new WorkbookReader(path);
        var overview = Overview(book);
        Assert.Equal((held, due), (Convert.ToInt32(overview[what == "đã sinh hoạt thường kỳ" ? "Chi bộ đã sinh hoạt thường kỳ" : "Chi bộ sinh hoạt thường kỳ đủ các tháng"]),
            Convert.ToInt32(overview["Chi bộ đến lịch sinh hoạt trong kỳ"])));
        var (cells, totals) = book.Table("Chi bộ");
        Assert.Equal(held, cells.Count(r => (string)r["Sinh hoạt thường kỳ"]! == "Đủ"));
        Assert.Equal(due - held, cells.Count(r => ((string)r["Sinh hoạt thường kỳ"]!).StartsWith("Chậm")));
        Assert.Equal($"Đủ {held}/{due}", totals!["Sinh hoạt thường kỳ"]);
        if (text.Contains("Mục tiêu năm"))
        {
            var (goals, _) = book.Table("Mục tiêu");
            var everyMonth = goals.Single(r => (string)r["Mục tiêu"]! == "Chi bộ sinh hoạt thường kỳ đủ các tháng");
            Assert.Equal("chi bộ", everyMonth["Tính theo"]);
            var (met, of) = (Convert.ToInt32(everyMonth["Đạt"]), Convert.ToInt32(everyMonth["Tổng số"]));
            Assert.Contains($"Chi bộ sinh hoạt thường kỳ đủ các tháng: {VnText(met, of)} ({met}/{of})", text);
            if (command.Contains("năm")) Assert.Equal((held, due), (met, of));
        }
    }

    static Dictionary<string, object?> Overview(WorkbookReader book) =>
        book.Table("Tổng hợp").Rows.ToDictionary(r => (string)r["Chỉ tiêu"]!, r => r["Giá trị"]);

    static string VnText(int met, int of) => Dialogs.Text.VnText.Number(of == 0 ? 0 : Math.Round(100m * met / of, 1)) + "%";

    [Fact]
    public async Task The_year_end_ratings_say_the_same_in_text_and_workbook()
    {
        static MemberRating R(string id, string name, string level, string label, MemberStatus status = MemberStatus.Full) =>
            new() { MemberId = id, Name = name, Level = level, LevelLabel = label, Status = status };
        _host.Store.CellReviews.Insert(new CellReview
        {
            Id = CellReview.KeyOf("cb-ubnd-xa", 2026), CellId = "cb-ubnd-xa", Year = 2026, Approved = true, CellLevel = "EXCELLENT", CellLevelLabel = "Hoàn thành xuất sắc nhiệm vụ",
            Ratings = [R("long", "Phan Văn Long", "GOOD", "Hoàn thành tốt nhiệm vụ"), R("mai", "Trịnh Thị Mai", "DONE", "Hoàn thành nhiệm vụ")],
        });
        _host.Store.CellReviews.Insert(new CellReview // recorded, vote not passed: not counted as done
        {
            Id = CellReview.KeyOf("cb-cty-may", 2026), CellId = "cb-cty-may", Year = 2026, Approved = false, CellLevel = "GOOD", CellLevelLabel = "Hoàn thành tốt nhiệm vụ",
            Ratings = [R("cuong", "Lê Văn Cường", "EXCELLENT", "Hoàn thành xuất sắc nhiệm vụ"), R("hai", "Ngô Văn Hải", "GOOD", "Hoàn thành tốt nhiệm vụ"), R("yen", "Đinh Thị Yến", "GOOD", "Hoàn thành tốt nhiệm vụ")],
        });
        _host.Store.SelfReviews.Insert(new SelfReview { Id = SelfReview.KeyOf("mai", 2026), MemberId = "mai", CellId = "cb-ubnd-xa", Year = 2026, ProposedLevel = "GOOD" });

        await _host.SendAsync("dung", "dung", false, "/tonghop năm 2026 xếp loại");
        var text = _host.TakeNew().Last().Text;
        Assert.Contains("1/4 chi bộ đã thông qua kết quả", text);
        Assert.Contains("• Chi bộ Cơ quan UBND xã: đã thông qua — HTXS 0 · HTT 1 · HT 1 · KHT 0; giới hạn 20% xuất sắc: đạt (0/0); chi bộ tự nhận: Hoàn thành xuất sắc nhiệm vụ; chờ cấp trên quyết định: mức của chi bộ, xếp loại đảng viên; tự kiểm điểm 1/2", text);
        Assert.Contains("• Chi bộ Công ty May Yên Mỹ: CHƯA thông qua — HTXS 1 · HTT 2 · HT 0 · KHT 0; giới hạn 20% xuất sắc: vượt (1/0)", text);
        Assert.Contains("Chi bộ hoàn thành tốt nhiệm vụ trở lên: 25% (1/4), mục tiêu 90% ✘", text);

        var path = await FileFor("/tonghop năm 2026 xếp loại excel");
        using var book = new WorkbookReader(path);
        var (cells, totals) = book.Table("Xếp loại chi bộ");
        Assert.Equal(4, cells.Count);
        var ubnd = cells.Single(r => (string)r["Chi bộ"]! == "Chi bộ Cơ quan UBND xã");
        Assert.Equal(("Đã thông qua", 2, 1, 0, 1, 1, "đạt (0/0)"), ((string)ubnd["Trạng thái"]!, Convert.ToInt32(ubnd["Số đảng viên"]), Convert.ToInt32(ubnd["Đã nộp tự kiểm điểm"]),
            Convert.ToInt32(ubnd["Hoàn thành xuất sắc nhiệm vụ"]), Convert.ToInt32(ubnd["Hoàn thành tốt nhiệm vụ"]), Convert.ToInt32(ubnd["Hoàn thành nhiệm vụ"]),
            (string)ubnd["Giới hạn 20% xuất sắc (có/tối đa)"]!));
        var dong = cells.Single(r => (string)r["Chi bộ"]! == "Chi bộ thôn Đông");
        Assert.Equal("Chưa ghi", dong["Trạng thái"]);
        // Đ/c Kiên, exempt from Party work and activities, is on the roll but writes no self-review (QĐ 124-QĐ/TW, Điều 5).
        Assert.Equal((7, 6), (Convert.ToInt32(dong["Số đảng viên"]), Convert.ToInt32(dong["Phải kiểm điểm"])));
        Assert.Equal(("Đã thông qua 1/4", 1.0, 3.0), ((string)totals!["Trạng thái"]!, (double)totals["Hoàn thành xuất sắc nhiệm vụ"]!, (double)totals["Hoàn thành tốt nhiệm vụ"]!));
        Assert.Equal("Chờ quyết định", ubnd["Cấp trên quyết định"]);
        var (members, _) = book.Table("Xếp loại đảng viên");
        Assert.Equal(5, members.Count);
        Assert.Equal("Chưa nộp", members.Single(r => (string)r["Họ và tên"]! == "Phan Văn Long")["Tự nhận"]);

        // The level above decides a lower level than the cell gave itself: the target counts the decision, in text and workbook.
        await _host.SendAsync("dung", "dung", false, "/xeploai UBND: hoàn thành nhiệm vụ, QĐ 40-QĐ/ĐU ngày 04/12/2026");
        // The leaders are told too, in their own chats: the order of the chats' messages is not fixed.
        Assert.StartsWith("Đã ghi: Chi bộ Cơ quan UBND xã năm 2026 — cấp trên quyết định Hoàn thành nhiệm vụ", _host.TakeNew().Last(r => r.Chat == "dung").Text);
        await _host.SendAsync("dung", "dung", false, "/tonghop năm 2026 xếp loại");
        text = _host.TakeNew().Last(r => r.Chat == "dung").Text;
        Assert.Contains("chi bộ tự nhận: Hoàn thành xuất sắc nhiệm vụ; cấp trên quyết định: Hoàn thành nhiệm vụ; chờ cấp trên quyết định: xếp loại đảng viên; tự kiểm điểm 1/2", text);
        Assert.Contains("• Cấp trên đã quyết định xếp loại 1/4 chi bộ: Hoàn thành xuất sắc nhiệm vụ 0 · Hoàn thành tốt nhiệm vụ 0 · Hoàn thành nhiệm vụ 1 · Không hoàn thành nhiệm vụ 0\n", text);
        Assert.Contains("Chi bộ hoàn thành tốt nhiệm vụ trở lên: 0% (0/4), mục tiêu 90% ✘", text);
        // The members' target counts members rated in the cells that passed (Long "tốt", Mai "hoàn thành"), not cells.
        Assert.Contains("Đảng viên hoàn thành tốt nhiệm vụ trở lên: 50% (1/2 đảng viên), mục tiêu 90% ✘", text);
        using var year = new WorkbookReader(await FileFor("/tonghop năm 2026 excel"));
        var target = year.Table("Mục tiêu").Rows.Single(r => (string)r["Mục tiêu"]! == "Đảng viên hoàn thành tốt nhiệm vụ trở lên");
        Assert.Equal(("đảng viên", 1, 2), ((string)target["Tính theo"]!, Convert.ToInt32(target["Đạt"]), Convert.ToInt32(target["Tổng số"])));
        using var decided = new WorkbookReader(await FileFor("/tonghop năm 2026 xếp loại excel"));
        var (after, afterTotals) = decided.Table("Xếp loại chi bộ");
        var row = after.Single(r => (string)r["Chi bộ"]! == "Chi bộ Cơ quan UBND xã");
        Assert.Equal(("Hoàn thành nhiệm vụ", "QĐ 40-QĐ/ĐU ngày 04/12/2026"), ((string)row["Cấp trên quyết định"]!, (string)row["Số, ngày quyết định"]!));
        Assert.Equal("Đã quyết định 1/4", afterTotals!["Cấp trên quyết định"]);

        // One cell's list, to print and send upward: its members, their own proposal, the cell's level, the totals.
        using var list = new WorkbookReader(await FileFor("/tonghop UBND năm 2026 xếp loại excel"));
        var (rows, listTotals) = list.Table("Xếp loại đảng viên");
        Assert.Equal([("Phan Văn Long", "Chưa nộp", "Hoàn thành tốt nhiệm vụ"), ("Trịnh Thị Mai", "Chưa nộp", "Hoàn thành nhiệm vụ")],
            rows.Select(r => ((string)r["Họ và tên"]!, (string)r["Tự nhận"]!, (string)r["Chi bộ đề nghị"]!)).ToList());
        Assert.Equal("HTXS 0 · HTT 1 · HT 1 · KHT 0", listTotals!["Chi bộ đề nghị"]);
    }

    /// <summary>Pixels of a colour (within a small tolerance) in rows top..bottom, every other pixel.</summary>
    static int Pixels(SkiaSharp.SKBitmap b, int top, int bottom, string hex)
    {
        var c = SkiaSharp.SKColor.Parse(hex);
        var n = 0;
        for (var y = top; y < bottom; y += 2)
            for (var x = 0; x < b.Width; x += 2)
                if (b.GetPixel(x, y) is var p && Math.Abs(p.Red - c.Red) + Math.Abs(p.Green - c.Green) + Math.Abs(p.Blue - c.Blue) < 24) n++;
        return n;
    }

    static int Ink(SkiaSharp.SKBitmap b, int top, int bottom)
    {
        var n = 0;
        for (var y = top; y < bottom; y += 4)
            for (var x = 0; x < b.Width; x += 4)
                if (b.GetPixel(x, y) is var p && p.Red + p.Green + p.Blue < 300) n++;
        return n;
    }

    async Task<SkiaSharp.SKBitmap> ChartFor(string command)
    {
        var bytes = await File.ReadAllBytesAsync(await FileFor(command));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        return SkiaSharp.SKBitmap.Decode(bytes);
    }

    [Fact]
    public async Task The_chart_of_a_full_period_draws_each_level_in_proportion_and_the_trend()
    {
        using var image = await ChartFor("/tonghop quý 3 biểu đồ");
        var top = ReportFiles.LevelsHeight(4);
        Assert.Equal((1000, top + 420), (image.Width, image.Height));
        // Quý III: 5 meetings "Tốt" (green) and 5 "Khá" (blue), one bar per cell: the two colours cover about the same area.
        var good = Pixels(image, 0, top, "#2e7d32");
        var fair = Pixels(image, 0, top, "#1976d2");
        Assert.True(good > 3000 && fair > 3000, $"Tốt {good}, Khá {fair}");
        Assert.InRange((double)good / fair, 0.8, 1.25);
        Assert.True(Pixels(image, 0, top, "#f9a825") < 400); // "Trung bình": only its legend swatch
        Assert.True(Ink(image, top, image.Height) > 100);    // the trend panel is drawn
    }

    [Fact]
    public async Task The_chart_of_an_empty_period_has_no_bars_and_says_so()
    {
        using var image = await ChartFor("/tonghop tháng 1 biểu đồ"); // before the demo's data starts
        var top = ReportFiles.LevelsHeight(4);
        Assert.Equal((1000, top + 420), (image.Width, image.Height));
        foreach (var level in new[] { "#2e7d32", "#1976d2", "#f9a825", "#c62828" })
            Assert.True(Pixels(image, 0, top, level) < 400, level); // legend swatches only
        Assert.True(Pixels(image, 0, top, ReportFiles.NoteColour) > 500 && Pixels(image, top, image.Height, ReportFiles.NoteColour) > 500); // the two notes ("không có…", "chưa có số liệu")
        Assert.True(Ink(image, top, image.Height) > 100); // the trend's axes are still drawn
    }
}
