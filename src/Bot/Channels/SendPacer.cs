namespace ChiBo.Bot.Channels;

/// <summary>Send limits of a platform: per private chat, per group, and overall.</summary>
public sealed class SendLimits
{
    /// <summary>Pause between two messages to one private chat (Telegram: about 1/s).</summary>
    public TimeSpan PrivateInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Messages per minute to one group (Telegram: 20).</summary>
    public int GroupPerMinute { get; set; } = 20;
    /// <summary>Messages per second overall (Telegram: about 30).</summary>
    public int GlobalPerSecond { get; set; } = 30;
}

/// <summary>
/// Spaces API calls to stay within <see cref="SendLimits"/>. The bot's time is cut into global slots of
/// 1/GlobalPerSecond; a call takes the first free slot at or after its chat's own next slot (private
/// interval, or a minute / GroupPerMinute for groups), then waits for it. A chat waiting on its own interval
/// does not hold up other chats. After a call completes, <see cref="Done"/> pushes the chat's next slot to a
/// full interval after that moment: the platform counts arrivals, and a slow call must not let the next one
/// arrive too soon. Overall, calls in flight count as arriving now: with those completed in the last second they
/// stay under GlobalPerSecond, so calls that queue on a slow network never put more than the limit into a
/// second. A call goes through <see cref="RunAsync{T}"/>, which does all three: waits its turn, makes the call, and
/// counts it done when it completes or fails.
/// </summary>
public sealed class SendPacer(SendLimits limits, TimeProvider clock)
{
    /// <summary>Makes one API call to the chat when its turn comes; the chat's next turn counts from when it completed.</summary>
    public async Task<T> RunAsync<T>(string chatId, bool isGroup, Func<Task<T>> call, CancellationToken ct)
    {
        await WaitTurnAsync(chatId, isGroup, ct);
        try { return await call(); }
        finally { Done(chatId, isGroup); }
    }

    readonly Dictionary<string, DateTimeOffset> _chatNext = [];
    readonly HashSet<long> _takenSlots = [];
    readonly long _slotTicks = Math.Max(1, TimeSpan.TicksPerSecond / Math.Max(1, limits.GlobalPerSecond));
    /// <summary>When calls completed in about the last second, oldest first.</summary>
    readonly Queue<DateTimeOffset> _completed = new();
    /// <summary>Calls started and not yet <see cref="Done"/>.</summary>
    int _inFlight;
    /// <summary>When the last call actually started.</summary>
    DateTimeOffset _lastStart = DateTimeOffset.MinValue;

    async Task WaitTurnAsync(string chatId, bool isGroup, CancellationToken ct)
    {
        TimeSpan wait;
        DateTimeOffset slot;
        lock (_chatNext)
        {
            var now = clock.GetUtcNow();
            var chatSlot = _chatNext.TryGetValue(chatId, out var c) && c > now ? c : now;
            var index = (chatSlot.UtcTicks + _slotTicks - 1) / _slotTicks;
            while (!_takenSlots.Add(index)) index++;
            slot = new DateTimeOffset(index * _slotTicks, TimeSpan.Zero);
            _chatNext[chatId] = slot + Gap(isGroup);
            if (_takenSlots.Count > 10_000 || _chatNext.Count > 10_000) Forget(now);
            wait = slot - now;
        }
        // A timer may fire a few milliseconds early (whole milliseconds, a coarse tick on Linux): the slot is awaited
        // until the clock says it has come, or the chat's next call could arrive just under its interval (a 429).
        while (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, ct);
            wait = slot - clock.GetUtcNow();
            if (wait > TimeSpan.Zero) wait += TimeSpan.FromMilliseconds(1);
        }
        // Timers fire late and together, and calls can queue on a slow network and arrive together: a call starts
        // only when the calls in flight plus those completed in the last second stay under the limit, and at least
        // one slot after the previous start.
        while (true)
        {
            lock (_chatNext)
            {
                var now = clock.GetUtcNow();
                var limit = Math.Max(1, limits.GlobalPerSecond);
                while (_completed.Count > 0 && _completed.Peek() + TimeSpan.FromSeconds(1) <= now) _completed.Dequeue();
                var spacing = TimeSpan.FromTicks(_slotTicks);
                var windowOk = _inFlight + _completed.Count < limit;
                if (windowOk && _lastStart + spacing <= now)
                {
                    _lastStart = now;
                    _inFlight++;
                    return;
                }
                wait = windowOk ? _lastStart + spacing - now
                    : _completed.Count > 0 ? _completed.Peek() + TimeSpan.FromSeconds(1) - now : TimeSpan.FromMilliseconds(5);
            }
            await Task.Delay(wait, clock, ct);
        }
    }

    /// <summary>The call for this chat has completed (or failed): its next slot is a full interval from now.</summary>
    void Done(string chatId, bool isGroup)
    {
        lock (_chatNext)
        {
            var now = clock.GetUtcNow();
            if (_inFlight > 0) _inFlight--;
            _completed.Enqueue(now);
            var next = now + Gap(isGroup);
            if (!_chatNext.TryGetValue(chatId, out var current) || current < next) _chatNext[chatId] = next;
        }
    }

    TimeSpan Gap(bool isGroup) => isGroup ? TimeSpan.FromMinutes(1) / Math.Max(1, limits.GroupPerMinute) : limits.PrivateInterval;

    void Forget(DateTimeOffset now)
    {
        var past = now.UtcTicks / _slotTicks;
        _takenSlots.RemoveWhere(i => i < past);
        foreach (var key in _chatNext.Where(kv => kv.Value < now).Select(kv => kv.Key).ToList()) _chatNext.Remove(key);
    }
}
