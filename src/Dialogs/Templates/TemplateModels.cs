namespace ChiBo.Dialogs.Templates;

/// <summary>Implemented by template parts that remember the YAML line they came from, for error messages.</summary>
public interface IHasLine
{
    int Line { get; set; }
}

public abstract class TemplateBase : IHasLine
{
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string Guideline { get; set; } = "";
    public string Version { get; set; } = "";
    public int Line { get; set; }
    /// <summary>File the template was read from (set by the loader).</summary>
    public string File { get; set; } = "";
}

public sealed class ProcedureTemplate : TemplateBase
{
    public string ShortGuideline { get; set; } = "";
    public ProcedureRules Rules { get; set; } = new();
    public List<ProcedurePart> Parts { get; set; } = [];

    public IEnumerable<StepTemplate> Steps => Parts.SelectMany(p => p.Steps);
}

public sealed class ProcedureRules : IHasLine
{
    public int AttendanceThresholdPercent { get; set; } = 85;
    public Dictionary<string, int> MinMinutes { get; set; } = [];

    /// <summary>The minimum length of a meeting of this kind for the cell: the committee's figure for the cell if set, else the procedure's.</summary>
    public int MinimumFor(Domain.Cell? cell, Domain.MeetingKind kind) =>
        cell?.MinMinutes ?? (MinMinutes.TryGetValue(kind.ToString(), out var min) ? min : 0);

    /// <summary>Where the minimum comes from, said with a short meeting: the committee's decision for the cell, or the guideline.</summary>
    public static string MinimumSource(Domain.Cell? cell) =>
        cell?.MinMinutes is not null ? $"mức cấp ủy quy định cho chi bộ{(cell.MinMinutesBasis == "" ? "" : $" ({cell.MinMinutesBasis})")}" : "42-HD/BTCTW";
    public int DocumentsDaysAhead { get; set; } = 1;
    public int MaxDaysBack { get; set; } = 92;
    public int TextMaxLength { get; set; } = 2000;
    /// <summary>A meeting on or after this day of the month sets the next month's tasks; before it, its own month's.</summary>
    public int TasksNextMonthFromDay { get; set; } = 16;
    /// <summary>12-HD/BTCTW: a member absent with a reason at this many meetings in a row in a year is addressed by the cell.</summary>
    public int ExcusedInARowToAddress { get; set; } = 3;
    /// <summary>Điều lệ Đảng, Điều 8: this many months in a year without attending, without good reason → considered for removal.</summary>
    public int MonthsAbsentToRemove { get; set; } = 3;
    /// <summary>Topics offered when a cell plans its thematic meetings (/chuyende).</summary>
    public List<string> ThematicTopics { get; set; } = [];
    /// <summary>Days of the quarter's last month on which a cell without a thematic meeting in the quarter is reminded.</summary>
    public List<int> ThematicRemindDays { get; set; } = [];
    public int Line { get; set; }
}

public sealed class ProcedurePart : IHasLine
{
    public string Title { get; set; } = "";
    public List<StepTemplate> Steps { get; set; } = [];
    public int Line { get; set; }
}

public sealed class StepTemplate : IHasLine
{
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Prompt { get; set; } = "";
    /// <summary>How the answer is named in the summary ("Thông báo cho đảng viên, cấp trên"); empty: taken from the prompt.</summary>
    public string Label { get; set; } = "";
    public string Help { get; set; } = "";
    public string? When { get; set; }
    /// <summary>The meeting kinds the step belongs to (REGULAR, THEMATIC, COMBINED, EXTRAORDINARY); empty: every kind.</summary>
    public List<string> Kinds { get; set; } = [];
    public string? Suggest { get; set; }
    public bool Optional { get; set; }
    public string? Yes { get; set; }
    public string? No { get; set; }
    public List<OptionTemplate> Options { get; set; } = [];
    public int? Min { get; set; }
    public int? Max { get; set; }
    public string? MaxOf { get; set; }
    public int Line { get; set; }
    /// <summary>Title of the part this step belongs to (set by the loader).</summary>
    public string Part { get; set; } = "";
}

public sealed class OptionTemplate : IHasLine
{
    public string Key { get; set; } = "";
    public string Label { get; set; } = "";
    public int Line { get; set; }
}

public sealed class RubricTemplate : TemplateBase
{
    public decimal Total { get; set; }
    public List<RubricGroup> Groups { get; set; } = [];
    public List<RubricLevel> Levels { get; set; } = [];

    public IEnumerable<RubricCriterion> Criteria => Groups.SelectMany(g => g.Criteria);
}

public sealed class RubricGroup : IHasLine
{
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public decimal Max { get; set; }
    public List<RubricCriterion> Criteria { get; set; } = [];
    public int Line { get; set; }
}

public sealed class RubricCriterion : IHasLine
{
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public decimal Max { get; set; }
    public string Hint { get; set; } = "";
    public string? Suggest { get; set; }
    public int Line { get; set; }
    /// <summary>Group title (set by the loader).</summary>
    public string Group { get; set; } = "";
}

public sealed class RubricLevel : IHasLine
{
    public string Code { get; set; } = "";
    public string Label { get; set; } = "";
    public decimal Min { get; set; }
    public List<string> MustBeFull { get; set; } = [];
    public int Line { get; set; }
}

public sealed class CriteriaSetTemplate : TemplateBase
{
    public List<CriteriaSetItem> Criteria { get; set; } = [];
}

public sealed class CriteriaSetItem : IHasLine
{
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Rubric { get; set; }
    public List<string> Indicators { get; set; } = [];
    /// <summary>Indicators the bot can check from its data over the year (see <see cref="Summaries.YearChecks"/>).</summary>
    public List<CriteriaCheck> Checks { get; set; } = [];
    public int Line { get; set; }
}

public sealed class CriteriaCheck : IHasLine
{
    /// <summary>regular_months, thematic_each_quarter, meetings_fair_or_better, good_meetings, members_done_or_better.</summary>
    public string Measure { get; set; } = "";
    public int Min { get; set; }
    public int Line { get; set; }
}

public sealed class CellTypesTemplate : TemplateBase
{
    public List<CellTypeTemplate> Types { get; set; } = [];
}

public sealed class CellTypeTemplate : IHasLine
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Rubric { get; set; } = "";
    /// <summary>The rubric of thematic meetings (scored on their own form); empty: the regular rubric.</summary>
    public string ThematicRubric { get; set; } = "";
    public string Procedure { get; set; } = "";
    public List<string> Focus { get; set; } = [];
    /// <summary>The document the focus is taken from, when checked; empty: a suggestion.</summary>
    public string FocusSource { get; set; } = "";
    /// <summary>
    /// The points a month every member of a cell of this type is asked to reach on the "Sổ tay đảng viên điện tử" app (a
    /// local scheme's rule); null: none asked (the cell may still record its members' points, /sotay).
    /// </summary>
    public int? HandbookPoints { get; set; }
    /// <summary>The document that asks it (said beside the figure).</summary>
    public string HandbookPointsBasis { get; set; } = "";
    public int Line { get; set; }
}

public sealed class ContestCalendarTemplate : TemplateBase
{
    public List<int> RemindDaysBefore { get; set; } = [];
    public List<ContestEdition> Editions { get; set; } = [];
}

/// <summary>One year's contest organised by an org unit, for that unit's subtree.</summary>
public sealed class ContestEdition : IHasLine
{
    public int Year { get; set; }
    public string OrgUnit { get; set; } = "";
    public List<ContestRound> Rounds { get; set; } = [];
    public int Line { get; set; }
}

public sealed class ContestRound : IHasLine
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Last day of the round (Vietnam date).</summary>
    public DateTime Deadline { get; set; }
    public string Todo { get; set; } = "";
    public int Line { get; set; }
}

/// <summary>Targets per org unit and year, measured by the summaries (/tonghop).</summary>
public sealed class TargetsTemplate : TemplateBase
{
    public List<TargetPlan> Plans { get; set; } = [];
}

public sealed class TargetPlan : IHasLine
{
    public int Year { get; set; }
    public string OrgUnit { get; set; } = "";
    public List<TargetItem> Items { get; set; } = [];
    public int Line { get; set; }
}

/// <summary>A share of the unit's cells that should meet a measure (Summaries.TargetMeasures), between min and max percent.</summary>
public sealed class TargetItem : IHasLine
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Measure { get; set; } = "";
    public decimal MinPercent { get; set; }
    public decimal? MaxPercent { get; set; }
    /// <summary>Where the target comes from (a resolution, a plan).</summary>
    public string Basis { get; set; } = "";
    public int Line { get; set; }
}

/// <summary>A template file that cannot be used: names the file, the line and what is wrong.</summary>
public sealed class TemplateException(string file, int line, string problem)
    : Exception($"Mẫu {file}, dòng {line}: {problem}")
{
    public string FileName { get; } = file;
    public int LineNumber { get; } = line;
    public string Problem { get; } = problem;
}

/// <summary>
/// The form of a document the bot drafts (minutes, resolution): blocks in order, each a style and a text with
/// {placeholders}; "each" repeats a block per item of a list, "when"/"unless" keep it only if a field has (no) value.
/// </summary>
public sealed class DocumentTemplate : TemplateBase
{
    /// <summary>What the form is filled from: "meeting" (default) or "self_review" (a member's year-end self-review).</summary>
    public string Subject { get; set; } = "meeting";
    /// <summary>Start of the generated file's name ("bien-ban").</summary>
    public string FileName { get; set; } = "";
    public List<DocumentBlock> Blocks { get; set; } = [];
}

public sealed class DocumentBlock : IHasLine
{
    /// <summary>header, title, center, heading, text, item, signatures.</summary>
    public string Style { get; set; } = "text";
    public string Text { get; set; } = "";
    public string? Each { get; set; }
    public string? When { get; set; }
    public string? Unless { get; set; }
    /// <summary>header and signatures: one entry per column, its lines separated by "|".</summary>
    public List<string> Columns { get; set; } = [];
    public int Line { get; set; }
}

/// <summary>A question bank for contest practice (/hoithi luyện): multiple-choice questions, each with its source.</summary>
public sealed class QuizTemplate : TemplateBase
{
    /// <summary>Questions in one practice round.</summary>
    public int RoundSize { get; set; } = 10;
    public List<QuizQuestion> Questions { get; set; } = [];
}

public sealed class QuizQuestion : IHasLine
{
    public string Id { get; set; } = "";
    /// <summary>What it is about ("Quy trình sinh hoạt", "Biểu quyết"…): the weakest topics are named after a round.</summary>
    public string Topic { get; set; } = "";
    /// <summary>Where the rule or practice asked about is local ("Phú Thọ", "nhiều tỉnh"), not the Party's general rule; empty when general.</summary>
    public string Local { get; set; } = "";
    public string Question { get; set; } = "";
    public List<string> Choices { get; set; } = [];
    /// <summary>The right choice, counted from 1.</summary>
    public int Answer { get; set; }
    public string Explanation { get; set; } = "";
    /// <summary>Where the answer is written (document and article, with the reference's source key).</summary>
    public string Source { get; set; } = "";
    public int Line { get; set; }
}

/// <summary>The year-end self-review of a member (bản tự kiểm điểm, QĐ 124-QĐ/TW): its sections and the levels offered.</summary>
public sealed class SelfReviewTemplate : TemplateBase
{
    public List<SelfReviewSection> Sections { get; set; } = [];
    public List<SelfReviewLevel> Levels { get; set; } = [];
    public int TextMaxLength { get; set; } = 3000;
    /// <summary>Words (with a letter) a section's answer needs at least: it is printed and signed ("1" is no answer).</summary>
    public int TextMinWords { get; set; }

    /// <summary>The calendar of the most specific unit whose path holds the cell's (paths by unit id), else the default.</summary>
    public SelfReviewCalendar CalendarFor(string cellPath, Func<string, string?> unitPath) =>
        UnitCalendars.Select(c => (Calendar: c, Path: unitPath(c.OrgUnit)))
            .Where(x => x.Path is not null && ChiBo.Rules.OrgTree.Holds(x.Path, cellPath))
            .OrderByDescending(x => x.Path!.Length).Select(x => x.Calendar).FirstOrDefault() ?? Calendar;
    public SelfReviewCalendar Calendar { get; set; } = new();
    /// <summary>Calendars an organising unit set for the cells under it (the most specific one applies).</summary>
    public List<SelfReviewCalendar> UnitCalendars { get; set; } = [];
    /// <summary>The "Hoàn thành xuất sắc" cap: at most this percent of those rated at the levels in ExcellentCapOf (QĐ 124 guidance).</summary>
    public int ExcellentCapPercent { get; set; } = 20;
    public List<string> ExcellentCapOf { get; set; } = ["EXCELLENT", "GOOD"];
    public string ExcellentCapSource { get; set; } = "";
    /// <summary>The highest level a member disciplined in the year may get, and the rule's source.</summary>
    public string DisciplinedMaxLevel { get; set; } = "DONE";
    public string DisciplinedSource { get; set; } = "";
}

/// <summary>When members write their self-review: the month of the review year, the days members who have not filed are reminded, the due day.</summary>
public sealed class SelfReviewCalendar : IHasLine
{
    /// <summary>For unit_calendars: the organising unit's id.</summary>
    public string OrgUnit { get; set; } = "";
    public int Month { get; set; } = 12;
    public List<int> RemindDays { get; set; } = [1, 5, 10, 15];
    public int DueDay { get; set; } = 15;
    public int Line { get; set; }
}

public sealed class SelfReviewSection : IHasLine
{
    public string Id { get; set; } = "";
    /// <summary>The heading in the form and the summary.</summary>
    public string Title { get; set; } = "";
    public string Prompt { get; set; } = "";
    public string Help { get; set; } = "";
    public bool Optional { get; set; }
    public int Line { get; set; }
}

public sealed class SelfReviewLevel : IHasLine
{
    public string Code { get; set; } = "";
    public string Label { get; set; } = "";
    public int Line { get; set; }
}

/// <summary>How a probationary member is confirmed (Điều lệ Đảng Điều 4, 5; QĐ 24-QĐ/TW 4.2): the numbers and their sources.</summary>
public sealed class ProbationTemplate : TemplateBase
{
    public int Months { get; set; } = 12;
    public string MonthsSource { get; set; } = "";
    public int ConsiderWithinWorkingDays { get; set; } = 30;
    public string ConsiderSource { get; set; } = "";
    /// <summary>The share of the cell's full members who must vote for: at least numerator/denominator (⅔).</summary>
    public int VoteNumerator { get; set; } = 2;
    public int VoteDenominator { get; set; } = 3;
    public string VoteSource { get; set; } = "";
    public string FullFromSource { get; set; } = "";
    public int MaxVotes { get; set; } = 3;
    public List<int> RemindDaysBefore { get; set; } = [30, 7, 0];
    public int RemindEveryDays { get; set; } = 7;
    /// <summary>Admission: working days from receiving the decision to the ceremony, and the reminder days before that deadline.</summary>
    public int CeremonyWithinWorkingDays { get; set; } = 30;
    public string CeremonySource { get; set; } = "";
    public List<int> CeremonyRemindWorkingDaysBefore { get; set; } = [10, 3, 0];
    public string AdmissionVoteSource { get; set; } = "";
}
