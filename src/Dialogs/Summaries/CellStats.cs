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
    /// <summary>Months of the period whose regular meeting is recorded.</summary>
    public required List<string> HeldMonths { get; init; }
    /// <summary>Months whose meeting was due: held or late (the "held every month" denominator).</summary>
    public int DueMonths => HeldMonths.Count + LateMonths.Count;
    /// <summary>Held every month that came due (a month not yet due does not count against it; no due month: not "held").</summary>
    public bool HeldAll => DueMonths > 0 && LateMonths.Count == 0;
    /// <summary>The one word for the period: "Đủ", "Chậm n tháng", "Chưa đến lịch", "Chưa có số liệu".</summary>
    public string RegularLabel => LateMonths.Count > 0 ? $"Chậm {LateText}" : HeldAll ? "Đủ" : HasData ? "Chưa đến lịch" : "Chưa có số liệu";
    /// <summary>"1 tháng: 12/2026": how many late months and which, so a month still running is not read as one missed long ago.</summary>
    public string LateText => $"{LateMonths.Count} tháng: {string.Join(", ", LateMonths.Order(StringComparer.Ordinal).Select(m => $"{m[5..]}/{m[..4]}"))}";
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

    /// <summary>The cell's figures over the given months; each month stands as <see cref="ChiBo.Rules.Cadence.Regular"/> says.</summary>
    public static CellStats Of(Cell cell, ScopeData data, IEnumerable<string> months, DateTime now, TemplateCatalog templates)
    {
        var set = months.ToHashSet();
        var rows = data.Months[cell.Id].Where(r => set.Contains(r.Month)).OrderBy(r => r.Month).ToList();
        var late = new List<string>();
        var notYet = new List<string>();
        var held = new List<string>();
        var created = VnClock.Local(cell.CreatedAtUtc);
        foreach (var month in set.Order())
        {
            var start = DateTime.ParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var standing = ChiBo.Rules.Cadence.Regular(start, cell.MeetingIn(start.Year, start.Month), rows.Any(r => r.Month == month && r.Regular), created, now);
            (standing switch { ChiBo.Rules.Standing.Late => late, ChiBo.Rules.Standing.NotYetDue => notYet, ChiBo.Rules.Standing.Held => held, _ => null })?.Add(month);
        }
        return new CellStats
        {
            Cell = cell, Rows = rows, LateMonths = late, NotYetDue = notYet, HeldMonths = held, TrackedMonths = late.Count + notYet.Count + held.Count,
            TrackedFrom = new DateTime(created.Year, created.Month, 1),
            ThresholdPercent = templates.ProcedureFor(cell.Type).Rules.AttendanceThresholdPercent,
        };
    }

    /// <summary>Quarters of these months that count for the thematic rule (<see cref="ChiBo.Rules.Cadence.QuarterCounts"/>).</summary>
    static List<(int Year, int Q)> QuartersCounted(Cell cell, IEnumerable<string> months, DateTime now)
    {
        var created = VnClock.Local(cell.CreatedAtUtc);
        return months.Select(m => (Year: int.Parse(m[..4]), Q: ChiBo.Rules.Cadence.QuarterOf(int.Parse(m[5..])))).Distinct()
            .Where(q => ChiBo.Rules.Cadence.QuarterCounts(q.Year, q.Q, created, now)).ToList();
    }

    /// <summary>The cell held a thematic (or combined) meeting in that quarter.</summary>
    static bool HasThematic(Cell cell, ScopeData data, (int Year, int Q) q) =>
        data.Months[cell.Id].Any(r => r.Thematic && int.Parse(r.Month[..4]) == q.Year && ChiBo.Rules.Cadence.QuarterOf(int.Parse(r.Month[5..])) == q.Q);

    /// <summary>Each quarter of these months that counts, as <see cref="ChiBo.Rules.Cadence.Thematic"/> stands it; read once, asked many ways.</summary>
    public static ThematicStanding Thematic(Cell cell, ScopeData data, IEnumerable<string> months, DateTime now)
    {
        var created = VnClock.Local(cell.CreatedAtUtc);
        return new([.. QuartersCounted(cell, months, now).Select(q => (q, ChiBo.Rules.Cadence.Thematic(q.Year, q.Q, HasThematic(cell, data, q), created, now)))]);
    }

    /// <summary>A thematic meeting in every quarter of these months that came due (<see cref="ThematicStanding.EachQuarter"/>).</summary>
    public static bool ThematicEachQuarter(Cell cell, ScopeData data, IEnumerable<string> months, DateTime now) =>
        Thematic(cell, data, months, now).EachQuarter;
}

/// <summary>How a cell stands for the thematic rule over some months: each counted quarter (Q from 0) and its standing.</summary>
public sealed record ThematicStanding(List<((int Year, int Q) Quarter, ChiBo.Rules.Standing Standing)> Quarters)
{
    /// <summary>A quarter came due (held, or ended without one): the rule's denominator.</summary>
    public bool Due => Quarters.Any(q => q.Standing is ChiBo.Rules.Standing.Held or ChiBo.Rules.Standing.Late);
    /// <summary>A thematic meeting in every quarter that came due (an unfinished quarter without one does not count against).</summary>
    public bool EachQuarter => Due && Missed.Count == 0;
    /// <summary>Only a quarter not ended yet, without one so far.</summary>
    public bool Waiting => !Due && Quarters.Count > 0;
    public int Held => Quarters.Count(q => q.Standing == ChiBo.Rules.Standing.Held);
    public bool NotYetDue => Quarters.Any(q => q.Standing == ChiBo.Rules.Standing.NotYetDue);
    /// <summary>The quarters that ended without a thematic meeting.</summary>
    public List<(int Year, int Q)> Missed => [.. Quarters.Where(q => q.Standing == ChiBo.Rules.Standing.Late).Select(q => q.Quarter)];
}

/// <summary>How many evaluated meetings reached each level.</summary>
public readonly record struct Levels(int Good, int Fair, int Average, int Poor)
{
    public static Levels operator +(Levels a, Levels b) => new(a.Good + b.Good, a.Fair + b.Fair, a.Average + b.Average, a.Poor + b.Poor);
    public static Levels Sum(IEnumerable<Levels> all) => all.Aggregate(new Levels(), (a, b) => a + b);
    public override string ToString() => $"Tốt {Good} · Khá {Fair} · Trung bình {Average} · Kém {Poor}";
}
