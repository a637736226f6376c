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

    /// <summary>Reminders written at once: about one group commit's worth.</summary>
    const int WritesAtOnce = 64;

    // The members and their chats as the last sweep read them, while unchanged (the planner reads them again otherwise).
    readonly KeptPeople _people = new();

    /// <summary>Returns how many reminders were queued.</summary>
    public int Run()
    {
        var now = clock.GetUtcNow();
        var queued = 0;
        var due = new ReminderPlanner(store, rules, templates, _people).DueAt(now);
        // Most of what is due was sent by an earlier sweep (a reminder stays due for its whole window): those are found in
        // one snapshot outside the write transaction, and only the rest take the writer (each checked again there: another
        // sweep may have sent it meanwhile).
        var done = store.Read(() => due.Where(r => Sent(store).FindById(r.Key) is { } before && !ExpiredUnsent(before, now)).Select(r => r.Key).ToHashSet());
        // Written in group commits (one commit for many), a chunk at a time: chats' turns queued meanwhile go between chunks.
        // A chunk holds one reminder of a chat at most, and a chat's come in the order planned, a chunk after the other
        // (on PostgreSQL group commits run side by side, and would number a chat's messages in any order).
        var rounds = due.Where(r => !done.Contains(r.Key))
            .GroupBy(r => (r.Channel, r.ChatId)).SelectMany(chat => chat.Select((r, k) => (Reminder: r, Round: k)))
            .GroupBy(x => x.Round).OrderBy(round => round.Key);
        foreach (var chunk in rounds.SelectMany(round => round.Select(x => x.Reminder).Chunk(WritesAtOnce)))
            queued += Task.WhenAll(chunk.Select(r => store.InTransactionAsync(() =>
            {
                if (Sent(store).FindById(r.Key) is { } before && !ExpiredUnsent(before, now)) return false;
                var expires = ExpiresAt(r, now);
                var ids = Outbox.Put(store, r.Channel, r.ChatId, r.ChatKind, [r.Message], now.UtcDateTime, expires);
                Sent(store).Upsert(new SentReminder { Id = r.Key, SentAtUtc = now.UtcDateTime, OutboxId = ids[0], ExpiresAtUtc = expires });
                return true;
            }))).GetAwaiter().GetResult().Count(sent => sent);
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

    /// <summary>Its message expired unsent (looked up only once it could have: the sender expires a message at its time).</summary>
    bool ExpiredUnsent(SentReminder s, DateTimeOffset now) =>
        s.OutboxId is { } id && !(s.ExpiresAtUtc is { } expires && now.UtcDateTime < expires) && store.Outbox.FindById(id) is { Status: OutboxStatus.Expired };
}
