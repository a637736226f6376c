using ChiBo.Bot.Hosting;
using global::Telegram.Bot;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Channels.Telegram;

public static class TelegramChannel
{
    /// <summary>The Telegram adapter: client, sender for the outbox, update handler, polling or webhook set-up.</summary>
    public static IServiceCollection AddTelegram(this IServiceCollection services, IConfiguration config)
    {
        services.ConfigureSettings<TelegramOptions>(config);
        services.AddBotApiHttpClient("telegram");
        services.AddSingleton<ITelegramBotClient>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
            var http = Receiving.BotApiHttpClient(sp, "telegram", o.PollTimeoutSeconds);
            // RetryThreshold 0: a 429 surfaces to the outbox, which owns waiting and retrying.
            return new TelegramBotClient(new TelegramBotClientOptions(o.BotToken!, o.ApiBaseUrl) { RetryThreshold = 0 }, http);
        });
        services.AddSingleton<TelegramBotInfo>();
        services.AddSingleton<TelegramSetup>();
        services.AddSingleton<TelegramUpdateHandler>();
        services.AddSingleton<IChannelSender, TelegramSender>();
        services.AddHostedService<TelegramPolling>();
        return services;
    }
}
