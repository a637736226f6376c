using ChiBo.Dialogs.Templates;

namespace ChiBo.Dialogs.Documents;

/// <summary>A block of a drafted document: its style and text (header and signatures: one text per column, lines split by '\n').</summary>
public sealed record DocBlock(string Style, IReadOnlyList<string> Texts);

/// <summary>A document ready to write: its title (for the file's properties) and blocks in order.</summary>
public sealed record DocumentModel(string Title, IReadOnlyList<DocBlock> Blocks)
{
    /// <summary>All its text, in order, without the column lines' style marks (what a reader of the file sees).</summary>
    public string PlainText => string.Join('\n', Blocks.SelectMany(b => b.Texts).SelectMany(t => t.Split('\n')).Select(l => Marked(l).Text));

    /// <summary>A heading or signature line's style mark: "!" bold, "~" italic.</summary>
    public static (string Text, bool Bold, bool Italic) Marked(string line) =>
        line.StartsWith('!') ? (line[1..], true, false) : line.StartsWith('~') ? (line[1..], false, true) : (line, false, false);
}

/// <summary>A form filled from a meeting, and what the meeting did not record (said in the document, never invented).</summary>
public sealed record DocumentDraft(DocumentModel Model, IReadOnlyList<string> Missing);

/// <summary>Fills a document form with a meeting's values.</summary>
public static class DocumentDraftBuilder
{
    public const string MissingMark = "[chưa ghi: {0}]";

    public static DocumentDraft Fill(DocumentTemplate form, MeetingValues values)
    {
        var blocks = new List<DocBlock>();
        var missing = new List<string>();
        bool Has(string name) => values.Fields.TryGetValue(name, out var f) ? f.Value != "" : values.Lists.TryGetValue(name, out var l) && l.Count > 0;

        string Fill(string text, Dictionary<string, string>? item, bool guarded) =>
            MeetingFields.Placeholder().Replace(text, m =>
            {
                var name = m.Groups[1].Value;
                var value = item is not null && item.TryGetValue(name, out var iv) ? iv : values.Fields.TryGetValue(name, out var f) ? f.Value : "";
                if (value != "") return value;
                var inItem = item is not null && !values.Fields.ContainsKey(name);
                var label = inItem ? MeetingFields.ItemLabel(name) : values.Fields.TryGetValue(name, out var known) ? known.Label : MeetingFields.LabelOf(name);
                // What is missing is said with the item it belongs to; the document's mark stays short.
                var said = inItem ? MeetingFields.ItemLabel(name, item!) : label;
                if (!guarded && !missing.Contains(said)) missing.Add(said);
                return string.Format(MissingMark, label);
            });

        foreach (var b in form.Blocks)
        {
            if (b.When is { } when && !Has(when)) continue;
            if (b.Unless is { } unless && Has(unless)) continue;
            var guarded = b.When is not null;
            if (b.Each is { } list)
            {
                var items = values.Lists.GetValueOrDefault(list) ?? [];
                if (items.Count == 0 && !guarded)
                {
                    // Marked where the list would be, as a missing field is: the reader sees the gap, not a bare heading.
                    if (!missing.Contains(MeetingFields.LabelOf(list))) missing.Add(MeetingFields.LabelOf(list));
                    blocks.Add(new DocBlock("text", [string.Format(MissingMark, MeetingFields.LabelOf(list))]));
                }
                foreach (var item in items) blocks.Add(new DocBlock(b.Style, [Fill(b.Text, item, guarded)]));
                continue;
            }
            blocks.Add(b.Style is "header" or "signatures"
                ? new DocBlock(b.Style, b.Columns.Select(c => Fill(c, null, guarded).Replace('|', '\n')).ToList())
                : new DocBlock(b.Style, [Fill(b.Text, null, guarded)]));
        }
        return new DocumentDraft(new DocumentModel(form.Name, blocks), missing);
    }
}
