using System.Collections.Concurrent;
using ChiBo.Scheduling.Reminders;
using Hangfire;
using Hangfire.Storage.SQLite;

namespace ChiBo.Bot.Tests.Scheduling;

/// <summary>Hangfire with the SQLite job store, as the host runs it.</summary>
public sealed class HangfireTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-hf").FullName;
    readonly string _run = Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    SQLiteStorage Storage() => new(Path.Combine(_dir, "hangfire.db"), new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromMilliseconds(200) });

    [Fact(Timeout = 60_000)]
    public async Task A_scheduled_job_survives_a_restart_and_runs_once()
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

    [Fact]
    public void Registering_the_recurring_reminder_job_again_keeps_one()
    {
        var storage = Storage();
        var manager = new RecurringJobManager(storage);
        for (var i = 0; i < 3; i++)
            manager.AddOrUpdate<ReminderJob>(ReminderJob.Id, j => j.Run(), ReminderJob.Cron, new RecurringJobOptions { TimeZone = ChiBo.Dialogs.Domain.VnClock.Zone });
        using var connection = storage.GetConnection();
        var jobs = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection);
        var job = Assert.Single(jobs);
        Assert.Equal((ReminderJob.Id, "*/5 * * * *"), (job.Id, job.Cron));
    }
}

/// <summary>A Hangfire job that counts its runs.</summary>
public static class CountingJob
{
    public static readonly ConcurrentDictionary<string, int> Runs = new();
    public static void Run(string run) => Runs.AddOrUpdate(run, 1, (_, n) => n + 1);
}
