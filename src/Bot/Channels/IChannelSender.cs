using ChiBo.Dialogs.Storage;

namespace ChiBo.Bot.Channels;

/// <summary>Delivers one outbox message to its channel. Throws on failure; the outbox sender retries.</summary>
public interface IChannelSender
{
    string Channel { get; }
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}
