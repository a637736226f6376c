using ChiBo.Bot.Channels;
using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Conversation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChiBo.Bot.Tests;

/// <summary>/healthz as the program composes it: the database, the outbox's lag, each channel's receiving.</summary>
public sealed class HealthTests
{
    static IncomingUpdate Say(string user, string text, string id) => new("console", id, user, ChatKind.Private, user, user, text);

    static Task<HealthReport> CheckAsync(ScriptHost host) => host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    [Fact]
    public async Task A_reply_that_cannot_go_out_for_more_than_ten_minutes_makes_the_outbox_degraded_and_sending_it_mends_it()
    {
        using var host = new ScriptHost(ScriptRunner.DefaultStart);
        var report = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal("Không có tin chờ gửi.", report.Entries["outbox"].Description);

        host.Sent.FailWhen = m => m.ChatId == "an"; // the platform refuses this chat's messages for now
        await host.SayAsync(Say("an", "/trogiup", "1"));
        host.Clock.Advance(TimeSpan.FromMinutes(9));
        report = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, report.Entries["outbox"].Status);
        Assert.Equal("1 tin chờ gửi, tin lâu nhất đã chờ 9 phút.", report.Entries["outbox"].Description);

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        report = await CheckAsync(host);
        Assert.Equal(HealthStatus.Degraded, report.Status); // a proxy keeps the instance (200): it still takes updates
        Assert.StartsWith("1 tin chờ gửi, tin lâu nhất đã chờ 11 phút.", report.Entries["outbox"].Description);

        host.Sent.FailWhen = null;
        Assert.Equal(1, await host.Outbox.DeliverPendingAsync());
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host)).Status);
    }

    [Theory]
    [InlineData("127.0.0.1:8081", "Health__Url \"127.0.0.1:8081\" không hợp lệ; ghi dạng http://127.0.0.1:8081.")]
    [InlineData("ftp://127.0.0.1:8081", "Health__Url \"ftp://127.0.0.1:8081\" không hợp lệ; ghi dạng http://127.0.0.1:8081.")]
    [InlineData("http://127.0.0.1:8081", null)]
    [InlineData(null, null)]
    public void A_health_address_the_bot_cannot_listen_on_stops_start_up_with_the_reason(string? url, string? problem) =>
        Assert.Equal(problem, new ChiBo.Bot.Hosting.HealthSettings { Url = url }.Problem());

    [Fact]
    public async Task A_database_that_cannot_be_read_makes_the_bot_unhealthy()
    {
        using var host = new ScriptHost(ScriptRunner.DefaultStart);
        Assert.Equal("tệp LiteDB: đọc được.", (await CheckAsync(host)).Entries["store"].Description);
        host.Store.Dispose(); // as when the file can no longer be read
        host.Clock.Advance(TimeSpan.FromSeconds(2)); // past the second an answer is reused
        var report = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.StartsWith("tệp LiteDB: không đọc được", report.Entries["store"].Description);
    }

    [Fact]
    public async Task Polls_failing_for_two_minutes_make_receiving_unhealthy_without_showing_the_token_and_one_answer_mends_it()
    {
        using var host = new ScriptHost(ScriptRunner.DefaultStart);
        var receiving = host.Services.GetRequiredService<ReceivingState>();
        Assert.Equal("Không có kênh Telegram, Zalo (console).", (await CheckAsync(host)).Entries["receiving"].Description);

        receiving.Starting("telegram", "polling");
        Assert.Equal("telegram (long polling): đang khởi động", (await CheckAsync(host)).Entries["receiving"].Description);
        receiving.Ready("telegram");
        receiving.Answered("telegram");
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("telegram (long polling): lần hỏi gần nhất 5 giây trước", (await CheckAsync(host)).Entries["receiving"].Description);

        receiving.Failed("telegram", "getUpdates: Conflict: terminated by other getUpdates request; at https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getUpdates");
        host.Clock.Advance(TimeSpan.FromSeconds(90));
        receiving.Failed("telegram", "getUpdates: Conflict: terminated by other getUpdates request");
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host)).Entries["receiving"].Status); // a short outage is retried
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        var report = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal("telegram (long polling): lỗi từ 120 giây trước: getUpdates: Conflict: terminated by other getUpdates request", report.Entries["receiving"].Description);

        receiving.Failed("telegram", "bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw");
        Assert.DoesNotContain("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", (await CheckAsync(host)).Entries["receiving"].Description);

        receiving.Answered("telegram");
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host)).Status);
    }
}
