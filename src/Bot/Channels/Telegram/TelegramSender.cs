using ChiBo.Dialogs.Storage;
using global::Telegram.Bot;
using global::Telegram.Bot.Exceptions;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.ReplyMarkups;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Channels.Telegram;

/// <summary>
/// Delivers outbox messages with the Bot API: plain text split at 4096, choices as inline keyboards. A group reminder the
/// group refuses (the bot was removed) goes to the cell's leaders privately.
/// </summary>
public sealed class TelegramSender(ITelegramBotClient client, IOptions<TelegramOptions> options, TimeProvider clock, ChiBoStore? store = null,
    ILogger<TelegramSender>? log = null) : IChannelSender
{
    public const int MaxText = 4096;
    readonly SendPacer _pacer = new(options.Value.Limits, clock);

    public string Channel => TelegramUpdates.Channel;

    public async Task SendAsync(OutboxMessage m, CancellationToken ct)
    {
        var chat = new ChatId(long.Parse(m.ChatId));
        try
        {
            try { await SendPartsAsync(m, chat, ct); }
            catch (ApiRequestException ex) when (ex.Parameters?.MigrateToChatId is { } moved && m.IsGroup && m.Kind == OutboxKind.Send)
            {
                // The group became a supergroup, which has a new id: the cell's link follows it (if the service message
                // about it has not moved it already) and the message goes there. An edit of a message in the old group
                // cannot follow (the supergroup numbers its messages anew): it fails below as before.
                if (store is not null)
                    store.InTransaction(() => ChiBo.Dialogs.Commands.GroupLink.Moved(store, Channel, m.ChatId, moved.ToString(), clock.GetUtcNow().UtcDateTime));
                log?.LogInformation("Telegram group {Old} became {New}; message {OutboxId} sent there", m.ChatId, moved, m.Id);
                await SendPartsAsync(m, new ChatId(moved), ct);
            }
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 429)
        {
            throw new RetryAfterException(TimeSpan.FromSeconds(Math.Max(1, ex.Parameters?.RetryAfter ?? 5)), ex.Message);
        }
        catch (ApiRequestException ex) when (m.Kind == OutboxKind.Edit && ex.Message.Contains("message is not modified"))
        {
            // Already shows this: done.
        }
        catch (ApiRequestException ex) when (ex.ErrorCode >= 500)
        {
            throw new PlatformUnavailableException(ex.Message, ex);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode is 400 or 401 or 403 or 404)
        {
            // The person blocked the bot (the update saying so may have been missed): the roster shows it.
            if (!m.IsGroup && ex.ErrorCode == 403 && ex.Message.Contains("blocked by the user") && store is not null)
                store.InTransaction(() => store.MarkBlocked(Channel, m.ChatId, clock.GetUtcNow().UtcDateTime));
            if (m.IsGroup && m.Notice && m.Kind != OutboxKind.Edit && store is not null)
            {
                var why = ex.ErrorCode == 403
                    ? "bot không còn trong nhóm Telegram của chi bộ (bị xóa hoặc bị chặn); thêm bot vào nhóm rồi gõ /lienket trong nhóm"
                    : "nhóm Telegram của chi bộ không nhận tin; kiểm tra nhóm rồi gõ /lienket trong nhóm";
                var count = ChiBo.Dialogs.Conversation.GroupNotices.ToLeaders(store, m, why);
                log?.LogWarning("Telegram group reminder {OutboxId} refused ({Code}); {Count} leader(s) get it privately", m.Id, ex.ErrorCode, count);
            }
            throw new PermanentSendException(ex.Message, ex);
        }
    }

    /// <summary>One paced API call; the chat's next slot counts from when this one completed.</summary>
    Task<T> CallAsync<T>(OutboxMessage m, Func<Task<T>> call, CancellationToken ct) => _pacer.RunAsync(m.ChatId, m.IsGroup, call, ct);

    async Task SendPartsAsync(OutboxMessage m, ChatId chat, CancellationToken ct)
    {
        if (m.Kind == OutboxKind.Edit)
        {
            var id = int.Parse(m.TargetMessageId!);
            if (m.Text.Length == 0) await CallAsync(m, () => client.EditMessageReplyMarkup(chat, id, replyMarkup: null, cancellationToken: ct), ct);
            else await CallAsync(m, () => client.EditMessageText(chat, id, m.Text.Length > MaxText ? m.Text[..(MaxText - 1)] + "…" : m.Text,
                replyMarkup: m.Choices.Count > 0 ? Keyboard(m) : null, cancellationToken: ct), ct); // a notice keeps its command buttons
            return;
        }
        var parts = TextParts.Split(m.Text, MaxText);
        for (var i = m.PartsSent; i < parts.Count; i++)
        {
            var keyboard = i == parts.Count - 1 && m.Choices.Count > 0 ? Keyboard(m) : null;
            var part = parts[i];
            var sent = await CallAsync(m, () => client.SendMessage(chat, part, replyMarkup: keyboard, cancellationToken: ct), ct);
            m.PartsSent = i + 1;
            m.PlatformMessageIds.Add(sent.Id.ToString());
        }
        if (m.FilePath is not null)
        {
            await using var file = File.OpenRead(m.FilePath);
            var input = InputFile.FromStream(file, Path.GetFileName(m.FilePath));
            if (m.FilePath.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) // a chart shows inline
                await CallAsync(m, () => client.SendPhoto(chat, input, cancellationToken: ct), ct);
            else
                await CallAsync(m, () => client.SendDocument(chat, input, cancellationToken: ct), ct);
        }
    }

    /// <summary>Short labels share a row (up to 3); long ones get a row each. Button data is "seq:index" (≤ 64 bytes).</summary>
    static InlineKeyboardMarkup Keyboard(OutboxMessage m)
    {
        var buttons = m.Choices.Select(c => InlineKeyboardButton.WithCallbackData(c.Label, c.Key)).ToList();
        var perRow = m.Choices.All(c => c.Label.Length <= 12) ? 3 : 1;
        return new InlineKeyboardMarkup(buttons.Chunk(perRow).Select(row => row.AsEnumerable()));
    }
}
