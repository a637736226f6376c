using ChiBo.Dialogs.Conversation;

namespace ChiBo.Dialogs.Storage;

/// <summary>
/// The updates already handled, so that a redelivered one is dropped. Looking one up is a database read on every turn;
/// for a channel that numbers its updates in increasing order (Telegram), an update numbered above every update
/// recorded cannot have been handled, so the write transaction keeps that highest number in memory and reads the
/// database only at or below it (a redelivery after a crash, webhook calls out of order). The number only grows, even
/// when a transaction rolls back: a number too high costs a read, never a wrong answer.
/// An update handed over in chat order (<see cref="IncomingUpdate.InChatOrder"/>, Telegram long polling) gets no record of
/// its own: the chat's state keeps the number of its last update handled (<see cref="ChatState.LastUpdate"/>), written
/// with the turn's replies (<see cref="Outbox.Put"/>), so a turn writes one document fewer.
/// </summary>
public sealed class ProcessedUpdates
{
    readonly ChiBoStore _store;
    // Per channel: at least the number of every update of that channel recorded.
    readonly Dictionary<string, long> _highest = [];

    internal ProcessedUpdates(ChiBoStore store) => _store = store;

    internal static string Key(string channel, string updateId) => $"{channel}:{updateId}";

    /// <summary>
    /// How long a chat's last handled number tells repeats: Telegram keeps an update it has not been told was handled for
    /// at most 24 hours, so a repeat comes within a day of the first delivery; and after a week without any update it
    /// numbers the next one at random (lower, maybe), so an older number must not be compared.
    /// </summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromDays(2);

    /// <summary>The update was handled (a repeat), asked at <paramref name="utcNow"/>.</summary>
    public bool Contains(IncomingUpdate update, DateTime utcNow) => Contains(update, utcNow, out _);

    /// <summary>As <see cref="Contains(IncomingUpdate, DateTime)"/>; <paramref name="state"/>: the chat's state if it was read (for the turn).</summary>
    public bool Contains(IncomingUpdate update, DateTime utcNow, out ChatState? state)
    {
        state = null;
        if (update is { InChatOrder: true, Sequence: { } n })
        {
            state = _store.ChatStates.FindById(update.ChatKey);
            if (Marks(state, n, utcNow)) return true;
        }
        return Contains(update.Channel, update.UpdateId, update.Sequence); // also a record from before chat order was kept
    }

    /// <summary>The chat's last handled number, recent enough to compare, is at or above <paramref name="n"/>.</summary>
    static bool Marks(ChatState? state, long n, DateTime utcNow) =>
        state is { LastUpdate: { } last, LastUpdateAtUtc: { } at } && last >= n && utcNow - at < RepeatWindow;

    /// <summary>An update in chat order is recorded on the chat's state (with its replies: <see cref="Outbox.Put"/>).</summary>
    internal static void Mark(ChatState state, IncomingUpdate update, DateTime atUtc)
    {
        if (update is not { InChatOrder: true, Sequence: { } n } || !state.IsOf(update.ChatKey)) return;
        state.LastUpdate = n; // may be lower than the one before: Telegram's numbers after a week without updates
        state.LastUpdateAtUtc = atUtc;
    }

    /// <summary>
    /// Records the update as handled, at the end of its turn: in the chat's state when it came in chat order (unless the
    /// turn's replies already wrote it there), else as a record of its own.
    /// </summary>
    /// <param name="state">The chat's state as the turn stored it (<see cref="Turn.Chat"/>), or null: read it.</param>
    public void Add(IncomingUpdate update, DateTime atUtc, ChatState? state = null)
    {
        if (update is not { InChatOrder: true, Sequence: { } n })
        {
            Add(update.Channel, update.UpdateId, update.Sequence, atUtc);
            return;
        }
        state ??= _store.ChatStates.FindById(update.ChatKey) ?? new ChatState { Id = update.ChatKey };
        if (Marks(state, n, atUtc) && state.LastUpdate == n) return; // this turn's replies wrote it (a repeat never gets here)
        Mark(state, update, atUtc);
        _store.ChatStates.Upsert(state);
    }

    /// <summary>The update was handled. <paramref name="sequence"/>: its number when the channel's numbers only grow.</summary>
    public bool Contains(string channel, string updateId, long? sequence)
    {
        // Not on PostgreSQL: another instance may have handled a higher number than this process has seen.
        if (sequence is { } n && _store.InWriteTransaction && !_store.OnPostgresDatabase && n > Highest(channel)) return false;
        return _store.Processed.FindById(Key(channel, updateId)) is not null;
    }

    public void Add(string channel, string updateId, long? sequence, DateTime atUtc)
    {
        var record = new ProcessedUpdate { Id = Key(channel, updateId), AtUtc = atUtc };
        if (_store.InWriteTransaction)
        {
            _store.Processed.Insert(record);
            // Not on PostgreSQL, where the number is not used and transactions run at once.
            if (sequence is { } n && !_store.OnPostgresDatabase) _highest[channel] = Math.Max(Highest(channel), n);
            return;
        }
        lock (_store.WriteGate) // no transaction sees the record without the number being read again
        {
            _store.Processed.Insert(record);
            _highest.Remove(channel);
        }
    }

    /// <summary>The highest number recorded for the channel: read from the database once per process.</summary>
    long Highest(string channel)
    {
        if (_highest.TryGetValue(channel, out var known)) return known;
        var highest = 0L;
        var prefix = channel + ":";
        foreach (var p in _store.Processed.FindStartingWith(p => p.Id, prefix))
            if (long.TryParse(p.Id.AsSpan(prefix.Length), out var n)) highest = Math.Max(highest, n);
        return _highest[channel] = highest;
    }

    /// <summary>Drops the highest numbers (read again by the next transaction); called under the write gate.</summary>
    internal void Forget() => _highest.Clear();
}
