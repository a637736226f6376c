using System.Diagnostics;
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

    public async Task HandleAsync(Update update, bool inChatOrder, CancellationToken ct)
    {
        using var scope = log.BeginScope(new Dictionary<string, object> { ["UpdateId"] = update.Id });
        var incoming = TelegramUpdates.ToIncoming(update, bot.Username) is { } u ? u with { InChatOrder = inChatOrder } : null;
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

    /// <summary>
    /// One update; one Telegram's types could not hold: its sender (if it has one) is told; it counts as handled.
    /// <paramref name="inChatOrder"/>: long polling, which hands each chat's updates over in order (<see cref="IncomingUpdate.InChatOrder"/>).
    /// </summary>
    public async Task HandleAsync(ReadUpdate read, bool inChatOrder, CancellationToken ct)
    {
        if (read.Update is { } update)
        {
            await HandleAsync(update, inChatOrder, ct);
            return;
        }
        using var scope = log.BeginScope(new Dictionary<string, object> { ["UpdateId"] = read.Id, ["ChatId"] = read.ChatId ?? 0 });
        log.LogWarning("Update {UpdateId} could not be decoded; it is confirmed and its sender told", read.Id);
        ChatKind? kind = read.ChatType switch { "private" => ChatKind.Private, "group" or "supergroup" => ChatKind.Group, _ => null };
        if (read is { ChatId: { } chat, UserId: { } user } && kind is { } k)
            await pipeline.HandleAsync(new IncomingUpdate(TelegramUpdates.Channel, read.Id.ToString(), chat.ToString(), k, user.ToString(), "", null,
                Sequence: read.Id, Problem: UnreadableUpdate, InChatOrder: inChatOrder), ct);
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
    public static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery, UpdateType.MyChatMember];

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
/// Long polling: fetch updates and handle them (chats in parallel, each chat in order), asking for more once they are
/// handled or while they still are (<see cref="AskAgain"/>); a getUpdates confirms only updates already handled
/// (<see cref="PollWindow"/>). A crash makes
/// Telegram send the unconfirmed ones again; the turn pipeline drops what it already handled. So a slow turn (a file
/// downloaded, a report drawn) holds up no other chat: before, no update was fetched until the whole batch was handled.
/// Each update is decoded and handled on its own: one that cannot be read or handled is logged and confirmed with the
/// rest, never retried forever, and never holds up the others.
/// </summary>
public sealed class TelegramPolling(
    ITelegramBotClient client, TelegramSetup setup, TelegramUpdateHandler handler, IOptions<TelegramOptions> options,
    ChiBo.Dialogs.Storage.ChiBoStore store, IHostApplicationLifetime lifetime, ReceivingState receiving, TimeProvider clock, ILogger<TelegramPolling> log) : BackgroundService
{
    /// <summary>Updates a getUpdates brings at most (Telegram's limit).</summary>
    const int Limit = 100;

    /// <summary>
    /// While updates are being handled, how soon more are asked for: Telegram answers at once while updates are
    /// unconfirmed (it cannot long-poll then), so this is how long another chat's message may wait while one chat's turn
    /// is slow. Under load a batch is handled well within it, so batches stay whole (fewer polls, fuller commits).
    /// </summary>
    static readonly TimeSpan AskAgain = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!await SetUpAsync(ct)) return;
        if (options.Value.UseWebhook) return;
        var window = new PollWindow();
        var chats = new Dictionary<long, Task>(); // each chat's last update started: the next one waits for it
        var failures = 0;
        var lastPoll = Stopwatch.StartNew();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // Once the updates fetched are handled (then a long poll), or while they still are, now and then.
                if (AskAgain - lastPoll.Elapsed is { Ticks: > 0 } left) await window.IdleAsync(left, ct);
                var offset = window.Offset; // before the check: an update that finished because the store died is seen dead
                if (store.IsDead) break; // nothing more is confirmed: the restarted bot gets the rest again
                lastPoll.Restart();
                JsonElement[] batch;
                try
                {
                    batch = await client.SendRequest(new RawUpdatesRequest
                    {
                        Offset = offset, Limit = Limit, Timeout = options.Value.PollTimeoutSeconds, AllowedUpdates = TelegramSetup.AllowedUpdates,
                    }, ct);
                    failures = 0;
                    receiving.Answered(TelegramUpdates.Channel);
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
                    receiving.Failed(TelegramUpdates.Channel, $"getUpdates: {ex.Message}");
                    var wait = Receiving.Backoff(failures);
                    log.LogWarning("getUpdates failed ({Error}); retrying in {Seconds}s", ex.Message, wait.TotalSeconds);
                    try { await Task.Delay(wait, ct); } catch (OperationCanceledException) { break; }
                    continue;
                }
                var unnumbered = 0;
                foreach (var element in batch)
                {
                    if (TelegramUpdateReader.IdOf(element) is not { } id) { unnumbered++; continue; }
                    if (!window.Start(id)) continue; // being handled, or handled and not confirmed yet
                    var update = TelegramUpdateReader.Read(element, id);
                    chats[update.ChatKey] = HandleAfterAsync(chats.GetValueOrDefault(update.ChatKey), update, window, ct);
                }
                if (unnumbered > 0) log.LogWarning("getUpdates returned {Count} element(s) without an update id; ignored", unnumbered);
                foreach (var done in chats.Where(c => c.Value.IsCompleted).Select(c => c.Key).ToList()) chats.Remove(done);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        await Task.WhenAll(chats.Values); // the turns under way end (cancelled ones are not confirmed)
    }

    /// <summary>A chat's update once its previous one is handled; marked finished unless the bot is stopping.</summary>
    async Task HandleAfterAsync(Task? previous, ReadUpdate update, PollWindow window, CancellationToken ct)
    {
        if (previous is not null) await previous; // never throws
        try
        {
            // Each chat's updates in order (see above); confirmed once stored, or given up on while the store writes.
            if (await Receiving.HandleUntilStoredAsync(() => handler.HandleAsync(update, inChatOrder: true, ct), store, clock, log, update.Id.ToString(), ct))
                window.Finish(update.Id);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    async Task<bool> SetUpAsync(CancellationToken ct)
    {
        receiving.Starting(TelegramUpdates.Channel, options.Value.UseWebhook ? "webhook" : "polling");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await setup.RunAsync(ct);
                receiving.Ready(TelegramUpdates.Channel);
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
                receiving.Failed(TelegramUpdates.Channel, $"khởi động: {ex.Message}");
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
