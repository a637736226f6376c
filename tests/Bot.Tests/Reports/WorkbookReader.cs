using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ChiBo.Bot.Tests.Reports;

/// <summary>
/// A produced workbook read back the way a spreadsheet shows it: the table under its frozen header row, each cell as
/// text, a number (double) or a date (a number in a date format), the bold "Tổng cộng" row apart, and the sheet's layout.
/// </summary>
public sealed class WorkbookReader : IDisposable
{
    readonly SpreadsheetDocument _doc;

    public WorkbookReader(string path) => _doc = SpreadsheetDocument.Open(path, false);
    public void Dispose() => _doc.Dispose();

    WorkbookPart Book => _doc.WorkbookPart!;

    public List<string> SheetNames => Book.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();

    public Worksheet Sheet(string name)
    {
        var sheet = Book.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return ((WorksheetPart)Book.GetPartById(sheet.Id!)).Worksheet;
    }

    /// <summary>The rows printed on top of every page, one per sheet ("'Sheet'!$8:$8").</summary>
    public List<string> PrintTitles => Book.Workbook.DefinedNames?.Elements<DefinedName>().Where(d => d.Name == "_xlnm.Print_Titles").Select(d => d.Text).ToList() ?? [];

    /// <summary>The row the panes are frozen under: the table's header.</summary>
    public int HeaderRow(string name) => (int)Sheet(name).Descendants<Pane>().Single().VerticalSplit!.Value;

    /// <summary>The values of a row by column index (1-based row).</summary>
    public List<object?> Row(string name, int row)
    {
        var r = Sheet(name).Descendants<Row>().SingleOrDefault(x => x.RowIndex! == (uint)row);
        if (r is null) return [];
        var values = new List<object?>();
        foreach (var cell in r.Elements<Cell>())
        {
            var column = Column(cell.CellReference!);
            while (values.Count < column) values.Add(null);
            values.Add(Value(cell));
        }
        return values;
    }

    /// <summary>The table's rows under its header, keyed by header; the totals row (first filled cell "Tổng cộng…") apart.</summary>
    public (List<Dictionary<string, object?>> Rows, Dictionary<string, object?>? Totals) Table(string name)
    {
        var header = HeaderRow(name);
        var headers = Row(name, header).Select(h => (string)h!).ToList();
        var last = Sheet(name).Descendants<Row>().Max(r => (int)r.RowIndex!.Value);
        var rows = new List<Dictionary<string, object?>>();
        Dictionary<string, object?>? totals = null;
        for (var i = header + 1; i <= last; i++)
        {
            var values = Row(name, i);
            var d = headers.Select((h, c) => (h, v: c < values.Count ? values[c] : null)).ToDictionary(x => x.h, x => x.v);
            if (values.FirstOrDefault(v => v is not null) is string s && s.StartsWith("Tổng cộng")) totals = d; // under STT, the name column holds it
            else rows.Add(d);
        }
        return (rows, totals);
    }

    public string Text(string name, int row, int column) => Row(name, row).ElementAtOrDefault(column) as string ?? "";

    static int Column(string reference)
    {
        var n = 0;
        foreach (var ch in reference.TakeWhile(char.IsLetter)) n = n * 26 + (ch - 'A' + 1);
        return n - 1;
    }

    object? Value(Cell cell)
    {
        if (cell.DataType?.Value == CellValues.InlineString) return cell.InlineString!.InnerText;
        if (cell.DataType?.Value == CellValues.SharedString)
            return Book.SharedStringTablePart!.SharedStringTable.ElementAt(int.Parse(cell.CellValue!.Text)).InnerText;
        if (cell.CellValue is null) return null;
        var n = double.Parse(cell.CellValue.Text, CultureInfo.InvariantCulture);
        return IsDate(cell) ? DateTime.FromOADate(n) : n;
    }

    /// <summary>Whether the cell's style shows a date (its number format has d, m and y).</summary>
    public bool IsDate(Cell cell)
    {
        if (cell.StyleIndex is null) return false;
        var styles = Book.WorkbookStylesPart!.Stylesheet;
        var format = styles.CellFormats!.Elements<CellFormat>().ElementAt((int)cell.StyleIndex.Value);
        var id = format.NumberFormatId?.Value ?? 0;
        if (id is >= 14 and <= 17) return true;
        var code = styles.NumberingFormats?.Elements<NumberingFormat>().FirstOrDefault(f => f.NumberFormatId! == id)?.FormatCode?.Value ?? "";
        return code.Contains('d') && code.Contains('m') && code.Contains('y');
    }
}
