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

    // Keys seen sent, until their message's expiry: not looked up again before then (a sent key stays sent; once its
    // message could have expired unsent, it is read again). Most of a day's reminders stay due all day.
    readonly Dictionary<string, DateTime> _sentUntil = new();

    /// <summary>Returns how many reminders were queued.</summary>
    public int Run()
    {
        var now = clock.GetUtcNow();
        var queued = 0;
        var due = new ReminderPlanner(store, rules, templates, _people).DueAt(now);
        // Most of what is due was sent by an earlier sweep (a reminder stays due for its whole window): those are found in
        // one snapshot outside the write transaction, and only the rest take the writer (each checked again there: another
        // sweep may have sent it meanwhile).
        List<Reminder> unknown;
        lock (_sentUntil)
        {
            foreach (var key in _sentUntil.Where(k => k.Value <= now.UtcDateTime).Select(k => k.Key).ToList()) _sentUntil.Remove(key);
            unknown = due.Where(r => !_sentUntil.ContainsKey(r.Key)).ToList();
        }
        var found = store.Read(() => unknown.Select(r => Sent(store).FindById(r.Key)).OfType<SentReminder>().Where(s => !ExpiredUnsent(s, now)).ToList());
        Remember(found.Select(s => (s.Id, s.ExpiresAtUtc)), now);
        var done = found.Select(s => s.Id).ToHashSet();
        // Written in group commits (one commit for many), a chunk at a time: chats' turns queued meanwhile go between chunks.
        // A chunk holds one reminder of a chat at most, and a chat's come in the order planned, a chunk after the other
        // (on PostgreSQL group commits run side by side, and would number a chat's messages in any order).
        var rounds = unknown.Where(r => !done.Contains(r.Key))
            .GroupBy(r => (r.Channel, r.ChatId)).SelectMany(chat => chat.Select((r, k) => (Reminder: r, Round: k)))
            .GroupBy(x => x.Round).OrderBy(round => round.Key);
        foreach (var chunk in rounds.SelectMany(round => round.Select(x => x.Reminder).Chunk(WritesAtOnce)))
        {
            // Each gives the key's record as the transaction left it, and whether it wrote it.
            var written = Task.WhenAll(chunk.Select(r => store.InTransactionAsync(() =>
            {
                if (Sent(store).FindById(r.Key) is { } before && !ExpiredUnsent(before, now)) return (Record: before, Wrote: false);
                var expires = ExpiresAt(r, now);
                var ids = Outbox.Put(store, r.Channel, r.ChatId, r.ChatKind, [r.Message], now.UtcDateTime, expires);
                var sent = new SentReminder { Id = r.Key, SentAtUtc = now.UtcDateTime, OutboxId = ids[0], ExpiresAtUtc = expires };
                Sent(store).Upsert(sent);
                return (Record: sent, Wrote: true);
            }))).GetAwaiter().GetResult();
            Remember(written.Select(w => (w.Record.Id, w.Record.ExpiresAtUtc)), now);
            queued += written.Count(w => w.Wrote);
        }
        if (queued > 0) log.LogInformation("Queued {Count} reminders", queued);
        return queued;
    }

    /// <summary>Keeps keys known sent (committed) until their message's expiry; a key with no expiry kept is looked up each time.</summary>
    void Remember(IEnumerable<(string Key, DateTime? ExpiresAtUtc)> sent, DateTimeOffset now)
    {
        lock (_sentUntil)
            foreach (var (key, expires) in sent)
                if (expires is { } until && until > now.UtcDateTime) _sentUntil[key] = until;
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
