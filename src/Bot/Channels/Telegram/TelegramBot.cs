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
    public async Task HandleAsync(Update update, CancellationToken ct)
    {
        using var scope = log.BeginScope(new Dictionary<string, object> { ["UpdateId"] = update.Id });
        var incoming = TelegramUpdates.ToIncoming(update, bot.Username);
        if (incoming?.File is { } file && update.Message?.Document is { } document)
            incoming = incoming with { File = file with { Path = await DownloadAsync(incoming, document, ct) } };
        if (incoming is not null) await pipeline.HandleAsync(incoming, ct);
        if (update.CallbackQuery is { } q)
        {
            // Every tap is answered so the button stops spinning; what was chosen shows in the edited message.
            try { await client.AnswerCallbackQuery(q.Id, cancellationToken: ct); }
            catch (Exception ex) when (ex is ApiRequestException or HttpRequestException) { log.LogWarning("answerCallbackQuery failed: {Error}", ex.Message); }
        }
    }

    /// <summary>A document into the incoming folder; "" when it is too large (the turn says so). A network error is thrown: the update comes again.</summary>
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
public sealed class TelegramSetup(ITelegramBotClient client, IOptions<TelegramOptions> options, TelegramBotInfo bot, ILogger<TelegramSetup> log)
{
    public static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery];

    public static readonly BotCommand[] PrivateCommands =
    [
        new() { Command = "sinhhoat", Description = "Ghi buổi sinh hoạt chi bộ từng bước" },
        new() { Command = "danhgia", Description = "Chấm điểm chất lượng buổi sinh hoạt" },
        new() { Command = "ketqua", Description = "Các buổi sinh hoạt gần đây và xếp loại" },
        new() { Command = "bienban", Description = "Biên bản buổi sinh hoạt (Word)" },
        new() { Command = "nghiquyet", Description = "Dự thảo nghị quyết chi bộ (Word)" },
        new() { Command = "lichhop", Description = "Xem hoặc đổi lịch sinh hoạt thường kỳ" },
        new() { Command = "comat", Description = "Báo có mặt buổi sinh hoạt tới" },
        new() { Command = "vang", Description = "Báo vắng có lý do: /vang <lý do>" },
        new() { Command = "hoithi", Description = "Lịch Hội thi Bí thư chi bộ giỏi" },
        new() { Command = "theodoi", Description = "Các chi bộ đồng chí dự sinh hoạt (cấp trên)" },
        new() { Command = "baocao", Description = "Báo cáo dự sinh hoạt chi bộ (cấp trên)" },
        new() { Command = "tatnhac", Description = "Tắt nhắc việc không bắt buộc" },
        new() { Command = "batnhac", Description = "Bật lại nhắc việc" },
        new() { Command = "tieptuc", Description = "Làm tiếp việc đang dở" },
        new() { Command = "tamdung", Description = "Tạm dừng, làm tiếp sau" },
        new() { Command = "quaylai", Description = "Sửa câu trả lời trước" },
        new() { Command = "huy", Description = "Hủy việc đang làm" },
        new() { Command = "trogiup", Description = "Hướng dẫn sử dụng" },
    ];

    public static readonly BotCommand[] GroupCommands =
    [
        new() { Command = "trogiup", Description = "Hướng dẫn sử dụng" },
        new() { Command = "lienket", Description = "Liên kết nhóm với chi bộ (bí thư)" },
        new() { Command = "golienket", Description = "Gỡ liên kết nhóm (bí thư)" },
        new() { Command = "ketqua", Description = "Kết quả sinh hoạt (bí thư, cấp trên)" },
        new() { Command = "comat", Description = "Báo có mặt buổi sinh hoạt tới" },
        new() { Command = "vang", Description = "Báo vắng có lý do: /vang <lý do>" },
        new() { Command = "giolang", Description = "Giờ không nhắc trong nhóm (bí thư)" },
        new() { Command = "hoithi", Description = "Lịch Hội thi Bí thư chi bộ giỏi" },
    ];

    public async Task RunAsync(CancellationToken ct)
    {
        var me = await client.GetMe(ct);
        bot.Username = me.Username ?? "";
        var o = options.Value;
        if (o.UseWebhook)
            await client.SetWebhook(o.WebhookUrl!, allowedUpdates: AllowedUpdates, secretToken: o.WebhookSecret, cancellationToken: ct);
        else
            await client.DeleteWebhook(dropPendingUpdates: false, cancellationToken: ct); // polling and a webhook exclude each other
        await client.SetMyCommands(PrivateCommands, new BotCommandScopeAllPrivateChats(), cancellationToken: ct);
        await client.SetMyCommands(GroupCommands, new BotCommandScopeAllGroupChats(), cancellationToken: ct);
        log.LogInformation("Telegram bot @{Username} ready ({Mode})", bot.Username, o.UseWebhook ? "webhook" : "long polling");
        bot.Ready.TrySetResult();
    }
}

/// <summary>
/// Long polling: fetch a batch, handle it (chats in parallel, each chat in order), and only then ask for the
/// next batch, which confirms this one. A crash before that makes Telegram send the batch again; the turn
/// pipeline drops what it already handled.
/// </summary>
public sealed class TelegramPolling(
    ITelegramBotClient client, TelegramSetup setup, TelegramUpdateHandler handler, IOptions<TelegramOptions> options,
    IHostApplicationLifetime lifetime, ILogger<TelegramPolling> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!await SetUpAsync(ct)) return;
        if (options.Value.UseWebhook) return;
        int? offset = null;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            Update[] updates;
            try
            {
                updates = await client.GetUpdates(offset, 100, options.Value.PollTimeoutSeconds, TelegramSetup.AllowedUpdates, ct);
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
            if (updates.Length == 0) continue;
            try
            {
                await Task.WhenAll(updates.GroupBy(ChatOf).Select(async chat =>
                {
                    foreach (var u in chat) await handler.HandleAsync(u, ct);
                }));
                offset = updates.Max(u => u.Id) + 1;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                // Not confirmed: the same batch comes again; what was handled is dropped as a duplicate.
                log.LogError(ex, "Handling a batch of updates failed");
                try { await Task.Delay(TimeSpan.FromSeconds(1), ct); } catch (OperationCanceledException) { break; }
            }
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

    static long ChatOf(Update u) => u.Message?.Chat.Id ?? u.CallbackQuery?.Message?.Chat.Id ?? 0;
}
