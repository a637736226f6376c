using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Summaries;

/// <summary>A sheet of a workbook: Vietnamese headers, then rows of plain values (dates already dd/MM/yyyy).</summary>
public sealed record ReportSheet(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>What the chart shows: levels by unit (or cell) over the period, and a month-by-month trend.</summary>
public sealed record SummaryChart(string Title, IReadOnlyList<LevelBar> Levels, IReadOnlyList<TrendPoint> Trend);
public sealed record LevelBar(string Name, int Good, int Fair, int Average, int Poor);
/// <summary>A month of the trend; HeldPercent is null when no cell was due to meet yet (or none existed).</summary>
public sealed record TrendPoint(string Month, double? HeldPercent, double? AverageScore);

/// <summary>Writes report files (the host renders them: Excel, PNG) and returns their paths.</summary>
public interface IReportFiles
{
    string SaveWorkbook(string name, IReadOnlyList<ReportSheet> sheets);
    /// <summary>One sheet as CSV (UTF-8 with a byte-order mark, so Excel shows the diacritics).</summary>
    string SaveCsv(string name, ReportSheet sheet);
    string SaveChart(string name, SummaryChart chart);
    /// <summary>A drafted document as .docx (A4, Times New Roman 14 pt).</summary>
    string SaveDocument(string name, Documents.DocumentModel document);
    /// <summary>
    /// The first sheet of an .xlsx, or a .csv (comma or semicolon separated, UTF-8), as rows of text; a file that
    /// cannot be read throws <see cref="TableFileException"/> with a Vietnamese message.
    /// </summary>
    IReadOnlyList<IReadOnlyList<string>> ReadTable(string path);
}

/// <summary>A table file that cannot be read at all (not a spreadsheet, damaged, wrong encoding); the message is for the user.</summary>
public sealed class TableFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The summary as workbook sheets and chart data.</summary>
public static class SummaryExport
{
    static string D(DateTime d) => d.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
    static object? Round(double? v) => v is null ? null : Math.Round(v.Value * 100, 1);

    /// <summary>The workbook's sheets; the meetings sheet reads the period's meetings themselves.</summary>
    public static List<ReportSheet> Sheets(ChiBoStore store, TemplateCatalog templates, UnitSummary s)
    {
        var cells = s.Cells;
        var meetings = cells.Sum(c => c.Meetings);
        var evaluated = cells.Sum(c => c.Evaluated);
        var levels = Levels.Sum(cells.Select(c => c.Levels));
        var overview = new List<IReadOnlyList<object?>>
        {
            Row("Đơn vị", s.Unit.Name), Row("Kỳ", s.Period.Label), Row("Số liệu đến ngày", D(s.Now)),
            Row("Số chi bộ", cells.Count),
            Row("Chi bộ đến lịch sinh hoạt trong kỳ", cells.Count(c => c.DueMonths > 0)),
            Row(s.Period.Kind == PeriodKind.Month ? "Chi bộ đã sinh hoạt thường kỳ" : "Chi bộ sinh hoạt thường kỳ đủ các tháng", cells.Count(c => c.HeldAll)),
            Row("Chi bộ chậm sinh hoạt", cells.Count(c => c.LateMonths.Count > 0)),
            Row("Chi bộ chưa đến lịch", cells.Count(c => c.HasData && c.DueMonths == 0)),
            Row("Chi bộ chưa có số liệu", cells.Count(c => !c.HasData)),
            Row("Chi bộ có sinh hoạt chuyên đề trong quý", s.ThematicCells),
            Row("Số buổi sinh hoạt", meetings),
            Row("Tỷ lệ dự bình quân (%)", meetings == 0 ? null : Round(cells.Sum(c => c.AttendanceSum) / meetings)),
            Row("Lượt vắng không lý do", cells.Sum(c => c.Unexcused)),
            Row("Số buổi đã chấm điểm", evaluated),
            Row("Điểm bình quân", evaluated == 0 ? null : Math.Round(cells.Sum(c => c.ScoreSum) / evaluated, 1)),
            Row("Xếp loại Tốt", levels.Good), Row("Xếp loại Khá", levels.Fair), Row("Xếp loại Trung bình", levels.Average), Row("Xếp loại Kém", levels.Poor),
        };
        var byCell = cells.Select(c => Row(c.Cell.Name, templates.CellType(c.Cell.Type).Name, c.Meetings, c.RegularLabel,
            Round(c.Attendance), c.Unexcused, c.Short, c.Evaluated, c.AverageScore is { } a ? Math.Round(a, 1) : null, c.LastLevelLabel)).ToList();
        var data = ScopeData.Load(store, s.Unit.Path, s.Period.FirstMonth, s.Period.LastMonth, meetings: true);
        var byMeeting = data.Cells.SelectMany(c => data.Meetings[c.Id].Select(m => (c, m))).OrderBy(x => x.m.Date).ThenBy(x => x.c.Name, StringComparer.Create(VnText.Culture, false))
            .Select(x =>
            {
                var e = data.EvaluationOf.GetValueOrDefault(x.m.Id);
                return Row(x.c.Name, D(x.m.Date), MeetingKinds.Label(x.m.Kind), x.m.Summoned, x.m.Present, Round(x.m.AttendanceRate),
                    x.m.ExcusedAbsent, x.m.UnexcusedAbsent, x.m.DurationMinutes, e?.Total, e?.LevelLabel ?? "Chưa chấm");
            }).ToList();
        var sheets = new List<ReportSheet>
        {
            new("Tổng hợp", ["Chỉ tiêu", "Giá trị"], overview),
            new("Chi bộ", ["Chi bộ", "Loại hình", "Số buổi", "Sinh hoạt thường kỳ", "Tỷ lệ dự (%)", "Vắng không lý do", "Buổi ngắn", "Đã chấm", "Điểm bình quân", "Xếp loại gần nhất"], byCell),
            new("Buổi sinh hoạt", ["Chi bộ", "Ngày", "Loại", "Triệu tập", "Có mặt", "Tỷ lệ dự (%)", "Vắng có lý do", "Vắng không lý do", "Thời lượng (phút)", "Điểm", "Xếp loại"], byMeeting),
        };
        if (s.Targets.Count > 0)
            sheets.Add(new("Mục tiêu", ["Mục tiêu", "Đạt (chi bộ)", "Tổng số chi bộ", "Tỷ lệ (%)", "Mục tiêu tối thiểu (%)", "Mục tiêu tối đa (%)", "Đánh giá", "Căn cứ"],
                s.Targets.Select(t => Row(t.Item.Name, t.Met, t.Of, t.Percent, t.Item.MinPercent, t.Item.MaxPercent, t.Reached ? "Đạt" : "Chưa đạt", t.Item.Basis)).ToList()));
        if (s.ContestEntries.Count > 0)
            sheets.Add(new("Hội thi", ["Năm", "Chi bộ", "Thí sinh", "Ngày đăng ký"],
                s.ContestEntries.Select(e => Row(e.Year, store.Cells.FindById(e.CellId)?.Name ?? e.CellId, e.ContestantName, D(VnClock.Local(e.RegisteredAtUtc)))).ToList()));
        if (s.StaffReports.Count > 0)
            sheets.Add(new("Cán bộ dự sinh hoạt", ["Cán bộ", "Chi bộ", "Ngày họp", "Hạn báo cáo", "Tình trạng"],
                s.StaffReports.Select(r => Row(r.Staff, r.Cell.Name, D(r.Meeting), D(r.Due), r.Filed ? "Đã nộp" : "Quá hạn")).ToList()));
        return sheets;
    }

    static IReadOnlyList<object?> Row(params object?[] values) => values;

    /// <summary>Levels over the period by sub-unit (or by cell when the cells sit right under the unit), and the last 12 months' trend.</summary>
    public static SummaryChart Chart(ChiBoStore store, TemplateCatalog templates, UnitSummary s)
    {
        static LevelBar Bar(string name, IEnumerable<CellStats> cells)
        {
            var l = Levels.Sum(cells.Select(c => c.Levels));
            return new LevelBar(name, l.Good, l.Fair, l.Average, l.Poor);
        }
        var bars = s.ByUnit.Count > 0 ? s.ByUnit.Select(u => Bar(u.Unit.Name, u.Cells)).ToList() : s.Cells.Select(c => Bar(c.Cell.Name, [c])).ToList();
        var last = s.Period.End.AddMonths(-1);
        var first = last.AddMonths(-11);
        var months = Enumerable.Range(0, 12).Select(i => first.AddMonths(i).ToString("yyyy-MM")).ToList();
        var data = ScopeData.Load(store, s.Unit.Path, months[0], months[^1]);
        var trend = months.Where(m => string.CompareOrdinal(m, s.Now.ToString("yyyy-MM")) <= 0).Select(m =>
        {
            var stats = data.Cells.Select(c => CellStats.Of(c, data, [m], s.Now, templates)).ToList();
            var held = stats.Count(c => c.HeldAll);
            var counted = stats.Count(c => c.DueMonths > 0); // cells not yet due, or not yet existing, are left out
            var evaluated = stats.Sum(c => c.Evaluated);
            return new TrendPoint($"{m[5..]}/{m[2..4]}", counted == 0 ? null : 100.0 * held / counted, evaluated == 0 ? null : (double)(stats.Sum(c => c.ScoreSum) / evaluated));
        }).ToList();
        return new SummaryChart($"{s.Unit.Name} — {s.Period.Label}", bars, trend);
    }
}
