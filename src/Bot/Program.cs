using ChiBo.Bot.Channels;
using ChiBo.Bot.Channels.Console;
using ChiBo.Bot.Hosting;
using ChiBo.Dialogs.Templates;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

var telegram = builder.Configuration["Telegram:BotToken"];
var zalo = builder.Configuration["Zalo:BotToken"];
var consoleMode = string.IsNullOrWhiteSpace(telegram) && string.IsNullOrWhiteSpace(zalo);
var demo = builder.Configuration.GetValue<bool?>("Demo:Enabled") ?? consoleMode;
if (consoleMode && builder.Configuration["Logging:LogLevel:Default"] is null)
    builder.Logging.SetMinimumLevel(LogLevel.Warning); // keep the console conversation readable

builder.Services.AddChiBoCore(builder.Configuration);
if (consoleMode)
{
    builder.Services.AddSingleton(new ConsoleIO(Console.In, Console.Out, echoInput: Console.IsInputRedirected));
    builder.Services.AddSingleton<IChannelSender, ConsoleSender>();
    builder.Services.AddHostedService<ConsoleChannel>();
}
else
{
    Console.Error.WriteLine("Kênh Telegram/Zalo chưa có trong bản này. Bỏ Telegram__BotToken và Zalo__BotToken để chạy kênh console.");
    return 2;
}

using var host = builder.Build();
try
{
    ChiBoCore.Prepare(host.Services, demo);
}
catch (TemplateException ex)
{
    Console.Error.WriteLine($"Không khởi động được: {ex.Message}");
    return 1;
}
await host.RunAsync();
return 0;
