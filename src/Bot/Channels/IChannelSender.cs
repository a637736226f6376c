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

/// <summary>The platform failed on its side (5xx): like a network failure, it says nothing about the message.</summary>
public sealed class PlatformUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What a failed send says about the message.</summary>
public static class SendFailures
{
    /// <summary>
    /// The platform could not be reached or failed on its side (the network, a timeout, a 5xx): every chat's messages
    /// fail alike until it is back, so a message is tried for as long as it is worth sending (Outbox__GiveUpAfter), not
    /// a number of times. Anything else may be the message's own problem and is counted (Outbox__MaxAttempts).
    /// </summary>
    public static bool Unreachable(Exception ex, CancellationToken ct)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is PlatformUnavailableException or HttpRequestException or HttpIOException or TimeoutException or System.Net.Sockets.SocketException
                || e is TaskCanceledException && !ct.IsCancellationRequested) // HttpClient's own timeout (not a file that is gone: that is the message's)
                return true;
        return false;
    }
}
