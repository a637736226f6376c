using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Bot.Tests;

public sealed class OutboxSenderTests
{
    static IncomingUpdate Say(string user, string text, string id) => new("console", id, user, ChatKind.Private, user, user, text);

    [Fact]
    public async Task A_failed_send_is_retried_after_a_backoff_and_later_messages_of_that_chat_wait()
    {
        using var host = new ScriptHost(ScriptRunner.DefaultStart);
        var failing = true;
        host.Sent.FailWhen = m => failing && m.ChatId == "an";
        await host.SayAsync(Say("an", "/trogiup", "1"));
        await host.SayAsync(Say("an", "/ketqua", "2"));
        await host.SayAsync(Say("binh", "/ketqua", "3"));
        Assert.Equal(["binh"], host.Sent.All.Select(m => m.ChatId)); // one slow chat does not block the others
        var first = host.Store.Outbox.Find(o => o.ChatId == "an").OrderBy(o => o.Id).First();
        Assert.Equal((OutboxStatus.Pending, 1), (first.Status, first.Attempts));
        Assert.Contains("simulated network failure", first.LastError);

        failing = false;
        Assert.Equal(0, await host.Outbox.DeliverPendingAsync()); // not due yet
        host.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(2, await host.Outbox.DeliverPendingAsync());
        var an = host.Sent.All.Where(m => m.ChatId == "an").ToList();
        Assert.StartsWith("ChiBo.Bot giúp chi bộ", an[0].Text); // order kept
        Assert.StartsWith("Chi bộ thôn Đông chưa có", an[1].Text);
        Assert.All(host.Store.Outbox.FindAll(), o => Assert.Equal(OutboxStatus.Sent, o.Status));
    }

    [Fact]
    public async Task After_the_last_attempt_a_message_is_marked_failed_not_dropped()
    {
        using var host = new ScriptHost(ScriptRunner.DefaultStart);
        host.Sent.FailWhen = _ => true;
        await host.SayAsync(Say("an", "/trogiup", "1"));
        for (var i = 0; i < 10; i++)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(10));
            await host.Outbox.DeliverPendingAsync();
        }
        var m = Assert.Single(host.Store.Outbox.FindAll());
        Assert.Equal((OutboxStatus.Failed, 8), (m.Status, m.Attempts));
        Assert.Empty(host.Sent.All);
    }

    [Fact]
    public async Task Replies_committed_before_a_crash_are_sent_after_the_restart()
    {
        using var host = new ScriptHost(ScriptRunner.DefaultStart);
        await host.Pipeline.HandleAsync(Say("an", "/sinhhoat", "1")); // committed, not yet delivered
        host.Restart();
        Assert.Equal(1, await host.Outbox.DeliverPendingAsync());
        Assert.Contains("Bước 1/29", Assert.Single(host.Sent.All).Text);
        Assert.Equal(0, await host.Outbox.DeliverPendingAsync()); // and only once
    }
}
