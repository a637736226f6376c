using ChiBo.Bot.Channels;
using ChiBo.Bot.Channels.Console;
using ChiBo.Bot.Channels.Telegram;
using ChiBo.Bot.Channels.Zalo;
using ChiBo.Bot.Hosting;
using ChiBo.Dialogs.Templates;

// Formats as the tests verified, whatever the server's LANG (see VnText.PinProcessCulture).
ChiBo.Dialogs.Text.VnText.PinProcessCulture();

// Everything the bot writes (databases, backups, reports, received files) is readable by its own user only.
ChiBo.Dialogs.Storage.PrivateFiles.RestrictNewFiles();

// "restore <file>": put a backup in place of the database, then exit (the bot must be stopped).
if (args.Length > 0 && args[0] == "restore")
{
    if (args.Length < 2)
    {
        Console.Error.WriteLine("Cách dùng: dotnet run --project src/Bot -- restore <tệp sao lưu>");
        return 2;
    }
    var restoreConfig = new ConfigurationBuilder().AddEnvironmentVariables().Build();
    return Restore.Run(args[1], StorageOptions.DatabaseOf(restoreConfig), DateTime.UtcNow, Console.Out, Console.Error);
}

// "migrate <chibo.db>": copy a LiteDB database into PostgreSQL (ConnectionStrings__ChiBo), check the counts, then exit.
if (args.Length > 0 && args[0] == "migrate")
{
    if (args.Length < 2)
    {
        Console.Error.WriteLine("Cách dùng: ConnectionStrings__ChiBo=\"Host=…\" dotnet run --project src/Bot -- migrate <tệp chibo.db>");
        return 2;
    }
    return Migrate.Run(args[1], new ConfigurationBuilder().AddEnvironmentVariables().Build(), Console.Out, Console.Error);
}

// Which channels: Telegram and/or Zalo when their tokens are set (both may run at once), else the console with demo data.
var config = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
if (Settings.Problem(config) is { } unusable) // before anything binds them
{
    Console.Error.WriteLine($"Không khởi động được: {unusable}");
    return 1;
}
var telegram = Settings.Read<TelegramOptions>(config);
var useTelegram = !string.IsNullOrWhiteSpace(telegram.BotToken);
var zalo = Settings.Read<ZaloOptions>(config);
var useZalo = !string.IsNullOrWhiteSpace(zalo.BotToken);
var health = HealthSettings.From(config);
if (((useTelegram ? telegram.Problem() : null) ?? (useZalo ? zalo.Problem() : null) ?? DashboardSettings.From(config).Problem() ?? health.Problem() ?? StorageOptions.Problem(config)) is { } problem)
{
    Console.Error.WriteLine($"Không khởi động được: {problem}");
    return 1;
}
var consoleMode = !useTelegram && !useZalo;
var demo = Settings.Read<DemoOptions>(config).Enabled ?? consoleMode;

// A web host only when something must listen (the webhook, the dashboard, the health check's own address); otherwise a plain host.
var web = (useTelegram && telegram.UseWebhook) || (useZalo && zalo.UseWebhook) || ReminderDashboard.IsConfigured(config) || health.Listens;
// Settings are read once at start: reloading them on change watches the whole content-root tree, where the database
// (data/chibo.db) is written at every commit, and woke a watcher thread at every write.
string[] hostArgs = [.. args, "--hostBuilder:reloadConfigOnChange=false"];
IHostApplicationBuilder builder = web ? WebApplication.CreateBuilder(hostArgs) : Host.CreateApplicationBuilder(hostArgs);
if (builder is WebApplicationBuilder listening)
{
    // The webhook on ASPNETCORE_URLS, the dashboard on its own address (loopback by default).
    var dashboard = DashboardSettings.From(config);
    var urls = new List<string>();
    if ((useTelegram && telegram.UseWebhook) || (useZalo && zalo.UseWebhook))
        urls.AddRange((listening.Configuration["urls"] ?? "http://localhost:5000").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    bool Listed(int port) => urls.Any(u => Uri.TryCreate(u.Replace("*", "any").Replace("+", "any"), UriKind.Absolute, out var x) && x.Port == port);
    if (dashboard.IsConfigured && !Listed(dashboard.Port)) urls.Add(dashboard.Url);
    if (health.Listens && !Listed(health.Port)) urls.Add(health.Url!);
    listening.WebHost.UseUrls([.. urls]);
}
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
if (consoleMode && builder.Configuration["Logging:LogLevel:Default"] is null)
    builder.Logging.SetMinimumLevel(LogLevel.Warning); // keep the console conversation readable

builder.Services.AddChiBoCore(builder.Configuration, demo);
builder.Services.AddReminders(builder.Configuration);
builder.Services.AddReminderDashboard(builder.Configuration);
if (consoleMode)
{
    builder.Services.AddSingleton<TimeProvider>(new DemoClock()); // "#gio" moves it to show reminders
    builder.Services.AddSingleton(new ConsoleIO(Console.In, Console.Out, echoInput: Console.IsInputRedirected));
    builder.Services.AddSingleton<IChannelSender, ConsoleSender>();
    builder.Services.AddHostedService<ConsoleChannel>();
}
if (useTelegram) builder.Services.AddTelegram(builder.Configuration);
if (useZalo) builder.Services.AddZalo(builder.Configuration);

IHost host;
if (builder is WebApplicationBuilder webBuilder)
{
    var app = webBuilder.Build();
    if (useTelegram && telegram.UseWebhook) app.MapTelegramWebhook(telegram);
    if (useZalo && zalo.UseWebhook) app.MapZaloWebhook(zalo);
    app.UseReminderDashboard();
    app.MapChiBoHealth(); // on every address the bot listens on: the webhook's (for the proxy), Health__Url
    host = app;
}
else host = ((HostApplicationBuilder)builder).Build();

using (host)
{
    try
    {
        if (ChiBoCore.Prepare(host.Services, demo) is { } admin)
            Console.Error.WriteLine($"Chưa có quản trị viên. Mã quản trị dùng một lần: {admin.Id} (hết hạn {ChiBo.Dialogs.Domain.VnClock.Local(admin.ExpiresAtUtc):dd/MM/yyyy}). " +
                                    $"Người quản trị nhắn cho bot: /start {admin.Id}");
    }
    catch (Exception ex) when (ex is TemplateException or ArgumentException)
    {
        Console.Error.WriteLine($"Không khởi động được: {ex.Message}");
        return 1;
    }
    catch (Npgsql.NpgsqlException ex) // Storage__Provider=postgres and the server cannot be reached or refuses
    {
        Console.Error.WriteLine($"Không khởi động được: không kết nối được PostgreSQL (ConnectionStrings__ChiBo): {ex.Message}");
        return 1;
    }
    try
    {
        await host.RunAsync();
    }
    catch (Exception ex) when (JobStoreUnavailableException.Find(ex) is { } store)
    {
        Console.Error.WriteLine($"Không khởi động được: {store.Message}");
        return 1;
    }
}
return Environment.ExitCode; // 0, or 70 when the store died (ChiBoCore.Prepare)
