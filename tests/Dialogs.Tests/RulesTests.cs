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

    static Seat Full(Presence p) => new(true, false, p);
    static Seat Probationary(Presence p) => new(false, false, p);

    [Fact]
    public void The_QD24_count_leaves_out_the_excused_and_absent_exempt_members_and_counts_the_unexcused()
    {
        // 6 full members: 2 present, 1 excused, 3 unexcused; a probationary member present; an exempt member who stayed home; a temporary attendee.
        var t = Tally.Of([
            Full(Presence.Present), Full(Presence.Present), Full(Presence.Excused), Full(Presence.Unexcused), Full(Presence.Unexcused), Full(Presence.Unexcused),
            Probationary(Presence.Present), Full(Presence.NotSummoned), new Seat(true, true, Presence.Present),
        ]);
        Assert.Equal(new Tally(Summoned: 7, Present: 3, Excused: 1, Unexcused: 3, ProbationaryPresent: 1, TemporaryPresent: 1, Voters: 2, Counted: 5), t);
        Assert.False(MeetingRules.Passes(2, t.Counted)); // both voters approve: still not more than half of 5
        Assert.True(MeetingRules.FewPresent(t));
    }

    [Fact]
    public void An_exempt_member_who_comes_is_summoned_and_votes()
    {
        var t = Tally.Of([Full(Presence.Present), Full(Presence.Present), Probationary(Presence.Present), Full(Presence.Present)]);
        Assert.Equal((4, 4, 3, 3), (t.Summoned, t.Present, t.Voters, t.Counted));
        Assert.False(MeetingRules.FewPresent(t));
    }

    [Fact]
    public void Absences_in_a_row_and_months_without_attending_are_counted_as_the_guidelines_say()
    {
        Assert.Equal(3, MeetingRules.ExcusedInARow([Presence.Present, Presence.Excused, Presence.Excused, Presence.Excused]));
        Assert.Equal(1, MeetingRules.ExcusedInARow([Presence.Excused, Presence.Excused, Presence.Unexcused, Presence.Excused])); // broken by an unexcused absence
        // A month with an unexcused absence at one meeting but attendance at another (a thematic meeting) is not "without attending".
        Assert.Equal(2, MeetingRules.MonthsWithoutAttending([(3, Presence.Unexcused), (5, Presence.Unexcused), (5, Presence.Present), (7, Presence.Unexcused), (8, Presence.Excused)]));
    }

    [Theory]
    [InlineData("2026-12-01", "2026-12-03 19:30", false, "2026-06-01", "2026-12-04 08:00", Standing.Late)]
    [InlineData("2026-12-01", "2026-12-05 19:30", false, "2026-06-01", "2026-12-04 08:00", Standing.NotYetDue)]
    [InlineData("2026-12-01", "2026-12-03 19:30", false, "2026-12-04", "2026-12-04 08:00", Standing.Untracked)] // added after its meeting day
    [InlineData("2026-12-01", "2026-12-03 19:30", true, "2026-12-04", "2026-12-04 08:00", Standing.Held)]
    [InlineData("2027-01-01", "2027-01-03 19:30", false, "2026-06-01", "2026-12-04 08:00", Standing.Untracked)] // not begun
    public void A_months_regular_meeting_stands_one_way_for_every_report(string month, string day, bool held, string created, string now, Standing expected) =>
        Assert.Equal(expected, Cadence.Regular(DateTime.Parse(month), DateTime.Parse(day), held, DateTime.Parse(created), DateTime.Parse(now)));

    [Fact]
    public void An_unfinished_quarter_without_a_thematic_meeting_is_not_yet_due()
    {
        var created = new DateTime(2026, 1, 1);
        var now = new DateTime(2026, 12, 4);
        Assert.Equal(Standing.NotYetDue, Cadence.Thematic(2026, 3, false, created, now));
        Assert.Equal(Standing.Late, Cadence.Thematic(2026, 2, false, created, now));
        Assert.Equal(Standing.Held, Cadence.Thematic(2026, 3, true, created, now));
        Assert.Equal(Standing.Untracked, Cadence.Thematic(2026, 2, false, new DateTime(2026, 10, 2), now)); // added after the quarter
        // Added in the quarter's last month: its first two months are not known, so an ended quarter is not "missed"…
        Assert.Equal(Standing.Untracked, Cadence.Thematic(2026, 1, false, new DateTime(2026, 6, 1), now));
        Assert.Equal(Standing.Held, Cadence.Thematic(2026, 1, true, new DateTime(2026, 6, 1), now));
        // …while one still under way is still to hold; added in its first month, the quarter is known whole.
        Assert.Equal(Standing.NotYetDue, Cadence.Thematic(2026, 3, false, new DateTime(2026, 11, 20), now));
        Assert.Equal(Standing.Late, Cadence.Thematic(2026, 2, false, new DateTime(2026, 7, 31), now));
    }

    /// <summary>Probation (Điều lệ Đảng Điều 4, 5; QĐ 24-QĐ/TW 4.2): the end, the working-day deadline, the two-thirds vote.</summary>
    [Theory]
    [InlineData(4, 6, true)]   // exactly two thirds carries
    [InlineData(3, 5, false)]  // 60%
    [InlineData(4, 5, true)]
    [InlineData(2, 3, true)]
    [InlineData(1, 3, false)]
    [InlineData(7, 6, false)]  // more for than members: not a vote
    [InlineData(0, 0, false)]
    public void A_probation_vote_carries_with_two_thirds_of_the_full_members(int votesFor, int members, bool carries) =>
        Assert.Equal(carries, ChiBo.Rules.ProbationRules.VoteCarries(votesFor, members, 2, 3));

    [Fact]
    public void Probation_ends_twelve_months_after_admission_and_the_cell_has_thirty_working_days()
    {
        var end = ChiBo.Rules.ProbationRules.EndOf(new DateTime(2025, 8, 15), 12);
        Assert.Equal(new DateTime(2026, 8, 15), end);
        Assert.Equal(new DateTime(2026, 9, 29), ChiBo.Rules.WorkingDays.Add(end, 30)); // from a Saturday: six working weeks and Quốc khánh's two days
        Assert.Equal(new DateTime(2026, 12, 21), ChiBo.Rules.WorkingDays.Add(new DateTime(2026, 12, 18), 1)); // Friday → Monday
        Assert.Equal(new DateTime(2026, 11, 23), ChiBo.Rules.WorkingDays.Add(new DateTime(2026, 10, 12), 30)); // a decision on a Monday: the ceremony by
        Assert.Equal(new DateTime(2026, 11, 9), ChiBo.Rules.WorkingDays.Before(new DateTime(2026, 11, 23), 10)); // two working weeks before
        Assert.Equal(new DateTime(2026, 11, 20), ChiBo.Rules.WorkingDays.Before(new DateTime(2026, 11, 23), 1)); // Monday → Friday
        Assert.Equal(new DateTime(2026, 11, 23), ChiBo.Rules.WorkingDays.Before(new DateTime(2026, 11, 23), 0));
        Assert.Equal(new DateTime(2028, 2, 29), ChiBo.Rules.ProbationRules.EndOf(new DateTime(2027, 2, 28), 12).AddDays(1)); // 28/02/2028, then the leap day
    }

    [Theory]
    [InlineData("2026-01-01", true)]   // Tết Dương lịch
    [InlineData("2026-02-16", true)]   // 29 Tết (the last day of Ất Tỵ)
    [InlineData("2026-02-17", true)]   // Mùng 1 Tết Bính Ngọ
    [InlineData("2026-02-20", true)]   // Mùng 4
    [InlineData("2026-02-23", false)]  // back to work
    [InlineData("2026-04-26", true)]   // Giỗ Tổ Hùng Vương 10/3 âm lịch, a Sunday…
    [InlineData("2026-04-27", true)]   // …made up on Monday
    [InlineData("2026-04-30", true)]
    [InlineData("2026-05-01", true)]
    [InlineData("2026-09-01", true)]
    [InlineData("2026-09-02", true)]
    [InlineData("2026-09-03", false)]
    [InlineData("2025-01-28", true)]   // 29 Tết Ất Tỵ (Mùng 1 on 29/01/2025)
    [InlineData("2025-04-07", true)]   // Giỗ Tổ 2025
    [InlineData("2024-04-18", true)]   // Giỗ Tổ 2024 (a year with a leap second month before it: 2023's was, 2024's not)
    [InlineData("2023-04-29", true)]   // Giỗ Tổ 2023, after the leap second month: a Saturday…
    [InlineData("2023-05-02", true)]   // …30/4 a Sunday, 1/5 a Monday: both made up, Tuesday and Wednesday
    [InlineData("2023-05-03", true)]
    [InlineData("2023-05-04", false)]
    [InlineData("2027-02-05", true)]   // 30 Tết Bính Ngọ (Mùng 1 Đinh Mùi on 06/02/2027)
    [InlineData("2027-02-09", true)]   // Mùng 4
    [InlineData("2027-02-10", true)]   // Mùng 1 and 2 fall on the weekend: made up on Wednesday and Thursday
    [InlineData("2027-02-11", true)]
    [InlineData("2027-02-12", false)]
    [InlineData("2026-12-07", false)]
    public void Public_holidays_are_not_working_days(string day, bool holiday) =>
        Assert.Equal(holiday, ChiBo.Rules.Holidays.IsHoliday(DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_deadline_across_Tet_moves_by_its_days_off()
    {
        // 30 working days from 04/01/2027: Monday to Friday alone gave 15/02/2027; Tết Đinh Mùi (05–11/02/2027) adds five.
        Assert.Equal(new DateTime(2027, 2, 22), ChiBo.Rules.WorkingDays.Add(new DateTime(2027, 1, 4), 30));
        Assert.Equal(new DateTime(2027, 2, 4), ChiBo.Rules.WorkingDays.Before(new DateTime(2027, 2, 12), 1)); // the working day before the first after Tết
    }
}
