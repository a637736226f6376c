using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Templates;

namespace ChiBo.Dialogs.Summaries;

/// <summary>One cell's record over a period: which months it met, attendance, durations, scores.</summary>
public sealed class CellStats
{
    public required Cell Cell { get; init; }
    public required List<Meeting> Meetings { get; init; }
    public required List<Evaluation> Evaluations { get; init; }
    /// <summary>Months of the period whose regular meeting is missing and whose date has passed.</summary>
    public required List<string> LateMonths { get; init; }
    /// <summary>Months of the period not yet due (the current month before the cell's meeting day).</summary>
    public required List<string> NotYetDue { get; init; }
    public required List<Meeting> Short { get; init; }
    public required int ThresholdPercent { get; init; }

    public bool HeldAll => LateMonths.Count == 0 && NotYetDue.Count == 0;
    public double? Attendance => Meetings.Count == 0 ? null : Meetings.Average(m => m.AttendanceRate);
    public bool AttendanceOk => Attendance is { } a && a * 100 > ThresholdPercent;
    public int Unexcused => Meetings.Sum(m => m.UnexcusedAbsent);
    public decimal? AverageScore => Evaluations.Count == 0 ? null : Evaluations.Average(e => e.Total);
    public bool AllGood => Evaluations.Count > 0 && Evaluations.All(e => e.Level == "GOOD");

    /// <summary>The cell's figures over the given months, from data already loaded; months after today do not count.</summary>
    public static CellStats Of(Cell cell, ScopeData data, IEnumerable<string> months, DateTime now, TemplateCatalog templates)
    {
        var set = months.ToHashSet();
        var meetings = data.Meetings[cell.Id].Where(m => set.Contains(m.Month)).OrderBy(m => m.Date).ToList();
        var rules = templates.ProcedureFor(cell.Type).Rules;
        var late = new List<string>();
        var notYet = new List<string>();
        var created = VnClock.Local(cell.CreatedAtUtc);
        foreach (var month in set.Order())
        {
            var start = DateTime.ParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (start > now || start.AddMonths(1) <= new DateTime(created.Year, created.Month, 1)) continue; // future, or before the cell existed
            if (meetings.Any(m => m.Month == month && MeetingKinds.IsRegular(m.Kind))) continue;
            if (cell.MeetingIn(start.Year, start.Month) < now) late.Add(month);
            else notYet.Add(month);
        }
        return new CellStats
        {
            Cell = cell, Meetings = meetings,
            Evaluations = meetings.Select(m => data.EvaluationOf.GetValueOrDefault(m.Id)).OfType<Evaluation>().ToList(),
            LateMonths = late, NotYetDue = notYet,
            Short = meetings.Where(m => m.DurationMinutes > 0 && rules.MinMinutes.TryGetValue(m.Kind.ToString(), out var min) && m.DurationMinutes < min).ToList(),
            ThresholdPercent = rules.AttendanceThresholdPercent,
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
        data.Meetings[cell.Id].Any(m => m.Kind != MeetingKind.REGULAR && int.Parse(m.Month[..4]) == q.Year && (int.Parse(m.Month[5..]) - 1) / 3 == q.Q);

    /// <summary>Whether the cell held a thematic (or combined) meeting in each quarter of these months that counts.</summary>
    public static bool ThematicEachQuarter(Cell cell, ScopeData data, IEnumerable<string> months, DateTime now) =>
        QuartersCounted(cell, months, now).All(q => HasThematic(cell, data, q));
}
