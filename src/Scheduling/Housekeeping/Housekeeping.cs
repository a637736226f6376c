using ChiBo.Dialogs.Storage;
using ChiBo.Scheduling.Reminders;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace ChiBo.Scheduling.Housekeeping;

/// <summary>How long bookkeeping records are kept (Housekeeping__…). Domain records (meetings, reports, audit) are never pruned here.</summary>
public sealed class RetentionRules
{
    /// <summary>Update ids kept to drop redeliveries; platforms redeliver within a day.</summary>
    public int ProcessedUpdateDays { get; set; } = 30;
    /// <summary>Delivered or failed outbox messages (a notice is edited with its tally only within its month).</summary>
    public int DeliveredMessageDays { get; set; } = 90;
    /// <summary>Keys of sent reminders; no reminder stays relevant this long, so none can be sent again.</summary>
    public int SentReminderDays { get; set; } = 400;
}

/// <summary>
/// Prunes bookkeeping that grows with use: processed update ids, delivered outbox messages, sent reminder keys.
/// Deletes in small transactions so turns are never held up for long.
/// </summary>
public sealed class Housekeeper(ChiBoStore store, TimeProvider clock, RetentionRules rules, ILogger<Housekeeper> log)
{
    const int Batch = 500;

    public (int Updates, int Messages, int Reminders) Run()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (updatesBefore, messagesBefore, remindersBefore) =
            (now.AddDays(-rules.ProcessedUpdateDays), now.AddDays(-rules.DeliveredMessageDays), now.AddDays(-rules.SentReminderDays));
        var updates = Prune(store.Processed, p => p.AtUtc < updatesBefore, p => p.Id, store.Processed.Delete);
        var messages = PruneMessages(messagesBefore);
        var sent = ReminderSweep.Sent(store);
        var reminders = Prune(sent, r => r.SentAtUtc < remindersBefore, r => r.Id, sent.Delete);
        if (updates + messages + reminders > 0)
            log.LogInformation("Housekeeping removed {Updates} update ids, {Messages} messages, {Reminders} reminder keys", updates, messages, reminders);
        return (updates, messages, reminders);
    }

    /// <summary>
    /// Deletes the delivered, failed and expired messages created before <paramref name="before"/>. Messages are numbered
    /// as they are created, so the old ones come first: read oldest first, a range of ids at a time, up to the first range
    /// holding a message young enough to keep. A day's run reads what it prunes and one range more, not the 90 days kept
    /// (a province's outbox of a million messages: the whole file read, ~12 s and ~1 GiB resident, as a scan). One
    /// created out of order after a younger one waits for that one's turn (at most the retention's length).
    /// </summary>
    int PruneMessages(DateTime before)
    {
        var pruned = 0;
        var after = 0L;
        while (store.Read(() => store.Outbox.FindOne(o => o.Id > after)) is { } first)
        {
            var ids = Enumerable.Range(0, Batch).Select(i => first.Id + i).ToList(); // by the id index (a range of two terms is a scan)
            var range = store.Read(() => store.Outbox.Find(o => ids.Contains(o.Id)));
            var old = range.Where(o => o.Status != OutboxStatus.Pending && o.CreatedAtUtc < before).Select(o => o.Id).ToList();
            if (old.Count > 0)
                store.InTransaction(() =>
                {
                    foreach (var id in old) store.Outbox.Delete(id);
                    return true;
                });
            pruned += old.Count;
            if (range.Any(o => o.CreatedAtUtc >= before)) break;
            after = ids[^1];
        }
        return pruned;
    }

    /// <summary>
    /// Deletes the documents <paramref name="old"/> selects. The store answers the predicate: only what is pruned is read
    /// into memory (a day's worth), never everything kept (up to 400 days of a province's messages or keys).
    /// </summary>
    int Prune<T, TId>(IDocuments<T> collection, System.Linq.Expressions.Expression<Func<T, bool>> old, Func<T, TId> id, Func<TId, bool> delete) where T : class
    {
        var ids = store.Read(() => collection.Find(old).ConvertAll(d => id(d))); // a snapshot, without the write lock
        foreach (var chunk in ids.Chunk(Batch))
            store.InTransaction(() =>
            {
                foreach (var key in chunk) delete(key);
                return true;
            });
        return ids.Count;
    }
}

/// <summary>The daily Hangfire job running the housekeeper.</summary>
public sealed class HousekeepingJob(Housekeeper housekeeper)
{
    public const string Id = "don-dep";
    /// <summary>Every day at 03:00 (Vietnam time).</summary>
    public const string Cron = "0 3 * * *";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 3)]
    public void Run() => housekeeper.Run();
}
