using ChiBo.Dialogs.Conversation;

namespace ChiBo.Scheduling.Reminders;

public enum ReminderKind
{
    /// <summary>To the cell's group: the coming regular meeting (D−3, D−1, morning of D).</summary>
    MeetingNotice,
    /// <summary>To the secretary: preparation checklist (D−5, D−1).</summary>
    Preparation,
    /// <summary>To the secretary: a recorded meeting still has no evaluation.</summary>
    EvaluationDue,
    /// <summary>To the secretary: last month has no regular meeting recorded.</summary>
    Overdue,
    /// <summary>To secretaries and staff under the organising unit: a contest round's deadline is near.</summary>
    Contest,
    /// <summary>To the secretary, in December: prepare the cell's annual self-assessment and rating.</summary>
    YearEndReview,
}

/// <summary>
/// One reminder to one chat (CellId is the organising unit's id for contest reminders). Key = kind, target, period, offset and chat: it is sent only if that key was never
/// sent. It is due from SendAt and still worth sending until (not at) NotAfter (after downtime, later ones are skipped).
/// </summary>
public sealed record Reminder(
    ReminderKind Kind, string CellId, string Period, string Offset,
    string Channel, string ChatId, ChatKind ChatKind,
    DateTimeOffset SendAt, DateTimeOffset NotAfter, Reply Message)
{
    public string Key => $"{Kind}|{CellId}|{Period}|{Offset}|{Channel}:{ChatId}";
}

/// <summary>A reminder key already sent (the idempotency record).</summary>
public sealed class SentReminder
{
    public string Id { get; set; } = "";
    public DateTime SentAtUtc { get; set; }
}
