namespace ChiBo.Bot.Channels;

/// <summary>
/// Updates a platform hands out only once (Zalo: no offset to confirm, no redelivery documented), kept on disk from
/// receipt until they are stored, so a process that dies meanwhile (killed, or stopped while the database was down)
/// handles them when it starts again. One file per update in a private folder beside the database, named in order of
/// receipt; written to a temporary name, flushed to the disk, then renamed, so a file with the final name is whole.
/// A redelivered update is dropped by the turn pipeline (its id is recorded), so handling one twice is harmless.
/// </summary>
public sealed class UpdateInbox
{
    const string Extension = ".json";
    readonly string _folder;
    long _last; // the last number given
    int _waiting; // files kept and not yet released
    readonly SemaphoreSlim _kept = new(0, 1); // released at each keep, for a loop that handles what others keep

    public UpdateInbox(string folder)
    {
        _folder = ChiBo.Dialogs.Storage.PrivateFiles.FolderWithFiles(folder);
        foreach (var partial in Directory.EnumerateFiles(_folder, "*.tmp")) File.Delete(partial); // a write the process died in
        var kept = Names();
        _waiting = kept.Count;
        _last = kept.Select(p => long.TryParse(Path.GetFileNameWithoutExtension(p), out var n) ? n : 0).DefaultIfEmpty(0).Max();
    }

    /// <summary>One update kept on disk: its file and the update as received.</summary>
    public sealed record Kept(string Path, string Json);

    /// <summary>Updates are kept that were not handled yet (the webhook queues behind them, in order).</summary>
    public bool Waiting => Volatile.Read(ref _waiting) > 0;

    /// <summary>Writes the update to disk (flushed) before it is handled; an <see cref="IOException"/> when the disk refuses.</summary>
    public Kept Keep(string json)
    {
        var number = Interlocked.Increment(ref _last);
        var path = Path.Combine(_folder, number.ToString("D19") + Extension);
        var temporary = path + ".tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096))
            {
                file.Write(System.Text.Encoding.UTF8.GetBytes(json));
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        lock (_folder) _waiting++;
        if (_kept.CurrentCount == 0) try { _kept.Release(); } catch (SemaphoreFullException) { }
        return new Kept(path, json);
    }

    /// <summary>Until an update is kept (or the wait is over).</summary>
    public async Task WaitAsync(TimeSpan most, CancellationToken ct) => await _kept.WaitAsync(most, ct);

    /// <summary>
    /// The update is stored (or given up, said in the log): its file goes. A file the disk will not delete stays, and is
    /// handled again at the next start (its turn dropped as a repeat).
    /// </summary>
    public void Release(Kept kept)
    {
        lock (_folder)
        {
            if (!File.Exists(kept.Path)) return;
            try { File.Delete(kept.Path); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return; }
            _waiting--;
        }
    }

    /// <summary>The updates kept, oldest first.</summary>
    public List<Kept> All() => [.. Names().Select(path => new Kept(path, File.ReadAllText(path)))];

    List<string> Names() => [.. Directory.EnumerateFiles(_folder, "*" + Extension).Order(StringComparer.Ordinal)];
}
