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
    /// <summary>To a staff member assigned to a cell: its meeting is tomorrow.</summary>
    StaffAttendance,
    /// <summary>To a staff member assigned to a cell: the report on its meeting is due or late (until filed).</summary>
    ReportDue,
    /// <summary>To the staff of a unit: the cells of their subtree with no regular meeting last month.</summary>
    OverdueDigest,
    /// <summary>To a member, on the review calendar's days: their year-end self-review is not in yet (until it is).</summary>
    SelfReviewDue,
    /// <summary>To the secretary: a probationary member's 12 months end soon, or ended and the cell has not voted yet (until it has).</summary>
    ProbationDue,
    /// <summary>To the secretary, once a year per member: a third month of the year passed without dues recorded (Điều lệ Đảng, Điều 8).</summary>
    DuesArrears,
    /// <summary>To the staff over the receiving cell: an introduction letter was not presented within its working days.</summary>
    TransferOverdue,
    /// <summary>To the secretary: the admission ceremony is due within its working days of the decision (until recorded).</summary>
    CeremonyDue,
    /// <summary>To the secretary, in a quarter's last month: the quarter has no thematic meeting recorded yet.</summary>
    ThematicDue,
    /// <summary>To the cell's groups and the staff assigned to attend: the month's meeting was moved to another day (/lichhop 04/01/2027).</summary>
    MeetingMoved,
    /// <summary>To the cell's groups: a meeting called besides the regular one (thematic, extraordinary), its notices, or its cancellation.</summary>
    CalledMeeting,
    /// <summary>To the secretary, the day after the self-review deadline: the members who have not filed theirs (while any has not).</summary>
    SelfReviewsMissing,
    /// <summary>
    /// To the staff of the nearest unit above cells, on Mondays from December to February: the cells whose year-end review
    /// passed a week or more ago and still await the level above's decision (their level, their members').
    /// </summary>
    DecisionsDue,
    /// <summary>
    /// To the secretary of a cell whose type asks a minimum of Sổ tay points a month, on <see cref="ReminderRules.HandbookDay"/>:
    /// last month's points of members not recorded yet.
    /// </summary>
    HandbookDue,
}

public static class ReminderKinds
{
    /// <summary>Reminders of a duty; the others (contest, year-end, digests) a member may mute with /tatnhac.</summary>
    public static bool IsEssential(ReminderKind kind) => kind is not (ReminderKind.Contest or ReminderKind.YearEndReview or ReminderKind.OverdueDigest or ReminderKind.DecisionsDue);
}

/// <summary>
/// One reminder to one chat (CellId is the unit's id for contest reminders and digests). Key = kind, target, period, offset and chat: it is sent only if that key was never
/// sent. It is due from SendAt and still worth sending until (not at) NotAfter (after downtime, later ones are skipped).
/// </summary>
public sealed record Reminder(
    ReminderKind Kind, string CellId, string Period, string Offset,
    string Channel, string ChatId, ChatKind ChatKind,
    DateTimeOffset SendAt, DateTimeOffset NotAfter, Reply Message)
{
    public string Key => $"{PrefixOf(Kind, CellId, Period)}{Offset}|{ChatOf(Channel, ChatId)}";

    /// <summary>The part of a key naming what a reminder is about: the keys of every offset and chat start with it.</summary>
    public static string PrefixOf(ReminderKind kind, string cellId, string period) => $"{kind}|{cellId}|{period}|";

    /// <summary>The key's last part, the chat it went to.</summary>
    public static string ChatOf(string channel, string chatId) => $"{channel}:{chatId}";

    /// <summary>Whether the key went to that chat.</summary>
    public static bool WentTo(string key, string channel, string chatId) => key.EndsWith("|" + ChatOf(channel, chatId), StringComparison.Ordinal);
}

/// <summary>A reminder key already sent (the idempotency record).</summary>
public sealed class SentReminder
{
    public string Id { get; set; } = "";
    public DateTime SentAtUtc { get; set; }
    /// <summary>The outbox message that carries it: if that expires unsent, the reminder is planned again while still due.</summary>
    public long? OutboxId { get; set; }
    /// <summary>When that message expires if still unsent: before then it cannot have (null: written before this was kept).</summary>
    public DateTime? ExpiresAtUtc { get; set; }
}
