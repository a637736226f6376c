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

/// <summary>The Hangfire dashboard at /hangfire, behind Dashboard__User / Dashboard__Password (none without them).</summary>
public static class ReminderDashboard
{
    public static bool IsConfigured(IConfiguration config) =>
        !string.IsNullOrEmpty(config["Dashboard:User"]) && !string.IsNullOrEmpty(config["Dashboard:Password"]);

    public static void UseReminderDashboard(this WebApplication app)
    {
        if (!IsConfigured(app.Configuration) || app.Services.GetService<JobStorage>() is null) return;
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            DashboardTitle = "ChiBo.Bot — nhắc lịch",
            Authorization = [new BasicAuth(app.Configuration["Dashboard:User"]!, app.Configuration["Dashboard:Password"]!)],
        });
    }

    /// <summary>HTTP basic authentication, compared in constant time; asks the browser for credentials.</summary>
    sealed class BasicAuth(string user, string password) : Hangfire.Dashboard.IDashboardAuthorizationFilter
    {
        readonly byte[] _expected = System.Text.Encoding.UTF8.GetBytes($"{user}:{password}");

        public bool Authorize(Hangfire.Dashboard.DashboardContext context)
        {
            var http = Hangfire.Dashboard.AspNetCoreDashboardContextExtensions.GetHttpContext(context);
            var header = http.Request.Headers.Authorization.ToString();
            if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    var given = Convert.FromBase64String(header[6..].Trim());
                    if (System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(given, _expected)) return true;
                }
                catch (FormatException) { }
            }
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"ChiBo.Bot\", charset=\"UTF-8\"";
            return false;
        }
    }
}
