using System.Globalization;
using ChiBo.Dialogs.Summaries;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ChiBo.Bot.Reports;

/// <summary>
/// Writes report sheets as an .xlsx to print and send upward (Open XML SDK): Times New Roman, column widths from the
/// content, the header block (<see cref="ReportHeading"/>) merged above the table, a bold bordered header row frozen
/// and repeated on every printed page, a totals row, numbers and dates as typed cells, A4 (landscape when the table is wide) fitted to
/// the page's width, page numbers in the footer, and drop-down lists where a column has fixed values.
/// Text is written as inline strings: never a formula, whatever it starts with.
/// </summary>
public static class Workbook
{
    const string Font = "Times New Roman";
    const double MinWidth = 6, MaxWidth = 32; // characters; longer text wraps
    const double PortraitWidth = 90; // characters that fit across A4 portrait; a wider table is printed landscape
    const int ListRows = 5000; // rows below the header offered a drop-down list

    // Cell formats, by index in the stylesheet below.
    enum Style : uint
    {
        Default, Text, Integer, Decimal, Date, Header, TotalText, TotalInteger, TotalDecimal,
        HeadingUnit, HeadingBold, HeadingParty, HeadingItalic, Title, Note,
    }

    public static void Write(string path, IReadOnlyList<ReportSheet> sheets)
    {
        using var doc = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        doc.PackageProperties.Language = "vi-VN";
        doc.PackageProperties.Title = sheets.FirstOrDefault(s => s.Heading is not null)?.Heading!.Title ?? sheets.FirstOrDefault()?.Name;
        var book = doc.AddWorkbookPart();
        book.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook();
        var styles = book.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();
        var list = new Sheets();
        var names = new DefinedNames();
        var lists = ListSheet(sheets);
        uint id = 1;
        foreach (var sheet in sheets)
        {
            var part = book.AddNewPart<WorksheetPart>();
            var headerRow = WriteSheet(part, sheet, lists);
            list.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id, Name = SheetName(sheet.Name) });
            // The header row is printed on top of every page.
            names.Append(new DefinedName($"'{SheetName(sheet.Name)}'!${headerRow}:${headerRow}") { Name = "_xlnm.Print_Titles", LocalSheetId = id - 1 });
            id++;
        }
        if (lists is not null)
        {
            var part = book.AddNewPart<WorksheetPart>();
            WriteSheet(part, lists.Sheet, null);
            list.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id, Name = lists.Sheet.Name });
        }
        book.Workbook.Append(new BookViews(new WorkbookView()), list, names);
        book.Workbook.Save();
    }

    /// <summary>Excel's limits on a sheet's name: 31 characters, none of []:*?/\.</summary>
    static string SheetName(string name)
    {
        var clean = new string(name.Select(c => "[]:*?/\\".Contains(c) ? '-' : c).ToArray());
        return clean.Length <= 31 ? clean : clean[..31];
    }

    /// <summary>The fixed values of every sheet's lists, one column each on a "Danh mục" sheet the validations point at.</summary>
    sealed record Lists(ReportSheet Sheet, Dictionary<(string Sheet, int Column), string> Ranges);

    static Lists? ListSheet(IReadOnlyList<ReportSheet> sheets)
    {
        var columns = sheets.SelectMany(s => (s.Lists ?? new Dictionary<int, IReadOnlyList<string>>()).Select(l => (Sheet: s, Column: l.Key, Values: l.Value))).ToList();
        if (columns.Count == 0) return null;
        const string name = "Danh mục";
        var ranges = new Dictionary<(string, int), string>();
        var headers = new List<string>();
        for (var i = 0; i < columns.Count; i++)
        {
            var (sheet, column, values) = columns[i];
            headers.Add(sheet.Headers[column]);
            var letter = ChiBo.Dialogs.OrgFile.OrgTable.Letter(i);
            ranges[(sheet.Name, column)] = $"'{name}'!${letter}$2:${letter}${values.Count + 1}";
        }
        var height = columns.Max(c => c.Values.Count);
        var rows = Enumerable.Range(0, height).Select(r => (IReadOnlyList<object?>)columns.Select(c => r < c.Values.Count ? c.Values[r] : null).ToList()).ToList();
        return new Lists(new ReportSheet(name, headers, rows), ranges);
    }

    /// <summary>Writes one sheet; returns the (1-based) row of the table's header.</summary>
    static int WriteSheet(WorksheetPart part, ReportSheet sheet, Lists? lists)
    {
        var columns = Math.Max(1, sheet.Headers.Count);
        var widths = Widths(sheet);
        var data = new SheetData();
        var merges = new List<string>();
        var row = 0;
        Row NewRow(double? height = null)
        {
            var r = new Row { RowIndex = (uint)++row };
            if (height is { } h) { r.Height = h; r.CustomHeight = true; }
            data.Append(r);
            return r;
        }
        void Merge(int from, int to) { if (to > from) merges.Add($"{Ref(from, row)}:{Ref(to, row)}"); }

        if (sheet.Heading is { } heading)
        {
            // Left half: the upper committee and the unit; right half: the Party's name and the date.
            var split = columns == 1 ? 1 : (columns + 1) / 2;
            var left = new List<(string Text, Style Style)>();
            if (heading.UpperUnit is { } upper) left.Add((Upper(upper), Style.HeadingUnit));
            left.Add((Upper(heading.Unit), Style.HeadingBold));
            left.Add(("*", Style.HeadingUnit));
            var right = new List<(string Text, Style Style)>
            {
                ("ĐẢNG CỘNG SẢN VIỆT NAM", Style.HeadingParty),
                ($"ngày {heading.Date:dd} tháng {heading.Date:MM} năm {heading.Date:yyyy}", Style.HeadingItalic),
            };
            for (var i = 0; i < Math.Max(left.Count, right.Count); i++)
            {
                var r = NewRow(17);
                if (i < left.Count) r.Append(TextCell(0, row, left[i].Text, left[i].Style));
                if (columns > 1 && i < right.Count) r.Append(TextCell(split, row, right[i].Text, right[i].Style));
                Merge(0, split - 1);
                if (columns > 1) Merge(split, columns - 1);
            }
            NewRow(8);
            var total = widths.Sum();
            var titleLines = heading.Title.Split('\n').Sum(l => (int)Math.Ceiling(Math.Max(1, l.Length * 1.25) / total));
            NewRow(20 * titleLines).Append(TextCell(0, row, heading.Title, Style.Title));
            Merge(0, columns - 1);
            NewRow(17 * Math.Max(1, (int)Math.Ceiling(heading.Subtitle.Length * 1.1 / total))).Append(TextCell(0, row, heading.Subtitle, Style.HeadingItalic));
            Merge(0, columns - 1);
            NewRow().Append(TextCell(0, row, $"Người lập: {heading.PreparedBy}", Style.Note));
            Merge(0, columns - 1);
            NewRow(8);
        }

        var headerRow = row + 1;
        var header = NewRow(Height(sheet.Headers, widths, bold: true));
        for (var c = 0; c < sheet.Headers.Count; c++) header.Append(TextCell(c, row, sheet.Headers[c], Style.Header));
        foreach (var values in sheet.Rows)
        {
            var r = NewRow(Height(values, widths));
            for (var c = 0; c < columns; c++)
                r.Append(ValueCell(c, row, c < values.Count ? values[c] : null, total: false));
        }
        if (sheet.Totals is { } totals)
        {
            var r = NewRow(Height(totals, widths, bold: true));
            for (var c = 0; c < columns; c++)
                r.Append(ValueCell(c, row, c < totals.Count ? totals[c] : null, total: true));
        }

        var worksheet = new Worksheet(
            new SheetProperties(new PageSetupProperties { FitToPage = true }),
            new SheetViews(new SheetView(
                new Pane { VerticalSplit = headerRow, TopLeftCell = Ref(0, headerRow + 1), ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = Ref(0, headerRow + 1), SequenceOfReferences = new ListValue<StringValue> { InnerText = Ref(0, headerRow + 1) } })
            { WorkbookViewId = 0 }),
            new SheetFormatProperties { DefaultRowHeight = 16.5 },
            new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true })),
            data);
        if (merges.Count > 0) worksheet.Append(new MergeCells(merges.Select(m => new MergeCell { Reference = m })) { Count = (uint)merges.Count });
        if (sheet.Lists is { Count: > 0 } fixedValues && lists is not null)
        {
            var validations = new DataValidations();
            foreach (var (column, _) in fixedValues)
                validations.Append(new DataValidation(new Formula1(lists.Ranges[(sheet.Name, column)]))
                {
                    Type = DataValidationValues.List, AllowBlank = true, ShowErrorMessage = true, ShowInputMessage = true,
                    ErrorStyle = DataValidationErrorStyleValues.Warning, ErrorTitle = sheet.Headers[column],
                    Error = "Giá trị này không có trong danh sách. Chọn trong danh sách, hoặc bấm Yes để giữ (bot sẽ kiểm tra khi nhập).",
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{Ref(column, headerRow + 1)}:{Ref(column, headerRow + ListRows)}" },
                });
            validations.Count = (uint)fixedValues.Count;
            worksheet.Append(validations);
        }
        worksheet.Append(
            new PrintOptions { HorizontalCentered = true },
            new PageMargins { Left = 0.5, Right = 0.4, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 },
            new PageSetup { PaperSize = 9, Orientation = widths.Sum() > PortraitWidth ? OrientationValues.Landscape : OrientationValues.Portrait, FitToWidth = 1, FitToHeight = 0 },
            new HeaderFooter(new OddFooter("&C&\"Times New Roman\"&10Trang &P/&N")));
        part.Worksheet = worksheet;
        return headerRow;
    }

    const double LineHeight = 16; // points, for 12 pt text

    /// <summary>
    /// A row's height from how its wrapped text breaks (spreadsheet programs do not all fit rows on opening): words laid
    /// into each column's width; null when every value fits on one line.
    /// </summary>
    static double? Height(IEnumerable<object?> values, double[] widths, bool bold = false)
    {
        var lines = 1;
        var c = 0;
        foreach (var v in values)
        {
            if (c >= widths.Length) break;
            if (v is string text) lines = Math.Max(lines, LinesOf(text, widths[c] - 1, bold ? 1.1 : 1.0));
            c++;
        }
        return lines == 1 ? null : lines * LineHeight;
    }

    static int LinesOf(string text, double width, double charWidth)
    {
        var lines = 0;
        foreach (var paragraph in text.Split('\n'))
        {
            lines++;
            var used = 0.0;
            foreach (var word in paragraph.Split(' '))
            {
                var w = word.Length * charWidth;
                if (used > 0 && used + 1 + w > width) { lines++; used = 0; }
                used += (used > 0 ? 1 : 0) + w;
                while (used > width) { lines++; used -= width; } // a word longer than the column
            }
        }
        return lines;
    }

    static string Upper(string s) => s.ToUpper(ChiBo.Dialogs.Text.VnText.Culture);

    /// <summary>
    /// Each column as wide as its longest value (the header wraps at its longest word), within limits; with a heading,
    /// the two halves are widened if their lines would not fit.
    /// </summary>
    static double[] Widths(ReportSheet sheet)
    {
        var n = Math.Max(1, sheet.Headers.Count);
        var widths = new double[n];
        for (var c = 0; c < n; c++)
        {
            var header = c < sheet.Headers.Count ? sheet.Headers[c] : "";
            var longestWord = header.Split(' ').Max(w => w.Length);
            var width = Math.Max(longestWord * 1.2 + 2, 9);
            foreach (var r in sheet.Rows.Concat(sheet.SizedLike ?? []).Append(sheet.Totals ?? []))
                if (c < r.Count) width = Math.Max(width, Shown(r[c]).Length * 1.1 + 2);
            widths[c] = Math.Round(Math.Clamp(width, MinWidth, MaxWidth), 1);
        }
        if (sheet.Heading is { } h && n > 1)
        {
            var split = (n + 1) / 2;
            var leftNeed = new[] { h.UpperUnit ?? "", h.Unit }.Max(s => s.Length) * 1.3 + 2; // capitals are wider
            var rightNeed = 30.0;
            var left = widths[..split].Sum();
            if (left < leftNeed) widths[split - 1] += Math.Round(leftNeed - left, 1);
            var right = widths[split..].Sum();
            if (right < rightNeed) widths[^1] += Math.Round(rightNeed - right, 1);
        }
        return widths;
    }

    static string Shown(object? v) => v switch
    {
        null => "",
        DateTime => "00/00/0000",
        double d => d.ToString("0.0", CultureInfo.InvariantCulture),
        decimal d => d.ToString("0.0", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    static string Ref(int column, int row) => $"{ChiBo.Dialogs.OrgFile.OrgTable.Letter(column)}{row}";

    static Cell TextCell(int column, int row, string text, Style style) => new()
    {
        CellReference = Ref(column, row), DataType = CellValues.InlineString, StyleIndex = (uint)style,
        InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
    };

    static Cell ValueCell(int column, int row, object? value, bool total)
    {
        Cell Number(string n, bool whole) => new()
        {
            CellReference = Ref(column, row), CellValue = new CellValue(n),
            StyleIndex = (uint)(total ? whole ? Style.TotalInteger : Style.TotalDecimal : whole ? Style.Integer : Style.Decimal),
        };
        var text = total ? Style.TotalText : Style.Text;
        return value switch
        {
            null => new Cell { CellReference = Ref(column, row), StyleIndex = (uint)text },
            int or long or short or byte => Number(Convert.ToString(value, CultureInfo.InvariantCulture)!, true),
            double d => Number(d.ToString("R", CultureInfo.InvariantCulture), false),
            float f => Number(((double)f).ToString("R", CultureInfo.InvariantCulture), false),
            decimal m => Number(m.ToString(CultureInfo.InvariantCulture), false),
            DateTime d => new Cell
            {
                CellReference = Ref(column, row), StyleIndex = (uint)Style.Date,
                CellValue = new CellValue(d.Date.ToOADate().ToString(CultureInfo.InvariantCulture)),
            },
            bool b => TextCell(column, row, b ? "Có" : "Không", text),
            _ => TextCell(column, row, value.ToString() ?? "", text),
        };
    }

    static Stylesheet Stylesheet()
    {
        static Font F(bool bold = false, bool italic = false, bool underline = false, double size = 12)
        {
            var f = new Font();
            if (bold) f.Append(new Bold());
            if (italic) f.Append(new Italic());
            if (underline) f.Append(new Underline());
            f.Append(new FontSize { Val = size }, new FontName { Val = Font }, new FontFamilyNumbering { Val = 1 });
            return f;
        }
        // Fonts: 0 regular, 1 bold, 2 bold underlined, 3 italic, 4 bold 14 pt.
        var fonts = new Fonts(F(), F(bold: true), F(bold: true, underline: true), F(italic: true), F(bold: true, size: 14)) { Count = 5 };
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9E2F3" }) { PatternType = PatternValues.Solid })) { Count = 3 };
        static Border Thin() => new(
            new LeftBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin }, new RightBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
            new TopBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin }, new BottomBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
            new DiagonalBorder());
        var borders = new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), Thin()) { Count = 2 };
        var formats = new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "dd/mm/yyyy" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "#,##0.0" },
            new NumberingFormat { NumberFormatId = 166, FormatCode = "#,##0" }) { Count = 3 };

        static CellFormat X(uint font = 0, uint border = 0, uint fill = 0, uint format = 0, HorizontalAlignmentValues? h = null, bool wrap = false,
            VerticalAlignmentValues? v = null)
        {
            var x = new CellFormat { FontId = font, BorderId = border, FillId = fill, NumberFormatId = format, FormatId = 0 };
            if (font != 0) x.ApplyFont = true;
            if (border != 0) x.ApplyBorder = true;
            if (fill != 0) x.ApplyFill = true;
            if (format != 0) x.ApplyNumberFormat = true;
            x.ApplyAlignment = true;
            x.Append(new Alignment { Horizontal = h, Vertical = v ?? VerticalAlignmentValues.Center, WrapText = wrap });
            return x;
        }
        var center = HorizontalAlignmentValues.Center;
        var cellFormats = new CellFormats(
            X(),                                                       // Default
            X(border: 1, wrap: true),                                  // Text: long text wraps
            X(border: 1, format: 166),                                 // Integer
            X(border: 1, format: 165),                                 // Decimal
            X(border: 1, format: 164, h: center),                      // Date
            X(font: 1, border: 1, fill: 2, h: center, wrap: true),     // Header
            X(font: 1, border: 1, wrap: true),                         // TotalText
            X(font: 1, border: 1, format: 166),                        // TotalInteger
            X(font: 1, border: 1, format: 165),                        // TotalDecimal
            X(h: center),                                              // HeadingUnit
            X(font: 1, h: center),                                     // HeadingBold
            X(font: 2, h: center),                                     // HeadingParty
            X(font: 3, h: center, wrap: true),                         // HeadingItalic
            X(font: 4, h: center, wrap: true),                         // Title
            X(font: 3));                                               // Note
        cellFormats.Count = (uint)cellFormats.ChildElements.Count;
        return new Stylesheet(formats, fonts, fills, borders,
            new CellStyleFormats(new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 0 }) { Count = 1 },
            cellFormats,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }
}
