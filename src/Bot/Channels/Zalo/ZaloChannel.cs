using ChiBo.Bot.Hosting;
using System.Text.Json;
using ChiBo.Dialogs.Conversation;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Channels.Zalo;

public static class ZaloChannel
{
    /// <summary>The Zalo adapter: client, sender for the outbox, update handler, polling or webhook set-up.</summary>
    public static IServiceCollection AddZalo(this IServiceCollection services, IConfiguration config)
    {
        services.ConfigureSettings<ZaloOptions>(config);
        services.AddBotApiHttpClient("zalo");
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ZaloOptions>>().Value;
            var http = Receiving.BotApiHttpClient(sp, "zalo", o.PollTimeoutSeconds);
            return new ZaloClient(http, o);
        });
        services.AddSingleton<ZaloBotInfo>();
        services.AddSingleton<ZaloUpdateHandler>();
        services.AddSingleton(_ => new UpdateInbox(StorageOptions.BesideDatabase(config, "inbox-zalo"))); // Zalo's alone
        services.AddSingleton<IChannelSender, ZaloSender>();
        services.AddHostedService<ZaloPolling>();
        return services;
    }

    /// <summary>
    /// POST endpoint for Zalo's webhook: the secret header compared in constant time; 200 once the turn is stored, or once
    /// the update is kept on disk to be handled when the store takes it (whether Zalo sends a refused update again is not
    /// documented: it is not left to that). While updates are kept, later ones queue behind them, in order.
    /// </summary>
    public static void MapZaloWebhook(this IEndpointRouteBuilder app, ZaloOptions options) =>
        app.MapPost(new Uri(options.WebhookUrl!).AbsolutePath, async (HttpContext http, ZaloUpdateHandler handler, ZaloBotInfo bot, UpdateInbox inbox,
            IOptions<ZaloOptions> o, ILoggerFactory logs, CancellationToken ct) =>
        {
            if (!Receiving.SecretMatches(http.Request.Headers[SecretHeader].ToString(), o.Value.WebhookSecret!)) return Results.Unauthorized();
            IncomingUpdate? update;
            string json;
            try
            {
                using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
                await bot.Ready.Task.WaitAsync(ct); // the bot's name, to strip a mention
                update = handler.Read(body.RootElement);
                json = body.RootElement.GetRawText();
            }
            catch (JsonException) { return Results.BadRequest(); } // not JSON, or text that is not valid Unicode: Zalo should not retry it
            if (update is null) return Results.Ok();
            var log = logs.CreateLogger("ZaloWebhook");
            if (inbox.Waiting) return Keep(inbox, json, log, null);
            try
            {
                await handler.HandleAsync(update, ct);
                return Results.Ok();
            }
            catch (Exception ex) when (ex is not OperationCanceledException) { return Keep(inbox, json, log, ex); }
        });

    /// <summary>The update kept to be handled later (200); 500 when not even the disk takes it.</summary>
    static IResult Keep(UpdateInbox inbox, string json, ILogger log, Exception? failed)
    {
        try
        {
            inbox.Keep(json); // the receiving loop waits for it
            if (failed is not null) log.LogWarning("Zalo webhook update could not be stored ({Error}); kept on disk and tried again", failed.Message);
            return Results.Ok();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.LogError(failed ?? ex, "Zalo webhook update could not be stored nor kept on disk ({Error})", ex.Message);
            return Results.StatusCode(500);
        }
    }

    public const string SecretHeader = "X-Bot-Api-Secret-Token";
}

/// <summary>Handles one Zalo update: translate, run the turn (durably recorded; a redelivered message is dropped by its id).</summary>
public sealed class ZaloUpdateHandler(TurnPipeline pipeline, ZaloBotInfo bot, ILogger<ZaloUpdateHandler> log)
{
    /// <summary>The update as the bot sees it (null: ignored); a <see cref="JsonException"/> for text that is not valid Unicode.</summary>
    public IncomingUpdate? Read(JsonElement update) => ZaloUpdates.ToIncoming(update, bot.Name);

    public async Task HandleAsync(IncomingUpdate? incoming, CancellationToken ct)
    {
        if (incoming is null)
        {
            log.LogDebug("Zalo update ignored");
            return;
        }
        using var scope = log.BeginScope(new Dictionary<string, object> { ["UpdateId"] = incoming.UpdateId });
        await pipeline.HandleAsync(incoming, ct);
    }
}

/// <summary>
/// Start-up (getMe, webhook set or deleted) and long polling: one update per getUpdates, 408 means nothing new,
/// errors back off, a refused token (401) stops the bot with the reason. Each polled update is kept on disk until it is
/// stored; updates kept when the process stopped (or by the webhook) are handled first, in the order received.
/// </summary>
public sealed class ZaloPolling(ZaloClient client, ZaloUpdateHandler handler, ZaloBotInfo bot, IOptions<ZaloOptions> options,
    IHostApplicationLifetime lifetime, ReceivingState receiving, ChiBo.Dialogs.Storage.ChiBoStore store, TimeProvider clock, UpdateInbox inbox,
    ILogger<ZaloPolling> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!await SetUpAsync(ct) || !await HandleKeptAsync(ct)) return;
        if (options.Value.UseWebhook)
        {
            // The webhook's updates the store did not take: handled here, in order, as the store takes them again.
            while (!ct.IsCancellationRequested)
            {
                try { await inbox.WaitAsync(TimeSpan.FromSeconds(30), ct); }
                catch (OperationCanceledException) { return; }
                if (!await HandleKeptAsync(ct)) return;
            }
            return;
        }
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            List<JsonElement> updates;
            try
            {
                updates = await client.GetUpdatesAsync(options.Value.PollTimeoutSeconds, ct);
                failures = 0;
                receiving.Answered(ZaloUpdates.Channel);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (ZaloApiException ex) when (ex.Code == 401) { StopOnBadToken(); return; }
            catch (Exception ex)
            {
                receiving.Failed(ZaloUpdates.Channel, $"getUpdates: {ex.Message}");
                if (!await BackOffAsync(++failures, $"getUpdates failed ({ex.Message})", ct)) break;
                continue;
            }
            foreach (var update in updates)
            {
                IncomingUpdate? incoming;
                try { incoming = handler.Read(update); }
                catch (JsonException ex)
                {
                    log.LogError("A Zalo update could not be read ({Error}); skipped", ex.Message); // text that is not valid Unicode
                    continue;
                }
                if (incoming is null) continue; // not for the bot
                // Zalo hands an update out once: kept on disk until stored (a process that dies meanwhile handles it when
                // it starts again), and while the store fails it is held here and tried again, not dropped.
                UpdateInbox.Kept? kept = null;
                try { kept = inbox.Keep(update.GetRawText()); }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    log.LogWarning("A Zalo update could not be kept on disk ({Error}); handled without", ex.Message);
                }
                if (!await StoreAsync(incoming, kept, ct)) return;
            }
        }
    }

    /// <summary>The update handled until it is stored (<see cref="Receiving.HandleUntilStoredAsync"/>), then its kept file let go. False: stopping.</summary>
    async Task<bool> StoreAsync(IncomingUpdate? incoming, UpdateInbox.Kept? kept, CancellationToken ct)
    {
        if (incoming is not null && !await Receiving.HandleUntilStoredAsync(() => handler.HandleAsync(incoming, ct), store, clock, log, incoming.UpdateId, ct))
            return false;
        if (kept is not null) inbox.Release(kept);
        return true;
    }

    /// <summary>The updates kept on disk, oldest first, each handled until stored and then let go. False: stopping.</summary>
    async Task<bool> HandleKeptAsync(CancellationToken ct)
    {
        foreach (var kept in inbox.All())
        {
            IncomingUpdate? incoming;
            try
            {
                using var json = JsonDocument.Parse(kept.Json);
                incoming = handler.Read(json.RootElement);
            }
            catch (JsonException ex)
            {
                log.LogError("A kept Zalo update could not be read ({Error}); dropped", ex.Message);
                inbox.Release(kept);
                continue;
            }
            if (incoming is not null) log.LogInformation("Handling Zalo update {UpdateId} kept since {When}", incoming.UpdateId, File.GetLastWriteTimeUtc(kept.Path));
            if (!await StoreAsync(incoming, kept, ct)) return false;
        }
        return true;
    }

    async Task<bool> BackOffAsync(int failures, string why, CancellationToken ct)
    {
        var wait = Receiving.Backoff(failures);
        log.LogWarning("{Why}; retrying in {Seconds}s", why, wait.TotalSeconds);
        try { await Task.Delay(wait, ct); return true; }
        catch (OperationCanceledException) { return false; }
    }

    async Task<bool> SetUpAsync(CancellationToken ct)
    {
        receiving.Starting(ZaloUpdates.Channel, options.Value.UseWebhook ? "webhook" : "polling");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var me = await client.GetMeAsync(ct);
                bot.Name = me.ValueKind == JsonValueKind.Object
                    ? new[] { "display_name", "account_name", "name" }.Select(p => me.TryGetProperty(p, out var v) ? v.ToString() : "").FirstOrDefault(s => s.Length > 0) ?? ""
                    : "";
                var o = options.Value;
                if (o.UseWebhook) await client.SetWebhookAsync(o.WebhookUrl!, o.WebhookSecret!, ct);
                else await client.DeleteWebhookAsync(ct); // polling and a webhook exclude each other
                log.LogInformation("Zalo bot {Name} ready ({Mode})", bot.Name, o.UseWebhook ? "webhook" : "long polling");
                receiving.Ready(ZaloUpdates.Channel);
                bot.Ready.TrySetResult();
                return true;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return false; }
            catch (ZaloApiException ex) when (ex.Code == 401) { StopOnBadToken(); return false; }
            catch (Exception ex)
            {
                receiving.Failed(ZaloUpdates.Channel, $"khởi động: {ex.Message}");
                if (!await BackOffAsync(attempt, $"Zalo start-up failed ({ex.Message})", ct)) return false;
            }
        }
    }

    void StopOnBadToken()
    {
        log.LogCritical("Zalo refused the bot token (401 Unauthorized). Check Zalo__BotToken.");
        System.Console.Error.WriteLine("Không khởi động được: Zalo từ chối Zalo__BotToken (401). Kiểm tra lại mã của bot.");
        lifetime.StopApplication();
    }
}
