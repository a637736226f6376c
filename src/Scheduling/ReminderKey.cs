namespace ChiBo.Scheduling;

/// <summary>
/// Identity of one reminder: what, to whom, for which period, at which offset. A job sends a reminder only
/// if its key has not been sent, so a retried or duplicated job never double-posts. (Reminders arrive with
/// the Hangfire issue; the key is defined here so the store and the jobs agree on it.)
/// </summary>
public sealed record ReminderKey(string What, string Whom, string Period, string Offset)
{
    public override string ToString() => $"{What}|{Whom}|{Period}|{Offset}";
}
