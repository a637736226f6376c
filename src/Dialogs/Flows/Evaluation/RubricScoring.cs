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
            if (total < level.Min) continue;
            var notFull = level.MustBeFull
                .Select(code => r.Criteria.First(c => c.Code == code))
                .Where(c => scores.GetValueOrDefault(c.Code) < c.Max).ToList();
            // Why this level: the items that kept it from a higher one, else its range of points.
            if (notFull.Count == 0) return new Result(total, level, why.Count > 0 ? why : [Range(r, level)], missed);
            missed.AddRange(notFull.Select(c => c.Code));
            why.Add($"chưa đạt \"{level.Label}\" vì {string.Join(", ", notFull.Select(c => $"{c.Code} \"{c.Title}\""))} chưa đạt tối đa");
        }
        return new Result(total, r.Levels[^1], why.Count > 0 ? why : [Range(r, r.Levels[^1])], missed);
    }

    /// <summary>"từ 50 đến dưới 70 điểm": the points a level covers (levels are listed from the highest).</summary>
    public static string Range(RubricTemplate r, RubricLevel level)
    {
        var i = r.Levels.IndexOf(level);
        if (i <= 0) return $"từ {VnText.Number(level.Min)} điểm";
        var upper = VnText.Number(r.Levels[i - 1].Min);
        return level.Min <= 0 ? $"dưới {upper} điểm" : $"từ {VnText.Number(level.Min)} đến dưới {upper} điểm";
    }
}
