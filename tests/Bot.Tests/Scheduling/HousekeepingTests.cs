using ChiBo.Dialogs.Storage;
using ChiBo.Scheduling.Housekeeping;
using ChiBo.Scheduling.Reminders;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Scheduling;

/// <summary>What the housekeeper prunes, on either store (the predicates are the store's to answer).</summary>
public abstract class HousekeepingCases
{
    protected readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 6, 1, 3, 0, 0, TimeSpan.FromHours(7)));

    protected static void OldBookkeepingIsPruned(ChiBoStore store, FakeTimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        store.Processed.Insert(new ProcessedUpdate { Id = "telegram:1", AtUtc = now.AddDays(-31) });
        store.Processed.Insert(new ProcessedUpdate { Id = "telegram:2", AtUtc = now.AddDays(-29) });
        store.Outbox.Insert(new OutboxMessage { Text = "old sent", Status = OutboxStatus.Sent, CreatedAtUtc = now.AddDays(-91) });
        store.Outbox.Insert(new OutboxMessage { Text = "old failed", Status = OutboxStatus.Failed, CreatedAtUtc = now.AddDays(-120) });
        store.Outbox.Insert(new OutboxMessage { Text = "old expired", Status = OutboxStatus.Expired, CreatedAtUtc = now.AddDays(-95) });
        store.Outbox.Insert(new OutboxMessage { Text = "old but never delivered", Status = OutboxStatus.Pending, CreatedAtUtc = now.AddDays(-200) });
        store.Outbox.Insert(new OutboxMessage { Text = "recent", Status = OutboxStatus.Sent, CreatedAtUtc = now.AddDays(-10) });
        var sent = ReminderSweep.Sent(store);
        sent.Insert(new SentReminder { Id = "Contest|x|2025-CO_SO|T-30|console:an", SentAtUtc = now.AddDays(-401) });
        sent.Insert(new SentReminder { Id = "Contest|x|2026-CO_SO|T-30|console:an", SentAtUtc = now.AddDays(-300) });

        var removed = new Housekeeper(store, clock, new RetentionRules(), NullLogger<Housekeeper>.Instance).Run();

        Assert.Equal((1, 3, 1), removed);
        Assert.Equal(["telegram:2"], store.Processed.FindAll().Select(p => p.Id));
        Assert.Equal(["old but never delivered", "recent"], store.Outbox.FindAll().Select(o => o.Text).Order());
        Assert.Equal(["Contest|x|2026-CO_SO|T-30|console:an"], sent.FindAll().Select(r => r.Id));
        Assert.Equal((0, 0, 0), new Housekeeper(store, clock, new RetentionRules(), NullLogger<Housekeeper>.Instance).Run()); // nothing twice
    }
}

public sealed class PostgresHousekeepingTests(PostgresFixture pg) : HousekeepingCases, IClassFixture<PostgresFixture>
{
    [PostgresFact]
    public void Old_bookkeeping_is_pruned_and_everything_recent_or_pending_stays()
    {
        var target = Scripts.PostgresTarget.Fresh(pg.Server.ConnectionString);
        try
        {
            using var store = ChiBoStore.OnPostgres(target.ConnectionString, target.Schema);
            OldBookkeepingIsPruned(store, _clock);
        }
        finally { target.Drop(); }
    }
}

public sealed class HousekeepingTests : HousekeepingCases, IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-hk").FullName;
    readonly ChiBoStore _store;

    public HousekeepingTests() => _store = new ChiBoStore(Path.Combine(_dir, "h.db"));

    public void Dispose()
    {
        _store.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void Old_bookkeeping_is_pruned_and_everything_recent_or_pending_stays() =>
        OldBookkeepingIsPruned(_store, _clock);

    [Fact]
    public void Old_bookkeeping_is_pruned_when_there_is_more_than_one_batch()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        // Read oldest first in ranges of ids: over a gap wider than a range (messages pruned before), past an old message
        // still pending, up to the young ones.
        for (var i = 0; i < 1_200; i++)
            _store.Outbox.Insert(new OutboxMessage
            {
                Text = $"m{i}", Status = i == 1_050 ? OutboxStatus.Pending : OutboxStatus.Sent, CreatedAtUtc = now.AddDays(i < 1_100 ? -100 : -1),
            });
        Assert.Equal(700, _store.Outbox.DeleteMany(o => o.Id > 200 && o.Id <= 900));
        var (_, messages, _) = new Housekeeper(_store, _clock, new RetentionRules(), NullLogger<Housekeeper>.Instance).Run();
        Assert.Equal(399, messages);
        Assert.Equal(["m1050", .. Enumerable.Range(1_100, 100).Select(i => $"m{i}")], _store.Outbox.FindAll().Select(o => o.Text));
    }

    [Fact]
    public void Pruning_reminder_keys_a_year_old_sends_nothing_again_over_the_demo_data()
    {
        DemoData.SeedIfEmpty(_store, _clock.GetUtcNow().UtcDateTime.AddYears(-2));
        var sweep = new ReminderSweep(_store, _clock, new ReminderRules(), NullLogger<ReminderSweep>.Instance, Scripts.ScriptHost.Templates);
        var everSent = new HashSet<(string Key, long? OutboxId)>();
        var sent = ReminderSweep.Sent(_store);
        for (var day = 0; day < 450; day++) // a long run, pruning every night as the job does
        {
            sweep.Run();
            everSent.UnionWith(sent.FindAll().Select(r => (r.Id, r.OutboxId)));
            var (_, _, pruned) = new Housekeeper(_store, _clock, new RetentionRules(), NullLogger<Housekeeper>.Instance).Run();
            if (pruned > 0) Assert.True(day > 400);
            _clock.Advance(TimeSpan.FromHours(8));
            sweep.Run();
            everSent.UnionWith(sent.FindAll().Select(r => (r.Id, r.OutboxId)));
            _clock.Advance(TimeSpan.FromHours(16));
        }
        // Nothing is delivered here, so the outbox holds every message the sweeps queued: each of some key (a person's
        // reminders of one sweep share one), and no key written twice.
        var keys = everSent.Select(s => s.Key).Distinct().Count();
        Assert.Equal(keys, everSent.Count);
        Assert.Equal(everSent.Select(s => s.OutboxId).Distinct().Count(), _store.Outbox.Count(o => o.Kind == OutboxKind.Send));
        Assert.True(sent.Count() < keys); // and the oldest keys are gone
    }
}
