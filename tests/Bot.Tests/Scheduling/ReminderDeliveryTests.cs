using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Bot.Tests.Scheduling;

/// <summary>Reminders through the outbox when the platform is down: none arrives saying what is no longer true.</summary>
public sealed class ReminderDeliveryTests
{
    static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    static int Sweep(ScriptHost host) => host.SweepReminders();

    static List<string> To(ScriptHost host, string chat) => host.Sent.All.Where(m => m.ChatId == chat).Select(m => m.Text).ToList();

    [Fact]
    public async Task A_reminder_not_delivered_on_its_day_is_written_again_with_the_right_count()
    {
        using var host = new ScriptHost(new DateTimeOffset(2026, 11, 28, 8, 0, 0, Vn)); // D-5 of thôn Đông's 03/12
        host.Sent.FailWhen = _ => true; // the platform is down all day
        Assert.True(Sweep(host) > 0);
        await host.Outbox.DeliverPendingAsync();
        Assert.Empty(host.Sent.All);
        var queued = host.Store.Outbox.FindAll().Single(o => o.ChatId == "an" && o.Text.StartsWith("Còn 5 ngày"));

        // Back the next morning: the "5 days" expires unsent; the next run of the job (every five minutes) writes it again.
        host.Sent.FailWhen = null;
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 29, 9, 0, 0, Vn));
        await host.RunRemindersAsync();
        Assert.Equal(OutboxStatus.Expired, host.Store.Outbox.FindById(queued.Id).Status);
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await host.RunRemindersAsync();
        var an = To(host, "an");
        Assert.Single(an, t => t.StartsWith("Còn 4 ngày đến buổi sinh hoạt thường kỳ của Chi bộ thôn Đông (19:30 Thứ Năm 03/12/2026)."));
        Assert.DoesNotContain(an, t => t.StartsWith("Còn 5 ngày"));
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, Sweep(host)); // delivered once: not again
    }

    [Fact]
    public async Task A_tomorrow_notice_that_could_not_go_out_before_the_day_is_dropped()
    {
        using var host = new ScriptHost(new DateTimeOffset(2026, 12, 2, 8, 0, 0, Vn)); // D-1 of thôn Đông's 03/12
        host.Sent.FailWhen = m => m.ChatId == "nhom-cb-thon-dong"; // the group cannot be reached that day
        await host.RunRemindersAsync();
        var tomorrow = host.Store.Outbox.FindAll().Single(o => o.ChatId == "nhom-cb-thon-dong" && o.Text.StartsWith("📅 Ngày mai"));
        Assert.Contains(To(host, "an"), t => t.StartsWith("Ngày mai Chi bộ thôn Đông sinh hoạt")); // the secretary's went out

        host.Sent.FailWhen = null;
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 6, 30, 0, Vn));
        await host.RunRemindersAsync();
        var group = To(host, "nhom-cb-thon-dong");
        Assert.DoesNotContain(group, t => t.Contains("Ngày mai"));
        Assert.Single(group, t => t.StartsWith("📅 Hôm nay Chi bộ thôn Đông sinh hoạt thường kỳ tháng 12/2026"));
        var dropped = host.Store.Outbox.FindById(tomorrow.Id);
        Assert.Equal(OutboxStatus.Expired, dropped.Status);
        Assert.Contains("hết hạn", dropped.LastError);
    }
}
