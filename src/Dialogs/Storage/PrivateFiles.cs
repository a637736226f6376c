using System.Runtime.InteropServices;

namespace ChiBo.Dialogs.Storage;

/// <summary>
/// The bot's files hold a party organisation's members and meetings: everything it writes (databases, backups,
/// reports, received files) is readable by its own user only, 0600 files in 0700 folders. A no-op on Windows.
/// </summary>
public static class PrivateFiles
{
    const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    const UnixFileMode FolderMode = FileMode | UnixFileMode.UserExecute;

    /// <summary>Files the process creates from now on get no group or other permissions (umask 077): LiteDB's and SQLite's too.</summary>
    public static void RestrictNewFiles()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) Umask(0b000_111_111);
    }

    [DllImport("libc", EntryPoint = "umask")]
    static extern uint Umask(uint mask);

    /// <summary>Creates the folder (0700), or narrows an existing one of the bot's to 0700; returns its full path.</summary>
    public static string Folder(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows()) return Directory.CreateDirectory(full).FullName;
        if (!Directory.Exists(full)) Directory.CreateDirectory(full, FolderMode);
        else System.IO.File.SetUnixFileMode(full, FolderMode);
        return full;
    }

    /// <summary>Narrows a file the bot wrote to 0600 (a missing file is left alone).</summary>
    public static void File(string path)
    {
        if (!OperatingSystem.IsWindows() && System.IO.File.Exists(path)) System.IO.File.SetUnixFileMode(path, FileMode);
    }

    /// <summary>A database file and the journal beside it (LiteDB's "-log", SQLite's "-wal", "-shm", "-journal").</summary>
    public static void Database(string path)
    {
        File(path);
        var extension = Path.GetExtension(path);
        File(Path.ChangeExtension(path, null) + "-log" + extension);
        foreach (var suffix in new[] { "-wal", "-shm", "-journal" }) File(path + suffix);
    }

    /// <summary>Narrows every file in a folder of the bot's (backups, reports, received files) and the folder itself.</summary>
    public static string FolderWithFiles(string path)
    {
        var full = Folder(path);
        foreach (var file in Directory.EnumerateFiles(full)) File(file);
        return full;
    }
}
