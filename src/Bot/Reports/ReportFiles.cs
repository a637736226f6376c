using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Summaries;
using ChiBo.Dialogs.Text;
using MiniExcelLibs;
using ScottPlot;
using SkiaSharp;

namespace ChiBo.Bot.Reports;

public sealed class ReportOptions
{
    /// <summary>Folder for generated reports (Reports__Path); default "reports" next to the database.</summary>
    public string? Path { get; set; }
    /// <summary>Generated files older than this many days are deleted (Reports__KeepDays): they are sent at once and kept only in the chat.</summary>
    public int KeepDays { get; set; } = 7;
}

/// <summary>
/// Writes summary workbooks (<see cref="Workbook"/>) and charts (ScottPlot) into the reports folder (0700; files 0600); names are
/// unique per request; files older than <paramref name="keepDays"/> days are deleted when a new one is made.
/// </summary>
public sealed class ReportFiles(string folder, TimeProvider clock, int keepDays = 7) : IReportFiles
{
    public string Folder { get; } = PrivateFiles.FolderWithFiles(folder);

    /// <summary>Deletes generated files older than the kept days; returns how many.</summary>
    public int Prune()
    {
        // File times are the operating system's, so their age is too (the bot's clock may be a demo clock).
        var before = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-Math.Max(1, keepDays));
        var deleted = 0;
        foreach (var file in new DirectoryInfo(Folder).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc >= before) continue;
            try { file.Delete(); deleted++; }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return deleted;
    }

    /// <summary>A new file's path; the kept days are enforced first, and the file is made private once written (<see cref="Written"/>).</summary>
    string NewPath(string name, string extension)
    {
        Prune();
        // Vietnam time, as the backups' names: the file's name is what a user sees when it is sent ("…-20261207-0654…").
        var stamp = ChiBo.Dialogs.Domain.VnClock.FileStamp(clock.GetUtcNow().UtcDateTime);
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        return System.IO.Path.Combine(Folder, $"{safe}-{stamp}-{Guid.NewGuid().ToString("N")[..6]}.{extension}");
    }

    public string SaveWorkbook(string name, IReadOnlyList<ReportSheet> sheets) =>
        Made(name, "xlsx", path => Workbook.Write(path, sheets));

    public string SaveDocument(string name, ChiBo.Dialogs.Documents.DocumentModel document) =>
        Made(name, "docx", path => WordDocument.Write(path, document));

    public string SaveCsv(string name, ReportSheet sheet) =>
        Made(name, "csv", path => MiniExcel.SaveAs(path, TableOf(sheet, AsCsvText), excelType: ExcelType.CSV,
            configuration: new MiniExcelLibs.Csv.CsvConfiguration { StreamWriterFunc = s => new StreamWriter(s, new System.Text.UTF8Encoding(true)) }));

    /// <summary>A new file written by <paramref name="write"/>, outside the turn's write transaction (<see cref="MadeOutside"/>).</summary>
    string Made(string name, string extension, Action<string> write) => MadeOutside.Make(() =>
    {
        var path = NewPath(name, extension);
        write(path);
        return Written(path);
    });

    static string Written(string path)
    {
        PrivateFiles.File(path);
        return path;
    }

    /// <summary>A sheet as a DataTable, so its headers are written even when it has no rows; its cells go through <paramref name="cell"/>.</summary>
    static System.Data.DataTable TableOf(ReportSheet sheet, Func<object, object> cell)
    {
        var table = new System.Data.DataTable(sheet.Name);
        foreach (var header in sheet.Headers) table.Columns.Add(header, typeof(object));
        foreach (var row in sheet.Rows)
            table.Rows.Add(Enumerable.Range(0, sheet.Headers.Count).Select(i => i < row.Count && row[i] is { } v ? cell(v) : DBNull.Value).ToArray());
        return table;
    }

    /// <summary>What a spreadsheet opening a CSV would read as a formula (CSV injection): "=", "+", "-", "@", tab, CR first.</summary>
    static bool LooksLikeFormula(string s) => s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>
    /// A CSV cell: text that would be read as a formula gets a leading apostrophe (read back as the text itself); a date
    /// is written dd/MM/yyyy, as the import reads it.
    /// </summary>
    static object AsCsvText(object value) => value switch
    {
        string s when LooksLikeFormula(s) => "'" + s,
        DateTime d => d.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    /// <summary>The reverse of <see cref="AsCsvText"/> on import, so an exported file sent back reads the same.</summary>
    static string FromCsvText(string s) => s.Length > 1 && s[0] == '\'' && LooksLikeFormula(s[1..]) ? s[1..] : s;

    /// <summary>Largest table file accepted (an organisation of thousands of members is well under 1 MB).</summary>
    public const long MaxTableBytes = 5 * 1024 * 1024;
    /// <summary>Largest workbook once unpacked (all its parts together): 20,000 rows fit well within it; a zip bomb does not.</summary>
    public const long MaxUnpackedBytes = 40 * 1024 * 1024;
    /// <summary>Longest cell accepted (names and addresses are far shorter).</summary>
    public const int MaxCellLength = 2000;

    /// <summary>
    /// A workbook is unpacked, counting, before anything parses it: an entry or the whole past <see cref="MaxUnpackedBytes"/>
    /// is refused. The sizes a zip declares can lie, so the bytes are counted as they come.
    /// </summary>
    static void CheckUnpackedSize(string path)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        var buffer = new byte[81920];
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            if (entry.Length > MaxUnpackedBytes || total + entry.Length > MaxUnpackedBytes) throw TooLarge();
            using var part = entry.Open();
            int read;
            while ((read = part.Read(buffer)) > 0)
                if ((total += read) > MaxUnpackedBytes) throw TooLarge();
        }
        static TableFileException TooLarge() =>
            new($"Tệp khi giải nén lớn quá {MaxUnpackedBytes / 1024 / 1024} MB (có thể tệp có một ô khổng lồ). Danh sách tổ chức chỉ cần tệp nhỏ; kiểm tra lại tệp.");
    }

    // Tables already read, by file (path, size, time written): a file read when it arrives, at the channel's edge, is not
    // parsed again inside the turn's write transaction, so no chat waits while another chat's file is parsed.
    readonly Dictionary<string, (long Used, TableFile? Table, TableFileException? Error)> _read = [];
    long _reads;
    const int Remembered = 8;

    /// <summary>How many times a file was actually parsed (not answered from what was read before).</summary>
    public int Parses { get; private set; }

    public TableFile ReadTable(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new TableFileException("Không tìm thấy tệp.");
        var key = $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}";
        lock (_read)
            if (_read.TryGetValue(key, out var known))
            {
                _read[key] = known with { Used = ++_reads };
                return known.Table ?? throw known.Error!;
            }
        try { return Remember(key, Parse(info), null); }
        catch (TableFileException ex)
        {
            Remember(key, null, ex);
            throw;
        }
    }

    TableFile Remember(string key, TableFile? rows, TableFileException? error)
    {
        lock (_read)
        {
            Parses++;
            _read[key] = (++_reads, rows, error);
            if (_read.Count > Remembered) _read.Remove(_read.MinBy(e => e.Value.Used).Key);
        }
        return rows!;
    }

    TableFile Parse(FileInfo info)
    {
        var path = info.FullName;
        if (info.Length > MaxTableBytes) throw new TableFileException($"Tệp lớn quá {MaxTableBytes / 1024 / 1024} MB.");
        var extension = info.Extension.ToLowerInvariant();
        try
        {
            IEnumerable<dynamic> rows;
            string? sheet = null;
            if (extension == ".csv")
            {
                var bytes = File.ReadAllBytes(path);
                string text;
                try { text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
                catch (System.Text.DecoderFallbackException) { throw new TableFileException("Tệp CSV không ở dạng UTF-8. Trong Excel chọn Lưu thành → \"CSV UTF-8\", hoặc gửi tệp .xlsx."); }
                var firstLine = text.TrimStart('\uFEFF').Split('\n', 2)[0];
                var separator = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
                rows = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: false, excelType: ExcelType.CSV, // the bytes already read, not the file again
                    configuration: new MiniExcelLibs.Csv.CsvConfiguration { Seperator = separator, StreamReaderFunc = s => new StreamReader(s, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true) });
            }
            else if (extension == ".xlsx")
            {
                CheckUnpackedSize(path);
                // The organisation sheet by its name (a cover or guide sheet may come first), else the first sheet.
                var sheets = MiniExcel.GetSheetNames(path);
                var named = sheets.FirstOrDefault(n => VnText.Fold(n).Replace(" ", "") == VnText.Fold(Dialogs.OrgFile.OrgTable.SheetName).Replace(" ", ""));
                if (sheets.Count > 1) sheet = named ?? sheets[0];
                rows = MiniExcel.Query(path, useHeaderRow: false, sheetName: named ?? sheets.FirstOrDefault(), excelType: ExcelType.XLSX);
            }
            else throw new TableFileException($"Bot đọc được tệp .xlsx hoặc .csv, không đọc được tệp {(extension == "" ? "không có đuôi" : extension)}.");

            var table = new List<IReadOnlyList<string>>();
            foreach (IDictionary<string, object?> row in rows)
            {
                if (table.Count > Dialogs.OrgFile.OrgTable.MaxRows + 1) break; // the caller reports the size
                // Text as typed, in one Unicode form (NFC): a name typed with combining accents matches the same name typed precomposed.
                var cells = row.Values.Select(v => (extension == ".csv" ? FromCsvText(Text(v)) : Text(v)).Normalize(System.Text.NormalizationForm.FormC)).ToList();
                if (cells.FindIndex(c => c.Length > MaxCellLength) is var wide and >= 0)
                    throw new TableFileException($"Dòng {table.Count + 1}, cột {ChiBo.Dialogs.OrgFile.OrgTable.Letter(wide)}: ô dài {VnText.Number(cells[wide].Length)} ký tự, quá {VnText.Number(MaxCellLength)}. Kiểm tra lại tệp.");
                table.Add(cells);
            }
            return new TableFile(sheet, table);
        }
        catch (TableFileException) { throw; }
        catch (Exception ex) { throw new TableFileException($"Không đọc được tệp (hỏng hoặc không phải bảng tính {extension}).", ex); }
    }

    /// <summary>A cell as the user sees it: text, a number, a time of day as HH:mm, a date as dd/MM/yyyy.</summary>
    static string Text(object? v) => v switch
    {
        null => "",
        string s => s,
        DateTime d when d.Date <= new DateTime(1900, 1, 1) => d.ToString("HH:mm"),
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("dd/MM/yyyy") : d.ToString("dd/MM/yyyy HH:mm"),
        TimeSpan t => $"{(int)t.TotalHours:00}:{t.Minutes:00}",
        double n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        decimal n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    static readonly (string Label, string Hex)[] LevelColours = [("Tốt", "#2e7d32"), ("Khá", "#1976d2"), ("Trung bình", "#f9a825"), ("Kém", "#c62828")];

    public string SaveChart(string name, SummaryChart chart) => Made(name, "png", path => DrawChart(path, chart));

    const int ChartWidth = 1000, TrendHeight = 420;

    /// <summary>
    /// Two panels in one picture: the levels as horizontal stacked bars (names in full on the left, wrapped; whole-number
    /// counts; the legend beside the plot, not over the bars) and the 12-month trend (the month not yet over marked "*").
    /// An empty period says so in the panel instead of drawing empty axes.
    /// </summary>
    static void DrawChart(string path, SummaryChart chart)
    {
        var levelsHeight = LevelsHeight(chart.Levels.Count);
        var levels = new Plot();
        levels.Title(chart.Title + " — xếp loại các buổi sinh hoạt" + (chart.More > 0 ? $" ({chart.Levels.Count} {chart.BarsOf.ToLower(ChiBo.Dialogs.Text.VnText.Culture)} nhiều buổi nhất; {chart.More} khác xem Excel)" : ""));
        var bars = new List<Bar>();
        var n = chart.Levels.Count;
        for (var i = 0; i < n; i++)
        {
            var l = chart.Levels[i];
            double based = 0;
            int[] counts = [l.Good, l.Fair, l.Average, l.Poor];
            for (var k = 0; k < counts.Length; k++)
            {
                if (counts[k] == 0) continue;
                // The first name on top.
                bars.Add(new Bar { Position = n - 1 - i, ValueBase = based, Value = based + counts[k], FillColor = Color.FromHex(LevelColours[k].Hex), Size = 0.6 });
                based += counts[k];
            }
        }
        if (bars.Count > 0) levels.Add.Bars(bars).Horizontal = true;
        else Note(levels, "Không có buổi sinh hoạt nào được chấm điểm trong kỳ");
        levels.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, n).Select(i => (double)(n - 1 - i)).ToArray(), chart.Levels.Select(l => Wrap(l.Name, 26)).ToArray());
        levels.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        levels.XLabel("Số buổi sinh hoạt đã chấm điểm");
        levels.YLabel(chart.BarsOf);
        var most = chart.Levels.Count == 0 ? 0 : chart.Levels.Max(l => l.Total);
        levels.Axes.SetLimitsX(0, Math.Max(4, most * 1.08));
        levels.Axes.SetLimitsY(-0.6, Math.Max(0, n - 1) + 0.6);
        levels.Legend.ManualItems.AddRange(LevelColours.Select(c => new LegendItem { LabelText = c.Label, FillColor = Color.FromHex(c.Hex) }));
        levels.ShowLegend(Edge.Right);

        var trend = new Plot();
        var partial = chart.Trend.Any(t => t.Partial);
        trend.Title("Diễn biến 12 tháng" + (partial ? " (* tháng chưa hết)" : ""));
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
        if (due.Count == 0 && scored.Count == 0) Note(trend, "Chưa có số liệu trong 12 tháng này");
        trend.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs, chart.Trend.Select(t => t.Partial ? t.Month + "*" : t.Month).ToArray());
        trend.Axes.SetLimitsX(-0.5, Math.Max(1, chart.Trend.Count) - 0.5);
        trend.Axes.SetLimitsY(0, 105);
        trend.XLabel("Tháng");
        trend.YLabel("% chi bộ · điểm (thang 100)");
        if (due.Count > 0 || scored.Count > 0) trend.ShowLegend(Edge.Right); // a legend panel with nothing in it blanks the whole plot

        // Each plot renders on its own, then the two are stacked in one picture.
        using var surface = SKSurface.Create(new SKImageInfo(ChartWidth, levelsHeight + TrendHeight));
        surface.Canvas.Clear(SKColors.White);
        using (var top = SKImage.FromEncodedData(levels.GetImageBytes(ChartWidth, levelsHeight, ImageFormat.Png)))
            surface.Canvas.DrawImage(top, 0, 0);
        using (var bottom = SKImage.FromEncodedData(trend.GetImageBytes(ChartWidth, TrendHeight, ImageFormat.Png)))
            surface.Canvas.DrawImage(bottom, 0, levelsHeight);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    /// <summary>The colour of a panel's note ("no data"), soft yellow.</summary>
    public const string NoteColour = "#fff3cd";

    static void Note(Plot plot, string text) =>
        plot.Add.Annotation(text, Alignment.MiddleCenter).LabelBackgroundColor = Color.FromHex(NoteColour);

    /// <summary>The levels panel's height: room for every bar's (wrapped) name.</summary>
    public static int LevelsHeight(int bars) => Math.Max(TrendHeight, 140 + 44 * bars);

    /// <summary>A name broken into lines of at most <paramref name="width"/> characters, at spaces.</summary>
    static string Wrap(string name, int width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width) { lines.Add(line); line = ""; }
            line = line.Length == 0 ? word : line + " " + word;
        }
        lines.Add(line);
        return string.Join('\n', lines);
    }
}
