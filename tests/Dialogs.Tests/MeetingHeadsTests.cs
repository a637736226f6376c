using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Rules;
using CsCheck;

namespace ChiBo.Dialogs.Tests;

/// <summary>
/// A cell's meetings are asked at many meeting steps by their heads (date, kind, tasks set), kept in memory, and read
/// whole only when chosen: what the steps and the duties see is what the meetings hold.
/// </summary>
public sealed class MeetingHeadsTests
{
    const string CellId = "cb-thon-dong";

    static Meeting MeetingOf(ChiBoStore store, DateTime date, string memberId, Presence presence, params string[] tasks)
    {
        var attendance = Attendee.FromRoster(store.CellMembers(CellId), CellId);
        var seat = attendance.First(a => a.MemberId == memberId);
        (seat.Presence, seat.Reason) = (presence, presence == Presence.Excused ? "ốm" : "");
        var m = new Meeting
        {
            Id = $"t-{date:yyyy-MM-dd}-{Guid.NewGuid():N}", CellId = CellId, CellPath = "/xa-yen-my/cb-thon-dong/", Month = date.ToString("yyyy-MM"),
            Date = date, Kind = MeetingKind.REGULAR, Attendance = attendance, RecordedAtUtc = date.AddHours(14), StartTime = "19:30",
            NextTasks = [.. tasks.Select(t => new TaskItem { Content = t })],
        };
        m.CountAttendance();
        return m;
    }

    [Fact]
    public void The_heads_kept_for_a_cell_follow_every_write_of_its_meetings()
    {
        using var t = new TestStore();
        var store = t.Store;
        var member = store.CellMembers(CellId).First().Id;
        var before = store.InTransaction(() => store.MeetingHeads(CellId).Count);
        var first = MeetingOf(store, new DateTime(2026, 9, 3), member, Presence.Present, "Thu quỹ");
        store.InTransaction(() =>
        {
            Assert.Equal(before, store.MeetingHeads(CellId).Count); // kept now
            store.Meetings.Insert(first);
            var head = Assert.Single(store.MeetingHeads(CellId), h => h.Id == first.Id); // the insert dropped them
            Assert.Equal(new DateTime(2026, 9, 3), head.Date);
            Assert.Equal("Thu quỹ", Assert.Single(head.NextTasks).Content);
            var again = store.MeetingHeads(CellId); // kept, shaped once: the same heads, whole
            Assert.Same(again, store.MeetingHeads(CellId));
            Assert.Equal(before + 1, again.Count);
            Assert.Equal(head, again.Single(h => h.Id == first.Id));
        });
        store.InTransaction(() =>
        {
            var m = store.Meetings.FindById(first.Id)!;
            m.NextTasks = [new TaskItem { Content = "Tổng vệ sinh" }];
            store.Meetings.Update(m);
        });
        Assert.Equal("Tổng vệ sinh", store.InTransaction(() => store.MeetingHeads(CellId).Single(h => h.Id == first.Id).NextTasks.Single().Content));
        Assert.Equal("Tổng vệ sinh", store.MeetingHeads(CellId).Single(h => h.Id == first.Id).NextTasks.Single().Content); // outside: the file's
        Assert.Equal(first.Id, store.InTransaction(() => store.LatestMeeting(CellId)?.Id));
        store.InTransaction(() => store.Meetings.Delete(first.Id));
        Assert.DoesNotContain(store.InTransaction(() => store.MeetingHeads(CellId)), h => h.Id == first.Id);
    }

    [Fact]
    public void A_run_of_absences_read_back_only_as_far_as_it_goes_raises_the_duty_as_the_whole_year_would()
    {
        using var t = new TestStore();
        var store = t.Store;
        var rules = TestStore.Templates.ProcedureFor(CellType.RESIDENTIAL).Rules;
        var member = store.CellMembers(CellId).First(m => !m.Has(Role.Secretary, CellId)).Id;
        store.InTransaction(() => store.Meetings.DeleteMany(m => m.CellId == CellId));
        var presences = Gen.OneOf(Gen.Const(Presence.Present), Gen.Const(Presence.Excused), Gen.Const(Presence.Excused), Gen.Const(Presence.Unexcused));
        presences.Array[1, 9].Sample(year =>
        {
            var meetings = year.Select((p, i) => MeetingOf(store, new DateTime(2026, 1, 10).AddMonths(i), member, p)).ToList();
            var duties = store.InTransaction(() =>
            {
                foreach (var m in meetings) store.Meetings.Insert(m);
                return AttendanceHistory.Duties(store, meetings[^1], rules);
            });
            store.InTransaction(() => store.Meetings.DeleteMany(m => m.CellId == CellId));
            var warned = duties.Any(d => d.Contains("buổi liên tiếp"));
            var expected = year[^1] == Presence.Excused && MeetingRules.ExcusedInARow(year) == rules.ExcusedInARowToAddress;
            var months = MeetingRules.MonthsWithoutAttending(year.Select((p, i) => (i + 1, p)));
            var removal = year[^1] == Presence.Unexcused && months == rules.MonthsAbsentToRemove;
            return warned == expected && duties.Any(d => d.Contains("xóa tên")) == removal;
        }, iter: 60, threads: 1); // one store: one case at a time
    }
}
