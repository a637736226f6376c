using ChiBo.Dialogs.Domain;

namespace ChiBo.Dialogs.Tests;

public sealed class StoreTests
{
    [Fact]
    public void Dates_come_back_exactly_as_stored_whatever_the_server_time_zone()
    {
        using var t = new TestStore();
        var date = new DateTime(2026, 12, 3);
        var at = new DateTime(2026, 12, 2, 23, 30, 0, DateTimeKind.Utc);
        t.Store.Meetings.Insert(new Meeting { Id = "m1", CellId = "c", Date = date, RecordedAtUtc = at });
        var back = t.Store.Meetings.FindById("m1");
        Assert.Equal((date.Ticks, at.Ticks), (back.Date.Ticks, back.RecordedAtUtc.Ticks));
        Assert.NotEqual(DateTimeKind.Local, back.Date.Kind);
        Assert.Single(t.Store.Meetings.Find(m => m.Date >= date && m.Date < date.AddDays(1)));
    }
}
