using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Templates;

namespace ChiBo.Dialogs.Summaries;

/// <summary>One cell's record over a period, from its monthly roll-ups: which months it met, attendance, durations, scores.</summary>
public sealed class CellStats
{
    public required Cell Cell { get; init; }
    public required List<CellMonth> Rows { get; init; }
    /// <summary>Months of the period whose regular meeting is missing and whose date has passed.</summary>
    public required List<string> LateMonths { get; init; }
    /// <summary>Months of the period not yet due (the current month before the cell's meeting day).</summary>
    public required List<string> NotYetDue { get; init; }
    public required int ThresholdPercent { get; init; }
    /// <summary>Months of the period that count: begun by now, and the cell tracked by then (none: no data for the period).</summary>
    public required int TrackedMonths { get; init; }
    /// <summary>The first month the bot tracks the cell (the month it was added).</summary>
    public required DateTime TrackedFrom { get; init; }

    /// <summary>The period holds months the bot tracked for this cell; before that there is no data, not "all held".</summary>
    public bool HasData => TrackedMonths > 0;
    public bool HeldAll => HasData && LateMonths.Count == 0 && NotYetDue.Count == 0;
    public int Meetings => Rows.Sum(r => r.Meetings);
    public double AttendanceSum => Rows.Sum(r => r.AttendanceSum);
    public double? Attendance => Meetings == 0 ? null : AttendanceSum / Meetings;
    public bool AttendanceOk => Attendance is { } a && ChiBo.Rules.MeetingRules.AttendanceMet(a, ThresholdPercent);
    public int Unexcused => Rows.Sum(r => r.Unexcused);
    public int Short => Rows.Sum(r => r.Short);
    public IEnumerable<string> ShortMonths => Rows.Where(r => r.Short > 0).Select(r => r.Month);
    public int Evaluated => Rows.Sum(r => r.Evaluated);
    public decimal ScoreSum => Rows.Sum(r => r.ScoreSum);
    public decimal? AverageScore => Evaluated == 0 ? null : ScoreSum / Evaluated;
    public Levels Levels => new(Rows.Sum(r => r.Good), Rows.Sum(r => r.Fair), Rows.Sum(r => r.Average), Rows.Sum(r => r.Poor));
    public bool AllGood => Evaluated > 0 && Levels.Good == Evaluated;
    public string LastLevelLabel => Rows.Where(r => r.Evaluated > 0).OrderBy(r => r.Month).LastOrDefault()?.LastLevelLabel ?? "";

    /// <summary>The cell's figures over the given months; months after today, or before the cell existed, do not count.</summary>
    public static CellStats Of(Cell cell, ScopeData data, IEnumerable<string> months, DateTime now, TemplateCatalog templates)
    {
        var set = months.ToHashSet();
        var rows = data.Months[cell.Id].Where(r => set.Contains(r.Month)).OrderBy(r => r.Month).ToList();
        var late = new List<string>();
        var notYet = new List<string>();
        var created = VnClock.Local(cell.CreatedAtUtc);
        var tracked = 0;
        foreach (var month in set.Order())
        {
            var start = DateTime.ParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (start > now || start.AddMonths(1) <= new DateTime(created.Year, created.Month, 1)) continue;
            tracked++;
            if (rows.Any(r => r.Month == month && r.Regular)) continue;
            if (cell.MeetingIn(start.Year, start.Month) < now) late.Add(month);
            else notYet.Add(month);
        }
        return new CellStats
        {
            Cell = cell, Rows = rows, LateMonths = late, NotYetDue = notYet, TrackedMonths = tracked, TrackedFrom = new DateTime(created.Year, created.Month, 1),
            ThresholdPercent = templates.ProcedureFor(cell.Type).Rules.AttendanceThresholdPercent,
        };
    }

    /// <summary>Quarters of these months that count for the thematic rule: begun by now, and the cell existed by the first day of their last month.</summary>
    public static List<(int Year, int Q)> QuartersCounted(Cell cell, IEnumerable<string> months, DateTime now)
    {
        var created = VnClock.Local(cell.CreatedAtUtc);
        return months.Select(m => (Year: int.Parse(m[..4]), Q: (int.Parse(m[5..]) - 1) / 3)).Distinct()
            .Where(q => new DateTime(q.Year, q.Q * 3 + 1, 1) <= now && new DateTime(q.Year, q.Q * 3 + 3, 1) >= new DateTime(created.Year, created.Month, 1)).ToList();
    }

    /// <summary>The cell held a thematic (or combined) meeting in that quarter.</summary>
    public static bool HasThematic(Cell cell, ScopeData data, (int Year, int Q) q) =>
        data.Months[cell.Id].Any(r => r.Thematic && int.Parse(r.Month[..4]) == q.Year && (int.Parse(r.Month[5..]) - 1) / 3 == q.Q);

    /// <summary>Whether the cell held a thematic (or combined) meeting in each quarter of these months that counts (none counted: no).</summary>
    public static bool ThematicEachQuarter(Cell cell, ScopeData data, IEnumerable<string> months, DateTime now) =>
        QuartersCounted(cell, months, now) is { Count: > 0 } quarters && quarters.All(q => HasThematic(cell, data, q));
}

/// <summary>How many evaluated meetings reached each level.</summary>
public readonly record struct Levels(int Good, int Fair, int Average, int Poor)
{
    public static Levels operator +(Levels a, Levels b) => new(a.Good + b.Good, a.Fair + b.Fair, a.Average + b.Average, a.Poor + b.Poor);
    public static Levels Sum(IEnumerable<Levels> all) => all.Aggregate(new Levels(), (a, b) => a + b);
    public override string ToString() => $"Tốt {Good} · Khá {Fair} · Trung bình {Average} · Kém {Poor}";
}
