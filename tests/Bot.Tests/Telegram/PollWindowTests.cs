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
        Assert.Equal(3, window.Finished);
    }

    [Fact]
    public async Task A_wait_for_a_finished_update_ends_when_one_finishes_or_after_its_time()
    {
        var window = new PollWindow();
        window.Start(1);
        window.Start(2);
        var finished = window.Finished;
        var waiting = window.FinishedSinceAsync(finished, Timeout.InfiniteTimeSpan, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        window.Finish(2);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        // Already finished since: at once; nothing finishing: after the time given.
        Assert.True(window.FinishedSinceAsync(finished, Timeout.InfiniteTimeSpan, CancellationToken.None).IsCompleted);
        var started = DateTime.UtcNow;
        await window.FinishedSinceAsync(window.Finished, TimeSpan.FromMilliseconds(100), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(90));
    }
}
