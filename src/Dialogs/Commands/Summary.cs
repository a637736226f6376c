using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Summaries;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// /tonghop [đơn vị | chi bộ] [kỳ] [excel | biểu đồ] — where the cells stand: staff see their subtree, admins
/// everything, a secretary or deputy their own cell.
/// </summary>
public sealed class Summary(IReportFiles? files)
{
    enum Output { Text, Excel, Chart }

    /// <summary>Days at the start of a month when /tonghop without a period means the month before.</summary>
    public const int EarlyDays = 5;

    public void Show(Turn turn, string args)
    {
        var store = turn.Store;
        var member = turn.Member!;
        var text = VnText.Clean(args);
        var output = Output.Text;
        var ratings = false;
        var sameLastYear = false;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        for (var i = words.Count - 1; i >= 0; i--)
        {
            var w = VnText.Fold(words[i]);
            if (w == "excel") { output = Output.Excel; words.RemoveAt(i); }
            else if (w is "bieudo" or "chart") { output = Output.Chart; words.RemoveAt(i); }
            else if (w == "do" && i > 0 && VnText.Fold(words[i - 1]) == "bieu") { output = Output.Chart; words.RemoveRange(i - 1, 2); i--; }
            else if (w == "xeploai") { ratings = true; words.RemoveAt(i); }
            else if (w == "loai" && i > 0 && VnText.Fold(words[i - 1]) == "xep") { ratings = true; words.RemoveRange(i - 1, 2); i--; }
            else if (w == "ky" && i > 0 && VnText.Fold(words[i - 1]) == "cung") { sameLastYear = true; words.RemoveRange(i - 1, 2); i--; }
            else if (w == "truoc" && i > 2 && VnText.Fold(words[i - 1]) == "nam" && VnText.Fold(words[i - 2]) == "ky" && VnText.Fold(words[i - 3]) == "cung")
                { sameLastYear = true; words.RemoveRange(i - 3, 4); i -= 3; }
        }
        text = string.Join(' ', words);
        // "/tonghop năm", "/tonghop quý": the current one (alone only: "xóm Năm" stays a name).
        text = VnText.Fold(text) switch { "nam" => "năm nay", "quy" => "quý này", "thang" => "tháng này", _ => text };
        var (parsed, name, error) = Period.Parse(text, turn.Now.Date);
        if (error is not null)
        {
            turn.Say($"{error} Kỳ tổng hợp gõ như: {Period.Examples}.");
            return;
        }
        if (sameLastYear && parsed is null)
        {
            turn.Say("So với cùng kỳ năm trước: gõ kèm kỳ, ví dụ /tonghop 9 tháng cùng kỳ, /tonghop quý 3 cùng kỳ.");
            return;
        }
        // Early in a month the month has hardly begun: the default is the month before, and the reply says so.
        var early = parsed is null && turn.Now.Day <= EarlyDays;
        var period = parsed ?? Period.Of(PeriodKind.Month, early ? turn.Now.AddMonths(-1) : turn.Now);
        if (period.Start > turn.Now)
        {
            turn.Say($"Kỳ {period.Label} chưa bắt đầu. Kỳ tổng hợp gõ như: {Period.Examples}.");
            return;
        }
        var notes = new List<string>();
        if (early) notes.Add($"Đầu tháng nên bot tổng hợp {period.Label}; tháng này: /tonghop tháng {turn.Now.Month}.");
        if (Period.CutsMonths(text)) notes.Add($"Số liệu ghi theo tháng: bot tính trọn {(period.Kind == PeriodKind.Month ? "tháng" : "các tháng")}, {period.Label}.");
        var ask = new Ask(period, parsed is not null, output, sameLastYear ? period.SameLastYear : null, notes, early ? Period.Of(PeriodKind.Month, turn.Now) : null);

        var units = Authorizer.VisibleUnits(store, member);
        var cells = Authorizer.VisibleCells(store, member).ToList();
        if (units.Count == 0 && cells.Count == 0)
        {
            Refuse(turn);
            return;
        }
        if (name == "")
        {
            var home = Authorizer.StaffUnits(store, member).FirstOrDefault()
                       ?? (member.Has(Role.Admin) ? units.OrderBy(u => u.Path.Length).FirstOrDefault() : null);
            if (home is not null) { if (ratings) RatingsFor(turn, home, period, output); else UnitSummaryFor(turn, home, ask); }
            else if (Authorizer.LedCell(store, member) is { } own) { if (ratings) CellRatingsFor(turn, own, period, output); else CellSummaryFor(turn, own, ask); }
            else Refuse(turn);
            return;
        }

        var unitMatches = VnText.NameMatches(units, name, u => u.Name, u => u.Id);
        if (unitMatches.Count == 1)
        {
            if (ratings) RatingsFor(turn, unitMatches[0], period, output);
            else UnitSummaryFor(turn, unitMatches[0], ask);
            return;
        }
        if (unitMatches.Count > 1)
        {
            var suffix = (output == Output.Excel ? " excel" : output == Output.Chart ? " bieudo" : "") + (parsed is null ? "" : $" {period.Arg}");
            turn.Say(new Reply("Có nhiều đơn vị khớp. Đồng chí chọn:", [.. unitMatches.OrderBy(u => u.Path.Length).Take(8).Select(u => new Choice($"cmd:/tonghop {u.Name}{suffix}", u.Name))]));
            return;
        }
        var cellMatches = VnText.NameMatches(cells, name, c => c.Name, c => c.Id);
        if (cellMatches.Count > 0)
        {
            // One match is the cell; several are offered to choose from.
            if (CellPicker.Named(turn, cellMatches, name, "tonghop", "phạm vi đồng chí được xem") is { } cell)
            {
                if (ratings) CellRatingsFor(turn, cell, period, output);
                else CellSummaryFor(turn, cell, ask);
            }
            return;
        }
        var wanted = VnText.Fold(name);
        var exists = store.Cells.FindAll().Any(c => VnText.Fold(c.Name).Contains(wanted)) || store.OrgUnits.FindAll().Any(u => VnText.Fold(u.Name).Contains(wanted));
        if (exists) turn.Say($"Đồng chí chỉ xem được tổng hợp trong phạm vi mình phụ trách; \"{Inputs.Preview(name)}\" nằm ngoài phạm vi đó.");
        else turn.Say($"Không tìm thấy đơn vị hay chi bộ \"{Inputs.Preview(name)}\". Gõ /tonghop để xem đơn vị của đồng chí.");
    }

    /// <summary>Who asked for the file, as the report's "Người lập".</summary>
    static string Preparer(Turn turn) => $"Đ/c {turn.Member!.Name}";

    static void Refuse(Turn turn) =>
        turn.Say("Tổng hợp tình hình sinh hoạt dành cho cán bộ cấp trên, quản trị, và bí thư, phó bí thư (xem chi bộ mình). Đồng chí xem lịch họp trong nhóm chi bộ và /hoithi.");

    /// <summary>What was asked: the period (typed or the default), the output, the comparison, and notes to say first.</summary>
    /// <param name="ThisMonth">Early in a month, the month itself: shown instead when the unit has no data for the month before (a new unit).</param>
    sealed record Ask(Period Period, bool Typed, Output Output, Period? CompareWith, List<string> Notes, Period? ThisMonth = null)
    {
        public string Prefix => Notes.Count == 0 ? "" : string.Join("\n", Notes) + "\n";
    }

    /// <summary>
    /// What <paramref name="read"/> reads, read outside the turn's write transaction (<see cref="MadeOutside"/>): a
    /// unit's figures take long to read (a province's year: seconds), and no other chat waits for them meanwhile.
    /// <paramref name="about"/> names what was asked: the turn run again takes the figures only if it asks the same.
    /// </summary>
    static T ReadOutside<T>(Turn turn, string about, Func<ChiBoStore, T> read) where T : notnull
    {
        var store = turn.Store;
        return MadeOutside.Make(() => (About: about, Value: store.Read(() => read(store))), "a summary", made => made.About == about).Value;
    }

    /// <summary>A unit's summary as asked (the month itself early in a month when the month before has no data), and the file's content.</summary>
    sealed record UnitFigures(UnitSummary Summary, Ask Ask, List<ReportSheet>? Sheets = null, SummaryChart? Chart = null);

    void UnitSummaryFor(Turn turn, OrgUnit unit, Ask ask)
    {
        if (ask.Output != Output.Text && files is null) { turn.Say("Bản này của bot chưa xuất được tệp; đồng chí xem bản chữ: /tonghop."); return; }
        var (templates, now, preparer) = (turn.Templates, turn.Now, Preparer(turn));
        var figures = ReadOutside(turn, $"{unit.Id} {ask.Period.Code} {ask.Output} {ask.CompareWith?.Code} {ask.ThisMonth?.Code}", store =>
        {
            var asked = ask;
            var summary = UnitSummary.Build(store, templates, unit, asked.Period, now, asked.CompareWith);
            if (asked.ThisMonth is { } thisMonth && !summary.Cells.Any(c => c.HasData))
            {
                asked = asked with { Period = thisMonth, Notes = [] };
                summary = UnitSummary.Build(store, templates, unit, thisMonth, now);
            }
            return asked.Output switch
            {
                Output.Excel => new UnitFigures(summary, asked, Sheets: SummaryExport.Sheets(store, templates, summary, preparer)),
                Output.Chart => new UnitFigures(summary, asked, Chart: SummaryExport.Chart(store, templates, summary)),
                _ => new UnitFigures(summary, asked),
            };
        });
        var (summary, period) = (figures.Summary, figures.Ask.Period);
        var arg = $"{unit.Name} {period.Arg}" + (ask.CompareWith is null ? "" : " cùng kỳ");
        var name = $"tong-hop-{unit.Id}-{period.Code}";
        if (figures.Sheets is { } sheets)
        {
            turn.Say(new Reply($"Bảng tổng hợp {unit.Name} — {period.Label} (Excel, {sheets.Count} trang tính).", FilePath: files!.SaveWorkbook(name, sheets)));
            return;
        }
        if (figures.Chart is { } chart)
        {
            turn.Say(new Reply($"Biểu đồ {unit.Name} — {period.Label}: xếp loại theo đơn vị và diễn biến 12 tháng.",
                FilePath: files!.SaveChart(name, chart)));
            return;
        }
        var choices = new List<Choice>
        {
            new($"cmd:/tonghop excel {arg}", "Xuất Excel"), new($"cmd:/tonghop bieudo {arg}", "Biểu đồ"),
        };
        if (summary.Cells.Count is > 0 and <= 8) choices.AddRange(summary.Cells.Select(c => new Choice($"cmd:/tonghop {c.Cell.Name}", c.Cell.Name)));
        var text = figures.Ask.Prefix + SummaryText.Unit(summary);
        if (summary.Cells.Count > 8) text += "\nXem một chi bộ: /tonghop <tên chi bộ>";
        turn.Say(new Reply(text, choices, ChoicesOnly: false));
    }

    /// <summary>
    /// One cell's year-end review (its leaders, or staff naming it): the members' levels, the cell's own and the level
    /// above's, as text or as the list to print and send upward.
    /// </summary>
    void CellRatingsFor(Turn turn, Cell cell, Period period, Output output)
    {
        var year = period.Kind == PeriodKind.Year ? period.Year : SelfReview.YearOn(turn.Now);
        if (output == Output.Chart) { turn.Say($"Kết quả xếp loại có bản chữ và Excel: /tonghop {cell.Name} năm {year} xếp loại excel."); return; }
        var review = turn.Store.CellReviews.FindById(CellReview.KeyOf(cell.Id, year));
        if (review is null)
        {
            turn.Say($"{cell.Name} chưa ghi kết quả kiểm điểm, xếp loại năm {year}" +
                     (year == SelfReview.YearOn(turn.Now) && Authorizer.Can(turn.Store, turn.Member!, Permission.RunMeeting, cell) ? ". Ghi tại buổi kiểm điểm: /xeploai." : "."));
            return;
        }
        if (output == Output.Excel)
        {
            if (files is null) { turn.Say("Bản này của bot chưa xuất được tệp; đồng chí xem bản chữ."); return; }
            var sheets = ReviewRollup.CellSheets(turn.Store, turn.Templates, cell, review, turn.Now, Preparer(turn));
            turn.Say(new Reply($"Danh sách xếp loại đảng viên năm {year} — {cell.Name} (Excel, để in, ký, gửi cấp trên).",
                FilePath: files.SaveWorkbook($"xep-loai-{cell.Id}-{year}", sheets)));
            return;
        }
        turn.Say(new Reply(ReviewRollup.CellText(review, cell), [new Choice($"cmd:/tonghop excel xeploai {cell.Name} năm {year}", "Xuất Excel")], ChoicesOnly: false));
    }

    /// <summary>The year-end review of the unit's cells: the period's year (the review year by default).</summary>
    void RatingsFor(Turn turn, OrgUnit unit, Period period, Output output)
    {
        var year = period.Kind == PeriodKind.Year ? period.Year : SelfReview.YearOn(turn.Now);
        if (output == Output.Chart) { turn.Say("Kết quả xếp loại có bản chữ và Excel: /tonghop năm " + year + " xếp loại excel."); return; }
        var (templates, now, preparer) = (turn.Templates, turn.Now, Preparer(turn));
        if (output == Output.Excel)
        {
            if (files is null) { turn.Say("Bản này của bot chưa xuất được tệp; đồng chí xem bản chữ."); return; }
            var sheets = ReadOutside(turn, $"{unit.Id} {year} excel", store => ReviewRollup.Sheets(store, templates, unit, year, now, preparer));
            turn.Say(new Reply($"Kết quả xếp loại năm {year} — {unit.Name} (Excel, {sheets.Count} trang tính).", FilePath: files.SaveWorkbook($"xep-loai-{unit.Id}-{year}", sheets)));
            return;
        }
        var text = ReadOutside(turn, $"{unit.Id} {year}", store => ReviewRollup.Text(store, templates, unit, year, now,
            UnitSummary.Build(store, templates, unit, new Period(PeriodKind.Year, year, 1), now).Targets));
        turn.Say(new Reply(text, [new Choice($"cmd:/tonghop excel xeploai {unit.Name} năm {year}", "Xuất Excel")], ChoicesOnly: false));
    }

    /// <summary>A cell: its last 12 months, or the period typed; as text or Excel.</summary>
    void CellSummaryFor(Turn turn, Cell cell, Ask ask)
    {
        var period = ask.Typed ? ask.Period : null;
        if (ask.Output == Output.Chart)
        {
            turn.Say($"Biểu đồ dùng cho tổng hợp đơn vị; với một chi bộ, đồng chí xem bản chữ hoặc Excel: /tonghop {cell.Name} excel.");
            return;
        }
        if (ask.Output == Output.Excel)
        {
            if (files is null) { turn.Say("Bản này của bot chưa xuất được tệp; đồng chí xem bản chữ."); return; }
            var sheets = CellHistory.Sheets(turn.Store, turn.Templates, cell, turn.Now, period, Preparer(turn));
            turn.Say(new Reply($"Bảng tổng hợp {cell.Name} — {CellHistory.Span(period)} (Excel, {sheets.Count} trang tính).",
                FilePath: files.SaveWorkbook($"tong-hop-{cell.Id}-{period?.Code ?? "12-thang"}", sheets)));
            return;
        }
        var notes = ask.Typed ? ask.Prefix : "";
        turn.Say(new Reply(notes + CellHistory.Text(turn.Store, turn.Templates, cell, turn.Now, period),
            [new Choice($"cmd:/tonghop excel {cell.Name}{(period is null ? "" : " " + period.Arg)}", "Xuất Excel")], ChoicesOnly: false));
    }
}
