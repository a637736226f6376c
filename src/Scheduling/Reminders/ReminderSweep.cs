using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace ChiBo.Scheduling.Reminders;

/// <summary>
/// Sends what is due now: each reminder's key and its outbox message are written in one transaction, and a key
/// already written is skipped, so a job run twice, retried or run after a restart never posts twice.
/// </summary>
public sealed class ReminderSweep(ChiBoStore store, TimeProvider clock, ReminderRules rules, ILogger<ReminderSweep> log, TemplateCatalog? templates = null)
{
    public const string SentCollection = "reminders_sent";
    ILiteCollection<SentReminder> Sent => store.Db.GetCollection<SentReminder>(SentCollection);

    /// <summary>Returns how many reminders were queued.</summary>
    public int Run()
    {
        var now = clock.GetUtcNow();
        var queued = 0;
        foreach (var r in new ReminderPlanner(store, rules, templates).DueAt(now))
        {
            var sent = store.InTransaction(() =>
            {
                if (Sent.FindById(r.Key) is not null) return false;
                Sent.Insert(new SentReminder { Id = r.Key, SentAtUtc = now.UtcDateTime });
                Outbox.Put(store, r.Channel, r.ChatId, r.ChatKind, [r.Message], now.UtcDateTime);
                return true;
            });
            if (sent) queued++;
        }
        if (queued > 0) log.LogInformation("Queued {Count} reminders", queued);
        return queued;
    }
}
