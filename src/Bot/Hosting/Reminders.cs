using ChiBo.Dialogs.Domain;
using ChiBo.Scheduling.Housekeeping;
using ChiBo.Scheduling.Reminders;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Hosting;

public sealed class ReminderHostOptions
{
    /// <summary>Run the Hangfire server and its reminder job (Reminders__Enabled).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Hangfire's SQLite file; default hangfire.db next to the bot's database. Unused when ConnectionStrings__Hangfire is set.</summary>
    public string? HangfirePath { get; set; }
}

public static class Reminders
{
    /// <summary>Reminder rules and sweep, housekeeping, backups, and a Hangfire server running them (job store: see <see cref="JobStore"/>).</summary>
    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration config)
    {
        var rules = Settings.Read<ReminderRules>(config);
        services.AddSingleton(rules);
        services.AddSingleton<ReminderSweep>();
        services.AddTransient<ReminderJob>();
        var retention = Settings.Read<RetentionRules>(config);
        services.AddSingleton(retention);
        services.AddSingleton<Housekeeper>();
        services.AddTransient<HousekeepingJob>();
        var backups = Settings.Read<BackupRules>(config);
        services.AddSingleton(backups);
        services.AddSingleton(sp => new Backups(sp.GetRequiredService<ChiBo.Dialogs.Storage.ChiBoStore>(), sp.GetRequiredService<TimeProvider>(), backups,
            backups.Path ?? StorageOptions.BesideDatabase(config, "backups"),
            sp.GetRequiredService<ILogger<Backups>>()));
        services.AddTransient<BackupJob>();
        var host = Settings.Read<ReminderHostOptions>(config);
        if (!host.Enabled) return services;
        var storage = JobStore.Describe(config, host);
        services.AddHangfire((_, c) => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(JobStore.Create(storage)));
        services.AddHostedService<RecurringJobs>(); // before the server: an unreachable store stops start-up before any worker runs
        services.AddHangfireServer(o =>
        {
            o.WorkerCount = 2;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(15);
            o.ShutdownTimeout = TimeSpan.FromSeconds(3);
            o.StopTimeout = TimeSpan.FromSeconds(3);
        });
        return services;
    }

    /// <summary>Registers the recurring jobs at start-up; AddOrUpdate makes it idempotent across restarts and instances.</summary>
    sealed class RecurringJobs(IRecurringJobManager jobs, ChiBo.Dialogs.Storage.ChiBoStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            try
            {
                jobs.AddOrUpdate<ReminderJob>(ReminderJob.Id, j => j.Run(), ReminderJob.Cron, new RecurringJobOptions { TimeZone = VnClock.Zone });
                jobs.AddOrUpdate<HousekeepingJob>(HousekeepingJob.Id, j => j.Run(), HousekeepingJob.Cron, new RecurringJobOptions { TimeZone = VnClock.Zone });
                // PostgreSQL is backed up by its own tools (pg_dump), not by the bot.
                if (store.OnPostgresDatabase) jobs.RemoveIfExists(BackupJob.Id);
                else jobs.AddOrUpdate<BackupJob>(BackupJob.Id, j => j.Run(), BackupJob.Cron, new RecurringJobOptions { TimeZone = VnClock.Zone });
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or TimeoutException)
            {
                throw new JobStoreUnavailableException($"không mở được kho việc nhắc lịch (Hangfire): {ex.Message}", ex);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}

/// <summary>The job store (PostgreSQL server, SQLite file) cannot be reached at start-up.</summary>
public sealed class JobStoreUnavailableException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>This exception wherever it sits in a chain (the host wraps failures of service construction).</summary>
    public static JobStoreUnavailableException? Find(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is JobStoreUnavailableException found) return found;
        return null;
    }
}

/// <summary>Where Hangfire keeps its jobs: PostgreSQL when ConnectionStrings__Hangfire is set (shared by several instances), else a SQLite file next to the bot's database.</summary>
public static class JobStore
{
    public abstract record Choice;
    public sealed record Sqlite(string Path) : Choice;
    public sealed record Postgres(string ConnectionString) : Choice;

    public static Choice Describe(IConfiguration config, ReminderHostOptions host)
    {
        if (config.GetConnectionString("Hangfire") is { } pg && !string.IsNullOrWhiteSpace(pg)) return new Postgres(pg);
        return new Sqlite(host.HangfirePath ?? StorageOptions.BesideDatabase(config, "hangfire.db"));
    }

    public static JobStorage Create(Choice choice, TimeSpan? pollInterval = null)
    {
        switch (choice)
        {
            case Postgres pg:
                Reachable(pg.ConnectionString);
                var options = new PostgreSqlStorageOptions
                {
                    SchemaName = "chibo_hangfire",
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = pollInterval ?? TimeSpan.FromSeconds(5),
                };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(pg.ConnectionString, options), options);
            case Sqlite file:
                var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file.Path))!;
                if (!Directory.Exists(folder)) ChiBo.Dialogs.Storage.PrivateFiles.Folder(folder);
                var sqlite = new SQLiteStorage(file.Path, new SQLiteStorageOptions { QueuePollInterval = pollInterval ?? TimeSpan.FromSeconds(5) });
                ChiBo.Dialogs.Storage.PrivateFiles.Database(file.Path); // older job stores were created 0644
                return sqlite;
            default:
                throw new ArgumentOutOfRangeException(nameof(choice));
        }
    }

    /// <summary>Fails fast with a readable reason when the server is unreachable (Hangfire itself would retry its locks for a minute).</summary>
    static void Reachable(string connectionString)
    {
        try
        {
            using var connection = new Npgsql.NpgsqlConnection(connectionString);
            connection.Open();
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or ArgumentException or TimeoutException)
        {
            throw new JobStoreUnavailableException($"không kết nối được PostgreSQL trong ConnectionStrings__Hangfire: {ex.Message}", ex);
        }
    }
}

/// <summary>The console demo's clock: real time moved by an offset the user sets (#gio), so reminders can be seen.</summary>
public sealed class DemoClock : TimeProvider
{
    public TimeSpan Offset { get; set; }
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    public override TimeZoneInfo LocalTimeZone => VnClock.Zone;
}

/// <summary>The Hangfire dashboard (Dashboard__…): none without a user and password.</summary>
public sealed class DashboardSettings
{
    public string? User { get; set; }
    public string? Password { get; set; }
    /// <summary>Its own address, apart from the webhook's; loopback by default (reach it through an SSH tunnel or a proxy).</summary>
    public string Url { get; set; } = "http://127.0.0.1:5080";
    /// <summary>Buttons that change jobs (trigger, delete…); off: the dashboard only shows.</summary>
    public bool AllowActions { get; set; }
    /// <summary>Wrong passwords per minute from one address before it gets 429 until the minute is over.</summary>
    public int FailedLoginsPerMinute { get; set; } = 10;

    public static DashboardSettings From(IConfiguration config) => Settings.Read<DashboardSettings>(config);

    public bool IsConfigured => !string.IsNullOrEmpty(User) && !string.IsNullOrEmpty(Password);

    /// <summary>Why the settings cannot be used (in Vietnamese, for the start-up error), or null.</summary>
    public string? Problem() =>
        !IsConfigured || Uri.TryCreate(Url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && u.Port > 0 ? null
            : $"Dashboard__Url \"{Url}\" không hợp lệ; ghi dạng http://127.0.0.1:5080.";

    public int Port => new Uri(Url).Port;
}

/// <summary>
/// The Hangfire dashboard at /hangfire on its own address (Dashboard__Url), behind HTTP basic authentication with wrong
/// passwords throttled per address, read-only unless Dashboard__AllowActions, and, when actions are allowed, only from
/// its own pages (same origin and Hangfire's antiforgery token).
/// </summary>
public static class ReminderDashboard
{
    public static bool IsConfigured(IConfiguration config) => DashboardSettings.From(config).IsConfigured;

    /// <summary>Antiforgery tokens on the dashboard's forms (Hangfire checks them when the service is there).</summary>
    public static void AddReminderDashboard(this IServiceCollection services, IConfiguration config)
    {
        if (IsConfigured(config)) services.AddAntiforgery();
    }

    public static void UseReminderDashboard(this WebApplication app)
    {
        var settings = DashboardSettings.From(app.Configuration);
        if (!settings.IsConfigured || app.Services.GetService<JobStorage>() is null) return;
        var failures = System.Threading.RateLimiting.PartitionedRateLimiter.Create<string, string>(address =>
            System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(address, _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, settings.FailedLoginsPerMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
            }));
        var port = settings.Port;
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/hangfire"), dashboard => dashboard.Use(async (http, next) =>
        {
            if (http.Connection.LocalPort != port)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound; // not on the webhook's address
                return;
            }
            var address = http.Connection.RemoteIpAddress?.ToString() ?? "";
            using (var left = failures.AttemptAcquire(address, 0))
                if (!left.IsAcquired)
                {
                    http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    http.Response.Headers.RetryAfter = "60";
                    return;
                }
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !SameOrigin(http))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden; // a form posted from another site
                return;
            }
            await next();
            if (http.Response.StatusCode == StatusCodes.Status401Unauthorized && http.Request.Headers.Authorization.Count > 0)
                failures.AttemptAcquire(address).Dispose(); // a wrong password counts
        }));
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            DashboardTitle = "ChiBo.Bot — nhắc lịch",
            Authorization = [new BasicAuth(settings.User!, settings.Password!)],
            IsReadOnlyFunc = _ => !settings.AllowActions,
        });
    }

    /// <summary>A browser's POST carries Origin (or at least Referer): it must be the dashboard's own address.</summary>
    static bool SameOrigin(HttpContext http)
    {
        var from = http.Request.Headers.Origin.ToString() is { Length: > 0 } origin ? origin : http.Request.Headers.Referer.ToString();
        if (from.Length == 0) return true; // not a browser: nothing to forge
        return Uri.TryCreate(from, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
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
