namespace ChiBo.Scheduling.Reminders;

/// <summary>When reminders go out, in Vietnam local time (defaults of domain.md §1.3; all configurable).</summary>
public sealed class ReminderRules
{
    public TimeSpan NoticeTime { get; set; } = new(8, 0, 0);
    /// <summary>The "morning of D" notice; before 07:00 Vietnam time the UTC date is still the day before.</summary>
    public TimeSpan DayOfNoticeTime { get; set; } = new(6, 30, 0);
    public int[] NoticeDaysBefore { get; set; } = [3, 1];
    public int[] PreparationDaysBefore { get; set; } = [5, 1];
    /// <summary>Nudge the secretary when a meeting has no evaluation this many days after it.</summary>
    public int EvaluationDueDays { get; set; } = 3;
    /// <summary>How long a late evaluation or overdue nudge is still worth sending.</summary>
    public int NudgeValidDays { get; set; } = 7;
    /// <summary>Days before a cell's meeting on which its assigned staff member is reminded.</summary>
    public int StaffReminderDaysBefore { get; set; } = 1;
    /// <summary>Days after the meeting on which an assigned staff member is nudged for the report, until it is filed.</summary>
    public int[] ReportNudgeDaysAfter { get; set; } = [1, 3, 6, 10];
    /// <summary>Day of December on which secretaries are reminded of the year-end review.</summary>
    public int YearEndReviewDay { get; set; } = 1;
    /// <summary>Days after a cell passed its year-end review before the staff above are reminded of the decision it awaits (on Mondays).</summary>
    public int DecisionWaitDays { get; set; } = 7;
    /// <summary>
    /// Day of the month on which the secretary of a cell whose type asks a minimum of Sổ tay points is reminded of last
    /// month's points not recorded yet (/sotay).
    /// </summary>
    public int HandbookDay { get; set; } = 5;

    /// <summary>No reminders from QuietFrom to QuietUntil (Vietnam time): one due then waits for the morning, if still relevant.</summary>
    public TimeSpan QuietFrom { get; set; } = new(21, 30, 0);
    public TimeSpan QuietUntil { get; set; } = new(6, 0, 0);

    public bool IsQuiet(TimeSpan timeOfDay) => QuietFrom > QuietUntil
        ? timeOfDay >= QuietFrom || timeOfDay < QuietUntil
        : timeOfDay >= QuietFrom && timeOfDay < QuietUntil;
}
