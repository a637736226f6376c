using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Domain;
using MiniExcelLibs;

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
        var reply = _host.TakeNew().Last();
        var path = ((Dialogs.Storage.OutboxMessage)reply.Native).FilePath;
        Assert.NotNull(path);
        Assert.True(File.Exists(path), path);
        return path;
    }

    [Fact]
    public async Task The_workbook_has_a_sheet_per_view_with_Vietnamese_headers_and_the_quarters_rows()
    {
        var path = await FileFor("/tonghop quý 3 excel");
        Assert.Equal(["Tổng hợp", "Chi bộ", "Buổi sinh hoạt", "Mục tiêu", "Cán bộ dự sinh hoạt"], MiniExcel.GetSheetNames(path));

        var overview = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Tổng hợp").Cast<IDictionary<string, object>>()
            .ToDictionary(r => (string)r["Chỉ tiêu"], r => r["Giá trị"]);
        Assert.Equal("Đảng bộ xã Yên Mỹ", overview["Đơn vị"]);
        Assert.Equal("quý III/2026", overview["Kỳ"]);
        Assert.Equal("05/12/2026", overview["Số liệu đến ngày"]);
        Assert.Equal(4.0, Convert.ToDouble(overview["Số chi bộ"]));
        Assert.Equal(11.0, Convert.ToDouble(overview["Số buổi sinh hoạt"]));
        Assert.Equal(5.0, Convert.ToDouble(overview["Xếp loại Tốt"])); // August: 83,3% attendance cannot be "Tốt"

        var meetings = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Buổi sinh hoạt").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(11, meetings.Count);
        var july = meetings.Single(r => (string)r["Chi bộ"] == "Chi bộ thôn Đông" && (string)r["Ngày"] == "03/07/2026");
        Assert.Equal("Thường kỳ + chuyên đề", july["Loại"]);
        Assert.Equal(88.0, Convert.ToDouble(july["Điểm"]));
        Assert.Equal("Khá", july["Xếp loại"]);

        var cells = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Chi bộ").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal("Chậm 1 tháng", cells.Single(r => (string)r["Chi bộ"] == "Chi bộ Công ty May Yên Mỹ")["Sinh hoạt thường kỳ"]);
        var staff = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Cán bộ dự sinh hoạt").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(3, staff.Count(r => (string)r["Tình trạng"] == "Quá hạn"));
    }

    [Fact]
    public async Task Every_meeting_row_agrees_with_its_attendance_list()
    {
        var path = await FileFor("/tonghop quý 3 excel");
        var rows = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Buổi sinh hoạt").Cast<IDictionary<string, object>>().ToList();
        var meetings = _host.Store.Meetings.FindAll().Where(m => m.Month is "2026-07" or "2026-08" or "2026-09").ToList();
        Assert.Equal(meetings.Count, rows.Count);
        foreach (var m in meetings)
        {
            Assert.True(m.NamedAttendance, m.Id); // the demo history is recorded by name
            var t = m.Tally;
            var cell = _host.Store.Cells.FindById(m.CellId)!.Name;
            var row = rows.Single(r => (string)r["Chi bộ"] == cell && (string)r["Ngày"] == m.Date.ToString("dd/MM/yyyy"));
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
    [InlineData("/tonghop", 0, 3)]          // December: three cells late (the August one too), two not yet due; the cell added today did not exist on the 3rd
    [InlineData("/tonghop tháng 8", 4, 4)]  // the August cell came after its meeting day: not late, not counted
    [InlineData("/tonghop quý 3", 3, 5)]    // the August cell counts from September
    [InlineData("/tonghop năm 2026", 1, 5)] // one definition for the headline and the target
    public async Task Text_workbook_and_targets_say_the_same_held_every_month(string command, int held, int due)
    {
        AddCellsMidPeriod();
        await _host.SendAsync("dung", "dung", false, command);
        var text = _host.TakeNew().Last().Text;
        var what = command == "/tonghop" || command.Contains("tháng") ? "đã sinh hoạt thường kỳ" : "sinh hoạt thường kỳ đủ các tháng";
        Assert.Contains($"• {held}/{due} chi bộ {what}", text);
        Assert.DoesNotContain("cb-moi-hom-nay (", text); // never "late" for a month it did not exist in

        var path = await FileFor(command + " excel");
        var overview = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Tổng hợp").Cast<IDictionary<string, object>>()
            .ToDictionary(r => (string)r["Chỉ tiêu"], r => r["Giá trị"]);
        Assert.Equal((held, due), (Convert.ToInt32(overview[what == "đã sinh hoạt thường kỳ" ? "Chi bộ đã sinh hoạt thường kỳ" : "Chi bộ sinh hoạt thường kỳ đủ các tháng"]),
            Convert.ToInt32(overview["Chi bộ đến lịch sinh hoạt trong kỳ"])));
        var cells = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Chi bộ").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(held, cells.Count(r => (string)r["Sinh hoạt thường kỳ"] == "Đủ"));
        Assert.Equal(due - held, cells.Count(r => ((string)r["Sinh hoạt thường kỳ"]).StartsWith("Chậm")));
        if (text.Contains("Mục tiêu năm"))
        {
            var goals = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Mục tiêu").Cast<IDictionary<string, object>>().ToList();
            var everyMonth = goals.Single(r => (string)r["Mục tiêu"] == "Chi bộ sinh hoạt thường kỳ đủ các tháng");
            var (met, of) = (Convert.ToInt32(everyMonth["Đạt (chi bộ)"]), Convert.ToInt32(everyMonth["Tổng số chi bộ"]));
            Assert.Contains($"Chi bộ sinh hoạt thường kỳ đủ các tháng: {VnText(met, of)} ({met}/{of})", text);
            if (command.Contains("năm")) Assert.Equal((held, due), (met, of));
        }
    }

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
        Assert.Contains("• Chi bộ Cơ quan UBND xã: đã thông qua — HTXS 0 · HTT 1 · HT 1 · KHT 0; giới hạn 20% xuất sắc: đạt (0/0); chi bộ tự nhận: Hoàn thành xuất sắc nhiệm vụ; tự kiểm điểm 1/2", text);
        Assert.Contains("• Chi bộ Công ty May Yên Mỹ: CHƯA thông qua — HTXS 1 · HTT 2 · HT 0 · KHT 0; giới hạn 20% xuất sắc: vượt (1/0)", text);
        Assert.Contains("Chi bộ hoàn thành tốt nhiệm vụ trở lên: 25% (1/4), mục tiêu 90% ✘", text);

        var path = await FileFor("/tonghop năm 2026 xếp loại excel");
        var cells = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Xếp loại chi bộ").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(4, cells.Count);
        var ubnd = cells.Single(r => (string)r["Chi bộ"] == "Chi bộ Cơ quan UBND xã");
        Assert.Equal(("Đã thông qua", 2, 1, 0, 1, 1, "đạt (0/0)"), ((string)ubnd["Trạng thái"], Convert.ToInt32(ubnd["Số đảng viên"]), Convert.ToInt32(ubnd["Đã nộp tự kiểm điểm"]),
            Convert.ToInt32(ubnd["Hoàn thành xuất sắc nhiệm vụ"]), Convert.ToInt32(ubnd["Hoàn thành tốt nhiệm vụ"]), Convert.ToInt32(ubnd["Hoàn thành nhiệm vụ"]),
            (string)ubnd["Giới hạn 20% xuất sắc (có/tối đa)"]));
        Assert.Equal("Chưa ghi", cells.Single(r => (string)r["Chi bộ"] == "Chi bộ thôn Đông")["Trạng thái"]);
        var members = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Xếp loại đảng viên").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(5, members.Count);
        Assert.Equal("Chưa nộp", members.Single(r => (string)r["Họ và tên"] == "Phan Văn Long")["Tự nhận"]);
    }

    [Fact]
    public async Task The_chart_is_a_png_with_both_panels()
    {
        var path = await FileFor("/tonghop quý 3 biểu đồ");
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        using var image = SkiaSharp.SKBitmap.Decode(bytes);
        Assert.Equal((900, 840), (image.Width, image.Height));
        // Both halves hold a drawing, not a blank panel: some pixels in each are far from white.
        static int Ink(SkiaSharp.SKBitmap b, int top, int bottom)
        {
            var n = 0;
            for (var y = top; y < bottom; y += 4)
                for (var x = 0; x < b.Width; x += 4)
                    if (b.GetPixel(x, y) is var p && p.Red + p.Green + p.Blue < 300) n++;
            return n;
        }
        Assert.True(Ink(image, 0, 420) > 500);
        Assert.True(Ink(image, 420, 840) > 100);
    }
}
