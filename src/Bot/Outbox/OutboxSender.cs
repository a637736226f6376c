using ChiBo.Bot.Channels;
using ChiBo.Dialogs.Storage;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Outbox;

public sealed class OutboxOptions
{
    /// <summary>After this many failed attempts a message is marked failed (and logged).</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>Delay before the first retry; doubles each attempt.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Delivers pending outbox messages in order per chat, chats in parallel; retries failures with backoff and
/// marks each message sent or, after the last attempt, failed.
/// </summary>
public sealed class OutboxSender(
    ChiBoStore store, IEnumerable<IChannelSender> senders, TimeProvider clock, IOptions<OutboxOptions> options, ILogger<OutboxSender> log)
    : BackgroundService
{
    readonly Dictionary<string, IChannelSender> _senders = senders.ToDictionary(s => s.Channel);
    readonly SemaphoreSlim _wake = new(0, 1);
    readonly SemaphoreSlim _oneRun = new(1, 1);
    readonly OutboxOptions _options = options.Value;

    /// <summary>New messages were committed: deliver soon.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0) try { _wake.Release(); } catch (SemaphoreFullException) { }
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try { await DeliverPendingAsync(ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception ex) { log.LogError(ex, "Outbox delivery round failed"); }
            try { await _wake.WaitAsync(_options.PollInterval, ct); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Delivers what is due now. Returns the number of messages sent.</summary>
    public async Task<int> DeliverPendingAsync(CancellationToken ct = default)
    {
        await _oneRun.WaitAsync(ct);
        try
        {
            var pending = store.Outbox.Find(o => o.Status == OutboxStatus.Pending).OrderBy(o => o.Id).ToList();
            var sent = await Task.WhenAll(pending.GroupBy(o => (o.Channel, o.ChatId)).Select(chat => DeliverChatAsync(chat.ToList(), ct)));
            return sent.Sum();
        }
        finally { _oneRun.Release(); }
    }

    async Task<int> DeliverChatAsync(List<OutboxMessage> messages, CancellationToken ct)
    {
        var sent = 0;
        foreach (var m in messages)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (m.NextAttemptUtc > now) break; // keep the chat's order: later messages wait for this one
            if (!_senders.TryGetValue(m.Channel, out var sender)) break;
            try
            {
                await sender.SendAsync(m, ct);
                m.Status = OutboxStatus.Sent;
                m.SentAtUtc = clock.GetUtcNow().UtcDateTime;
                m.Attempts++;
                store.Outbox.Update(m);
                sent++;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (Exception ex)
            {
                m.Attempts++;
                m.LastError = ex.Message.Length > 500 ? ex.Message[..500] : ex.Message;
                if (m.Attempts >= _options.MaxAttempts)
                {
                    m.Status = OutboxStatus.Failed;
                    log.LogError(ex, "Outbox message {MessageId} to {Channel}:{ChatId} failed after {Attempts} attempts", m.Id, m.Channel, m.ChatId, m.Attempts);
                }
                else
                {
                    m.NextAttemptUtc = now + _options.FirstRetryDelay * Math.Pow(2, m.Attempts - 1);
                    log.LogWarning("Outbox message {MessageId} to {Channel}:{ChatId} failed (attempt {Attempts}): {Error}", m.Id, m.Channel, m.ChatId, m.Attempts, m.LastError);
                }
                store.Outbox.Update(m);
                if (m.Status == OutboxStatus.Pending) break;
            }
        }
        return sent;
    }
}
