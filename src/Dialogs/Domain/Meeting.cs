namespace ChiBo.Dialogs.Domain;

/// <summary>Kinds of cell meeting: the monthly one, a thematic one (12-HD: at least once a quarter), both in one, an extraordinary one.</summary>
public enum MeetingKind { REGULAR, THEMATIC, COMBINED, EXTRAORDINARY }

public static class MeetingKinds
{
    public static string Label(MeetingKind k) => k switch
    {
        MeetingKind.REGULAR => "Thường kỳ",
        MeetingKind.THEMATIC => "Chuyên đề",
        MeetingKind.COMBINED => "Thường kỳ + chuyên đề",
        _ => "Bất thường",
    };

    /// <summary>"sinh hoạt thường kỳ kết hợp chuyên đề": the kind as it reads inside a sentence.</summary>
    public static string Phrase(MeetingKind k) => k switch
    {
        MeetingKind.REGULAR => "thường kỳ",
        MeetingKind.THEMATIC => "chuyên đề",
        MeetingKind.COMBINED => "thường kỳ kết hợp chuyên đề",
        _ => "bất thường",
    };

    /// <summary>A regular monthly meeting is held (alone or combined with a thematic part).</summary>
    public static bool IsRegular(MeetingKind k) => k is MeetingKind.REGULAR or MeetingKind.COMBINED;

    /// <summary>A topic is studied (alone or after the regular part): what the quarter's thematic meeting needs.</summary>
    public static bool IsThematic(MeetingKind k) => k is MeetingKind.THEMATIC or MeetingKind.COMBINED;
}

public enum TaskStatus { Done, InProgress, NotDone }

public sealed class TaskItem
{
    public string Content { get; set; } = "";
    public string? Owner { get; set; }
    public string? Due { get; set; }
}

/// <summary>
/// A correction to a meeting whose minutes the cell approved (đính chính): dated, by whom, what was written and what it
/// should read; printed with the documents, the record itself unchanged.
/// </summary>
public sealed class MinutesCorrection
{
    public DateTime AtUtc { get; set; }
    public string By { get; set; } = "";
    /// <summary>What is corrected, as /bienban sửa names it ("ket luan", "phu trach 2"): applied again to the resolution's draft.</summary>
    public string Key { get; set; } = "";
    /// <summary>The section as people read it ("kết luận của chủ trì", "người phụ trách nhiệm vụ 2").</summary>
    public string Section { get; set; } = "";
    public string Before { get; set; } = "";
    public string After { get; set; } = "";
}

public sealed class ReviewItem
{
    public string Task { get; set; } = "";
    public TaskStatus Status { get; set; }
}

/// <summary>Documents sent ahead: HD 42 asks for at least one day before the meeting.</summary>
public enum DocumentsAhead { OneDayOrMore, SameDay, None }

/// <summary>
/// A person on a meeting's attendance list: a member of the cell (as they stood that day) or someone attending
/// temporarily from another unit (sinh hoạt tạm thời, no MemberId unless they are on the bot).
/// </summary>
public sealed class Attendee
{
    public Attendee Clone() => (Attendee)MemberwiseClone();

    public string? MemberId { get; set; }
    public string Name { get; set; } = "";
    public MemberStatus Status { get; set; }
    public ChiBo.Rules.Presence Presence { get; set; }
    /// <summary>Why they were absent, as the secretary gave it.</summary>
    public string Reason { get; set; } = "";
    public bool Temporary { get; set; }
    /// <summary>A member of this cell attending another cell for now (a temporary transfer): absent with that reason unless changed.</summary>
    public bool AwayTemporarily { get; set; }
    /// <summary>Suspended from Party activities that day (đình chỉ sinh hoạt đảng): on the list, never summoned.</summary>
    public bool Suspended { get; set; }

    [LiteDB.BsonIgnore]
    public ChiBo.Rules.Seat Seat => new(Status != MemberStatus.Probationary, Temporary, Presence);

    /// <summary>
    /// The order of a cell's lists (roll call, year-end review): leaders first, then by given name, exempt members, then
    /// members suspended (on <paramref name="on"/>; null: now), last.
    /// </summary>
    public static List<Member> InRollOrder(IEnumerable<Member> members, string cellId, DateTime? on = null) =>
        [.. Text.VnText.SortedByGivenName(members, m => m.Name)
            .OrderBy(m => m.Has(Role.Secretary, cellId) ? 0 : m.Has(Role.Deputy, cellId) ? 1 : SuspendedOn(m, on) ? 4 : m.Status == MemberStatus.Exempt ? 3 : 2)];

    static bool SuspendedOn(Member m, DateTime? on) => on is { } day ? m.SuspendedOn(day) : m.Suspended;

    /// <summary>Whether the member is summoned to the cell's meetings (of <paramref name="on"/>; null: now): not when exempt or suspended.</summary>
    public static bool Summoned(Member m) => Summoned(m, null);
    public static bool Summoned(Member m, DateTime? on) => m.Status != MemberStatus.Exempt && !SuspendedOn(m, on);

    /// <summary>
    /// The attendance list a meeting (of <paramref name="on"/>; null: now) starts from: everyone present, exempt members
    /// and members suspended that day not summoned.
    /// </summary>
    public static List<Attendee> FromRoster(IEnumerable<Member> members, string cellId, DateTime? on = null) =>
        [.. InRollOrder(members, cellId, on).Select(m => new Attendee
        {
            MemberId = m.Id, Name = m.Name, Status = m.Status, Suspended = SuspendedOn(m, on),
            Presence = Summoned(m, on) ? ChiBo.Rules.Presence.Present : ChiBo.Rules.Presence.NotSummoned,
        })];

}

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
    /// <summary>The topic of a thematic meeting, or the matter an extraordinary meeting was called for.</summary>
    public string? Topic { get; set; }
    /// <summary>Who presented the topic (thematic and combined meetings).</summary>
    public string Presenter { get; set; } = "";
    /// <summary>The topic's draft was approved by the committee (or secretary) and sent ahead (12-HD).</summary>
    public bool TopicApproved { get; set; }
    public string Venue { get; set; } = "";

    // Preparation
    public bool CommitteeMet { get; set; }
    public bool DraftPrepared { get; set; }
    public bool NoticeSent { get; set; }
    public DocumentsAhead Documents { get; set; }

    // Opening
    public string StartTime { get; set; } = "";
    public string Guests { get; set; } = "";
    /// <summary>
    /// Who was on the list and how they took part (recorded from the roster since 12/2026). The counts below are
    /// derived from it when it is there; older meetings have only the counts, shown as recorded.
    /// </summary>
    public List<Attendee> Attendance { get; set; } = [];
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

    // Thematic part (12-HD): purpose stated by the chair, the topic presented, its discussion and the chair's conclusion.
    // For an extraordinary meeting, Presentation holds the matter as put to the cell.
    public string Purpose { get; set; } = "";
    public string Presentation { get; set; } = "";
    public int TopicSpeakers { get; set; }
    public string TopicDiscussion { get; set; } = "";
    public string TopicConclusion { get; set; } = "";

    // Closing
    public bool MinutesApproved { get; set; }
    /// <summary>Corrections made after the minutes were approved, oldest first.</summary>
    public List<MinutesCorrection> Corrections { get; set; } = [];
    public string EndTime { get; set; } = "";
    public int DurationMinutes { get; set; }

    /// <summary>Answers to steps a locality added to its template.</summary>
    public Dictionary<string, string> Extra { get; set; } = [];

    public string TemplateId { get; set; } = "";
    public string TemplateVersion { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAtUtc { get; set; }

    /// <summary>A copy whose texts, votes and tasks can change without touching this record (lists of people are shared).</summary>
    public Meeting Copy()
    {
        var copy = (Meeting)MemberwiseClone();
        copy.NextTasks = [.. NextTasks.Select(t => new TaskItem { Content = t.Content, Owner = t.Owner, Due = t.Due })];
        copy.Attendance = [.. Attendance.Select(a => a.Clone())]; // a correction of a copy never reaches the record's list
        return copy;
    }

    [LiteDB.BsonIgnore]
    public bool NamedAttendance => Attendance.Count > 0;

    /// <summary>The figures of the attendance list; for a meeting recorded as counts, those counts (everyone present voting).</summary>
    [LiteDB.BsonIgnore]
    public ChiBo.Rules.Tally Tally => NamedAttendance
        ? ChiBo.Rules.Tally.Of(Attendance.Select(a => a.Seat))
        : new(Summoned, Present, ExcusedAbsent, UnexcusedAbsent, 0, 0, Present, Present);

    /// <summary>Sets the stored counts from the attendance list (what summaries and older readers use).</summary>
    public void CountAttendance()
    {
        if (!NamedAttendance) return;
        var t = Tally;
        (Summoned, Present, ExcusedAbsent, UnexcusedAbsent) = (t.Summoned, t.Present, t.Excused, t.Unexcused);
    }

    public double AttendanceRate => ChiBo.Rules.MeetingRules.AttendanceRate(Present, Summoned);
    /// <summary>Those whose votes decide: QĐ 24's counted full members (those present, for meetings recorded as counts).</summary>
    [LiteDB.BsonIgnore]
    public int VoteBase => Tally.Counted;
    public bool ResolutionPassed => ChiBo.Rules.MeetingRules.Passes(VotesFor, VoteBase);
}
