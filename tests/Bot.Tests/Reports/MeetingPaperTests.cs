using System.Diagnostics;
using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using TaskStatus = ChiBo.Dialogs.Domain.TaskStatus;

namespace ChiBo.Bot.Tests.Reports;

/// <summary>/bienban and /nghiquyet: the .docx files, opened with the Open XML SDK and read against the stored meeting.</summary>
public sealed class MeetingPaperTests : IDisposable
{
    readonly ScriptHost _host = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.FromHours(7)));
    public void Dispose() => _host.Dispose();

    static Meeting Recorded() => new()
    {
        Id = "m-test", CellId = "cb-thon-dong", CellPath = "/tinh-hung-yen/xa-yen-my/cb-thon-dong/", Month = "2026-12", Date = new DateTime(2026, 12, 3),
        Kind = MeetingKind.COMBINED, Topic = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", Venue = "Nhà văn hóa thôn Đông",
        CommitteeMet = true, DraftPrepared = true, NoticeSent = true, StartTime = "19:30", Guests = "Đ/c Phạm Thị Dung, Đảng ủy viên xã",
        Summoned = 7, Present = 6, ExcusedAbsent = 1, UnexcusedAbsent = 0, AbsenceNotes = "Đ/c Thu đi công tác", Chair = "Nguyễn Văn An", MinuteTaker = "Lê Thị Hoa",
        AgendaApproved = true, News = "Phổ biến Chỉ thị 50-CT/TW.", ReviewSummary = "Hoàn thành 2/3 nhiệm vụ tháng 11.", MonthAssessment = "An ninh trật tự ổn định.",
        Review = [new() { Task = "Thu quỹ khuyến học", Status = TaskStatus.Done }, new() { Task = "Tổng vệ sinh đường làng", Status = TaskStatus.InProgress }],
        NextTasks = [new() { Content = "Tổ chức Tết trồng cây", Owner = "Đ/c Minh", Due = "15/01/2027" }, new() { Content = "Thăm hỏi gia đình chính sách", Owner = "Đ/c Hoa", Due = "20/01/2027" }],
        Speakers = 4, Discussion = "Đ/c Minh đề nghị làm sớm; Đ/c Lan nhất trí.", Conclusion = "Thống nhất hai nhiệm vụ tháng 1.",
        VotesFor = 5, VotesAgainst = 1, VotesAbstain = 0, MinutesApproved = true, EndTime = "21:45", DurationMinutes = 135,
        RecordedBy = "an", RecordedAtUtc = new DateTime(2026, 12, 3, 15, 0, 0),
    };

    async Task<(string Reply, string Text, string Path)> PaperAsync(string command)
    {
        await _host.SendAsync("an", "an", false, command);
        var reply = _host.TakeNew().Last();
        var path = ((OutboxMessage)reply.Native).FilePath!;
        Assert.EndsWith(".docx", path);
        using var doc = WordprocessingDocument.Open(path, false);
        var text = string.Join("\n", doc.MainDocumentPart!.Document.Body!.Descendants<Paragraph>().Select(p => string.Concat(p.Descendants<Text>().Select(t => t.Text))));
        return (reply.Text, text, path);
    }

    [Fact]
    public async Task The_minutes_say_every_recorded_figure_task_and_vote_in_the_official_layout()
    {
        _host.Store.Meetings.Insert(Recorded());
        _host.Store.Evaluations.Insert(new Evaluation { Id = "e1", MeetingId = "m-test", CellId = "cb-thon-dong", Month = "2026-12", Total = 92.5m, Level = "GOOD", LevelLabel = "Tốt" });
        _host.Store.Rsvps.Insert(new Rsvp { Id = "r1", CellId = "cb-thon-dong", MeetingDate = new DateTime(2026, 12, 3), MemberId = "thu", Present = false, Reason = "đi công tác tỉnh" });
        var (reply, text, path) = await PaperAsync("/bienban");
        Assert.StartsWith("Biên bản buổi sinh hoạt thường kỳ + chuyên đề ngày 03/12/2026 của Chi bộ thôn Đông", reply);
        Assert.DoesNotContain("chưa ghi", text);
        foreach (var expected in new[]
        {
            "ĐẢNG BỘ XÃ YÊN MỸ", "CHI BỘ THÔN ĐÔNG", "ĐẢNG CỘNG SẢN VIỆT NAM", "Yên Mỹ, ngày 03 tháng 12 năm 2026", "BIÊN BẢN SINH HOẠT CHI BỘ",
            "Sinh hoạt thường kỳ kết hợp chuyên đề tháng 12/2026", "Chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            "Thời gian: bắt đầu lúc 19:30, ngày 03/12/2026.", "Địa điểm: Nhà văn hóa thôn Đông.", "Chủ trì: đồng chí Nguyễn Văn An. Thư ký: đồng chí Lê Thị Hoa.",
            "Đại biểu dự: Đ/c Phạm Thị Dung, Đảng ủy viên xã.",
            "tổng số đảng viên phải dự 7 đồng chí; có mặt 6 đồng chí (đạt 85,7%); vắng có lý do 1 đồng chí; vắng không có lý do 0 đồng chí.",
            "Ghi chú về đảng viên vắng: Đ/c Thu đi công tác.", "- Đồng chí Vũ Thị Thu: đi công tác tỉnh",
            "Phổ biến Chỉ thị 50-CT/TW.", "- Thu quỹ khuyến học: đã hoàn thành.", "- Tổng vệ sinh đường làng: đang thực hiện.", "Hoàn thành 2/3 nhiệm vụ tháng 11.",
            "Đánh giá chung: An ninh trật tự ổn định.", "3. Phương hướng, nhiệm vụ tháng 12/2026", // a meeting on the 3rd sets its own month's tasks
            "- Tổ chức Tết trồng cây — phụ trách: Đ/c Minh; thời hạn: 15/01/2027.", "- Thăm hỏi gia đình chính sách — phụ trách: Đ/c Hoa; thời hạn: 20/01/2027.",
            "Số đồng chí phát biểu: 4. Nội dung chính: Đ/c Minh đề nghị làm sớm; Đ/c Lan nhất trí.", "Thống nhất hai nhiệm vụ tháng 1.",
            "Số đồng chí tán thành: 5; không tán thành: 1; không biểu quyết: 0. Nghị quyết được thông qua (5/6 đồng chí có mặt tán thành, quá một nửa).",
            "Tổng điểm: 92,5/100 điểm; xếp loại: Tốt.", "kết thúc lúc 21:45 cùng ngày (thời lượng 135 phút)", "THƯ KÝ", "CHỦ TRÌ", "(Ký, ghi rõ họ tên)",
        })
            Assert.Contains(expected, text);
        Assert.True(text.IndexOf("I. PHẦN MỞ ĐẦU", StringComparison.Ordinal) < text.IndexOf("II. PHẦN NỘI DUNG", StringComparison.Ordinal)
                    && text.IndexOf("II. PHẦN NỘI DUNG", StringComparison.Ordinal) < text.IndexOf("III. PHẦN KẾT THÚC", StringComparison.Ordinal));

        using var doc = WordprocessingDocument.Open(path, false);
        var section = doc.MainDocumentPart!.Document.Body!.Elements<SectionProperties>().Single();
        Assert.Equal((11906u, 16838u), ((uint)section.GetFirstChild<PageSize>()!.Width!, (uint)section.GetFirstChild<PageSize>()!.Height!)); // A4
        var defaults = doc.MainDocumentPart.StyleDefinitionsPart!.Styles!.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!;
        Assert.Equal(("Times New Roman", "28"), (defaults.RunFonts!.Ascii!.Value!, defaults.FontSize!.Val!.Value!));
    }

    [Fact]
    public async Task The_resolution_carries_the_tasks_the_conclusion_and_the_vote_and_says_when_it_did_not_pass()
    {
        var failed = Recorded();
        (failed.VotesFor, failed.VotesAgainst, failed.VotesAbstain) = (3, 2, 1);
        _host.Store.Meetings.Insert(failed);
        var (reply, text, _) = await PaperAsync("/nghiquyet");
        Assert.Contains("Lưu ý: nghị quyết không được thông qua (3/6 tán thành, chưa quá một nửa)", reply);
        foreach (var expected in new[]
        {
            "NGHỊ QUYẾT", "-NQ/CB", "về lãnh đạo thực hiện nhiệm vụ tháng 12/2026", "QUYẾT NGHỊ", "II. NHIỆM VỤ, GIẢI PHÁP THÁNG 12/2026", "- Đảng ủy xã Yên Mỹ (để báo cáo),",
            "- Tổ chức Tết trồng cây. Phụ trách: Đ/c Minh. Thời hạn: 15/01/2027.", "- Thăm hỏi gia đình chính sách. Phụ trách: Đ/c Hoa. Thời hạn: 20/01/2027.",
            "Kết luận của chi bộ: Thống nhất hai nhiệm vụ tháng 1.", "tán thành 3, không tán thành 2, không biểu quyết 1.",
            "Nghị quyết KHÔNG được thông qua (3/6 đồng chí có mặt tán thành, chưa quá một nửa).", "T/M CHI BỘ", "BÍ THƯ", "Nguyễn Văn An",
            "Căn cứ Điều lệ Đảng Cộng sản Việt Nam; căn cứ kết quả buổi sinh hoạt thường kỳ kết hợp chuyên đề ngày 03/12/2026 tại Nhà văn hóa thôn Đông, Chi bộ thôn Đông thảo luận và",
        })
            Assert.Contains(expected, text);
    }

    [Fact]
    public async Task A_meeting_with_missing_parts_gets_a_document_that_says_so_instead_of_inventing_text()
    {
        var thin = Recorded();
        (thin.News, thin.Conclusion, thin.Discussion, thin.MinuteTaker) = ("", "", "", "");
        thin.NextTasks.Clear();
        _host.Store.Meetings.Insert(thin);
        var (reply, text, _) = await PaperAsync("/bienban");
        Assert.Contains("Còn thiếu: thư ký; thông tin thời sự; nhiệm vụ; nội dung thảo luận; kết luận của đồng chí chủ trì — văn bản để \"[chưa ghi: …]\" ở các chỗ đó, không tự điền.", reply);
        Assert.Contains("Thư ký: đồng chí [chưa ghi: thư ký].", text);
        Assert.Contains("[chưa ghi: thông tin thời sự]", text);
        Assert.Contains("[chưa ghi: kết luận của đồng chí chủ trì]", text);
        Assert.Matches(@"3\. Phương hướng, nhiệm vụ tháng 12/2026\s*\[chưa ghi: nhiệm vụ\]\s*4\. Thảo luận", text); // the gap marked where the tasks go
        Assert.Contains("Buổi sinh hoạt chưa được chấm điểm, xếp loại.", text);
        Assert.DoesNotContain("phụ trách:", text);
    }

    [Fact]
    public async Task A_task_without_its_owner_or_due_date_is_named_in_words_never_by_an_internal_field()
    {
        var m = Recorded();
        m.NextTasks = [new TaskItem { Content = "Chuẩn bị kiểm điểm cuối năm" }];
        _host.Store.Meetings.Insert(m);
        var (reply, text, _) = await PaperAsync("/nghiquyet");
        Assert.Contains("Còn thiếu: người phụ trách (nhiệm vụ 1 \"Chuẩn bị kiểm điểm cuối năm\"); thời hạn (nhiệm vụ 1 \"Chuẩn bị kiểm điểm cuối năm\")", reply);
        Assert.Contains("/nghiquyet sửa phụ trách 2: Đ/c Hoa", reply);
        Assert.Contains("- Chuẩn bị kiểm điểm cuối năm. Phụ trách: [chưa ghi: người phụ trách]. Thời hạn: [chưa ghi: thời hạn].", text);
        Assert.DoesNotContain("phu_trach", reply + text);
        Assert.DoesNotContain("han]", reply + text);
    }

    [SofficeFact]
    public async Task LibreOffice_converts_the_minutes_the_resolution_and_a_self_review_to_PDF()
    {
        _host.Store.Meetings.Insert(Recorded());
        _host.Store.SelfReviews.Insert(new SelfReview
        {
            Id = SelfReview.KeyOf("an", 2026), MemberId = "an", CellId = "cb-thon-dong", Year = 2026, ProposedLevel = "GOOD", ProposedLevelLabel = "Hoàn thành tốt nhiệm vụ",
            Sections = new() { ["tu_tuong"] = "Giữ vững lập trường.", ["nhiem_vu"] = "Hoàn thành.", ["ket_qua"] = "Đạt các chỉ tiêu.", ["han_che"] = "Chưa sâu sát.", ["khac_phuc"] = "" },
        });
        foreach (var command in new[] { "/bienban", "/nghiquyet", "/bantukiemdiem" })
        {
            var (_, _, path) = await PaperAsync(command);
            var outDir = Directory.CreateTempSubdirectory("chibo-pdf").FullName;
            var psi = new ProcessStartInfo(SofficeFactAttribute.Soffice!, ["--headless", "--convert-to", "pdf", "--outdir", outDir, path])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            psi.Environment["HOME"] = outDir; // a private profile: parallel runs do not share one
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(120_000), "LibreOffice did not finish in 2 minutes");
            var pdf = Path.Combine(outDir, Path.GetFileNameWithoutExtension(path) + ".pdf");
            Assert.True(p.ExitCode == 0 && File.Exists(pdf), $"exit {p.ExitCode}: {await stderr}");
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(pdf)[..4]));
            try { Directory.Delete(outDir, true); } catch (IOException) { }
        }
    }
}

/// <summary>Runs only where LibreOffice is installed (Debian's libreoffice-writer-nogui; .ci/run installs it); otherwise skipped with the reason.</summary>
public sealed class SofficeFactAttribute : FactAttribute
{
    public static readonly string? Soffice = new[] { "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/usr/local/bin/soffice" }.FirstOrDefault(File.Exists);

    public SofficeFactAttribute()
    {
        if (Soffice is null) Skip = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui, or run .ci/run.";
    }
}
