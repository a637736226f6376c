using ChiBo.Bot.Hosting;
using ChiBo.Dialogs.Storage;
using ChiBo.Scheduling.Housekeeping;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Scheduling;

/// <summary>Backups written while the bot runs, their retention, and the restore command.</summary>
public sealed class BackupTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-backup").FullName;
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 2, 30, 0, TimeSpan.FromHours(7)));

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    string Db => Path.Combine(_dir, "data", "chibo.db");

    static Dictionary<string, List<string>> Contents(LiteDatabase db) =>
        db.GetCollectionNames().ToDictionary(n => n, n => db.GetCollection(n).FindAll().Select(d => JsonSerializer.Serialize(d)).Order(StringComparer.Ordinal).ToList());

    ChiBoStore Seeded()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Db)!);
        var store = new ChiBoStore(Db);
        DemoData.SeedIfEmpty(store, _clock.GetUtcNow().UtcDateTime);
        DemoData.SeedHistory(store, Scripts.ScriptHost.Templates, _clock.GetUtcNow().UtcDateTime);
        return store;
    }

    [Fact]
    public void A_backup_then_a_restore_gives_back_the_same_data_and_keeps_the_replaced_database()
    {
        string copy;
        Dictionary<string, List<string>> before;
        using (var store = Seeded())
        {
            var backups = new Backups(store, _clock, new BackupRules { Keep = 2 }, Path.Combine(_dir, "backups"), NullLogger<Backups>.Instance);
            backups.Run();
            _clock.Advance(TimeSpan.FromDays(1));
            backups.Run();
            _clock.Advance(TimeSpan.FromDays(1));
            copy = backups.Run();
            Assert.Equal(2, Directory.GetFiles(backups.Folder, "chibo-*.db").Length); // the oldest is pruned
            if (!OperatingSystem.IsWindows())
            {
                // A copy of the members' data is readable by the bot's user only (this test process has no umask 077).
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(backups.Folder));
                foreach (var file in Directory.GetFiles(backups.Folder)) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
            before = Contents(store.Db);
            store.Meetings.DeleteAll(); // what went wrong after the backup
        }

        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, Restore.Run(copy, Db, new DateTime(2026, 12, 7, 1, 0, 0), output, error));
        Assert.Equal("", error.ToString());
        Assert.Contains("Đã khôi phục từ", output.ToString());
        Assert.Contains("2 đơn vị, 4 chi bộ, 17 người, 23 buổi sinh hoạt", output.ToString());
        using (var restored = new ChiBoStore(Db))
        {
            // The same data, and one more line in the log: the restore itself.
            var restoredEntry = restored.Audit.FindOne(a => a.Action == "backup.restored");
            Assert.Equal($"Khôi phục từ {Path.GetFileName(copy)}: 2 đơn vị, 4 chi bộ, 17 người, 23 buổi sinh hoạt", restoredEntry.Details[..(restoredEntry.Details.IndexOf(" buổi sinh hoạt") + 15)]);
            Assert.Contains("cơ sở dữ liệu trước đó giữ tại chibo.truoc-khoi-phuc-20261207-080000.db", restoredEntry.Details); // 01:00 UTC: named in Vietnam time, as the backups
            restored.Audit.Delete(restoredEntry.Id);
            Assert.Equal(before, Contents(restored.Db));
        }
        Assert.Equal("chibo-20261207-023000.db", Path.GetFileName(copy)); // named in Vietnam time
        var kept = Directory.GetFiles(Path.GetDirectoryName(Db)!, "chibo.truoc-khoi-phuc-*.db").Single();
        using var old = new LiteDatabase($"Filename={kept};Connection=direct;ReadOnly=true");
        Assert.Equal(0, old.GetCollection("meetings").Count()); // the replaced database, as it was
    }

    [Fact]
    public async Task A_backup_taken_while_turns_write_is_consistent()
    {
        using var store = Seeded();
        var backups = new Backups(store, _clock, new BackupRules(), Path.Combine(_dir, "backups"), NullLogger<Backups>.Instance);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
                store.InTransaction(() => store.Audit.Insert(new Dialogs.Domain.AuditEntry { Action = "test", Details = $"{n++}", AtUtc = DateTime.UtcNow }));
        });
        var path = backups.Run();
        stop.Cancel();
        await writer;
        using var copy = new LiteDatabase($"Filename={path};Connection=direct;ReadOnly=true");
        var ids = copy.GetCollection("audit").FindAll().Select(d => d["_id"].AsInt64).Order().ToList();
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => (long)i), ids); // a prefix of the writes, no gap
        Assert.Equal(store.Cells.Count(), copy.GetCollection("cells").Count());
    }

    [Fact]
    public void A_restore_refuses_a_file_that_is_not_a_backup_and_a_database_in_use()
    {
        var junk = Path.Combine(_dir, "khong-phai.db");
        File.WriteAllText(junk, "không phải cơ sở dữ liệu");
        var error = new StringWriter();
        Assert.Equal(1, Restore.Run(junk, Db, DateTime.UtcNow, TextWriter.Null, error));
        Assert.Contains("Không đọc được tệp sao lưu", error.ToString());

        using var store = Seeded();
        var copy = new Backups(store, _clock, new BackupRules(), Path.Combine(_dir, "backups"), NullLogger<Backups>.Instance).Run();
        error = new StringWriter();
        Assert.Equal(1, Restore.Run(copy, Db, DateTime.UtcNow, TextWriter.Null, error));
        Assert.Contains("đang được bot dùng", error.ToString());
    }

    [Fact]
    public async Task The_restore_command_of_the_program_puts_a_backup_in_place()
    {
        string copy;
        using (var store = Seeded())
            copy = new Backups(store, _clock, new BackupRules(), Path.Combine(_dir, "backups"), NullLogger<Backups>.Instance).Run();
        File.Delete(Db);
        using var bot = new Console.BotProcess(_dir, null, "restore", copy);
        Assert.Equal(0, await bot.EndInputAsync());
        Assert.Contains("Đã khôi phục từ", bot.Output);
        Assert.True(File.Exists(Db));
    }
}
