using System.Net;
using System.Text;
using ChiBo.Bot.Channels.Zalo;
using ChiBo.Bot.Tests.Console;
using ChiBo.Bot.Tests.Telegram;

namespace ChiBo.Bot.Tests.Zalo;

/// <summary>The real program on its Zalo channel against the fake Zalo Bot API: polling, webhook, kill -9, a refused token.</summary>
public sealed class ZaloProcessTests : IAsyncLifetime
{
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-zlp").FullName;
    readonly FakeZaloApi _api = new();
    const string An = "7f3a9c0d11e2";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    Dictionary<string, string> Env(params (string, string)[] extra)
    {
        var env = new Dictionary<string, string>
        {
            ["Zalo__BotToken"] = FakeZaloApi.Token, ["Zalo__ApiBaseUrl"] = _api.BaseUrl, ["Zalo__PollTimeoutSeconds"] = "2",
            ["Zalo__Limits__PrivateInterval"] = "00:00:00.02", ["Demo__Enabled"] = "true", ["Storage__Path"] = Path.Combine(_dir, "chibo.db"),
            ["Logging__LogLevel__Default"] = "Warning", ["Reminders__Enabled"] = "false",
        };
        foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    /// <summary>An writes; returns the bot's new messages once they stop coming.</summary>
    async Task<List<FakeZaloMessage>> SayAsync(string text)
    {
        var before = _api.In(An).Count;
        _api.UserSends(An, An, "An", text);
        var until = DateTime.UtcNow.AddSeconds(30);
        int count;
        while ((count = _api.In(An).Count) == before)
        {
            if (DateTime.UtcNow > until) throw new Xunit.Sdk.XunitException($"The bot did not answer \"{text}\".\n{string.Join("\n---\n", _api.In(An).Select(m => m.Text))}");
            await Task.Delay(20);
        }
        while (true)
        {
            await Task.Delay(250);
            var now = _api.In(An).Count;
            if (now == count) break;
            count = now;
        }
        return _api.In(An).Skip(before).ToList();
    }

    [Fact]
    public async Task A_full_meeting_and_its_evaluation_by_typed_numbers_survive_a_kill_9()
    {
        var demo = File.ReadAllLines(Path.Combine(Scripts.RepoRoot.Path, "demo", "sinh-hoat-va-cham-diem.txt")).Where(l => l.Trim().Length > 0).ToList();
        var bot = new BotProcess(_dir, Env());
        try
        {
            Assert.Contains("Chào đồng chí Nguyễn Văn An", (await SayAsync("/start an"))[0].Text);
            var first = await SayAsync(demo[0]);
            Assert.Contains("Bước 1/25", first[0].Text);
            foreach (var line in demo.Skip(1).Take(5)) await SayAsync(line);
            bot.Kill();
        }
        finally { bot.Dispose(); }
        var killedAt = DateTime.UtcNow;

        using (var again = new BotProcess(_dir, Env()))
        {
            // Zalo hands each update out once, with no offset to confirm: a message arriving while the killed bot's
            // poll is still held open would go to the dead connection. Wait until only the new bot is polling
            // (counting held polls alone raced: the dead poll counted as "one" before the new bot had polled).
            var until = DateTime.UtcNow.AddSeconds(30);
            while (!_api.OnlyPollsSince(killedAt) && DateTime.UtcNow < until) await Task.Delay(20);
            var resumed = await SayAsync("/tieptuc");
            Assert.StartsWith("Tiếp tục", resumed[0].Text);
            foreach (var line in demo.Skip(6)) await SayAsync(line);
            again.Kill();
        }
        var texts = _api.In(An).Select(m => m.Text).ToList();
        Assert.Single(texts, t => t.StartsWith("Đã lưu buổi sinh hoạt thường kỳ"));
        Assert.Contains(texts, t => t.Contains("Điểm chất lượng: 99,5 điểm, Khá (mục B1 chưa đạt tối đa) — chi bộ thông qua 5/5"));
        Assert.Contains(texts, t => t.Contains("\n1. Thường kỳ\n2. Chuyên đề\n3. Thường kỳ + chuyên đề\n4. Bất thường\nTrả lời bằng số.")); // menus as numbered lines
        for (var i = 1; i < texts.Count; i++) Assert.NotEqual(texts[i - 1], texts[i]); // nothing sent twice
        Assert.All(texts, t => Assert.InRange(t.Length, 1, 2000));
    }

    [Fact]
    public async Task The_webhook_checks_the_secret_takes_both_body_shapes_and_drops_a_repeated_message()
    {
        var port = TelegramProcessTests.FreePort();
        var url = $"http://127.0.0.1:{port}/zalo/hook";
        using var bot = new BotProcess(_dir, Env(("Zalo__WebhookUrl", url), ("Zalo__WebhookSecret", "bi-mat-12345"), ("ASPNETCORE_URLS", $"http://127.0.0.1:{port}")));
        var until = DateTime.UtcNow.AddSeconds(30);
        while (_api.WebhookUrl is null && DateTime.UtcNow < until) await Task.Delay(50);
        Assert.Equal((url, "bi-mat-12345"), (_api.WebhookUrl, _api.WebhookSecret));
        _api.KnowChat(An);
        using var http = new HttpClient();
        Task<HttpStatusCode> Post(string body, string? secret) => PostBytes(Encoding.UTF8.GetBytes(body), secret);
        async Task<HttpStatusCode> PostBytes(byte[] body, string? secret)
        {
            for (var attempt = 0; ; attempt++)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } } };
                if (secret is not null) request.Headers.Add(ZaloChannel.SecretHeader, secret);
                try { return (await http.SendAsync(request)).StatusCode; }
                catch (HttpRequestException) when (attempt < 100) { await Task.Delay(100); }
            }
        }
        var start = FakeZaloApi.WebhookBody(An, An, "An", "/start an", "w1", wrapped: true).ToJsonString();
        Assert.Equal(HttpStatusCode.Unauthorized, await Post(start, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await Post(start, "bi-mat-1234"));
        Assert.Empty(_api.In(An));
        Assert.Equal(HttpStatusCode.OK, await Post(start, "bi-mat-12345"));
        Assert.Contains("Chào đồng chí Nguyễn Văn An", (await WaitAsync(1))[0].Text); // the turn was stored before the 200
        Assert.Equal(HttpStatusCode.OK, await Post(start, "bi-mat-12345")); // delivered again
        Assert.Equal(HttpStatusCode.OK, await Post(FakeZaloApi.WebhookBody(An, An, "An", "/trogiup", "w2", wrapped: false).ToJsonString(), "bi-mat-12345"));
        var help = await WaitAsync(2);
        Assert.StartsWith("ChiBo.Bot giúp chi bộ", help[1].Text);
        Assert.Contains("Trên Zalo: với câu hỏi có lựa chọn, trả lời bằng số thứ tự", help[1].Text);
        Assert.Equal(HttpStatusCode.OK, await Post(FakeZaloApi.WebhookBody(An, An, "An", "x", "w3", wrapped: true, eventName: "user.follow").ToJsonString(), "bi-mat-12345"));
        Assert.Equal(HttpStatusCode.BadRequest, await Post("{not json", "bi-mat-12345"));
        // Invalid UTF-8, and a lone surrogate: 400 (a 500 would have Zalo retry it for ever).
        var text = FakeZaloApi.WebhookBody(An, An, "An", "XX", "w4", wrapped: false).ToJsonString();
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes[Encoding.UTF8.GetByteCount(text[..text.IndexOf("XX", StringComparison.Ordinal)])] = 0xFF;
        Assert.Equal(HttpStatusCode.BadRequest, await PostBytes(bytes, "bi-mat-12345"));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(text.Replace("XX", "\\ud800"), "bi-mat-12345"));
        await Task.Delay(800);
        Assert.Equal(2, _api.In(An).Count); // no answer to the repeat, the unknown event or the bad bodies
        Assert.DoesNotContain("getUpdates", _api.Calls); // webhook and polling exclude each other
    }

    async Task<List<FakeZaloMessage>> WaitAsync(int count)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (_api.In(An).Count < count && DateTime.UtcNow < until) await Task.Delay(20);
        return _api.In(An);
    }

    [Fact]
    public async Task A_refused_token_stops_the_bot_with_the_reason_and_never_prints_the_token()
    {
        using var bot = new BotProcess(_dir, Env(("Zalo__BotToken", "999:sai-ma-bot")));
        Assert.Equal(0, await bot.EndInputAsync());
        Assert.Contains("Zalo từ chối Zalo__BotToken (401)", bot.Errors);
        Assert.DoesNotContain("sai-ma-bot", bot.Errors + bot.Output);
    }

    [Fact]
    public async Task Telegram_and_Zalo_run_in_one_process_and_one_member_is_linked_on_both()
    {
        await using var telegram = new FakeBotApi();
        telegram.AddPrivateChat(5001);
        var env = Env(("Telegram__BotToken", FakeBotApi.Token), ("Telegram__ApiBaseUrl", telegram.BaseUrl), ("Telegram__PollTimeoutSeconds", "2"),
            ("Telegram__Limits__PrivateInterval", "00:00:00.02"), ("Logging__LogLevel__Default", "Information")); // the default level of a real run
        using (var bot = new BotProcess(_dir, env))
        {
            Assert.Contains("Chào đồng chí Nguyễn Văn An", (await SayAsync("/start an"))[0].Text);
            telegram.UserSends(5001, 5001, "An", "/start an");
            var until = DateTime.UtcNow.AddSeconds(30);
            while (telegram.In(5001).Count == 0 && DateTime.UtcNow < until) await Task.Delay(20);
            Assert.Contains("Chào đồng chí Nguyễn Văn An", telegram.In(5001)[0].Text);
            Assert.Contains("Bước 1/25", (await SayAsync("/sinhhoat"))[0].Text); // the Zalo chat has its own session
            // Request URLs carry the tokens: nothing the bot logs may show them.
            Assert.Contains("info:", bot.Errors + bot.Output);
            Assert.DoesNotContain(FakeBotApi.Token.Split(':')[1], bot.Errors + bot.Output);
            Assert.DoesNotContain(FakeZaloApi.Token.Split(':')[1], bot.Errors + bot.Output);
            bot.Kill();
        }
        using var db = new LiteDB.LiteDatabase($"Filename={Path.Combine(_dir, "chibo.db")};Connection=direct");
        var identities = db.GetCollection("identities").Find(LiteDB.Query.EQ("MemberId", "an")).Select(d => d["Channel"].AsString).Order().ToList();
        Assert.Equal(["console", "telegram", "zalo"], identities);
    }
}
