using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Conversation;

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

    [Fact]
    public void Only_the_latest_edit_of_a_message_waits_in_the_outbox_and_only_command_buttons_can_be_kept()
    {
        using var t = new TestStore();
        var now = new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc);
        Choice[] keep = [new("cmd:/comat 2026-12-03", "Có mặt")];
        Storage.Outbox.Edit(t.Store, "console", "nhom", ChatKind.Group, "c7", "tally 1", now, keep);
        Storage.Outbox.Edit(t.Store, "console", "nhom", ChatKind.Group, "c8", "other message", now);
        Storage.Outbox.Edit(t.Store, "console", "nhom", ChatKind.Group, "c7", "tally 2", now, keep);
        var pending = t.Store.Outbox.FindAll().ToList();
        Assert.Equal(["other message", "tally 2"], pending.Select(o => o.Text).Order());
        Assert.Equal("cmd:/comat 2026-12-03", pending.Single(o => o.TargetMessageId == "c7").Choices.Single().Key);
        Assert.Throws<ArgumentException>(() => Storage.Outbox.Edit(t.Store, "console", "nhom", ChatKind.Group, "c7", "x", now, [new("1:0", "Có")]));
    }
}
