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
        var updates = Prune(store.Processed, p => p.AtUtc < now.AddDays(-rules.ProcessedUpdateDays), p => p.Id, store.Processed.Delete);
        var messages = Prune(store.Outbox, o => o.Status != OutboxStatus.Pending && o.CreatedAtUtc < now.AddDays(-rules.DeliveredMessageDays), o => o.Id, store.Outbox.Delete);
        var sent = ReminderSweep.Sent(store);
        var reminders = Prune(sent, r => r.SentAtUtc < now.AddDays(-rules.SentReminderDays), r => r.Id, sent.Delete);
        if (updates + messages + reminders > 0)
            log.LogInformation("Housekeeping removed {Updates} update ids, {Messages} messages, {Reminders} reminder keys", updates, messages, reminders);
        return (updates, messages, reminders);
    }

    int Prune<T, TId>(IDocuments<T> collection, Func<T, bool> old, Func<T, TId> id, Func<TId, bool> delete) where T : class
    {
        var ids = store.Read(() => collection.FindAll().Where(old).Select(id).ToList()); // a snapshot, without the write lock
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
