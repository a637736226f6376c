using ChiBo.Dialogs.Documents;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ChiBo.Bot.Reports;

/// <summary>
/// Writes a drafted document as .docx (Open XML SDK) the way party documents are typed: A4, margins 2 cm
/// (left 3 cm), Times New Roman 14 pt, the two-column heading (organisation / "ĐẢNG CỘNG SẢN VIỆT NAM" with
/// the place and date line), bold centred titles, justified text, and the signature columns.
/// </summary>
public static class WordDocument
{
    const string Font = "Times New Roman";
    const int Size = 28; // half-points: 14 pt
    const int Cm = 567;  // twips

    public static void Write(string path, DocumentModel model)
    {
        using var doc = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document);
        doc.PackageProperties.Title = model.Title;
        doc.PackageProperties.Language = "vi-VN";
        var main = doc.AddMainDocumentPart();
        AddStyles(main);
        var body = new Body();
        foreach (var block in model.Blocks)
            foreach (var element in Render(block)) body.Append(element);
        body.Append(new SectionProperties(
            new PageSize { Width = 11906, Height = 16838 }, // A4
            new PageMargin { Top = 2 * Cm, Bottom = 2 * Cm, Left = (UInt32Value)(uint)(3 * Cm), Right = (UInt32Value)(uint)(2 * Cm), Header = 720, Footer = 720, Gutter = 0 }));
        main.Document = new Document(body);
        main.Document.Save();
    }

    static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunProperties(
                new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font, EastAsia = Font },
                new FontSize { Val = Size.ToString() }, new FontSizeComplexScript { Val = Size.ToString() }, new Languages { Val = "vi-VN" })),
            new ParagraphPropertiesDefault(new ParagraphProperties(new SpacingBetweenLines { After = "60", Line = "300", LineRule = LineSpacingRuleValues.Auto }))));
        styles.Styles.Save();
    }

    static IEnumerable<OpenXmlElement> Render(DocBlock b) => b.Style switch
    {
        "header" => [Columns(b.Texts), Empty()],
        "signatures" => [Empty(), Columns(b.Texts)],
        "title" => [Paragraph(b.Texts[0], JustificationValues.Center, bold: true, spaceBefore: 240)],
        "center" => [Paragraph(b.Texts[0], JustificationValues.Center, bold: false, italic: true)],
        "heading" => [Paragraph(b.Texts[0], JustificationValues.Both, bold: true, spaceBefore: 120)],
        "item" => [Paragraph("- " + b.Texts[0], JustificationValues.Both, indent: true)],
        _ => [Paragraph(b.Texts[0], JustificationValues.Both, indent: true)],
    };

    static Paragraph Empty() => new(new ParagraphProperties(new SpacingBetweenLines { After = "0" }));

    static Paragraph Paragraph(string text, JustificationValues align, bool bold = false, bool italic = false, bool indent = false, int spaceBefore = 0, int size = Size)
    {
        var props = new ParagraphProperties(new Justification { Val = align });
        if (spaceBefore > 0) props.Append(new SpacingBetweenLines { Before = spaceBefore.ToString() });
        if (indent) props.Append(new Indentation { FirstLine = (Cm * 1).ToString() });
        var p = new Paragraph(props);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var run = new Run();
            var rp = new RunProperties();
            if (bold) rp.Append(new Bold());
            if (italic) rp.Append(new Italic());
            if (size != Size) rp.Append(new FontSize { Val = size.ToString() });
            if (rp.HasChildren) run.Append(rp);
            if (i > 0) run.Append(new Break());
            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
            p.Append(run);
        }
        return p;
    }

    /// <summary>Side-by-side centred columns without borders (the heading, the signatures); a line starting with "!" is bold, "~" italic.</summary>
    static Table Columns(IReadOnlyList<string> columns)
    {
        var width = (11906 - 5 * Cm) / columns.Count;
        var table = new Table(new TableProperties(
            new TableWidth { Width = (width * columns.Count).ToString(), Type = TableWidthUnitValues.Dxa },
            new TableBorders(new TopBorder { Val = BorderValues.None }, new BottomBorder { Val = BorderValues.None }, new LeftBorder { Val = BorderValues.None },
                new RightBorder { Val = BorderValues.None }, new InsideHorizontalBorder { Val = BorderValues.None }, new InsideVerticalBorder { Val = BorderValues.None }),
            new TableLayout { Type = TableLayoutValues.Fixed }),
            new TableGrid(columns.Select(_ => new GridColumn { Width = width.ToString() })));
        var row = new TableRow();
        foreach (var column in columns)
        {
            var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = width.ToString(), Type = TableWidthUnitValues.Dxa }));
            foreach (var line in column.Split('\n'))
            {
                var (text, bold, italic) = DocumentModel.Marked(line);
                cell.Append(Paragraph(text, JustificationValues.Center, bold, italic));
            }
            row.Append(cell);
        }
        table.Append(row);
        return table;
    }
}
