using System.Collections.Concurrent;

namespace ChiBo.Bot.Channels;

/// <summary>How one channel receives updates now: its mode, whether set-up is done, its last answered poll and failures since.</summary>
public sealed record ChannelReceiving(string Channel, string Mode, bool Ready, DateTime? LastAnswerUtc, DateTime? FailingSinceUtc, string? LastError);

/// <summary>
/// Each channel's receiving as it goes (set up, each poll answered or failed), for the health check (/healthz): a bot
/// whose polls have failed for minutes (a second instance polling with the same token, the platform unreachable) looks
/// alive but answers nobody.
/// </summary>
public sealed class ReceivingState(TimeProvider clock)
{
    readonly ConcurrentDictionary<string, ChannelReceiving> _channels = new();
    static readonly System.Text.RegularExpressions.Regex Token = new(@"\d{5,}:[A-Za-z0-9_-]{20,}", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>The channel starts: set-up (getMe, the webhook set or deleted) is under way.</summary>
    public void Starting(string channel, string mode) =>
        _channels[channel] = new ChannelReceiving(channel, mode, false, null, null, null);

    /// <summary>Set-up is done: updates come (webhook) or are asked for (polling).</summary>
    public void Ready(string channel) =>
        _channels.AddOrUpdate(channel, c => new ChannelReceiving(c, "", true, null, null, null), (_, r) => r with { Ready = true, FailingSinceUtc = null, LastError = null });

    /// <summary>A poll was answered (with updates or none).</summary>
    public void Answered(string channel) =>
        _channels.AddOrUpdate(channel, c => new ChannelReceiving(c, "polling", true, clock.GetUtcNow().UtcDateTime, null, null),
            (_, r) => r with { LastAnswerUtc = clock.GetUtcNow().UtcDateTime, FailingSinceUtc = null, LastError = null });

    /// <summary>A poll, or set-up (tried again), failed; failures in a row keep the time of the first.</summary>
    public void Failed(string channel, string error)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var text = Token.Replace(error.Length > 300 ? error[..300] : error, "…"); // shown by /healthz: never a bot token
        _channels.AddOrUpdate(channel, c => new ChannelReceiving(c, "", false, null, now, text),
            (_, r) => r with { FailingSinceUtc = r.FailingSinceUtc ?? now, LastError = text });
    }

    public IReadOnlyList<ChannelReceiving> Channels => [.. _channels.Values.OrderBy(c => c.Channel, StringComparer.Ordinal)];
}
