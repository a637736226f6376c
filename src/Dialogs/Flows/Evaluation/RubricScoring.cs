using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Flows.Evaluation;

/// <summary>Total and level of a scored rubric, including the must-be-full criteria of the higher levels.</summary>
public static class RubricScoring
{
    public sealed record Result(decimal Total, RubricLevel Level, IReadOnlyList<string> Explanation, IReadOnlyList<string> GatesMissed);

    public static Result Score(RubricTemplate r, IReadOnlyDictionary<string, decimal> scores)
    {
        var total = r.Criteria.Sum(c => scores.GetValueOrDefault(c.Code));
        var why = new List<string>();
        var missed = new List<string>();
        foreach (var level in r.Levels)
        {
            if (total < level.Min)
            {
                if (why.Count == 0 && level == r.Levels[0]) why.Add($"chưa đạt \"{level.Label}\" vì tổng < {VnText.Number(level.Min)}");
                continue;
            }
            var notFull = level.MustBeFull
                .Select(code => r.Criteria.First(c => c.Code == code))
                .Where(c => scores.GetValueOrDefault(c.Code) < c.Max).ToList();
            if (notFull.Count == 0) return new Result(total, level, why, missed);
            missed.AddRange(notFull.Select(c => c.Code));
            why.Add($"chưa đạt \"{level.Label}\" vì {string.Join(", ", notFull.Select(c => $"{c.Code} \"{c.Title}\""))} chưa đạt tối đa");
        }
        return new Result(total, r.Levels[^1], why, missed);
    }
}
