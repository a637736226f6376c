namespace ChiBo.Bot.Channels;

/// <summary>
/// Where channels keep the documents users send ("imports" beside the database): one file per update, so a
/// previewed file is still there to import after a restart. With <paramref name="tables"/>, a table file is read as
/// soon as it is saved, before its turn: the turn, inside the write transaction, then finds it read.
/// </summary>
public sealed class IncomingFiles(string folder, ChiBo.Dialogs.Summaries.IReportFiles? tables = null)
{
    /// <summary>Largest document fetched (an organisation of thousands of members is well under 1 MB).</summary>
    public const long MaxBytes = Reports.ReportFiles.MaxTableBytes;

    public string Folder { get; } = ChiBo.Dialogs.Storage.PrivateFiles.FolderWithFiles(folder);

    /// <summary>Writes the document through <paramref name="write"/>; a failed write leaves nothing behind.</summary>
    public async Task<string> SaveAsync(string channel, string updateId, string name, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        var safe = new string(Path.GetFileName(name).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
        var path = Path.Combine(Folder, $"{channel}-{updateId}-{(safe.Trim('.') is { Length: > 0 } s ? s : "tep")}");
        try
        {
            await using (var file = File.Create(path))
            {
                ChiBo.Dialogs.Storage.PrivateFiles.File(path); // before anything is in it
                await write(file, ct);
            }
            if (tables is not null)
                await Task.Run(() =>
                {
                    try { tables.ReadTable(path); }
                    catch (ChiBo.Dialogs.Summaries.TableFileException) { } // the turn says what is wrong with it
                }, ct);
            return path;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}
