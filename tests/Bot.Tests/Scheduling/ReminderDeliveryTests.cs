using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Storage;
using ChiBo.Scheduling.Reminders;

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
    public async Task A_persons_reminders_due_together_come_in_one_message_and_are_written_again_together_if_it_expires()
    {
        // 09/12, 08:00: Đ/c Cường, secretary of Công ty May, has three things due at once (his self-review, the quarter's
        // thematic meeting, the meeting tomorrow): one message, one ping on his phone.
        using var host = new ScriptHost(new DateTimeOffset(2026, 12, 9, 8, 0, 0, Vn));
        host.Sent.FailWhen = m => m.ChatId == "cuong"; // his messages cannot go out that day
        var written = Sweep(host);
        await host.Outbox.DeliverPendingAsync();
        var keys = ReminderSweep.Sent(host.Store).FindAll().Where(r => r.Id.EndsWith("|console:cuong")).ToList();
        Assert.True(keys.Count == 3, string.Join(", ", keys.Select(k => k.Id)));
        var message = Assert.Single(host.Store.Outbox.FindAll(), o => o.ChatId == "cuong");
        Assert.All(keys, k => Assert.Equal(message.Id, k.OutboxId));
        Assert.StartsWith($"🔔 {keys.Count} việc cần đồng chí lưu ý:\n\n📝 Đồng chí Lê Văn Cường chưa nộp bản tự kiểm điểm năm 2026", message.Text);
        Assert.Contains("\n\nNgày mai Chi bộ Công ty May Yên Mỹ sinh hoạt (15:00 Thứ Năm 10/12/2026)", message.Text);
        // Each reminder's buttons, once each, in the order of the reminders.
        Assert.Equal(["cmd:/tukiemdiem", "cmd:/chuyende"], message.Choices.Select(c => c.Key));
        // The group's notice stays a message of its own (its tally is edited into it), and other people's are theirs.
        Assert.Single(To(host, "nhom-cb-cty-may"), t => t.StartsWith("📅 Ngày mai Chi bộ Công ty May Yên Mỹ sinh hoạt thường kỳ"));
        Assert.True(written > host.Store.Outbox.Count());

        // The next morning the message has expired unsent: what is still due is written again, together, counted from today.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 0, 5, 0, Vn));
        await host.Outbox.DeliverPendingAsync();
        Assert.Equal(OutboxStatus.Expired, host.Store.Outbox.FindById(message.Id).Status);
        host.Sent.FailWhen = null;
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 9, 0, 0, Vn));
        await host.RunRemindersAsync();
        var cuong = Assert.Single(To(host, "cuong"));
        Assert.StartsWith("🔔 ", cuong);
        Assert.Contains("📝 Đồng chí Lê Văn Cường chưa nộp bản tự kiểm điểm năm 2026 (QĐ 124-QĐ/TW) cho Chi bộ Công ty May Yên Mỹ; hạn 15/12/2026 (còn 5 ngày).", cuong);
        Assert.DoesNotContain("Ngày mai", cuong); // the meeting is today: no longer true
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, Sweep(host));
    }

    [Fact]
    public async Task A_tomorrow_notice_that_could_not_go_out_before_the_day_is_dropped()
    {
        using var host = new ScriptHost(new DateTimeOffset(2026, 12, 2, 8, 0, 0, Vn)); // D-1 of thôn Đông's 03/12
        host.Sent.FailWhen = m => m.ChatId == "nhom-cb-thon-dong"; // the group cannot be reached that day
        await host.RunRemindersAsync();
        var tomorrow = host.Store.Outbox.FindAll().Single(o => o.ChatId == "nhom-cb-thon-dong" && o.Text.StartsWith("📅 Ngày mai"));
        Assert.Contains(To(host, "an"), t => t.Contains("Ngày mai Chi bộ thôn Đông sinh hoạt")); // the secretary's went out

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
