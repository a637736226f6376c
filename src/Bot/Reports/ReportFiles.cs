using ChiBo.Dialogs.Summaries;
using MiniExcelLibs;
using ScottPlot;
using SkiaSharp;

namespace ChiBo.Bot.Reports;

public sealed class ReportOptions
{
    /// <summary>Folder for generated reports (Reports__Path); default "reports" next to the database.</summary>
    public string? Path { get; set; }
}

/// <summary>Writes summary workbooks (MiniExcel) and charts (ScottPlot) into the reports folder; names are unique per request.</summary>
public sealed class ReportFiles(string folder, TimeProvider clock) : IReportFiles
{
    public string Folder { get; } = Directory.CreateDirectory(folder).FullName;

    string NewPath(string name, string extension)
    {
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd-HHmmss");
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        return System.IO.Path.Combine(Folder, $"{safe}-{stamp}-{Guid.NewGuid().ToString("N")[..6]}.{extension}");
    }

    public string SaveWorkbook(string name, IReadOnlyList<ReportSheet> sheets)
    {
        var path = NewPath(name, "xlsx");
        var workbook = new Dictionary<string, object>();
        foreach (var sheet in sheets)
            workbook[sheet.Name] = sheet.Rows.Select(row =>
            {
                var r = new Dictionary<string, object?>();
                for (var i = 0; i < sheet.Headers.Count; i++) r[sheet.Headers[i]] = i < row.Count ? row[i] : null;
                return r;
            }).ToList();
        MiniExcel.SaveAs(path, workbook);
        return path;
    }

    static readonly (string Label, string Hex)[] LevelColours = [("Tốt", "#2e7d32"), ("Khá", "#1976d2"), ("Trung bình", "#f9a825"), ("Kém", "#c62828")];

    public string SaveChart(string name, SummaryChart chart)
    {
        const int width = 900, height = 420;
        var levels = new Plot();
        levels.Title(chart.Title + " — xếp loại các buổi sinh hoạt");
        var bars = new List<Bar>();
        for (var i = 0; i < chart.Levels.Count; i++)
        {
            var l = chart.Levels[i];
            double based = 0;
            int[] counts = [l.Good, l.Fair, l.Average, l.Poor];
            for (var k = 0; k < counts.Length; k++)
            {
                if (counts[k] == 0) continue;
                bars.Add(new Bar { Position = i, ValueBase = based, Value = based + counts[k], FillColor = Color.FromHex(LevelColours[k].Hex) });
                based += counts[k];
            }
        }
        if (bars.Count > 0) levels.Add.Bars(bars);
        levels.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, chart.Levels.Count).Select(i => (double)i).ToArray(), chart.Levels.Select(l => Short(l.Name)).ToArray());
        levels.YLabel("Số buổi");
        levels.Legend.ManualItems.AddRange(LevelColours.Select(c => new LegendItem { LabelText = c.Label, FillColor = Color.FromHex(c.Hex) }));
        levels.ShowLegend(Alignment.UpperRight);
        levels.Axes.Margins(bottom: 0);

        var trend = new Plot();
        trend.Title("Diễn biến theo tháng");
        var xs = Enumerable.Range(0, chart.Trend.Count).Select(i => (double)i).ToArray();
        var due = chart.Trend.Select((t, i) => (i, t.HeldPercent)).Where(p => p.HeldPercent is not null).ToList();
        if (due.Count > 0)
        {
            var held = trend.Add.Scatter(due.Select(p => (double)p.i).ToArray(), due.Select(p => p.HeldPercent!.Value).ToArray());
            held.LegendText = "Chi bộ đã sinh hoạt (%)";
        }
        var scored = chart.Trend.Select((t, i) => (i, t.AverageScore)).Where(p => p.AverageScore is not null).ToList();
        if (scored.Count > 0)
        {
            var score = trend.Add.Scatter(scored.Select(p => (double)p.i).ToArray(), scored.Select(p => p.AverageScore!.Value).ToArray());
            score.LegendText = "Điểm bình quân";
        }
        trend.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs, chart.Trend.Select(t => t.Month).ToArray());
        trend.Axes.SetLimitsY(0, 105);
        trend.ShowLegend(Alignment.LowerLeft);

        var path = NewPath(name, "png");
        // Each plot renders on its own, then the two are stacked in one picture.
        using var surface = SKSurface.Create(new SKImageInfo(width, height * 2));
        surface.Canvas.Clear(SKColors.White);
        using (var top = SKImage.FromEncodedData(levels.GetImageBytes(width, height, ImageFormat.Png)))
            surface.Canvas.DrawImage(top, 0, 0);
        using (var bottom = SKImage.FromEncodedData(trend.GetImageBytes(width, height, ImageFormat.Png)))
            surface.Canvas.DrawImage(bottom, 0, height);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using (var file = File.Create(path)) data.SaveTo(file);
        return path;
    }

    static string Short(string name) => name.Length <= 22 ? name : name[..21] + "…";
}
