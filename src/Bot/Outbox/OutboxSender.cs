using System.Collections.Concurrent;
using ChiBo.Bot.Channels;
using ChiBo.Dialogs.Storage;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Outbox;

public sealed class OutboxOptions
{
    /// <summary>After this many failed attempts a message is marked failed (and logged); not while the platform is unreachable.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>Delay before the first retry; doubles each attempt, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>The longest wait between two attempts at a message.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>
    /// While the platform cannot be reached (the network, a timeout, a 5xx: <see cref="SendFailures.Unreachable"/>), a
    /// message is tried until it is this old, however many attempts that takes; then marked failed.
    /// </summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>On PostgreSQL, how often an instance that is not the sender checks whether the sender's place is free.</summary>
    public TimeSpan LeaderRetry { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>
    /// On PostgreSQL, how long an instance that becomes the sender waits before its first send: the sender before it may
    /// have sent to a chat a moment ago, and the pacing of that (one message a second to a person, 20 a minute to a
    /// group) was in its memory.
    /// </summary>
    public TimeSpan TakeoverPause { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>
    /// On PostgreSQL, how often the sending instance asks whether it still holds the sender's place, before a message (a
    /// broken connection has lost it; another instance may take over once its pause is over): shorter than TakeoverPause.
    /// </summary>
    public TimeSpan LeaderCheck { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>
    /// Replies waiting to be sent to one private chat past which that chat's new messages are set aside, not read, until
    /// those replies have gone (someone sending far faster than the platform lets the bot answer: a flood). Reminders and
    /// notices do not count. 0: no limit.
    /// </summary>
    public int MaxUnsentPerChat { get; set; } = 30;
}

/// <summary>Whether this instance still holds the sender's place: asked of the server at most once per interval.</summary>
sealed class LeadCheck(ChiBo.Dialogs.Storage.Postgres.PgDatabase.HeldLock lead, TimeProvider clock, TimeSpan every)
{
    readonly object _gate = new();
    DateTimeOffset _checkedAt = clock.GetUtcNow();
    bool _held = true;

    /// <summary>False once the place is lost (for good: a new place is a new check). Workers ask at once: one asks the server.</summary>
    public bool Held()
    {
        lock (_gate)
        {
            if (!_held) return false;
            if (clock.GetUtcNow() - _checkedAt < every) return true;
            _held = lead.Alive();
            _checkedAt = clock.GetUtcNow();
            return _held;
        }
    }
}

/// <summary>
/// Delivers pending outbox messages: one worker per chat delivers that chat's messages in order, chats in
/// parallel, so a slow or failing chat never holds up the others. A 429 waits its retry_after; other
/// failures are retried with a doubling delay and, after the last attempt, marked failed and logged.
/// The database stays the truth: the sender keeps the pending messages per chat in memory (read once at start, then
/// handed over by the store as each commit inserts them, and read from the last id seen only when the ids handed over
/// leave a gap or when idle; only the sender changes a pending message), re-reads an edit just before sending it (a
/// newer edit of the same message replaces a waiting one), and marks each message sent in a group commit with the
/// other chats' marks, sending the chat's next message meanwhile.
/// </summary>
public sealed class OutboxSender : BackgroundService
{
    readonly ChiBoStore _store;
    readonly TimeProvider _clock;
    readonly ILogger<OutboxSender> _log;
    readonly Dictionary<string, IChannelSender> _senders;
    readonly ConcurrentDictionary<(string Channel, string ChatId), Task<int>> _workers = new();
    readonly SemaphoreSlim _wake = new(0, 1);
    readonly OutboxOptions _options;
    readonly PendingMessages _pending;
    readonly object _scan = new();

    public OutboxSender(ChiBoStore store, IEnumerable<IChannelSender> senders, TimeProvider clock, IOptions<OutboxOptions> options, ILogger<OutboxSender> log)
    {
        _store = store;
        _clock = clock;
        _log = log;
        _senders = senders.ToDictionary(s => s.Channel);
        _options = options.Value;
        _pending = new PendingMessages(shared: store.OnPostgresDatabase);
        // Past the limit a chat's messages are set aside, and then until the replies waiting for it have gone (not one
        // message read each time one reply goes).
        if (_options.MaxUnsentPerChat > 0)
            store.ChatBacklogged = (channel, chatId, already) => UnsentReplies(channel, chatId) >= (already ? 1 : _options.MaxUnsentPerChat);
        store.OutboxCommitted += messages =>
        {
            _pending.Handed(messages);
            Wake();
        };
    }

    /// <summary>
    /// The replies waiting to be sent to a chat: held in memory where this instance sends; on PostgreSQL, while another
    /// instance sends, counted in the database (its index of pending messages).
    /// </summary>
    int UnsentReplies(string channel, string chatId) => !_store.OnPostgresDatabase || Leading
        ? _pending.Replies((channel, chatId))
        : _store.Outbox.Find(o => o.Status == OutboxStatus.Pending && o.ChatId == chatId).Count(m => m.Channel == channel && !m.Notice);

    /// <summary>New messages were committed: deliver soon.</summary>
    void Wake()
    {
        if (_wake.CurrentCount == 0) try { _wake.Release(); } catch (SemaphoreFullException) { }
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (_store.OnPostgresDatabase)
        {
            await LeadAsync(ct);
            return;
        }
        await SendAsync(() => true, ct);
    }

    /// <summary>The delivery loop, while <paramref name="leading"/> holds.</summary>
    async Task SendAsync(Func<bool> leading, CancellationToken ct)
    {
        var idle = true;
        var lastFullRead = DateTimeOffset.MinValue;
        while (!ct.IsCancellationRequested && leading())
        {
            // idle: a read now and then, whatever was handed over; on PostgreSQL also at least every poll interval
            // (other instances' messages are numbered and committed out of order).
            var now = _clock.GetUtcNow();
            var read = idle || (_store.OnPostgresDatabase && now - lastFullRead >= _options.PollInterval);
            if (read) lastFullRead = now;
            try { StartWorkers(ct, read); }
            catch (Exception ex) { _log.LogError(ex, "Outbox scan failed"); }
            try { idle = !await _wake.WaitAsync(_options.PollInterval, ct); }
            catch (OperationCanceledException) { break; }
        }
        await Task.WhenAll(_workers.Values); // workers never throw
    }

    /// <summary>
    /// Several instances on one PostgreSQL: one of them sends (it holds the sender's lock), so the platform's global
    /// send limit, paced in one process, holds for all; the others wait to take over (the server frees the lock when
    /// the sender's connection ends, as when it is killed). Commits of every instance wake the sender (LISTEN/NOTIFY).
    /// </summary>
    async Task LeadAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            ChiBo.Dialogs.Storage.Postgres.PgDatabase.HeldLock? lead = null;
            try { lead = _store.TryLeadOutbox(); }
            catch (Exception ex) when (ex is not OperationCanceledException) { _log.LogWarning(ex, "Could not ask for the outbox sender's place"); }
            if (lead is null)
            {
                try { await Task.Delay(_options.LeaderRetry, _clock, ct); }
                catch (OperationCanceledException) { break; }
                continue;
            }
            using (lead)
            {
                var pausing = _pausing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                try
                {
                    await Task.Delay(_options.TakeoverPause, _clock, ct);
                    // Messages held from before may have been sent by another instance: read again (no delivery runs
                    // here now: one waits for the pause, and without the place none sends).
                    lock (_scan) _pending.Forget();
                    _readWhileLeading = true;
                    Leading = true; // before the pause is over for a delivery waiting on it (it sends as the leader)
                }
                catch (OperationCanceledException) { break; }
                finally
                {
                    _pausing = null;
                    pausing.TrySetResult();
                }
                _log.LogInformation("This instance sends the outbox");
                using var listening = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var listen = Task.CompletedTask;
                try
                {
                    var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    listen = ListenAsync(ready, listening.Token);
                    // Listening before the first read: a message committed after that read wakes the sender.
                    await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(10), _clock, CancellationToken.None));
                    var check = new LeadCheck(lead, _clock, _options.LeaderCheck);
                    _stillLeading = check.Held; // asked by the workers before each message too
                    await SendAsync(check.Held, ct);
                    if (!check.Held()) _log.LogWarning("The connection holding the outbox sender's place broke; asking for it again");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _log.LogError(ex, "The outbox sender stopped; asking for the sender's place again"); // never for good
                }
                finally
                {
                    _stillLeading = null;
                    _readWhileLeading = false;
                    Leading = false;
                    listening.Cancel();
                    await listen;
                }
            }
        }
    }

    /// <summary>On PostgreSQL: this instance is the one that sends now.</summary>
    public bool Leading { get; private set; }

    /// <summary>This instance sends the outbox: always on the file; on PostgreSQL while it holds the sender's place.</summary>
    public bool Sends => !_store.OnPostgresDatabase || Leading;

    /// <summary>The messages this instance holds to send, and when the oldest of them was written (for /healthz).</summary>
    public (int Count, DateTime? OldestUtc) Backlog() => _pending.Backlog();

    /// <summary>On PostgreSQL, while this instance sends: whether it still holds the sender's place.</summary>
    volatile Func<bool>? _stillLeading;

    /// <summary>
    /// On PostgreSQL: every pending message this instance holds was read while it has been the one sender, so none was
    /// sent by another meanwhile (only the sender sends): a message need not be read back before it goes.
    /// </summary>
    volatile bool _readWhileLeading;

    /// <summary>On PostgreSQL: this instance holds the sender's place and waits out the takeover pause; done when it ends.</summary>
    volatile TaskCompletionSource? _pausing;

    async Task ListenAsync(TaskCompletionSource ready, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await _store.Postgres!.ListenOutboxAsync(foreign =>
                {
                    if (!foreign) return; // this instance's: handed over by the store already
                    _pending.ReadNeeded(); // another instance's messages: not handed over, read them
                    Wake();
                }, () =>
                {
                    _pending.ReadNeeded(); // after a reconnection: what came meanwhile
                    Wake();
                    ready.TrySetResult();
                }, ct);
            }
            catch (OperationCanceledException) { return; }
            catch (Exception ex)
            {
                _log.LogWarning(ex, "Listening for new outbox messages failed; polling meanwhile");
                try { await Task.Delay(_options.PollInterval, _clock, ct); } catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Delivers everything due now and waits until it is done. Returns the number of messages sent.</summary>
    public async Task<int> DeliverPendingAsync(CancellationToken ct = default)
    {
        // On PostgreSQL only the instance holding the sender's place sends: here for the call, unless it leads already.
        // When this instance has just taken the place and pauses (the console on PostgreSQL, at start), the call waits
        // for the pause to end: the replies of the turn just handled are shown after it, not lost when the input ends.
        if (_store.OnPostgresDatabase && _pausing is { } pausing)
            try { await pausing.Task.WaitAsync(_options.TakeoverPause + TimeSpan.FromSeconds(1), _clock, ct); }
            catch (TimeoutException) { }
        using var lead = _store.OnPostgresDatabase && !Leading ? _store.TryLeadOutbox() : null;
        if (_store.OnPostgresDatabase && !Leading && lead is null) return 0;
        var total = 0;
        for (var round = 0; round < 10; round++)
        {
            // The workers for the chats due now, as started (a quick one may already have left the active set).
            var running = StartWorkers(ct, read: true).Concat(_workers.Values).Distinct().ToArray();
            if (running.Length == 0) break;
            var sent = (await Task.WhenAll(running)).Sum();
            total += sent;
            if (sent == 0) break;
        }
        return total;
    }

    /// <summary>
    /// Starts a worker for every chat with a message due and no worker yet; returns the workers of the due chats. Reads
    /// the outbox first when <paramref name="read"/> is set or the messages handed over may have missed some.
    /// </summary>
    List<Task<int>> StartWorkers(CancellationToken ct, bool read)
    {
        lock (_scan) _pending.ReadNew(_store, read);
        var tasks = new List<Task<int>>();
        foreach (var chat in _pending.DueChats(_clock.GetUtcNow().UtcDateTime).Where(c => _senders.ContainsKey(c.Channel)))
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
                    _log.LogError(ex, "Outbox worker for {Channel}:{ChatId} failed", chat.Channel, chat.ChatId);
                }
                catch (OperationCanceledException) { }
                finally
                {
                    // Leave the active set before signalling: whoever awaited this worker may start the next one at once.
                    _workers.TryRemove(chat, out _);
                    worker.SetResult(sent);
                    // A message added as this worker was leaving found it still active and started none: scan again.
                    if (_pending.DueChats(_clock.GetUtcNow().UtcDateTime).Contains(chat)) Wake();
                }
            }, CancellationToken.None);
        }
        return tasks;
    }

    /// <summary>
    /// Sends the chat's pending messages in order until none is due. The next message goes out without waiting for the
    /// previous one's sent mark to commit (a message is forgotten only once its mark is committed); the worker ends when
    /// its marks are committed.
    /// </summary>
    async Task<int> DeliverChatAsync(string channel, string chatId, CancellationToken ct)
    {
        var sender = _senders[channel];
        var chat = (channel, chatId);
        var sent = 0;
        var marks = new List<Task>();
        var after = long.MinValue; // the messages up to here are sent, their marks committing
        // Several instances on one PostgreSQL: one of them sends (LeadAsync); a message held from before this instance
        // became the sender is read from the database before it goes (a sender before this one may have sent it).
        var readBack = _store.OnPostgresDatabase && !_readWhileLeading;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (_pending.After(chat, after) is not { } held) break;
                // The sender's place lost (its connection broke): another instance may send from now on; stop here.
                if (_stillLeading is { } leading && !leading()) break;
                var id = held.Id;
                var m = held;
                if (readBack || m.Kind == OutboxKind.Edit)
                {
                    if (_store.Read(() => _store.Outbox.FindById(id)) is not { Status: OutboxStatus.Pending } stored)
                    {
                        _pending.Remove(chat, id); // sent by another instance, or an edit replaced by a newer one
                        continue;
                    }
                    if (readBack) m = stored; // its attempts as the database has them
                }
                var now = _clock.GetUtcNow().UtcDateTime;
                if (m.ExpiresAtUtc <= now && m.PartsSent == 0)
                {
                    // A reminder no longer true (the bot or the platform was down while it was): dropped, never sent late.
                    m.LastError = $"không gửi: hết hạn lúc {m.ExpiresAtUtc:u}";
                    ChiBo.Dialogs.Storage.Outbox.Finish(m, OutboxStatus.Expired);
                    _log.LogWarning("Outbox message {MessageId} to {Channel}:{ChatId} expired unsent", m.Id, channel, chatId);
                    await EndAsync(chat, m);
                    continue;
                }
                if (m.NextAttemptUtc > now) { _pending.NotBefore(chat, m.NextAttemptUtc); break; } // keep the chat's order: later messages wait
                try
                {
                    await sender.SendAsync(m, ct);
                    ChiBo.Dialogs.Storage.Outbox.Finish(m, OutboxStatus.Sent);
                    m.SentAtUtc = _clock.GetUtcNow().UtcDateTime;
                    m.Attempts++;
                    m.LastError = null;
                    marks.Add(EndAsync(chat, m)); // the sent mark
                    after = id;
                    sent++;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { _store.Outbox.Update(m); throw; }
                catch (RetryAfterException ex)
                {
                    m.NextAttemptUtc = now + ex.After;
                    m.LastError = ex.Message;
                    await SaveAsync(m);
                    _pending.NotBefore(chat, m.NextAttemptUtc);
                    _log.LogWarning("Outbox message {MessageId} to {Channel}:{ChatId}: rate limited, retry after {Seconds}s", m.Id, channel, chatId, ex.After.TotalSeconds);
                    break;
                }
                catch (Exception ex)
                {
                    m.Attempts++;
                    m.LastError = ex.Message.Length > 500 ? ex.Message[..500] : ex.Message;
                    // The platform unreachable: nothing is wrong with the message, it waits until it is too old to send.
                    var giveUp = ex is PermanentSendException
                        || (SendFailures.Unreachable(ex, ct) ? now - m.CreatedAtUtc >= _options.GiveUpAfter : m.Attempts >= _options.MaxAttempts);
                    if (giveUp)
                    {
                        ChiBo.Dialogs.Storage.Outbox.Finish(m, OutboxStatus.Failed);
                        _log.LogError(ex, "Outbox message {MessageId} to {Channel}:{ChatId} failed after {Attempts} attempts", m.Id, channel, chatId, m.Attempts);
                        await EndAsync(chat, m);
                        continue; // the chat's next messages go on
                    }
                    m.NextAttemptUtc = now + RetryDelay(m.Attempts);
                    _log.LogWarning("Outbox message {MessageId} to {Channel}:{ChatId} failed (attempt {Attempts}): {Error}", m.Id, channel, chatId, m.Attempts, m.LastError);
                    await SaveAsync(m);
                    _pending.NotBefore(chat, m.NextAttemptUtc);
                    break;
                }
            }
        }
        finally
        {
            // A mark that fails leaves its message pending: it is sent again (at least once, never lost).
            await Task.WhenAll(marks);
        }
        return sent;
    }

    /// <summary>The wait after a message's n-th failed attempt: the first delay, doubling, at most MaxRetryDelay.</summary>
    TimeSpan RetryDelay(int attempts)
    {
        var delay = _options.FirstRetryDelay * Math.Pow(2, Math.Min(attempts - 1, 30));
        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    /// <summary>Stores a finished message (sent, failed for good, expired); it is forgotten once that is committed.</summary>
    async Task EndAsync((string, string) chat, OutboxMessage m)
    {
        await SaveAsync(m);
        _pending.Remove(chat, m.Id);
    }

    /// <summary>Stores a message's delivery state, committed with the marks of other chats' workers.</summary>
    Task SaveAsync(OutboxMessage m) => _store.InTransactionAsync(() => _store.Outbox.Update(m));
}

/// <summary>
/// The pending outbox messages, per chat in order, and from when each chat may be tried again. Filled from the
/// database on the first read (all pending messages); then the store hands over each commit's new messages, and a
/// read fetches the messages with a larger id than the last seen when the ids handed over leave a gap (a message
/// inserted some other way, an id a rollback skipped) or when asked. Every insert into the outbox commits under the
/// store's single writer, so ids become visible in order. Shared by several instances (PostgreSQL), every read takes all
/// pending messages instead.
/// </summary>
sealed class PendingMessages(bool shared)
{
    readonly Dictionary<(string Channel, string ChatId), (SortedDictionary<long, OutboxMessage> Messages, DateTime NotBefore)> _chats = [];
    long _seen = -1; // every message up to this id was taken (or was not pending)
    bool _readNeeded = true;
    // Shared: chats this instance's commits added messages to, read (their pending messages only) by the next scan.
    readonly HashSet<(string Channel, string ChatId)> _chatsToRead = [];
    int _reading; // reads in progress
    // Messages the sender finished while a read was in progress: its snapshot can predate their mark.
    readonly HashSet<long> _done = [];

    /// <summary>A commit's new messages, in id order.</summary>
    public void Handed(IReadOnlyList<OutboxMessage> messages)
    {
        if (messages.Count == 0) return;
        lock (_chats)
        {
            // Several instances on PostgreSQL number messages from one sequence and commit out of order: no id says
            // "everything below is known", so the next scan reads the pending messages of the chats handed over (an
            // index holds just the pending ones); a chat's earlier message, committed by another instance whose notice
            // has not come yet, is then read with the later one, in order. Another instance's notice reads all.
            if (shared)
            {
                foreach (var m in messages) _chatsToRead.Add((m.Channel, m.ChatId));
                return;
            }
            // The ids that follow the last one seen, none missing: taken, nothing to read. Otherwise (an id a rollback
            // skipped, a message inserted some other way) the next scan reads them with whatever is missing before
            // them, so a worker never takes a chat's later message before an earlier one.
            if (_seen >= 0 && messages[0].Id == _seen + 1 && messages[^1].Id == _seen + messages.Count)
            {
                foreach (var m in messages) if (m.Status == OutboxStatus.Pending) Add(m);
                _seen = messages[^1].Id;
            }
            else _readNeeded = true;
        }
    }

    /// <summary>Messages were added that were not handed over (another instance's): the next scan reads.</summary>
    public void ReadNeeded()
    {
        lock (_chats) _readNeeded = true;
    }

    /// <summary>Drops every message held: the next scan reads all pending messages again. Not while a scan runs.</summary>
    public void Forget()
    {
        lock (_chats)
        {
            _chats.Clear();
            _chatsToRead.Clear();
            _done.Clear();
            _seen = -1;
            _readNeeded = true;
        }
    }

    /// <summary>Reads the messages added since the last id seen, when a gap was found or <paramref name="force"/> is set.</summary>
    public void ReadNew(ChiBoStore store, bool force)
    {
        long from;
        long[] doneBefore;
        (string Channel, string ChatId)[]? chats = null; // only these chats' pending messages
        lock (_chats)
        {
            if (!force && !_readNeeded && _chatsToRead.Count == 0) return;
            if (!force && !_readNeeded) chats = [.. _chatsToRead];
            _chatsToRead.Clear();
            _readNeeded = false;
            _reading++;
            from = _seen;
            doneBefore = [.. _done];
        }
        var seen = from;
        try
        {
            // On the first read the last id is taken before the pending messages: one added in between is read again
            // next time (the set ignores it), never missed.
            // One read snapshot, materialised: no query stays open while turns commit.
            // Shared (PostgreSQL): every read takes all pending messages (see Handed); so a message of an instance that
            // died is delivered too.
            var all = from < 0 || shared;
            var (last, found) = chats is not null ? (from, ReadChats(store, chats)) : store.Read(() =>
            {
                var last = from >= 0 && !all ? from : store.Outbox.Latest(1) is [var newest] ? Math.Max(newest.Id, from) : Math.Max(0, from);
                return (last, all
                    ? store.Outbox.Find(o => o.Status == OutboxStatus.Pending)
                    : store.Outbox.Find(o => o.Id > from));
            });
            seen = last;
            lock (_chats) // all at once, in id order: a worker running meanwhile never takes a later one first
                foreach (var m in found.OrderBy(m => m.Id))
                {
                    seen = Math.Max(seen, m.Id);
                    if (m.Status != OutboxStatus.Pending) continue;
                    if (!_done.Contains(m.Id)) Add(m); // done: read before it was marked, after the sender finished it
                }
        }
        catch
        {
            lock (_chats)
            {
                _reading--;
                _readNeeded = true; // from the same id again
            }
            throw;
        }
        lock (_chats)
        {
            _reading--;
            _seen = Math.Max(_seen, seen); // the store may have handed over more meanwhile
            // Finished before this read began and within what it covered: no later read returns them. (Scans run one
            // at a time: a later read begins later still.)
            foreach (var id in doneBefore) if (id <= seen || chats is not null) _done.Remove(id);
        }
    }

    /// <summary>The pending messages of these chats, in one read.</summary>
    static List<OutboxMessage> ReadChats(ChiBoStore store, (string Channel, string ChatId)[] chats)
    {
        var ids = chats.Select(c => c.ChatId).Distinct().ToList();
        var wanted = chats.ToHashSet();
        return store.Read(() => store.Outbox.Find(o => o.Status == OutboxStatus.Pending && ids.Contains(o.ChatId)))
            .FindAll(m => wanted.Contains((m.Channel, m.ChatId)));
    }

    void Add(OutboxMessage m)
    {
        var chat = (m.Channel, m.ChatId);
        var entry = _chats.TryGetValue(chat, out var e) ? e : (new SortedDictionary<long, OutboxMessage>(), DateTime.MinValue);
        if (!entry.Item1.TryAdd(m.Id, m)) return; // read again: the one held may carry the sender's changes
        // A new message may be due before the chat's retry only when it is the chat's first.
        if (entry.Item1.First().Key == m.Id) entry.Item2 = m.NextAttemptUtc;
        _chats[chat] = entry;
    }

    public (int Count, DateTime? OldestUtc) Backlog()
    {
        lock (_chats)
        {
            var count = 0;
            DateTime? oldest = null;
            foreach (var (messages, _) in _chats.Values)
            {
                count += messages.Count;
                foreach (var m in messages.Values) if (oldest is null || m.CreatedAtUtc < oldest) oldest = m.CreatedAtUtc;
            }
            return (count, oldest);
        }
    }

    /// <summary>The replies held to send to the chat (not its notices: reminders sent it at once are not its doing).</summary>
    public int Replies((string, string) chat)
    {
        lock (_chats)
        {
            if (!_chats.TryGetValue(chat, out var e)) return 0;
            var count = 0;
            foreach (var m in e.Messages.Values) if (!m.Notice) count++;
            return count;
        }
    }

    public List<(string Channel, string ChatId)> DueChats(DateTime utcNow)
    {
        lock (_chats) return _chats.Where(c => c.Value.Messages.Count > 0 && c.Value.NotBefore <= utcNow).Select(c => c.Key).ToList();
    }

    /// <summary>The chat's first pending message with an id above <paramref name="id"/>.</summary>
    public OutboxMessage? After((string, string) chat, long id)
    {
        lock (_chats)
        {
            if (!_chats.TryGetValue(chat, out var e)) return null;
            foreach (var (key, m) in e.Messages) if (key > id) return m;
            return null;
        }
    }

    /// <summary>The sender is done with the message: sent, failed for good, expired, or replaced.</summary>
    public void Remove((string, string) chat, long id)
    {
        lock (_chats)
        {
            // Its new state is committed: a read that begins from now on sees it; one in progress may not.
            if (_reading > 0) _done.Add(id);
            if (!_chats.TryGetValue(chat, out var e)) return;
            e.Messages.Remove(id);
            // The chat's retry time stays: it belongs to the message the worker stopped at, which a mark committing late
            // (its message sent before that one) must not make due early. A removed message was due when it was taken.
            if (e.Messages.Count == 0) _chats.Remove(chat);
        }
    }

    public void NotBefore((string, string) chat, DateTime utc)
    {
        lock (_chats) if (_chats.TryGetValue(chat, out var e)) _chats[chat] = (e.Messages, utc);
    }
}
