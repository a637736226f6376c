using ChiBo.Rules;

namespace ChiBo.Dialogs.Tests;

/// <summary>The meeting rules at their edges, as the guidelines word them.</summary>
public sealed class RulesTests
{
    [Theory]
    [InlineData(17, 20, 85, false)] // exactly 85%: not "above 85%"
    [InlineData(18, 20, 85, true)]
    [InlineData(5, 6, 85, false)]   // 83.3%
    [InlineData(6, 6, 85, true)]
    [InlineData(0, 0, 85, false)]   // no one summoned
    public void Attendance_must_be_above_the_threshold(int present, int summoned, int threshold, bool met)
    {
        Assert.Equal(met, MeetingRules.AttendanceMet(present, summoned, threshold));
        if (summoned > 0) Assert.Equal(met, MeetingRules.AttendanceMet(MeetingRules.AttendanceRate(present, summoned), threshold));
    }

    [Theory]
    [InlineData(89, 90, true)]
    [InlineData(90, 90, false)]
    [InlineData(0, 90, false)] // not recorded: not judged
    public void A_meeting_is_short_below_its_minimum(int minutes, int minimum, bool tooShort)
    {
        Assert.Equal(tooShort, MeetingRules.TooShort(minutes, minimum));
        if (minutes > 0) Assert.Equal(!tooShort, MeetingRules.LongEnough(minutes, minimum));
    }

    [Theory]
    [InlineData(3, 6, false)] // half is not more than half
    [InlineData(4, 6, true)]
    [InlineData(2, 3, true)]
    public void A_resolution_passes_with_more_than_half(int votesFor, int counted, bool passes) =>
        Assert.Equal(passes, MeetingRules.Passes(votesFor, counted));

    [Fact]
    public void Org_containment_is_an_exact_prefix() =>
        Assert.Equal([true, false, false], new[] { "/t/x_a/c/", "/t/xya/c/", "/t/X_A/c/" }.Select(p => OrgTree.Holds("/t/x_a/", p)));
}
