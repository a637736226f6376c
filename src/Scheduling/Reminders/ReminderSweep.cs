using ChiBo.Dialogs.Conversation;
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
        // A chunk holds one message of a chat at most, and a chat's come in the order planned, a chunk after the other
        // (on PostgreSQL group commits run side by side, and would number a chat's messages in any order).
        var rounds = Messages(unknown.Where(r => !done.Contains(r.Key)))
            .GroupBy(m => (m[0].Channel, m[0].ChatId)).SelectMany(chat => chat.Select((m, k) => (Message: m, Round: k)))
            .GroupBy(x => x.Round).OrderBy(round => round.Key);
        foreach (var chunk in rounds.SelectMany(round => round.Select(x => x.Message).Chunk(WritesAtOnce)))
        {
            // Each gives its keys' records as the transaction left them, and whether it wrote them.
            var written = Task.WhenAll(chunk.Select(m => store.InTransactionAsync(() =>
            {
                var records = new List<(SentReminder Record, bool Wrote)>();
                var still = new List<Reminder>();
                foreach (var r in m)
                    if (Sent(store).FindById(r.Key) is { } before && !ExpiredUnsent(before, now)) records.Add((before, false));
                    else still.Add(r);
                if (still.Count == 0) return records;
                var expires = still.Min(r => ExpiresAt(r, now));
                var ids = Outbox.Put(store, still[0].Channel, still[0].ChatId, still[0].ChatKind, [Together(still)], now.UtcDateTime, expires);
                foreach (var r in still)
                {
                    var sent = new SentReminder { Id = r.Key, SentAtUtc = now.UtcDateTime, OutboxId = ids[0], ExpiresAtUtc = expires };
                    Sent(store).Upsert(sent);
                    records.Add((sent, true));
                }
                return records;
            }))).GetAwaiter().GetResult().SelectMany(w => w).ToList();
            Remember(written.Select(w => (w.Record.Id, w.Record.ExpiresAtUtc)), now);
            queued += written.Count(w => w.Wrote);
        }
        if (queued > 0) log.LogInformation("Queued {Count} reminders", queued);
        return queued;
    }

    /// <summary>Buttons a message carries at most (ux.md: about eight options in one menu).</summary>
    const int MaxButtons = 8;

    /// <summary>
    /// The messages the reminders go in, in the order planned: a person's reminders due in the same sweep go in one
    /// (a December morning can bring a secretary five: the self-review, the Sổ tay points, the quarter's thematic meeting,
    /// the meeting tomorrow…, each a ping of its own on a phone). A group's stay one a message: the meeting notices are
    /// edited later with their tally (their tag), and members answer each with its own buttons.
    /// </summary>
    static IEnumerable<IReadOnlyList<Reminder>> Messages(IEnumerable<Reminder> reminders)
    {
        var together = new Dictionary<(string, string), List<Reminder>>();
        var messages = new List<List<Reminder>>();
        foreach (var r in reminders)
        {
            if (r.ChatKind == ChatKind.Private && r.Message is { Tag: null, FilePath: null })
            {
                if (together.TryGetValue((r.Channel, r.ChatId), out var person)) { person.Add(r); continue; }
                together[(r.Channel, r.ChatId)] = person = [r];
                messages.Add(person);
                continue;
            }
            messages.Add([r]);
        }
        return messages;
    }

    /// <summary>One reminder's message as it is; several as one: a line saying how many, then each, and their buttons.</summary>
    static Reply Together(IReadOnlyList<Reminder> reminders)
    {
        if (reminders.Count == 1) return reminders[0].Message;
        var text = $"🔔 {reminders.Count} việc cần đồng chí lưu ý:\n\n" + string.Join("\n\n", reminders.Select(r => r.Message.Text));
        var buttons = reminders.SelectMany(r => r.Message.Choices ?? []).DistinctBy(c => c.Key).Take(MaxButtons).ToList();
        return new Reply(text, buttons, Notice: true);
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
