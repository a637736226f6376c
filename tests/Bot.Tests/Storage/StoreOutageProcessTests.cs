using ChiBo.Bot.Tests.Console;
using ChiBo.Bot.Tests.Scheduling;
using ChiBo.Bot.Tests.Telegram;
using ChiBo.Bot.Tests.Zalo;
using System.Net;
using System.Text;

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

    const string An = "7f3a9c0d11e2";

    Dictionary<string, string> ZaloEnv(FakeZaloApi zalo, params (string, string)[] extra)
    {
        var env = new Dictionary<string, string>
        {
            ["Zalo__BotToken"] = FakeZaloApi.Token, ["Zalo__ApiBaseUrl"] = zalo.BaseUrl, ["Zalo__PollTimeoutSeconds"] = "2",
            ["Storage__Provider"] = "postgres", ["ConnectionStrings__ChiBo"] = _pg!.ConnectionString + ";Timeout=3",
            ["Storage__Path"] = Path.Combine(_dir, "chibo.db"), ["Demo__Enabled"] = "true", ["Reminders__Enabled"] = "false",
            ["Zalo__Limits__PrivateInterval"] = "00:00:00.02", ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    static async Task<List<string>> ZaloRepliesAsync(FakeZaloApi zalo, int count, int seconds)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (zalo.In(An).Count < count && DateTime.UtcNow < until) await Task.Delay(50);
        await Task.Delay(500); // nothing more comes
        return zalo.In(An).Select(m => m.Text).ToList();
    }

    [PostgresFact(Timeout = 180_000)]
    public async Task A_Zalo_message_the_database_could_not_take_is_answered_after_a_kill_9_once_it_is_back()
    {
        // Zalo hands an update out once: the bot that fetched it is the only one that will ever have it.
        _pg = new PostgresServer();
        await using var zalo = new FakeZaloApi();
        var env = ZaloEnv(zalo);
        using (var bot = new BotProcess(_dir, env))
        {
            zalo.UserSends(An, An, "An", "/start an");
            Assert.Contains("Chào đồng chí Nguyễn Văn An", (await ZaloRepliesAsync(zalo, 1, 60)).First());
            _pg.Stop();
            var delivered = zalo.Delivered;
            zalo.UserSends(An, An, "An", "/lichhop");
            var until = DateTime.UtcNow.AddSeconds(30);
            while (!(zalo.Delivered > delivered && bot.Errors.Contains("could not be stored")) && DateTime.UtcNow < until) await Task.Delay(50);
            Assert.Contains("could not be stored", bot.Errors); // fetched, and held while the database is down
            bot.Kill();
        }
        _pg.Start();
        using var again = new BotProcess(_dir, env);
        var texts = await ZaloRepliesAsync(zalo, 2, 90);
        Assert.True(texts.Count == 2, $"An's chat:\n{string.Join("\n---\n", texts)}\n\nthe bot's log ends:\n{string.Join('\n', again.Errors.Split('\n').TakeLast(20))}");
        Assert.StartsWith("Lịch sinh hoạt thường kỳ của Chi bộ thôn Đông", texts[1]);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "inbox-zalo"))); // let go once stored
    }

    [PostgresFact(Timeout = 180_000)]
    public async Task A_Zalo_webhook_message_the_database_could_not_take_is_answered_once_it_is_back_without_being_sent_again()
    {
        _pg = new PostgresServer();
        await using var zalo = new FakeZaloApi();
        var port = TelegramProcessTests.FreePort();
        var url = $"http://127.0.0.1:{port}/zalo/hook";
        using var bot = new BotProcess(_dir, ZaloEnv(zalo, ("Zalo__WebhookUrl", url), ("Zalo__WebhookSecret", "bi-mat-12345"), ("ASPNETCORE_URLS", $"http://127.0.0.1:{port}")));
        var until = DateTime.UtcNow.AddSeconds(30);
        while (zalo.WebhookUrl is null && DateTime.UtcNow < until) await Task.Delay(50);
        zalo.KnowChat(An);
        using var http = new HttpClient();
        async Task<HttpStatusCode> Post(string text, string id)
        {
            var body = FakeZaloApi.WebhookBody(An, An, "An", text, id, wrapped: true).ToJsonString();
            for (var attempt = 0; ; attempt++)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add(ChiBo.Bot.Channels.Zalo.ZaloChannel.SecretHeader, "bi-mat-12345");
                try { return (await http.SendAsync(request)).StatusCode; }
                catch (HttpRequestException) when (attempt < 100) { await Task.Delay(100); }
            }
        }
        Assert.Equal(HttpStatusCode.OK, await Post("/start an", "w1"));
        Assert.Contains("Chào đồng chí Nguyễn Văn An", (await ZaloRepliesAsync(zalo, 1, 60)).First());

        _pg.Stop();
        Assert.Equal(HttpStatusCode.OK, await Post("/trogiup", "w2")); // kept on disk: a 500 would leave it to Zalo, which may not send it again
        Assert.Equal(HttpStatusCode.OK, await Post("/lichhop", "w3")); // queued behind it
        await Task.Delay(3000);
        Assert.Single(zalo.In(An));

        _pg.Start();
        var texts = await ZaloRepliesAsync(zalo, 3, 90);
        Assert.True(texts.Count == 3, $"An's chat:\n{string.Join("\n---\n", texts)}\n\nthe bot's log ends:\n{string.Join('\n', bot.Errors.Split('\n').TakeLast(20))}");
        Assert.StartsWith("ChiBo.Bot giúp chi bộ", texts[1]); // in the order received
        Assert.StartsWith("Lịch sinh hoạt thường kỳ của Chi bộ thôn Đông", texts[2]);
    }
}
