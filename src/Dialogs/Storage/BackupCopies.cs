namespace ChiBo.Dialogs.Storage;

/// <summary>A copy of the database: its file and size (its name holds the time it was made, Vietnam time).</summary>
public sealed record BackupCopy(string Path, long Bytes)
{
    public string Name => System.IO.Path.GetFileName(Path);
}

/// <summary>The database's backup copies, for /saoluu; the host writes them (the daily job writes them too).</summary>
public interface IBackupCopies
{
    /// <summary>Writes a copy now (outside the turn's write transaction) and drops the oldest beyond <see cref="Keep"/>.</summary>
    BackupCopy MakeNow();
    /// <summary>The copies kept, newest first.</summary>
    IReadOnlyList<BackupCopy> Kept();
    /// <summary>How many copies are kept.</summary>
    int Keep { get; }
    /// <summary>Where they are.</summary>
    string Folder { get; }
}
