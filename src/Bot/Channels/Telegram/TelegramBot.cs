using System.Text.Json;
using ChiBo.Bot.Outbox;
using ChiBo.Dialogs.Conversation;
using global::Telegram.Bot;
using global::Telegram.Bot.Exceptions;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Channels.Telegram;

/// <summary>The bot's identity on Telegram, learnt at start-up (getMe).</summary>
public sealed class TelegramBotInfo
{
    public string Username { get; set; } = "";
    public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Handles one Telegram update: translate, run the turn (durably recorded), answer a tap.</summary>
public sealed class TelegramUpdateHandler(TurnPipeline pipeline, ITelegramBotClient client, TelegramBotInfo bot, IncomingFiles files, ILogger<TelegramUpdateHandler> log)
{
    /// <summary>What the sender of an update that could not be decoded is told.</summary>
    public const string UnreadableUpdate =
        "Bot không đọc được tin nhắn hoặc nút bấm vừa rồi; không có gì thay đổi. Đồng chí gửi lại, hoặc gõ /tieptuc để xem câu hỏi đang dở.";

    public async Task HandleAsync(Update update, CancellationToken ct)
    {
        using var scope = log.BeginScope(new Dictionary<string, object> { ["UpdateId"] = update.Id });
        var incoming = TelegramUpdates.ToIncoming(update, bot.Username);
        if (incoming?.File is { } file && update.Message?.Document is { } document)
        {
            try { incoming = incoming with { File = file with { Path = await DownloadAsync(incoming, document, ct) } }; }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                log.LogWarning("Downloading the document of update {UpdateId} failed: {Error}", update.Id, ex.Message);
                incoming = incoming with
                {
                    File = file with { Path = "" },
                    Problem = $"Không tải được tệp {file.Name} từ Telegram; không có gì thay đổi. Đồng chí gửi lại tệp nhé.",
                };
            }
        }
        if (incoming is not null) await pipeline.HandleAsync(incoming, ct);
        if (update.CallbackQuery is { } q) await AnswerTapAsync(q.Id, ct);
    }

    /// <summary>An update Telegram's types could not hold: its sender (if it has one) is told; it counts as handled.</summary>
    public async Task HandleAsync(ReadUpdate read, CancellationToken ct)
    {
        if (read.Update is { } update)
        {
            await HandleAsync(update, ct);
            return;
        }
        using var scope = log.BeginScope(new Dictionary<string, object> { ["UpdateId"] = read.Id, ["ChatId"] = read.ChatId ?? 0 });
        log.LogWarning("Update {UpdateId} could not be decoded; it is confirmed and its sender told", read.Id);
        ChatKind? kind = read.ChatType switch { "private" => ChatKind.Private, "group" or "supergroup" => ChatKind.Group, _ => null };
        if (read is { ChatId: { } chat, UserId: { } user } && kind is { } k)
            await pipeline.HandleAsync(new IncomingUpdate(TelegramUpdates.Channel, read.Id.ToString(), chat.ToString(), k, user.ToString(), "", null,
                Sequence: read.Id, Problem: UnreadableUpdate), ct);
        if (read.CallbackQueryId is { } q) await AnswerTapAsync(q, ct);
    }

    /// <summary>Every tap is answered so the button stops spinning; what was chosen shows in the edited message.</summary>
    async Task AnswerTapAsync(string callbackQueryId, CancellationToken ct)
    {
        try { await client.AnswerCallbackQuery(callbackQueryId, cancellationToken: ct); }
        catch (Exception ex) when (ex is ApiRequestException or HttpRequestException) { log.LogWarning("answerCallbackQuery failed: {Error}", ex.Message); }
    }

    /// <summary>A document into the incoming folder; "" when it is too large (the turn says so). A failed download is thrown.</summary>
    async Task<string> DownloadAsync(IncomingUpdate incoming, Document document, CancellationToken ct)
    {
        if (document.FileSize > IncomingFiles.MaxBytes) return "";
        return await files.SaveAsync(incoming.Channel, incoming.UpdateId, document.FileName ?? "tep", async (stream, token) =>
        {
            var info = await client.GetFile(document.FileId, token);
            await client.DownloadFile(info.FilePath!, stream, token);
        }, ct);
    }
}

/// <summary>Start-up: who am I, webhook or polling, the command menus.</summary>
public sealed class TelegramSetup(ITelegramBotClient client, IOptions<TelegramOptions> options, TelegramBotInfo bot, Router router, ILogger<TelegramSetup> log)
{
    public static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery];

    /// <summary>The private chats' command menu: the catalogue's entries with a menu line (Telegram shows at most 100).</summary>
    public static BotCommand[] PrivateCommands(IEnumerable<CommandEntry> catalog) =>
        [.. catalog.Where(e => e.Menu != "").Take(100).Select(e => new BotCommand { Command = e.Name, Description = e.Menu })];

    /// <summary>The group chats' command menu.</summary>
    public static BotCommand[] GroupCommands(IEnumerable<CommandEntry> catalog) =>
        [.. catalog.Where(e => e.GroupMenu != "").Take(100).Select(e => new BotCommand { Command = e.Name, Description = e.GroupMenu })];

    public async Task RunAsync(CancellationToken ct)
    {
        var me = await client.GetMe(ct);
        bot.Username = me.Username ?? "";
        var o = options.Value;
        if (o.UseWebhook)
            await client.SetWebhook(o.WebhookUrl!, allowedUpdates: AllowedUpdates, secretToken: o.WebhookSecret, cancellationToken: ct);
        else
            await client.DeleteWebhook(dropPendingUpdates: false, cancellationToken: ct); // polling and a webhook exclude each other
        await client.SetMyCommands(PrivateCommands(router.Catalog), new BotCommandScopeAllPrivateChats(), cancellationToken: ct);
        await client.SetMyCommands(GroupCommands(router.Catalog), new BotCommandScopeAllGroupChats(), cancellationToken: ct);
        log.LogInformation("Telegram bot @{Username} ready ({Mode})", bot.Username, o.UseWebhook ? "webhook" : "long polling");
        bot.Ready.TrySetResult();
    }
}

/// <summary>
/// Long polling: fetch a batch, handle it (chats in parallel, each chat in order), and only then ask for the
/// next batch, which confirms this one. A crash before that makes Telegram send the batch again; the turn
/// pipeline drops what it already handled. Each update is decoded and handled on its own: one that cannot be read or
/// handled is logged and confirmed with the rest, never retried forever, and never holds up the others.
/// </summary>
public sealed class TelegramPolling(
    ITelegramBotClient client, TelegramSetup setup, TelegramUpdateHandler handler, IOptions<TelegramOptions> options,
    ChiBo.Dialogs.Storage.ChiBoStore store, IHostApplicationLifetime lifetime, ILogger<TelegramPolling> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!await SetUpAsync(ct)) return;
        if (options.Value.UseWebhook) return;
        int? offset = null;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            JsonElement[] batch;
            try
            {
                batch = await client.SendRequest(new RawUpdatesRequest
                {
                    Offset = offset, Limit = 100, Timeout = options.Value.PollTimeoutSeconds, AllowedUpdates = TelegramSetup.AllowedUpdates,
                }, ct);
                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (ApiRequestException ex) when (ex.ErrorCode == 401)
            {
                StopOnBadToken();
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var wait = Receiving.Backoff(failures);
                log.LogWarning("getUpdates failed ({Error}); retrying in {Seconds}s", ex.Message, wait.TotalSeconds);
                try { await Task.Delay(wait, ct); } catch (OperationCanceledException) { break; }
                continue;
            }
            var updates = batch.Select(TelegramUpdateReader.Read).OfType<ReadUpdate>().ToList();
            if (updates.Count < batch.Length) log.LogWarning("getUpdates returned {Count} element(s) without an update id; ignored", batch.Length - updates.Count);
            if (updates.Count == 0) continue;
            try
            {
                await Task.WhenAll(updates.GroupBy(u => u.ChatKey).Select(async chat =>
                {
                    foreach (var u in chat) await HandleOneAsync(u, ct);
                }));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            if (store.IsDead) break; // nothing was stored: leave the batch unconfirmed for the restarted bot
            offset = updates.Max(u => u.Id) + 1;
        }
    }

    /// <summary>One update; a failure is logged and the update counts as handled (the pipeline has already apologised where it could).</summary>
    async Task HandleOneAsync(ReadUpdate update, CancellationToken ct)
    {
        try { await handler.HandleAsync(update, ct); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (Exception ex)
        {
            log.LogError(ex, "Update {UpdateId} (chat {ChatId}) could not be handled; confirmed so the updates after it go on", update.Id, update.ChatKey);
        }
    }

    async Task<bool> SetUpAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await setup.RunAsync(ct);
                return true;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return false; }
            catch (ApiRequestException ex) when (ex.ErrorCode == 401)
            {
                StopOnBadToken();
                return false;
            }
            catch (Exception ex)
            {
                log.LogWarning("Telegram start-up failed ({Error}); retrying", ex.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), ct); } catch (OperationCanceledException) { return false; }
            }
        }
    }

    void StopOnBadToken()
    {
        log.LogCritical("Telegram refused the bot token (401 Unauthorized). Check Telegram__BotToken.");
        lifetime.StopApplication();
    }

}
