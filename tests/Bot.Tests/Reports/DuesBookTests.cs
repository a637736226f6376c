using ChiBo.Bot.Tests.Scripts;

namespace ChiBo.Bot.Tests.Reports;

/// <summary>/dangphi excel: the cell's dues book as a real workbook, read back.</summary>
public sealed class DuesBookTests : IDisposable
{
    readonly ScriptHost _host = new(new DateTimeOffset(2026, 10, 3, 21, 0, 0, TimeSpan.FromHours(7)));
    public void Dispose() => _host.Dispose();

    async Task<string> Say(string text)
    {
        await _host.SendAsync("an", "an", false, text);
        return string.Join("\n", _host.TakeNew().Select(r => r.Text));
    }

    [Fact]
    public async Task The_book_has_a_row_per_member_a_column_per_month_and_sums()
    {
        await Say("/dangphi muc tatca 30.000");
        await Say("/dangphi muc Hoa 50.000");
        await Say("/dangphi nop 1, 2 tháng 9");
        await Say("/dangphi nop 4 đến tháng 12"); // Đ/c Lan, October to December ahead
        await Say("/dangphi nop 1, 2");
        await _host.SendAsync("an", "an", false, "/dangphi excel quý 4");
        var reply = _host.TakeNew().Last();
        var path = ((Dialogs.Storage.OutboxMessage)reply.Native).FilePath;
        Assert.NotNull(path);
        using var book = new WorkbookReader(path);
        var (rows, totals) = book.Table("Sổ đảng phí");
        Assert.Equal(7, rows.Count);
        var hoa = rows.Single(r => (string)r["Họ và tên"]! == "Lê Thị Hoa");
        Assert.Equal((50_000.0, 50_000.0, 50_000.0), ((double)hoa["Mức đóng/tháng (đ)"]!, (double)hoa["T10"]!, (double)hoa["Cộng (đ)"]!));
        Assert.Null(hoa["T11"]);
        var lan = rows.Single(r => (string)r["Họ và tên"]! == "Phạm Thị Lan");
        Assert.Equal((30_000.0, 30_000.0, 90_000.0), ((double)lan["T11"]!, (double)lan["T12"]!, (double)lan["Cộng (đ)"]!));
        Assert.Equal(("Tổng cộng (7 đồng chí)", 110_000.0, 170_000.0), ((string)totals!["Họ và tên"]!, (double)totals["T10"]!, (double)totals["Cộng (đ)"]!));
        // The book began in September: a month over and unpaid is listed (none is over in quarter 4 yet on 3 October).
        Assert.All(rows, r => Assert.Null(r["Tháng chưa nộp"]));
    }
}
