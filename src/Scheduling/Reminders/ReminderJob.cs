using Hangfire;

namespace ChiBo.Scheduling.Reminders;

/// <summary>The recurring Hangfire job: one sweep. Safe to run twice (keys) and never two at once.</summary>
public sealed class ReminderJob(ReminderSweep sweep)
{
    public const string Id = "nhac-lich";
    /// <summary>Every 5 minutes.</summary>
    public const string Cron = "*/5 * * * *";

    [DisableConcurrentExecution(timeoutInSeconds: 120)]
    [AutomaticRetry(Attempts = 3)]
    public void Run() => sweep.Run();
}
