using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using LiteDB;

namespace ChiBo.Dialogs.Summaries;

/// <summary>
/// What a summary reads for one subtree (an org unit's path or one cell's) over a range of months, in a few
/// indexed queries (cells by Path; meetings and evaluations by CellPath and Month).
/// </summary>
public sealed class ScopeData
{
    public required List<Cell> Cells { get; init; }
    public required ILookup<string, Meeting> Meetings { get; init; }
    public required Dictionary<string, Evaluation> EvaluationOf { get; init; }
    public required List<AttendanceAssignment> Assignments { get; init; }
    public required HashSet<string> Reports { get; init; }
    public required Dictionary<string, string> StaffNames { get; init; }

    public static ScopeData Load(ChiBoStore store, string path, string fromMonth, string toMonth)
    {
        var cells = store.Cells.Find(Query.StartsWith(nameof(Cell.Path), path)).ToList();
        BsonExpression inRange(string pathField) => Query.And(Query.StartsWith(pathField, path), Query.Between(nameof(Meeting.Month), fromMonth, toMonth));
        var meetings = store.Meetings.Find(inRange(nameof(Meeting.CellPath))).ToList();
        var evaluations = store.Evaluations.Find(inRange(nameof(Evaluation.CellPath))).ToList();
        var ids = cells.Select(c => c.Id).ToHashSet();
        var assignments = store.Assignments.FindAll().Where(a => ids.Contains(a.CellId)).ToList();
        var reports = store.AttendanceReports.Find(Query.Between(nameof(AttendanceReport.Month), fromMonth, toMonth))
            .Where(r => ids.Contains(r.CellId)).Select(r => r.Id).ToHashSet();
        var staff = assignments.Select(a => a.StaffId).Distinct()
            .ToDictionary(id => id, id => store.Members.FindById(id)?.Name ?? id);
        return new ScopeData
        {
            Cells = cells.OrderBy(c => c.Name, StringComparer.Create(Text.VnText.Culture, false)).ToList(),
            Meetings = meetings.ToLookup(m => m.CellId),
            EvaluationOf = evaluations.GroupBy(e => e.MeetingId).ToDictionary(g => g.Key, g => g.Last()),
            Assignments = assignments, Reports = reports, StaffNames = staff,
        };
    }
}
