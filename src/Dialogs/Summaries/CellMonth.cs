using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using LiteDB;

namespace ChiBo.Dialogs.Summaries;

/// <summary>
/// One cell's month in a few numbers, written in the same transaction as its meetings and evaluations, so a
/// province's summary reads thousands of small rows instead of whole meeting records.
/// </summary>
public sealed class CellMonth
{
    /// <summary>"cellId|yyyy-MM"</summary>
    public string Id { get; set; } = "";
    public string CellId { get; set; } = "";
    public string CellPath { get; set; } = "";
    public string Month { get; set; } = "";
    public bool Regular { get; set; }
    /// <summary>Date of the month's first regular meeting (the one staff attend and report on).</summary>
    public DateTime? RegularDate { get; set; }
    public bool Thematic { get; set; }
    public int Meetings { get; set; }
    /// <summary>Sum of the meetings' attendance rates (0..1 each).</summary>
    public double AttendanceSum { get; set; }
    public int Unexcused { get; set; }
    /// <summary>Meetings shorter than the procedure's minimum for their kind.</summary>
    public int Short { get; set; }
    public int Evaluated { get; set; }
    public decimal ScoreSum { get; set; }
    public int Good { get; set; }
    public int Fair { get; set; }
    public int Average { get; set; }
    public int Poor { get; set; }
    public string LastLevelLabel { get; set; } = "";

    public static string KeyOf(string cellId, string month) => $"{cellId}|{month}";

    public static bool IsShort(Meeting m, Cell cell, ProcedureRules rules) =>
        rules.MinimumFor(cell, m.Kind) is var min and > 0 && ChiBo.Rules.MeetingRules.TooShort(m.DurationMinutes, min);

    /// <summary>The roll-up of one cell's meetings (with their evaluations) in one month.</summary>
    public static CellMonth Of(Cell cell, string month, IReadOnlyList<Meeting> meetings, Func<Meeting, Evaluation?> evaluationOf, ProcedureRules rules)
    {
        var row = new CellMonth { Id = KeyOf(cell.Id, month), CellId = cell.Id, CellPath = cell.Path, Month = month };
        foreach (var m in meetings.OrderBy(m => m.Date))
        {
            row.Meetings++;
            if (MeetingKinds.IsRegular(m.Kind) && !row.Regular) { row.Regular = true; row.RegularDate = m.Date; }
            row.Thematic |= m.Kind != MeetingKind.REGULAR;
            row.AttendanceSum += m.AttendanceRate;
            row.Unexcused += m.UnexcusedAbsent;
            if (IsShort(m, cell, rules)) row.Short++;
            if (evaluationOf(m) is not { } e) continue;
            row.Evaluated++;
            row.ScoreSum += e.Total;
            switch (e.Level)
            {
                case "GOOD": row.Good++; break;
                case "FAIR": row.Fair++; break;
                case "AVERAGE": row.Average++; break;
                default: row.Poor++; break;
            }
            row.LastLevelLabel = e.LevelLabel;
        }
        return row;
    }

    /// <summary>Every cell's roll-ups of a month, kept in memory per store once read (<see cref="KeptMonths{T}"/>).</summary>
    static readonly KeptMonths<CellMonth> Kept = new((store, month) => Rows(store).Find(r => r.Month == month));

    /// <summary>Reads the last months into memory (run in the background at start-up, outside the write transaction).</summary>
    public static void WarmUp(ChiBoStore store, DateTime today, int months = 4)
    {
        var first = new DateTime(today.Year, today.Month, 1);
        store.Read(() =>
        {
            for (var i = 0; i < months; i++) OfMonth(store, Period.KeyOf(first.AddMonths(-i)));
            return 0;
        });
    }

    /// <summary>Forgets the months kept in memory (the next summary reads them again).</summary>
    public static void DropCache(ChiBoStore store) => Kept.Drop(store);

    /// <summary>A month's roll-ups; kept in memory on the file (one process writes it), read each time on PostgreSQL, where
    /// another instance may have changed them.</summary>
    public static List<CellMonth> OfMonth(ChiBoStore store, string month) => Kept.Of(store, month);

    /// <summary>Recomputes the roll-up of a cell's month from its records. Call in the transaction that changed them.</summary>
    public static void Refresh(ChiBoStore store, TemplateCatalog templates, string cellId, string month)
    {
        if (store.Cells.FindById(cellId) is not { } cell) { Forget(store, month); return; }
        Refresh(store, templates, cell, month, [.. store.CellMeetings(cellId, m => m.Month == month)]);
    }

    /// <summary>
    /// As above, given the cell's meetings of the month as they are now in this transaction (all of them).
    /// <paramref name="filed"/>: a meeting among them filed in this transaction, with its only evaluation (or none),
    /// so neither is read back; the others' evaluations are read only if there are others.
    /// </summary>
    public static void Refresh(ChiBoStore store, TemplateCatalog templates, Cell cell, string month, List<Meeting> meetings,
        (string MeetingId, Evaluation? Score)? filed = null)
    {
        Forget(store, month);
        var cellId = cell.Id;
        var ids = meetings.Select(m => m.Id).Where(id => id != filed?.MeetingId).ToHashSet();
        var evaluations = ids.Count == 0 ? new Dictionary<string, Evaluation>()
            : store.Evaluations.Find(e => e.CellId == cellId && e.Month == month).Where(e => ids.Contains(e.MeetingId))
                .GroupBy(e => e.MeetingId).ToDictionary(g => g.Key, g => g.Last());
        if (filed is { Score: { } score } f) evaluations[f.MeetingId] = score;
        var rows = Rows(store);
        if (meetings.Count == 0) rows.Delete(KeyOf(cellId, month));
        else rows.Upsert(Of(cell, month, meetings, m => evaluations.GetValueOrDefault(m.Id), templates.ProcedureFor(cell.Type).Rules));
    }

    static void Forget(ChiBoStore store, string month) => Kept.Forget(store, month);

    public const string Collection = "cell_months";
    public static IDocuments<CellMonth> Rows(ChiBoStore store) => store.Collection<CellMonth>(Collection);

    /// <summary>Builds every roll-up when there are none yet (a database from before they existed).</summary>
    public static void RebuildIfMissing(ChiBoStore store, TemplateCatalog templates)
    {
        var rows = Rows(store);
        if (rows.Count() > 0 || store.Meetings.Count() == 0) return;
        store.InTransaction(() =>
        {
            foreach (var key in store.Meetings.FindAll().Select(m => (m.CellId, m.Month)).Distinct().ToList())
                Refresh(store, templates, key.CellId, key.Month);
        });
    }
}
