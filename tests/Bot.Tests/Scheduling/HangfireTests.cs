using System.Collections.Concurrent;
using ChiBo.Bot.Hosting;
using ChiBo.Scheduling.Reminders;
using Hangfire;

namespace ChiBo.Bot.Tests.Scheduling;

/// <summary>Hangfire on a job store, as the host runs it: the same checks for SQLite and PostgreSQL.</summary>
public abstract class HangfireStoreTests
{
    readonly string _run = Guid.NewGuid().ToString("N");

    protected abstract JobStorage Storage();

    protected async Task A_scheduled_job_survives_a_restart_and_runs_once_()
    {
        var options = new BackgroundJobServerOptions { WorkerCount = 1, SchedulePollingInterval = TimeSpan.FromMilliseconds(500), ShutdownTimeout = TimeSpan.FromSeconds(2) };
        var storage = Storage();
        new BackgroundJobClient(storage).Schedule(() => CountingJob.Run(_run), TimeSpan.FromSeconds(3));
        using (new BackgroundJobServer(options, storage)) await Task.Delay(500); // the process stops before the job is due
        Assert.False(CountingJob.Runs.ContainsKey(_run));

        var again = Storage();
        using (new BackgroundJobServer(options, again))
        {
            var until = DateTime.UtcNow.AddSeconds(30);
            while (!CountingJob.Runs.ContainsKey(_run) && DateTime.UtcNow < until) await Task.Delay(100);
            await Task.Delay(2000); // time enough for a second run, if there were one
        }
        Assert.Equal(1, CountingJob.Runs[_run]);
    }

    protected void Registering_the_recurring_reminder_job_again_keeps_one_()
    {
        var storage = Storage();
        var manager = new RecurringJobManager(storage);
        for (var i = 0; i < 3; i++)
            manager.AddOrUpdate<ReminderJob>(ReminderJob.Id, j => j.Run(), ReminderJob.Cron, new RecurringJobOptions { TimeZone = ChiBo.Dialogs.Domain.VnClock.Zone });
        var job = Assert.Single(RecurringJobs(storage));
        Assert.Equal((ReminderJob.Id, "*/5 * * * *"), (job.Id, job.Cron));
    }

    public static List<Hangfire.Storage.RecurringJobDto> RecurringJobs(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        return Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection);
    }
}

public sealed class SqliteHangfireTests : HangfireStoreTests, IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-hf").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    protected override JobStorage Storage() => JobStore.Create(new JobStore.Sqlite(Path.Combine(_dir, "hangfire.db")), TimeSpan.FromMilliseconds(200));

    [Fact(Timeout = 60_000)]
    public Task A_scheduled_job_survives_a_restart_and_runs_once() => A_scheduled_job_survives_a_restart_and_runs_once_();

    [Fact]
    public void Registering_the_recurring_reminder_job_again_keeps_one() => Registering_the_recurring_reminder_job_again_keeps_one_();
}

/// <summary>One throw-away PostgreSQL server for the class's tests (skipped, with the reason shown, where none can start).</summary>
public sealed class PostgresFixture : IDisposable
{
    readonly Lazy<PostgresServer> _server = new(() => new PostgresServer());
    public PostgresServer Server => _server.Value;
    public void Dispose() { if (_server.IsValueCreated) _server.Value.Dispose(); }
}

public sealed class PostgresHangfireTests(PostgresFixture pg) : HangfireStoreTests, IClassFixture<PostgresFixture>, IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-hfpg").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    protected override JobStorage Storage() => JobStore.Create(new JobStore.Postgres(pg.Server.ConnectionString), TimeSpan.FromMilliseconds(200));

    [PostgresFact(Timeout = 90_000)]
    public Task A_scheduled_job_survives_a_restart_and_runs_once() => A_scheduled_job_survives_a_restart_and_runs_once_();

    [PostgresFact]
    public void Registering_the_recurring_reminder_job_again_keeps_one() => Registering_the_recurring_reminder_job_again_keeps_one_();

    [PostgresFact(Timeout = 120_000)]
    public async Task The_bot_with_ConnectionStrings_Hangfire_keeps_its_jobs_in_PostgreSQL_not_in_a_file()
    {
        var env = new Dictionary<string, string> { ["ConnectionStrings__Hangfire"] = pg.Server.ConnectionString };
        for (var start = 0; start < 2; start++) // two starts (or two instances) register the job once
        {
            using var bot = new Console.BotProcess(_dir, env);
            await bot.WaitForAsync("Gõ /trogiup để xem các lệnh.");
            var until = DateTime.UtcNow.AddSeconds(30);
            while (RecurringJobs(Storage()).Count == 0 && DateTime.UtcNow < until) await Task.Delay(200);
            Assert.Equal(0, await bot.EndInputAsync());
        }
        Assert.Equal([ChiBo.Scheduling.Housekeeping.HousekeepingJob.Id, ReminderJob.Id, ChiBo.Scheduling.Housekeeping.BackupJob.Id], RecurringJobs(Storage()).Select(j => j.Id).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(_dir, "data", "hangfire.db")));
    }
}

/// <summary>A Hangfire job that counts its runs.</summary>
public static class CountingJob
{
    public static readonly ConcurrentDictionary<string, int> Runs = new();
    public static void Run(string run) => Runs.AddOrUpdate(run, 1, (_, n) => n + 1);
}
