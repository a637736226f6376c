using ChiBo.Bot.Channels.Telegram;

namespace ChiBo.Bot.Tests.Telegram;

/// <summary>Long polling's window: nothing confirmed before it is handled, nothing started twice.</summary>
public sealed class PollWindowTests
{
    [Fact]
    public void The_offset_confirms_only_the_handled_updates_before_the_first_still_being_handled()
    {
        var window = new PollWindow();
        Assert.Null(window.Offset); // nothing seen: Telegram starts from its oldest unconfirmed update
        Assert.True(window.Start(5));
        Assert.True(window.Start(6));
        Assert.True(window.Start(9)); // ids may skip
        Assert.Equal(5, window.Offset);

        window.Finish(6); // handled, but 5 is not: 6 comes again with the next answer and must not be confirmed yet
        Assert.Equal((5, 2), (window.Offset, window.Running));
        Assert.False(window.Start(6)); // came again: not handled twice
        Assert.False(window.Start(5)); // still being handled: not started twice

        window.Finish(5);
        Assert.Equal((9, 1), (window.Offset, window.Running));
        window.Finish(9);
        Assert.Equal((10, 0), (window.Offset, window.Running));
        Assert.False(window.Start(6)); // an update from before, sent again (a replay): already handled
        Assert.True(window.Start(10));
    }

    [Fact]
    public async Task A_wait_ends_once_nothing_is_being_handled_or_after_its_time()
    {
        var window = new PollWindow();
        await window.IdleAsync(Timeout.InfiniteTimeSpan, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)); // nothing started
        window.Start(1);
        window.Start(2);
        var waiting = window.IdleAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
        window.Finish(2);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted); // 1 is still being handled
        window.Finish(1);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        window.Start(3); // a slow one: the wait ends after its time
        var started = DateTime.UtcNow;
        await window.IdleAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(90));
    }
}
