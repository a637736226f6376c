using ChiBo.Dialogs.Storage;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace ChiBo.Scheduling.Housekeeping;

/// <summary>Where and how many backups (Backup__…).</summary>
public sealed class BackupRules
{
    /// <summary>Folder of the copies; default "backups" next to the database.</summary>
    public string? Path { get; set; }
    /// <summary>How many copies to keep; older ones are deleted after a new one is written.</summary>
    public int Keep { get; set; } = 7;
}

/// <summary>Online copies of the database, named by the time they were made (Vietnam time), with retention.</summary>
public sealed class Backups(ChiBoStore store, TimeProvider clock, BackupRules rules, string folder, ILogger<Backups> log) : IBackupCopies
{
    public const string Prefix = "chibo-";

    public string Folder { get; } = folder;

    public int Keep => Math.Max(1, rules.Keep);

    public BackupCopy MakeNow()
    {
        var path = ChiBo.Dialogs.Summaries.MadeOutside.Make(Run);
        return new BackupCopy(path, new FileInfo(path).Length);
    }

    public IReadOnlyList<BackupCopy> Kept() => !Directory.Exists(Folder) ? []
        : [.. Directory.GetFiles(Folder, $"{Prefix}*.db").Order(StringComparer.Ordinal).Reverse().Select(p => new BackupCopy(p, new FileInfo(p).Length))];

    /// <summary>Writes a copy now and prunes the oldest beyond Keep; returns its path.</summary>
    public string Run()
    {
        PrivateFiles.FolderWithFiles(Folder); // copies made before files were private, too
        var path = Path.Combine(Folder, $"{Prefix}{ChiBo.Dialogs.Domain.VnClock.FileStamp(clock.GetUtcNow().UtcDateTime)}.db");
        var documents = store.BackupTo(path);
        var old = Directory.GetFiles(Folder, $"{Prefix}*.db").Order(StringComparer.Ordinal).ToList();
        foreach (var stale in old.Take(Math.Max(0, old.Count - Keep))) File.Delete(stale);
        log.LogInformation("Backup written: {Path} ({Documents} documents, {Bytes} bytes)", path, documents, new FileInfo(path).Length);
        return path;
    }
}

/// <summary>The daily Hangfire job writing a backup.</summary>
public sealed class BackupJob(Backups backups)
{
    public const string Id = "sao-luu";
    /// <summary>Every day at 02:30 (Vietnam time).</summary>
    public const string Cron = "30 2 * * *";

    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    [AutomaticRetry(Attempts = 3)]
    public void Run() => backups.Run();
}
