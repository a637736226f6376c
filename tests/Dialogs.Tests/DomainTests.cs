using ChiBo.Dialogs.Domain;

namespace ChiBo.Dialogs.Tests;

public class DomainTests
{
    [Theory]
    [InlineData("2026-12-07", "/lichhop 10/12/2026, 19:30")]
    [InlineData("2026-12-30", "/lichhop 31/12/2026, 19:30")] // the month's end at the latest
    [InlineData("2026-12-31", null)]                          // no day left in the month
    [InlineData("2027-04-27", "/lichhop 29/04/2027, 19:30")] // not 30/4 (a public holiday): the nearest day before it
    [InlineData("2027-02-02", "/lichhop 12/02/2027, 19:30")] // not in Tết (5–9/2/2027, and 10–11/2 for its weekend days): the first day after
    [InlineData("2026-12-14", "/lichhop 18/12/2026, 19:30")] // not the 17th: the cell has called a thematic meeting then
    [InlineData("2026-08-30", "/lichhop 31/08/2026, 19:30")] // the nearest day left when three days on is next month
    [InlineData("2026-08-31", null)]
    [InlineData("2026-09-01", "/lichhop 04/09/2026, 19:30")] // 2/9 is a holiday but not three days on
    [InlineData("2026-08-29", "/lichhop 31/08/2026, 19:30")]
    public void A_missed_meeting_is_made_up_a_few_days_on_within_its_month(string today, string? expected) =>
        Assert.Equal(expected, Commands.MeetingSchedule.MakeUpExample(new Cell
            {
                MeetingDay = 3, MeetingTime = "19:30",
                Called = [new CalledMeeting { Date = "2026-12-17", Time = "19:30", Kind = MeetingKind.THEMATIC }, new CalledMeeting { Date = "2026-12-21", Time = "19:30", CancelledAtUtc = DateTime.UtcNow }],
            },
            DateTime.Parse(today, System.Globalization.CultureInfo.InvariantCulture).AddHours(9)));

    [Theory]
    [InlineData(2027, 1, 6, 1, "2027-01-02")]  // first Saturday: 1/1/2027 is a Friday
    [InlineData(2027, 2, 1, 5, "2027-02-22")]  // last Monday: 28/02/2027 is a Sunday
    [InlineData(2026, 11, 4, 4, "2026-11-26")] // fourth Thursday: 1/11/2026 is a Sunday
    [InlineData(2026, 12, 0, 2, "2026-12-13")] // second Sunday
    [InlineData(2026, 8, 6, 5, "2026-08-29")]  // last Saturday when the month ends on a Monday (31/8)
    public void A_schedule_by_weekday_finds_that_day_of_each_month(int year, int month, int weekday, int week, string expected)
    {
        var cell = new Cell { MeetingDay = 3, MeetingWeekday = weekday, MeetingWeek = week, MeetingTime = "08:00" };
        Assert.Equal(DateTime.Parse(expected).AddHours(8), cell.MeetingIn(year, month));
    }

    [Fact]
    public void A_damaged_weekday_schedule_reads_as_the_day_of_the_month_instead_of_failing_every_reminder()
    {
        var cell = new Cell { MeetingDay = 5, MeetingWeekday = 9, MeetingWeek = 0, MeetingTime = "19:30" };
        Assert.Equal(new DateTime(2027, 1, 5, 19, 30, 0), cell.MeetingIn(2027, 1));
        Assert.Equal("ngày 5 hằng tháng", cell.ScheduleText());
    }

    [Fact]
    public void A_moved_month_meets_on_its_day_and_the_others_keep_the_schedule()
    {
        var cell = new Cell { MeetingDay = 31, MeetingTime = "19:30", Moved = [new MovedMeeting { Month = "2027-01", Day = 4, Time = "18:00" }] };
        Assert.Equal(new DateTime(2027, 1, 4, 18, 0, 0), cell.MeetingIn(2027, 1));
        Assert.Equal(new DateTime(2027, 1, 31, 19, 30, 0), cell.ScheduledIn(2027, 1));
        Assert.Equal(new DateTime(2027, 2, 28, 19, 30, 0), cell.MeetingIn(2027, 2)); // the last day of a shorter month
        Assert.Equal(new DateTime(2027, 1, 4, 18, 0, 0), cell.NextMeeting(new DateTime(2027, 1, 2)));
        Assert.Equal(new DateTime(2027, 2, 28, 19, 30, 0), cell.NextMeeting(new DateTime(2027, 1, 4, 18, 0, 0)));
    }

    [Fact]
    public void Members_exempt_or_admitted_under_six_months_before_the_year_ends_write_no_self_review()
    {
        static string? Why(MemberStatus status, DateTime? admitted) => SelfReview.NotReviewed(new Member { Status = status, AdmittedOn = admitted }, 2026);
        Assert.Null(Why(MemberStatus.Full, new DateTime(1990, 5, 19)));
        Assert.Null(Why(MemberStatus.Full, null));
        Assert.Null(Why(MemberStatus.Probationary, new DateTime(2026, 6, 30))); // six months by 30/12
        Assert.Equal("kết nạp ngày 01/07/2026, chưa đủ 6 tháng", Why(MemberStatus.Probationary, new DateTime(2026, 7, 1)));
        Assert.Null(SelfReview.NotReviewed(new Member { Status = MemberStatus.Probationary, AdmittedOn = new DateTime(2026, 7, 1) }, 2027)); // the next year
        Assert.Equal("miễn công tác và sinh hoạt đảng", Why(MemberStatus.Exempt, new DateTime(1970, 1, 1)));
    }

    [Fact]
    public void A_score_recorded_before_approval_in_the_meeting_stands_as_recorded_and_a_later_one_waits_for_the_vote()
    {
        var recordedBefore = new Evaluation { Total = 85 }; // as read from an older database: no NeedsVote, no vote
        Assert.False(recordedBefore.AwaitsVote);
        Assert.False(recordedBefore.Unapproved);
        var givenLater = new Evaluation { Total = 85, NeedsVote = true };
        Assert.True(givenLater.AwaitsVote);
        Assert.Equal("chưa được chi bộ thông qua", givenLater.Standing);
        givenLater.Vote = new ScoreVote { For = 2, Base = 5, Passed = false };
        Assert.True(givenLater.Unapproved);
        Assert.Equal("chi bộ không thông qua (2/5 tán thành)", givenLater.Standing);
        givenLater.Vote = new ScoreVote { For = 5, Base = 5, Passed = true };
        givenLater.Confirmation = new ScoreConfirmation { Agreed = true };
        Assert.False(givenLater.Unapproved);
        Assert.Equal("chi bộ thông qua 5/5, cấp trên xác nhận", givenLater.Standing);
    }

    [Theory]
    [InlineData(21 * 60, 7 * 60, "22:00", true)]   // across midnight
    [InlineData(21 * 60, 7 * 60, "06:59", true)]
    [InlineData(21 * 60, 7 * 60, "07:00", false)]  // the end is not quiet
    [InlineData(21 * 60, 7 * 60, "12:00", false)]
    [InlineData(7 * 60, 9 * 60, "07:00", true)]    // within a day
    [InlineData(7 * 60, 9 * 60, "09:00", false)]
    [InlineData(7 * 60, 7 * 60, "07:00", false)]   // an empty span is no quiet hours
    public void A_groups_quiet_hours(int from, int until, string at, bool quiet)
    {
        var g = new GroupChat { QuietFromMinutes = from, QuietUntilMinutes = until };
        Assert.Equal(quiet, g.IsQuietAt(TimeSpan.Parse(at)));
    }

    [Fact]
    public void A_group_without_quiet_hours_is_never_quiet() => Assert.False(new GroupChat().IsQuietAt(TimeSpan.FromHours(23)));

    [Fact]
    public void An_assignment_covers_meetings_from_its_start_to_its_end()
    {
        var cell = new Cell { CreatedAtUtc = new DateTime(2026, 1, 1) };
        var a = new AttendanceAssignment { AssignedAtUtc = new DateTime(2026, 3, 2, 18, 0, 0), EndedAtUtc = new DateTime(2026, 6, 4, 18, 0, 0) }; // 03/03 and 05/06 in Vietnam
        Assert.False(StaffAttendance.Covers(a, cell, new DateTime(2026, 3, 2, 19, 30, 0)));
        Assert.True(StaffAttendance.Covers(a, cell, new DateTime(2026, 3, 3, 19, 30, 0)));
        Assert.True(StaffAttendance.Covers(a, cell, new DateTime(2026, 6, 4, 19, 30, 0)));
        Assert.False(StaffAttendance.Covers(a, cell, new DateTime(2026, 6, 5, 19, 30, 0)));
        Assert.Equal(new DateTime(2026, 6, 7), StaffAttendance.DueDate(new DateTime(2026, 6, 4, 19, 30, 0), a));
    }

    [Fact]
    public void The_tasks_to_review_are_the_last_meeting_that_set_any_not_a_thematic_one_in_between()
    {
        using var t = new TestStore();
        var cell = t.Store.Cells.FindById("cb-thon-dong")!;
        Meeting M(DateTime day, MeetingKind kind, params string[] tasks) => new()
        {
            Id = LiteDB.ObjectId.NewObjectId().ToString(), CellId = cell.Id, CellPath = cell.Path, Month = day.ToString("yyyy-MM"), Date = day, Kind = kind,
            NextTasks = [.. tasks.Select(x => new TaskItem { Content = x })],
        };
        t.Store.Meetings.Insert(M(new DateTime(2026, 10, 3), MeetingKind.REGULAR, "Thu quỹ khuyến học", "Tổng vệ sinh"));
        t.Store.Meetings.Insert(M(new DateTime(2026, 10, 20), MeetingKind.THEMATIC));
        var facts = new ChiBo.Dialogs.Flows.Meeting.MeetingFacts(t.Store, cell);
        Assert.Equal(["Thu quỹ khuyến học", "Tổng vệ sinh"], facts.PreviousTasks.Select(x => x.Content));
        Assert.Equal(new DateTime(2026, 10, 20), facts.LatestMeeting!.Date);
    }
}
