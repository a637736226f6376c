using ChiBo.Bot.Tests.Console;
using ChiBo.Bot.Tests.Scheduling;
using ChiBo.Bot.Tests.Telegram;

namespace ChiBo.Bot.Tests.Storage;

/// <summary>
/// The program polling Telegram on PostgreSQL while the database restarts (an upgrade, a failover): what members send
/// meanwhile is not confirmed to Telegram until it is stored, so every message is answered once the database is back,
/// once and in its chat's order; nothing is lost.
/// </summary>
public sealed class StoreOutageProcessTests : IAsyncLifetime
{
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-outage").FullName;
    readonly FakeBotApi _api = new();
    PostgresServer? _pg;
    const long Minh = 6101, Lan = 6102;

    public Task InitializeAsync()
    {
        _api.AddPrivateChat(Minh);
        _api.AddPrivateChat(Lan);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _pg?.Dispose();
        await _api.DisposeAsync();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    async Task<List<string>> RepliesAsync(long chat, int count, int seconds)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (_api.CountIn(chat) < count && DateTime.UtcNow < until) await Task.Delay(50);
        await Task.Delay(500); // nothing more comes
        return _api.In(chat).Select(m => m.Text).ToList();
    }

    [PostgresFact(Timeout = 180_000)]
    public async Task Messages_sent_while_the_database_restarts_are_each_answered_once_it_is_back()
    {
        _pg = new PostgresServer(); // its own server: the test stops it
        using var bot = new BotProcess(_dir, new Dictionary<string, string>
        {
            ["Telegram__BotToken"] = FakeBotApi.Token, ["Telegram__ApiBaseUrl"] = _api.BaseUrl, ["Telegram__PollTimeoutSeconds"] = "2",
            ["Storage__Provider"] = "postgres", ["ConnectionStrings__ChiBo"] = _pg.ConnectionString + ";Timeout=3",
            ["Storage__Path"] = Path.Combine(_dir, "chibo.db"), ["Demo__Enabled"] = "true", ["Reminders__Enabled"] = "false",
            ["Telegram__Limits__PrivateInterval"] = "00:00:00.02", ["Logging__LogLevel__Default"] = "Warning",
        });
        _api.UserSends(Minh, Minh, "Minh", "/start minh");
        Assert.Contains("Minh", (await RepliesAsync(Minh, 1, 60)).First()); // up and answering

        _pg.Stop();
        _api.UserSends(Minh, Minh, "Minh", "/trogiup");
        _api.UserSends(Lan, Lan, "Lan", "xin chào");
        _api.UserSends(Minh, Minh, "Minh", "/lichhop");
        await Task.Delay(5000);
        Assert.Equal(1, _api.CountIn(Minh)); // nothing could be stored, so nothing was answered (and nothing confirmed)
        Assert.Equal(0, _api.CountIn(Lan));

        _pg.Start();
        var minh = await RepliesAsync(Minh, 3, 90);
        var lan = await RepliesAsync(Lan, 1, 30);
        Assert.True(minh.Count == 3, $"Minh's chat:\n{string.Join("\n---\n", minh)}\n\nthe bot's log ends:\n{string.Join('\n', bot.Errors.Split('\n').TakeLast(20))}");
        Assert.StartsWith("ChiBo.Bot giúp chi bộ", minh[1]); // in the order sent
        Assert.StartsWith("Lịch sinh hoạt thường kỳ của Chi bộ thôn Đông", minh[2]);
        Assert.StartsWith("Đồng chí chưa có trong danh sách của bot", Assert.Single(lan));
        Assert.Contains("could not be stored", bot.Errors); // said in the log, not confirmed
        Assert.DoesNotContain("confirmed so the updates after it go on", bot.Errors);
    }
}
