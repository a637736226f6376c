namespace ChiBo.Dialogs.Domain;

public enum MeetingKind { REGULAR, THEMATIC, COMBINED }

public static class MeetingKinds
{
    public static string Label(MeetingKind k) => k switch
    {
        MeetingKind.REGULAR => "Thường kỳ",
        MeetingKind.THEMATIC => "Chuyên đề",
        _ => "Thường kỳ + chuyên đề",
    };

    /// <summary>A regular monthly meeting is held (alone or combined with a thematic part).</summary>
    public static bool IsRegular(MeetingKind k) => k != MeetingKind.THEMATIC;
}

public enum TaskStatus { Done, InProgress, NotDone }

public sealed class TaskItem
{
    public string Content { get; set; } = "";
    public string? Owner { get; set; }
    public string? Due { get; set; }
}

public sealed class ReviewItem
{
    public string Task { get; set; } = "";
    public TaskStatus Status { get; set; }
}

/// <summary>Documents sent ahead: HD 42 asks for at least one day before the meeting.</summary>
public enum DocumentsAhead { OneDayOrMore, SameDay, None }

/// <summary>A cell meeting as recorded by the secretary through /sinhhoat.</summary>
public sealed class Meeting
{
    public string Id { get; set; } = "";
    public string CellId { get; set; } = "";
    public string CellPath { get; set; } = "";
    /// <summary>"yyyy-MM" of the meeting date, indexed for period queries.</summary>
    public string Month { get; set; } = "";
    public DateTime Date { get; set; }
    public MeetingKind Kind { get; set; }
    public string? Topic { get; set; }
    public string Venue { get; set; } = "";

    // Preparation
    public bool CommitteeMet { get; set; }
    public bool DraftPrepared { get; set; }
    public bool NoticeSent { get; set; }
    public DocumentsAhead Documents { get; set; }

    // Opening
    public string StartTime { get; set; } = "";
    public string Guests { get; set; } = "";
    public int Summoned { get; set; }
    public int Present { get; set; }
    public int ExcusedAbsent { get; set; }
    public int UnexcusedAbsent { get; set; }
    public string AbsenceNotes { get; set; } = "";
    public string Chair { get; set; } = "";
    public string MinuteTaker { get; set; } = "";
    public bool AgendaApproved { get; set; }

    // Content
    public string News { get; set; } = "";
    public List<ReviewItem> Review { get; set; } = [];
    public string ReviewSummary { get; set; } = "";
    public string MonthAssessment { get; set; } = "";
    public List<TaskItem> NextTasks { get; set; } = [];
    public int Speakers { get; set; }
    public string Discussion { get; set; } = "";
    public string Conclusion { get; set; } = "";
    public int VotesFor { get; set; }
    public int VotesAgainst { get; set; }
    public int VotesAbstain { get; set; }

    // Closing
    public bool MinutesApproved { get; set; }
    public string EndTime { get; set; } = "";
    public int DurationMinutes { get; set; }

    /// <summary>Answers to steps a locality added to its template.</summary>
    public Dictionary<string, string> Extra { get; set; } = [];

    public string TemplateId { get; set; } = "";
    public string TemplateVersion { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAtUtc { get; set; }

    public double AttendanceRate => ChiBo.Rules.MeetingRules.AttendanceRate(Present, Summoned);
    public bool ResolutionPassed => ChiBo.Rules.MeetingRules.Passes(VotesFor, Present);
}
