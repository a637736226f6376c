using ChiBo.Dialogs.Storage;

namespace ChiBo.Bot.Channels;

/// <summary>
/// Delivers one outbox message to its channel (a send, or an edit of a message the bot sent). Records
/// progress on the message (parts sent, platform ids) as it goes. Throws on failure:
/// <see cref="RetryAfterException"/> when the platform asks to wait, <see cref="PermanentSendException"/>
/// when retrying cannot help; anything else is retried with backoff.
/// </summary>
public interface IChannelSender
{
    string Channel { get; }
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>The platform said "too many requests, retry after".</summary>
public sealed class RetryAfterException(TimeSpan after, string message) : Exception(message)
{
    public TimeSpan After { get; } = after;
}

/// <summary>The platform refused the message for good (bad request, chat not found, bot blocked).</summary>
public sealed class PermanentSendException(string message, Exception? inner = null) : Exception(message, inner);
