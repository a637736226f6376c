using System.Collections.Concurrent;
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
/// Delivers pending outbox messages: one worker per chat delivers that chat's messages in order, chats in
/// parallel, so a slow or failing chat never holds up the others. A 429 waits its retry_after; other
/// failures are retried with a doubling delay and, after the last attempt, marked failed and logged.
/// </summary>
public sealed class OutboxSender(
    ChiBoStore store, IEnumerable<IChannelSender> senders, TimeProvider clock, IOptions<OutboxOptions> options, ILogger<OutboxSender> log)
    : BackgroundService
{
    readonly Dictionary<string, IChannelSender> _senders = senders.ToDictionary(s => s.Channel);
    readonly ConcurrentDictionary<(string Channel, string ChatId), Task<int>> _workers = new();
    readonly SemaphoreSlim _wake = new(0, 1);
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
            try { StartWorkers(ct); }
            catch (Exception ex) { log.LogError(ex, "Outbox scan failed"); }
            try { await _wake.WaitAsync(_options.PollInterval, ct); }
            catch (OperationCanceledException) { break; }
        }
        await Task.WhenAll(_workers.Values); // workers never throw
    }

    /// <summary>Delivers everything due now and waits until it is done. Returns the number of messages sent.</summary>
    public async Task<int> DeliverPendingAsync(CancellationToken ct = default)
    {
        var total = 0;
        for (var round = 0; round < 10; round++)
        {
            // The workers for the chats due now, as started (a quick one may already have left the active set).
            var running = StartWorkers(ct).Concat(_workers.Values).Distinct().ToArray();
            if (running.Length == 0) break;
            var sent = (await Task.WhenAll(running)).Sum();
            total += sent;
            if (sent == 0) break;
        }
        return total;
    }

    /// <summary>Starts a worker for every chat with a message due and no worker yet; returns the workers of the due chats.</summary>
    List<Task<int>> StartWorkers(CancellationToken ct)
    {
        var tasks = new List<Task<int>>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = store.Outbox.Find(o => o.Status == OutboxStatus.Pending && o.NextAttemptUtc <= now)
            .Where(o => _senders.ContainsKey(o.Channel))
            .Select(o => (o.Channel, o.ChatId)).Distinct();
        foreach (var chat in due)
        {
            if (_workers.TryGetValue(chat, out var existing)) { tasks.Add(existing); continue; }
            var worker = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_workers.TryAdd(chat, worker.Task)) continue;
            tasks.Add(worker.Task);
            _ = Task.Run(async () =>
            {
                var sent = 0;
                try { sent = await DeliverChatAsync(chat.Channel, chat.ChatId, ct); }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogError(ex, "Outbox worker for {Channel}:{ChatId} failed", chat.Channel, chat.ChatId);
                }
                catch (OperationCanceledException) { }
                finally
                {
                    // Leave the active set before signalling: whoever awaited this worker may start the next one at once.
                    _workers.TryRemove(chat, out _);
                    worker.SetResult(sent);
                }
            }, CancellationToken.None);
        }
        return tasks;
    }

    /// <summary>Sends the chat's pending messages in order until none is due.</summary>
    async Task<int> DeliverChatAsync(string channel, string chatId, CancellationToken ct)
    {
        var sender = _senders[channel];
        var sent = 0;
        while (!ct.IsCancellationRequested)
        {
            var m = store.Outbox.Query()
                .Where(o => o.Status == OutboxStatus.Pending && o.Channel == channel && o.ChatId == chatId)
                .OrderBy(o => o.Id).Limit(1).FirstOrDefault();
            var now = clock.GetUtcNow().UtcDateTime;
            if (m is null || m.NextAttemptUtc > now) break; // keep the chat's order: later messages wait
            try
            {
                await sender.SendAsync(m, ct);
                m.Status = OutboxStatus.Sent;
                m.SentAtUtc = clock.GetUtcNow().UtcDateTime;
                m.Attempts++;
                m.LastError = null;
                store.Outbox.Update(m);
                sent++;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { store.Outbox.Update(m); throw; }
            catch (RetryAfterException ex)
            {
                m.NextAttemptUtc = now + ex.After;
                m.LastError = ex.Message;
                store.Outbox.Update(m);
                log.LogWarning("Outbox message {MessageId} to {Channel}:{ChatId}: rate limited, retry after {Seconds}s", m.Id, channel, chatId, ex.After.TotalSeconds);
                break;
            }
            catch (Exception ex)
            {
                m.Attempts++;
                m.LastError = ex.Message.Length > 500 ? ex.Message[..500] : ex.Message;
                if (ex is PermanentSendException || m.Attempts >= _options.MaxAttempts)
                {
                    m.Status = OutboxStatus.Failed;
                    log.LogError(ex, "Outbox message {MessageId} to {Channel}:{ChatId} failed after {Attempts} attempts", m.Id, channel, chatId, m.Attempts);
                    store.Outbox.Update(m);
                    continue; // the chat's next messages go on
                }
                m.NextAttemptUtc = now + _options.FirstRetryDelay * Math.Pow(2, m.Attempts - 1);
                log.LogWarning("Outbox message {MessageId} to {Channel}:{ChatId} failed (attempt {Attempts}): {Error}", m.Id, channel, chatId, m.Attempts, m.LastError);
                store.Outbox.Update(m);
                break;
            }
        }
        return sent;
    }
}
