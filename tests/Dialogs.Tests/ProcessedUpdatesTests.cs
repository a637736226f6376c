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
