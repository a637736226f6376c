using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Tests;

/// <summary>A redelivered update is dropped, also when the store answers from the highest number it has seen.</summary>
public sealed class ProcessedUpdatesTests
{
    static bool Handled(ChiBoStore store, long n) => store.InTransaction(() => store.ProcessedUpdates.Contains("telegram", n.ToString(), n));
    static void Record(ChiBoStore store, long n) => store.InTransaction(() => store.ProcessedUpdates.Add("telegram", n.ToString(), n, DateTime.UtcNow));

    [Fact]
    public void Updates_recorded_by_an_earlier_process_are_known_after_a_restart()
    {
        using var t = new TestStore();
        var path = t.Store.Path;
        Record(t.Store, 100);
        Record(t.Store, 7); // a webhook call out of order
        t.Store.Dispose();
        using var restarted = new ChiBoStore(path);
        Assert.True(Handled(restarted, 100));
        Assert.True(Handled(restarted, 7));
        Assert.False(Handled(restarted, 99));
        Assert.False(Handled(restarted, 101));
    }

    [Fact]
    public void Out_of_order_and_rolled_back_updates_are_answered_from_the_database()
    {
        using var t = new TestStore();
        Record(t.Store, 300);
        Assert.False(Handled(t.Store, 299));
        Record(t.Store, 299);
        Assert.True(Handled(t.Store, 299));

        Assert.Throws<InvalidOperationException>(() => t.Store.InTransaction(() =>
        {
            t.Store.ProcessedUpdates.Add("telegram", "400", 400, DateTime.UtcNow);
            throw new InvalidOperationException("turn failed");
        }));
        Assert.False(Handled(t.Store, 400)); // rolled back: not handled, though the number was seen
        Record(t.Store, 400);
        Assert.True(Handled(t.Store, 400));
    }

    [Fact]
    public void A_record_written_around_the_write_transaction_is_seen_by_the_next_turn()
    {
        using var t = new TestStore();
        Record(t.Store, 10);
        Assert.False(Handled(t.Store, 20));
        t.Store.ProcessedUpdates.Add("telegram", "20", 20, DateTime.UtcNow); // outside the write transaction
        Assert.True(Handled(t.Store, 20));
        t.Store.Processed.Insert(new ProcessedUpdate { Id = "telegram:30", AtUtc = DateTime.UtcNow }); // raw, as a restore
        t.Store.ForgetCached();
        Assert.True(Handled(t.Store, 30));
    }
}

/// <summary>
/// Updates handed over in chat order (Telegram long polling) are recorded on the chat's state, in the write the turn makes
/// anyway; any other update keeps a record of its own. Either way a repeat is dropped and nothing is handled twice.
/// </summary>
public sealed class ChatOrderTests
{
    const string Group = "nhom-cb-thon-dong";

    static IncomingUpdate InOrder(string chat, long n, string text, ChatKind kind = ChatKind.Private) =>
        new(DemoData.Channel, n.ToString(), chat, kind, "an", "an", text, Sequence: n, InChatOrder: true);

    static long? LastUpdate(TestStore t, string chat) => t.Store.ChatStates.FindById($"{DemoData.Channel}:{chat}")?.LastUpdate;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_repeat_of_an_update_handed_over_in_chat_order_is_dropped_without_a_record_of_its_own(bool computeOutside)
    {
        using var t = new TestStore(computeOutside);
        Assert.True(await t.Pipeline.HandleAsync(InOrder("an", 10, "/sinhhoat")));
        Assert.True(await t.Pipeline.HandleAsync(InOrder("an", 12, "hôm nay")));
        var step = t.Store.SessionOf($"{DemoData.Channel}:an")!.Step;
        var answered = t.Replies("an").Count;

        Assert.False(await t.Pipeline.HandleAsync(InOrder("an", 12, "hôm nay"))); // sent again after a crash
        Assert.False(await t.Pipeline.HandleAsync(InOrder("an", 10, "/sinhhoat")));
        Assert.Empty(t.Replies("an"));
        Assert.Equal(step, t.Store.SessionOf($"{DemoData.Channel}:an")!.Step);
        Assert.Equal(2, answered);
        Assert.Equal(12, LastUpdate(t, "an"));
        Assert.Equal(0, t.Store.Processed.Count());
    }

    [Fact]
    public async Task After_a_week_without_updates_a_lower_number_is_a_new_update()
    {
        using var t = new TestStore();
        Assert.True(await t.Pipeline.HandleAsync(InOrder("an", 900, "/ketqua")));
        t.Clock.Advance(TimeSpan.FromDays(1));
        Assert.False(await t.Pipeline.HandleAsync(InOrder("an", 900, "/ketqua"))); // sent again within the day Telegram keeps it
        t.Replies("an");

        // A week with no update at all: Telegram numbers the next one at random, here below the chat's last.
        t.Clock.Advance(TimeSpan.FromDays(8));
        Assert.True(await t.Pipeline.HandleAsync(InOrder("an", 35, "/ketqua")));
        Assert.Single(t.Replies("an"));
        Assert.Equal(35, LastUpdate(t, "an"));
        Assert.False(await t.Pipeline.HandleAsync(InOrder("an", 35, "/ketqua")));
        Assert.True(await t.Pipeline.HandleAsync(InOrder("an", 36, "/ketqua")));
    }

    [Fact]
    public async Task A_turn_with_nothing_to_answer_still_records_its_update()
    {
        using var t = new TestStore();
        Assert.True(await t.Pipeline.HandleAsync(InOrder(Group, 20, "chào cả nhà", ChatKind.Group)));
        Assert.Empty(t.Replies(Group)); // the bot does not answer chatter in the group
        Assert.Equal(20, LastUpdate(t, Group));
        Assert.False(await t.Pipeline.HandleAsync(InOrder(Group, 20, "chào cả nhà", ChatKind.Group)));
    }

    [Fact]
    public async Task Updates_not_in_chat_order_are_each_handled_once_whatever_their_order()
    {
        using var t = new TestStore();
        IncomingUpdate Webhook(long n, string text) => new(DemoData.Channel, n.ToString(), "an", ChatKind.Private, "an", "an", text, Sequence: n);
        Assert.True(await t.Pipeline.HandleAsync(Webhook(30, "/ketqua")));
        Assert.True(await t.Pipeline.HandleAsync(Webhook(32, "/trogiup")));
        Assert.True(await t.Pipeline.HandleAsync(Webhook(31, "/ketqua"))); // a webhook call that came late: numbered below, not handled yet
        Assert.Equal(3, t.Replies("an").Count);
        Assert.False(await t.Pipeline.HandleAsync(Webhook(31, "/ketqua")));
        Assert.False(await t.Pipeline.HandleAsync(Webhook(32, "/trogiup")));
        Assert.Empty(t.Replies("an"));
        Assert.Equal(3, t.Store.Processed.Count());
        Assert.Null(LastUpdate(t, "an"));
    }

    [Fact]
    public async Task An_update_recorded_before_chat_order_was_kept_is_still_a_repeat()
    {
        using var t = new TestStore();
        t.Store.InTransaction(() => t.Store.ProcessedUpdates.Add(DemoData.Channel, "40", 40, DateTime.UtcNow)); // by the version before
        Assert.False(await t.Pipeline.HandleAsync(InOrder("an", 40, "/ketqua")));
        Assert.Empty(t.Replies("an"));
        Assert.True(await t.Pipeline.HandleAsync(InOrder("an", 41, "/ketqua")));
    }
}
