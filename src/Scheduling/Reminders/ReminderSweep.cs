using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using Microsoft.Extensions.Logging;

namespace ChiBo.Scheduling.Reminders;

/// <summary>
/// Sends what is due now: each reminder's key and its outbox message are written in one transaction, and a key
/// already written is skipped, so a job run twice, retried or run after a restart never posts twice — unless its
/// message expired unsent (the platform or the bot down past the day it was written for): then it is written again,
/// counting from today, while it is still due.
/// </summary>
public sealed class ReminderSweep(ChiBoStore store, TimeProvider clock, ReminderRules rules, ILogger<ReminderSweep> log, TemplateCatalog? templates = null)
{
    public const string SentCollection = "reminders_sent";
    public static IDocuments<SentReminder> Sent(ChiBoStore store) => store.Collection<SentReminder>(SentCollection);

    // The members and their chats as the last sweep read them, while unchanged (the planner reads them again otherwise).
    readonly KeptPeople _people = new();

    /// <summary>Returns how many reminders were queued.</summary>
    public int Run()
    {
        var now = clock.GetUtcNow();
        var queued = 0;
        var due = new ReminderPlanner(store, rules, templates, _people).DueAt(now);
        // Most of what is due was sent by an earlier sweep (a reminder stays due for its whole window): those are found in
        // one snapshot outside the write transaction, and only the rest take the writer, one transaction each (checked again
        // there: another sweep may have sent it meanwhile).
        var done = store.Read(() => due.Where(r => Sent(store).FindById(r.Key) is { } before && !ExpiredUnsent(before)).Select(r => r.Key).ToHashSet());
        foreach (var r in due.Where(r => !done.Contains(r.Key)))
        {
            var sent = store.InTransaction(() =>
            {
                if (Sent(store).FindById(r.Key) is { } before && !ExpiredUnsent(before)) return false;
                var ids = Outbox.Put(store, r.Channel, r.ChatId, r.ChatKind, [r.Message], now.UtcDateTime, ExpiresAt(r, now));
                Sent(store).Upsert(new SentReminder { Id = r.Key, SentAtUtc = now.UtcDateTime, OutboxId = ids[0] });
                return true;
            });
            if (sent) queued++;
        }
        if (queued > 0) log.LogInformation("Queued {Count} reminders", queued);
        return queued;
    }

    /// <summary>
    /// Its text counts days from today ("ngày mai", "còn 3 ngày"): not delivered by the end of the day (Vietnam time),
    /// or by the time it stops being worth sending, its message expires; the next sweep writes it again if still due.
    /// </summary>
    static DateTime ExpiresAt(Reminder r, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, VnClock.Zone);
        var midnight = new DateTimeOffset(local.Date.AddDays(1), local.Offset);
        return (midnight < r.NotAfter ? midnight : r.NotAfter).UtcDateTime;
    }

    bool ExpiredUnsent(SentReminder s) => s.OutboxId is { } id && store.Outbox.FindById(id) is { Status: OutboxStatus.Expired };
}
