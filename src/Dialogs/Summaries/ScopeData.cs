using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using System.Linq.Expressions;

namespace ChiBo.Dialogs.Summaries;

/// <summary>
/// What a summary reads for one subtree (an org unit's path or one cell's) over a range of months, in a few
/// indexed queries: cells by Path, the monthly roll-ups (<see cref="CellMonth"/>) and, when the meetings
/// themselves are listed (a cell's history, the Excel), meetings and evaluations by CellPath and Month.
/// </summary>
public sealed class ScopeData
{
    public required List<Cell> Cells { get; init; }
    public required ILookup<string, CellMonth> Months { get; init; }
    /// <summary>Whole meetings by cell; empty unless loaded with <c>meetings: true</c>.</summary>
    public required ILookup<string, Meeting> Meetings { get; init; }
    public required Dictionary<string, Evaluation> EvaluationOf { get; init; }
    public required List<AttendanceAssignment> Assignments { get; init; }
    /// <summary>Staff reports on the months' meetings, by id.</summary>
    public required Dictionary<string, AttendanceReport> Reports { get; init; }
    public required Dictionary<string, string> StaffNames { get; init; }

    static IEnumerable<string> MonthRange(string from, string to)
    {
        var start = new DateTime(int.Parse(from[..4]), int.Parse(from[5..]), 1);
        for (var i = 0; i < MonthsBetween(from, to); i++) yield return Period.KeyOf(start.AddMonths(i));
    }

    static int MonthsBetween(string from, string to) =>
        (int.Parse(to[..4]) - int.Parse(from[..4])) * 12 + int.Parse(to[5..]) - int.Parse(from[5..]) + 1;

    public static ScopeData Load(ChiBoStore store, string path, string fromMonth, string toMonth, bool meetings = false)
    {
        var cells = OrgQueries.Under(store.Cells, c => c.Path, path, c => c.Path).ToList();
        // One index per query: a small subtree is read by its path (all its months, then filtered), a large one by
        // the months (all cells, then filtered) — whichever reads fewer documents.
        var byPath = (long)cells.Count * 36 <= (long)Math.Max(1, store.Cells.Count()) * MonthsBetween(fromMonth, toMonth);
        List<T> Read<T>(IDocuments<T> collection, Expression<Func<T, string>> cellPathField, Func<T, string> cellPath,
            Expression<Func<T, string>> monthField, Func<T, string> month) where T : class => byPath
            ? OrgQueries.Under(collection, cellPathField, path, cellPath).Where(x => string.CompareOrdinal(month(x), fromMonth) >= 0 && string.CompareOrdinal(month(x), toMonth) <= 0).ToList()
            : collection.FindBetween(monthField, fromMonth, toMonth).Where(x => ChiBo.Rules.OrgTree.Holds(path, cellPath(x))).ToList();
        var rows = byPath
            ? Read(CellMonth.Rows(store), r => r.CellPath, r => r.CellPath, r => r.Month, r => r.Month)
            : MonthRange(fromMonth, toMonth).SelectMany(m => CellMonth.OfMonth(store, m)).Where(r => ChiBo.Rules.OrgTree.Holds(path, r.CellPath)).ToList();
        var full = meetings ? Read(store.Meetings, m => m.CellPath, m => m.CellPath, m => m.Month, m => m.Month) : [];
        var evaluations = meetings ? Read(store.Evaluations, e => e.CellPath, e => e.CellPath, e => e.Month, e => e.Month) : [];
        var ids = cells.Select(c => c.Id).ToHashSet();
        var assignments = store.Assignments.FindAll().Where(a => ids.Contains(a.CellId)).ToList();
        var filed = assignments.Count == 0 ? [] : store.AttendanceReports.FindBetween(r => r.Month, fromMonth, toMonth)
            .Where(r => ids.Contains(r.CellId)).ToList();
        var staff = assignments.Select(a => a.StaffId).Distinct().ToDictionary(id => id, id => store.Members.FindById(id)?.Name ?? id);
        return new ScopeData
        {
            Cells = Text.VnText.SortedByName(cells, c => c.Name),
            Months = rows.ToLookup(r => r.CellId),
            Meetings = full.ToLookup(m => m.CellId),
            EvaluationOf = evaluations.GroupBy(e => e.MeetingId).ToDictionary(g => g.Key, g => g.Last()),
            Assignments = assignments, Reports = filed.ToDictionary(r => r.Id), StaffNames = staff,
        };
    }
}
