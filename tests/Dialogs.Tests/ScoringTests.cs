using ChiBo.Dialogs.Flows.Evaluation;
using ChiBo.Dialogs.Templates;

namespace ChiBo.Dialogs.Tests;

public sealed class ScoringTests
{
    static readonly RubricTemplate Rubric = TestStore.Templates.Get<RubricTemplate>("chat-luong-100");
    static Dictionary<string, decimal> Full() => Rubric.Criteria.ToDictionary(c => c.Code, c => c.Max);

    [Fact]
    public void Full_marks_is_Tot() => Assert.Equal("GOOD", RubricScoring.Score(Rubric, Full()).Level.Code);

    [Fact]
    public void Ninety_with_a_must_be_full_criterion_short_is_Kha()
    {
        var s = Full();
        s["B2"] = 0; // 95 points, but nobody may be absent without reason for "Tốt"
        var r = RubricScoring.Score(Rubric, s);
        Assert.Equal(95, r.Total);
        Assert.Equal("FAIR", r.Level.Code);
        Assert.Equal(["B2"], r.GatesMissed);
    }

    [Fact]
    public void Ninety_with_only_optional_criteria_short_is_Tot()
    {
        var s = Full();
        s["A1"] = 0;
        s["A4"] = 0;
        s["D1"] = 8;
        Assert.Equal(("GOOD", 91m), (RubricScoring.Score(Rubric, s).Level.Code, RubricScoring.Score(Rubric, s).Total));
    }

    [Theory]
    [InlineData(89.5, "FAIR")]
    [InlineData(70, "FAIR")]
    [InlineData(69.5, "AVERAGE")]
    [InlineData(50, "AVERAGE")]
    [InlineData(49.5, "POOR")]
    [InlineData(0, "POOR")]
    public void Bands(double total, string level)
    {
        // Take points off the criteria that are not must-be-full first, then the rest.
        var s = Full();
        var off = 100m - (decimal)total;
        foreach (var c in Rubric.Criteria.OrderBy(c => Rubric.Levels[0].MustBeFull.Contains(c.Code) ? 1 : 0))
        {
            var take = Math.Min(off, s[c.Code]);
            s[c.Code] -= take;
            off -= take;
        }
        Assert.Equal(level, RubricScoring.Score(Rubric, s).Level.Code);
    }
}
