using ChiBo.Dialogs.Domain;
using ChiBo.Scheduling.Reminders;
using Hangfire;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Hosting;

public sealed class ReminderHostOptions
{
    /// <summary>Run the Hangfire server and its reminder job (Reminders__Enabled).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Hangfire's SQLite file; default hangfire.db next to the bot's database.</summary>
    public string? HangfirePath { get; set; }
}

public static class Reminders
{
    /// <summary>Reminder rules, the sweep, and a Hangfire server running it every 5 minutes (job store: SQLite).</summary>
    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<ReminderHostOptions>(config.GetSection("Reminders"));
        var rules = new ReminderRules();
        config.GetSection("Reminders").Bind(rules);
        services.AddSingleton(rules);
        services.AddSingleton<ReminderSweep>();
        services.AddTransient<ReminderJob>();
        var host = new ReminderHostOptions();
        config.GetSection("Reminders").Bind(host);
        if (!host.Enabled) return services;
        if (!string.IsNullOrWhiteSpace(config.GetConnectionString("Hangfire")))
            throw new InvalidOperationException("ConnectionStrings__Hangfire (PostgreSQL) chưa được hỗ trợ trong bản này; bỏ khóa này để dùng SQLite.");
        var dbPath = config["Storage:Path"] ?? new StorageOptions().Path;
        var hangfirePath = host.HangfirePath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dbPath)) ?? ".", "hangfire.db");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(hangfirePath))!);
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseSQLiteStorage(hangfirePath));
        services.AddHangfireServer(o =>
        {
            o.WorkerCount = 2;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(15);
            o.ShutdownTimeout = TimeSpan.FromSeconds(3);
            o.StopTimeout = TimeSpan.FromSeconds(3);
        });
        services.AddHostedService<RecurringJobs>();
        return services;
    }

    /// <summary>Registers the recurring jobs at start-up; AddOrUpdate makes it idempotent across restarts and instances.</summary>
    sealed class RecurringJobs(IRecurringJobManager jobs) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            jobs.AddOrUpdate<ReminderJob>(ReminderJob.Id, j => j.Run(), ReminderJob.Cron, new RecurringJobOptions { TimeZone = VnClock.Zone });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}

/// <summary>The console demo's clock: real time moved by an offset the user sets (#gio), so reminders can be seen.</summary>
public sealed class DemoClock : TimeProvider
{
    public TimeSpan Offset { get; set; }
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    public override TimeZoneInfo LocalTimeZone => VnClock.Zone;
}
