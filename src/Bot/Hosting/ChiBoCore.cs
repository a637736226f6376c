using ChiBo.Bot.Outbox;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Flows;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;

namespace ChiBo.Bot.Hosting;

public sealed class StorageOptions
{
    /// <summary>The LiteDB file (Storage__Path); with PostgreSQL, the folder beside it still holds reports and received files.</summary>
    public string Path { get; set; } = "data/chibo.db";
    /// <summary>"litedb" (the default: one file, nothing to install) or "postgres" (Storage__Provider).</summary>
    public string Provider { get; set; } = "litedb";
    /// <summary>The PostgreSQL schema the bot's tables live in (Storage__Schema).</summary>
    public string Schema { get; set; } = "chibo";
    /// <summary>
    /// Turns computed outside the LiteDB write transaction and applied with a check (Storage__ComputeOutside; off by
    /// default, no effect on PostgreSQL). See bench/README.md for what it measured.
    /// </summary>
    public bool ComputeOutside { get; set; }

    public bool OnPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with the storage settings (in Vietnamese, for the operator), or null.</summary>
    public static string? Problem(IConfiguration config)
    {
        var o = Settings.Read<StorageOptions>(config);
        if (!o.OnPostgres && !string.Equals(o.Provider, "litedb", StringComparison.OrdinalIgnoreCase))
            return $"Storage__Provider \"{o.Provider}\" không hợp lệ; ghi litedb (mặc định, một tệp) hoặc postgres.";
        if (!o.OnPostgres) return null;
        if (config.GetConnectionString("ChiBo") is not { Length: > 0 })
            return "Storage__Provider=postgres cần chuỗi kết nối ConnectionStrings__ChiBo (Host=…;Database=…;Username=…;Password=…).";
        return ChiBo.Dialogs.Storage.Postgres.PgDatabase.IsName(o.Schema) ? null
            : $"Storage__Schema \"{o.Schema}\" không hợp lệ; chỉ dùng chữ thường không dấu, chữ số và dấu _, ví dụ chibo.";
    }

    /// <summary>The store the options name: PostgreSQL needs ConnectionStrings__ChiBo.</summary>
    public ChiBoStore Open(IConfiguration config) => OnPostgres
        ? ChiBoStore.OnPostgres(config.GetConnectionString("ChiBo") is { Length: > 0 } cs ? cs
            : throw new InvalidOperationException("Storage__Provider=postgres needs ConnectionStrings__ChiBo (Host=…;Database=…;Username=…;Password=…)."), Schema)
        : string.Equals(Provider, "litedb", StringComparison.OrdinalIgnoreCase) ? new ChiBoStore(Path) { ComputeOutside = ComputeOutside }
        : throw new InvalidOperationException($"Storage__Provider: \"{Provider}\" is neither litedb nor postgres.");

    /// <summary>The database file the configuration names (Storage__Path, else the default).</summary>
    public static string DatabaseOf(IConfiguration config) => config["Storage:Path"] ?? new StorageOptions().Path;

    /// <summary>A file or folder beside the database (Hangfire's store, backups, reports).</summary>
    public static string BesideDatabase(IConfiguration config, string name) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(DatabaseOf(config))) ?? ".", name);
}

public sealed class TemplateOptions
{
    /// <summary>Folder of template YAML files (Templates__Path); default: the copy next to the program.</summary>
    public string Path { get; set; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Templates");
}

public sealed class DemoOptions
{
    /// <summary>Seed demo data into a new database (Demo__Enabled). Default: on for the console channel.</summary>
    public bool? Enabled { get; set; }
}

public static class ChiBoCore
{
    /// <summary>Store, templates, flows, router, turn pipeline and outbox sender: everything but the channels.</summary>
    public static IServiceCollection AddChiBoCore(this IServiceCollection services, IConfiguration config, bool demo)
    {
        services.ConfigureSettings<StorageOptions>(config);
        services.ConfigureSettings<TemplateOptions>(config);
        services.ConfigureSettings<OutboxOptions>(config);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.Open(config));
        services.AddSingleton(sp => TemplateCatalog.LoadFolder(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<TemplateOptions>>().Value.Path));
        var reports = Settings.Read<Reports.ReportOptions>(config);
        services.AddSingleton<ChiBo.Dialogs.Summaries.IReportFiles>(sp => new Reports.ReportFiles(
            reports.Path ?? StorageOptions.BesideDatabase(config, "reports"),
            sp.GetRequiredService<TimeProvider>(), reports.KeepDays));
        services.AddSingleton(sp => new Channels.IncomingFiles(StorageOptions.BesideDatabase(config, "imports"), sp.GetRequiredService<ChiBo.Dialogs.Summaries.IReportFiles>()));
        services.AddSingleton(sp => new Router(FlowCatalog.Create(), ChannelHelp.For, demoJoin: demo, sp.GetRequiredService<ChiBo.Dialogs.Summaries.IReportFiles>(),
            inviteLink: (channel, code) => channel == Channels.Telegram.TelegramUpdates.Channel && sp.GetService<Channels.Telegram.TelegramBotInfo>() is { Username.Length: > 0 } bot
                ? $"https://t.me/{bot.Username}?start={code}" : null,
            backups: sp.GetService<ChiBo.Scheduling.Housekeeping.Backups>()));
        services.AddSingleton<TurnPipeline>();
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        services.AddSingleton<Channels.ReceivingState>();
        services.AddChiBoHealth(config);
        return services;
    }

    /// <summary>
    /// Fails fast on a broken template, snapshots template versions, seeds demo data when asked; without demo data
    /// and with no admin yet, returns the one-time admin code to show (Admin__BootstrapCode, else a new one).
    /// </summary>
    public static ChiBo.Dialogs.Domain.Invite? Prepare(IServiceProvider services, bool demo)
    {
        var store = services.GetRequiredService<ChiBoStore>();
        var templates = services.GetRequiredService<TemplateCatalog>();
        var storeLog = services.GetRequiredService<ILoggerFactory>().CreateLogger("ChiBo.Store");
        store.Reopened += fault => storeLog.LogCritical(fault, "The database engine had closed; {Path} was opened again and the bot goes on", store.Path);
        store.Dead += fault =>
        {
            // Nothing can be stored: stop with a non-zero code so a supervisor (systemd, Docker) starts the bot again;
            // updates not confirmed come again and unsent replies are still in the file.
            storeLog.LogCritical(fault, "The database engine closed and {Path} cannot be opened again; stopping", store.Path);
            Environment.ExitCode = 70;
            services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        };
        store.InTransaction(() => templates.Snapshot(store));
        if (demo && store.IsEmpty)
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            DemoData.SeedIfEmpty(store, now);
            DemoData.SeedHistory(store, templates, now); // six months of meetings, so /tonghop and /ketqua have something to show
        }
        Dialogs.Summaries.CellMonth.RebuildIfMissing(store, templates); // a database from before the monthly roll-ups
        var today = ChiBo.Dialogs.Domain.VnClock.Today(services.GetRequiredService<TimeProvider>());
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("ChiBo.Summaries");
        _ = Task.Run(() => // the first /tonghop of a province need not read them
        {
            try { Dialogs.Summaries.CellMonth.WarmUp(store, today); }
            catch (Exception ex) { log.LogWarning(ex, "Reading recent months of roll-ups at start-up failed; summaries will read them when asked"); }
        });
        return demo ? null : Dialogs.Commands.Invites.BootstrapAdmin(store, services.GetRequiredService<IConfiguration>()["Admin:BootstrapCode"],
            services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
    }
}

/// <summary>Extra help lines per channel (the console explains how to switch users and chats).</summary>
public static class ChannelHelp
{
    public static string? For(string channel) => channel switch
    {
        Channels.Console.ConsoleChannel.Name => Channels.Console.ConsoleChannel.Help,
        Channels.Zalo.ZaloUpdates.Channel => "Trên Zalo: với câu hỏi có lựa chọn, trả lời bằng số thứ tự (hoặc chữ của lựa chọn). Trong nhóm, nhắc tên bot (@) hoặc trả lời tin của bot thì bot mới đọc được.",
        _ => null,
    };
}
