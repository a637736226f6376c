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
    long _finished; // updates handled so far
    int _running;
    TaskCompletionSource _changed = NewSignal();

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The offset to ask with: confirms exactly the handled updates at the start of the window.</summary>
    public int? Offset
    {
        get { lock (_gate) return _open.Count > 0 ? _open.Keys.First() : _past; }
    }

    /// <summary>Updates started and not yet handled.</summary>
    public int Running
    {
        get { lock (_gate) return _running; }
    }

    /// <summary>Updates handled so far; a change means a later getUpdates may bring something new.</summary>
    public long Finished
    {
        get { lock (_gate) return _finished; }
    }

    /// <summary>True when the update is new: it is then counted as running until <see cref="Finish"/>.</summary>
    public bool Start(int id)
    {
        lock (_gate)
        {
            if (_open.ContainsKey(id) || id < (_open.Count > 0 ? _open.Keys.First() : _past ?? int.MinValue)) return false;
            _open[id] = false;
            _running++;
            _past = Math.Max(_past ?? int.MinValue, id + 1);
            return true;
        }
    }

    /// <summary>The update was handled (well or not): it may be confirmed once those before it are too.</summary>
    public void Finish(int id)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (!_open.TryGetValue(id, out var handled) || handled) return;
            _open[id] = true;
            _running--;
            _finished++;
            while (_open.Count > 0 && _open.First() is { Value: true } first) _open.Remove(first.Key);
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    /// <summary>
    /// Completes when an update has finished since <paramref name="finished"/> was read, or after <paramref name="wait"/>.
    /// </summary>
    public async Task FinishedSinceAsync(long finished, TimeSpan wait, CancellationToken ct)
    {
        Task changed;
        lock (_gate)
        {
            if (_finished != finished) return;
            changed = _changed.Task;
        }
        if (wait == Timeout.InfiniteTimeSpan) await changed.WaitAsync(ct);
        else await Task.WhenAny(changed, Task.Delay(wait, ct));
        ct.ThrowIfCancellationRequested();
    }
}
