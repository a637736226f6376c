namespace ChiBo.Bot.Channels.Telegram;

/// <summary>
/// The updates of long polling that are received and not yet confirmed. getUpdates with an offset confirms every update
/// below it, and Telegram sends the unconfirmed ones again with each answer; so the offset asked is the lowest update
/// still being handled (or past the highest seen, when none is): nothing is confirmed before it is handled, and an
/// update that comes again while it is being handled, or after it was, is not started twice. Thread-safe: updates
/// finish on other threads.
/// </summary>
public sealed class PollWindow
{
    readonly object _gate = new();
    // Received and not confirmed, by update id: true once handled.
    readonly SortedDictionary<int, bool> _open = [];
    int? _past; // one past the highest update id seen
    int _running;
    TaskCompletionSource _idle = Completed(); // completed while nothing is being handled

    static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    /// <summary>The offset to ask with: confirms exactly the handled updates at the start of the window.</summary>
    public int? Offset
    {
        get { lock (_gate) return Low; }
    }

    // The lowest update id not confirmed: the first still open, else one past the highest seen (under the gate).
    int? Low => _open.Count > 0 ? _open.Keys.First() : _past;

    /// <summary>Updates started and not yet handled.</summary>
    public int Running
    {
        get { lock (_gate) return _running; }
    }

    /// <summary>True when the update is new: it is then counted as running until <see cref="Finish"/>.</summary>
    public bool Start(int id)
    {
        lock (_gate)
        {
            if (_open.ContainsKey(id) || id < (Low ?? int.MinValue)) return false;
            _open[id] = false;
            if (_running++ == 0) _idle = new(); // the poll goes on at once on the thread of the last update handled
            _past = Math.Max(_past ?? int.MinValue, id + 1);
            return true;
        }
    }

    /// <summary>The update was handled (well or not): it may be confirmed once those before it are too.</summary>
    public void Finish(int id)
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (!_open.TryGetValue(id, out var handled) || handled) return;
            _open[id] = true;
            if (--_running == 0) idle = _idle;
            while (_open.Count > 0 && _open.First() is { Value: true } first) _open.Remove(first.Key);
        }
        idle?.TrySetResult();
    }

    /// <summary>Completes once nothing is being handled, or after <paramref name="wait"/>.</summary>
    public async Task IdleAsync(TimeSpan wait, CancellationToken ct)
    {
        Task idle;
        lock (_gate) idle = _idle.Task;
        if (idle.IsCompleted) return;
        try { await idle.WaitAsync(wait, ct); } // its timer goes when the task completes first
        catch (TimeoutException) { }
    }
}
