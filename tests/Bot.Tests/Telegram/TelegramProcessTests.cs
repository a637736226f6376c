using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ChiBo.Bot.Channels.Telegram;
using ChiBo.Bot.Tests.Console;

namespace ChiBo.Bot.Tests.Telegram;

/// <summary>The real program on its Telegram channel against the fake Bot API: polling, webhook, kill -9.</summary>
public sealed class TelegramProcessTests : IAsyncLifetime
{
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-tgp").FullName;
    readonly FakeBotApi _api = new();
    const long An = 5001;
    const long Minh = 5002;
    const long Group = -100_777;

    public Task InitializeAsync()
    {
        _api.AddPrivateChat(An);
        _api.AddPrivateChat(Minh);
        _api.AddGroup(Group);
        return Task.CompletedTask;
    }

    /// <summary>Someone writes in any chat; returns the bot's new messages there (none after a quiet wait).</summary>
    async Task<List<FakeMessage>> SayInAsync(long chat, long user, string name, string text, bool expectAnswer = true)
    {
        var before = _api.In(chat).Count;
        _api.UserSends(chat, user, name, text);
        if (!expectAnswer)
        {
            await Task.Delay(1500);
            return _api.In(chat).Skip(before).ToList();
        }
        var until = DateTime.UtcNow.AddSeconds(30);
        while (_api.In(chat).Count == before && DateTime.UtcNow < until) await Task.Delay(20);
        await Task.Delay(300);
        return _api.In(chat).Skip(before).ToList();
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    Dictionary<string, string> Env(params (string, string)[] extra)
    {
        var env = new Dictionary<string, string>
        {
            ["Telegram__BotToken"] = FakeBotApi.Token, ["Telegram__ApiBaseUrl"] = _api.BaseUrl, ["Telegram__PollTimeoutSeconds"] = "2",
            ["Demo__Enabled"] = "true", ["Telegram__Limits__PrivateInterval"] = "00:00:00.02", ["Storage__Path"] = Path.Combine(_dir, "chibo.db"), ["Logging__LogLevel__Default"] = "Warning",
            // Reminders follow the real calendar (from 1 December the secretary's year-end review, with a button) and the job
            // runs every five minutes: one landing in An's chat mid-flow would be the message with buttons the test taps.
            ["Reminders__Enabled"] = "false",
        };
        foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    /// <summary>Sends, then waits until the bot's messages in the chat stop changing; returns the new ones.</summary>
    async Task<List<FakeMessage>> SayAsync(string? text, FakeMessage? tap = null, string? label = null)
    {
        var before = _api.In(An).Count;
        if (tap is not null)
        {
            var data = tap.Buttons.Where(b => b.Label == label).Select(b => b.Data).FirstOrDefault() ?? throw new Xunit.Sdk.XunitException(
                $"No button \"{label}\" under the last message with buttons. The chat's last messages:\n" +
                string.Join("\n---\n", _api.In(An).TakeLast(4).Select(m => $"{m.Text} [{string.Join(" | ", m.Buttons.Select(b => b.Label))}]")));
            _api.UserTaps(tap, An, "An", data);
        }
        else _api.UserSends(An, An, "An", text);
        return await NewAsync(before);
    }

    async Task<List<FakeMessage>> NewAsync(int before, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        int count;
        while ((count = _api.In(An).Count) == before)
        {
            if (DateTime.UtcNow > until) throw new Xunit.Sdk.XunitException("The bot did not answer.");
            await Task.Delay(20);
        }
        while (true)
        {
            await Task.Delay(400);
            var now = _api.In(An).Count;
            if (now == count) break;
            count = now;
        }
        return _api.In(An).Skip(before).ToList();
    }

    async Task<List<FakeMessage>> TapAsync(string label)
    {
        var menu = _api.In(An).Last(m => m.Buttons.Count > 0);
        return await SayAsync(null, menu, label);
    }

    [Fact]
    public async Task A_meeting_with_buttons_survives_kill_9_and_a_429_storm_without_losing_or_repeating_a_message()
    {
        var bot = new BotProcess(_dir, Env());
        try
        {
            Assert.Contains("Chào đồng chí Nguyễn Văn An", (await SayAsync("/start an"))[0].Text);
            // The secretary links the cell's group; a member uses a command there; chatter gets no answer.
            Assert.StartsWith("Đã liên kết nhóm này với Chi bộ thôn Đông", (await SayInAsync(Group, An, "An", "/lienket@ChiBoBot"))[0].Text);
            Assert.Contains("Chào đồng chí Trần Văn Minh", (await SayInAsync(Minh, Minh, "Minh", "/start minh"))[0].Text);
            Assert.StartsWith("ChiBo.Bot giúp chi bộ", (await SayInAsync(Group, Minh, "Minh", "/trogiup@ChiBoBot"))[0].Text);
            Assert.Empty(await SayInAsync(Group, Minh, "Minh", "Tối nay họp lúc mấy giờ?", expectAnswer: false));
            Assert.StartsWith("Lệnh /sinhhoat dùng trong tin nhắn riêng", (await SayInAsync(Group, An, "An", "/sinhhoat@ChiBoBot"))[0].Text);
            Assert.Contains("Bước 1/25", (await SayAsync("/sinhhoat"))[0].Text);
            await TapAsync("Hôm nay");
            await TapAsync("Thường kỳ");
            Assert.Contains("Bước 3/25", _api.In(An)[^1].Text);
            Assert.Contains("✔ Thường kỳ", _api.In(An).Single(m => m.Text.Contains("Loại sinh hoạt?")).Text); // the tapped message shows the choice
            await TapAsync("Nhà văn hóa thôn Đông");
            await TapAsync("Đã họp");
            bot.Kill();
        }
        finally { bot.Dispose(); }

        _api.FailSends = (429, 3); // a storm of 429s when the bot comes back
        using (var again = new BotProcess(_dir, Env()))
        {
            var resumed = await SayAsync("/tieptuc");
            Assert.Contains("Bước 5/25", string.Join("\n", resumed.Select(m => m.Text)));
            foreach (var label in new[] { "Đã chuẩn bị", "Đã thông báo", "Trước ít nhất 1 ngày" }) await TapAsync(label);
            await SayAsync("19:30");
            await TapAsync("Không có");
            // The roll call by buttons: a tap marks Tuấn absent with a reason, "Xong" asks the reason.
            Assert.Contains("vắng có lý do", (await TapAsync("6. Đỗ Văn Tuấn"))[^1].Text);
            Assert.Contains("Lý do vắng của đồng chí Đỗ Văn Tuấn?", (await TapAsync("Xong"))[^1].Text);
            Assert.Contains("Có mặt 5/6 (83,3%)", (await TapAsync("Ốm"))[0].Text);
            foreach (var label in new[] { "Nguyễn Văn An", "Lê Thị Hoa", "Đã thông qua" }) await TapAsync(label);
            foreach (var text in new[] { "Thời sự.", "Tóm tắt kết quả.", "Đánh giá.", "Nhiệm vụ - Đ/c Hoa", "3", "Ý kiến.", "Kết luận." }) await SayAsync(text);
            await TapAsync("5 0 0");
            await TapAsync("Đã thông qua");
            await SayAsync("21:15");
            await TapAsync("5 0 0"); // the committee's score, voted in the meeting
            var saved = await TapAsync("Lưu");
            Assert.Contains("Đã lưu buổi sinh hoạt thường kỳ", saved[0].Text);
            Assert.Contains("Điểm chất lượng: 99,5 điểm, Khá (mục B1 chưa đạt tối đa) — chi bộ thông qua 5/5", saved[0].Text);
            // Let the other chats' messages (the group's notice) go out.
            int Activity() => _api.All().Sum(m => 1 + m.Edits);
            for (var (last, until) = (-1, DateTime.UtcNow.AddSeconds(30)); Activity() != last && DateTime.UtcNow < until; await Task.Delay(1500))
                last = Activity();
            again.Kill(); // the Telegram channel does not read stdin; stop it the hard way, nothing may be lost
        }

        Assert.True(_api.TooManyRequests >= 3);
        var texts = _api.In(An).Select(m => m.Text).ToList();
        for (var i = 1; i < texts.Count; i++) Assert.NotEqual(texts[i - 1], texts[i]); // nothing sent twice
        Assert.Single(texts, t => t.StartsWith("Đã lưu buổi sinh hoạt"));
        Assert.Single(texts, t => t.Contains("Bước 5/25 — Chuẩn bị. Đã chuẩn bị dự thảo") && t.StartsWith("Tiếp tục"));
        using var db = new LiteDB.LiteDatabase($"Filename={Path.Combine(_dir, "chibo.db")};Connection=direct");
        var recorded = db.GetCollection("meetings").Find(LiteDB.Query.Not("RecordedBy", "demo")).ToList(); // the demo's history aside
        Assert.Equal("Nhà văn hóa thôn Đông", Assert.Single(recorded)["Venue"].AsString); // answered before the kill
        // Telegram's messages only: the demo's console chats get reminders too, and no console runs in this process.
        var pending = db.GetCollection("outbox").Find(LiteDB.Query.And(LiteDB.Query.EQ("Status", "Pending"), LiteDB.Query.EQ("Channel", "telegram")))
            .Select(d => $"{d["ChatId"]}: {d["Text"]}").ToList();
        Assert.True(pending.Count == 0, "Still pending:\n" + string.Join("\n", pending));
    }

    [Fact]
    public async Task An_update_that_cannot_be_decoded_or_a_file_that_cannot_be_fetched_is_answered_and_polling_goes_on()
    {
        using var bot = new BotProcess(_dir, Env());
        Assert.Contains("Chào đồng chí Nguyễn Văn An", (await SayAsync("/start an"))[0].Text);
        Assert.Contains("Bước 1/25", (await SayAsync("/sinhhoat"))[0].Text);
        var menu = _api.In(An).Last(m => m.Buttons.Count > 0);

        // In one batch: a tap whose data is a lone surrogate (valid JSON Telegram.Bot cannot decode), then another person's message.
        var before = _api.In(An).Count;
        var badTap = _api.UserTaps(menu, An, "An", FakeBotApi.LoneSurrogate);
        var minhSays = await SayInAsync(Minh, Minh, "Minh", "/start minh");
        Assert.Contains("Chào đồng chí Trần Văn Minh", minhSays[0].Text);
        var told = await NewAsync(before);
        Assert.StartsWith("Bot không đọc được tin nhắn hoặc nút bấm vừa rồi; không có gì thay đổi.", told[0].Text);
        Assert.Contains("Bước 1/25", told[^1].Text); // the question asked again
        Assert.Contains($"cb{badTap}", _api.AnsweredCallbacks); // the button stops spinning
        Assert.True(_api.ConfirmedBelow > badTap);

        // A document whose download fails (404 on the file URL).
        before = _api.In(An).Count;
        var gone = _api.UserSendsDocument(An, An, "An", "to-chuc.csv", "Loại,Mã"u8.ToArray(), downloadFails: true);
        var failed = await NewAsync(before);
        Assert.StartsWith("Không tải được tệp to-chuc.csv từ Telegram; không có gì thay đổi. Đồng chí gửi lại tệp nhé.", failed[0].Text);
        // The question is asked again (its buttons the current ones): on a slow machine it may come after a pause.
        var asked = DateTime.UtcNow.AddSeconds(30);
        while (!_api.In(An).Skip(before).Any(m => m.Text.Contains("Bước 1/25") && m.Buttons.Count > 0) && DateTime.UtcNow < asked) await Task.Delay(50);

        // Nothing is held up: the flow goes on, and both bad updates were confirmed. (The question asked again after the
        // failed download may still be on its way: wait for the next step's question rather than for any message.)
        before = _api.In(An).Count;
        await TapAsync("Hôm nay");
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!_api.In(An).Skip(before).Any(m => m.Text.Contains("Bước 2/25")) && DateTime.UtcNow < until) await Task.Delay(50);
        Assert.Contains(_api.In(An).Skip(before), m => m.Text.Contains("Bước 2/25"));
        Assert.True(_api.ConfirmedBelow > gone);
    }

    [Fact]
    public async Task A_file_slow_to_download_holds_up_no_other_chat_and_its_update_is_confirmed_only_once_handled()
    {
        using var bot = new BotProcess(_dir, Env());
        Assert.Contains("Chào đồng chí Nguyễn Văn An", (await SayAsync("/start an"))[0].Text);
        Assert.Contains("Chào đồng chí Trần Văn Minh", (await SayInAsync(Minh, Minh, "Minh", "/start minh"))[0].Text);

        // An sends a file; the download hangs (a slow network, a large file).
        var hold = new TaskCompletionSource();
        _api.HoldDownloads = hold;
        var before = _api.In(An).Count;
        var slow = _api.UserSendsDocument(An, An, "An", "to-chuc.csv", "Loại,Mã"u8.ToArray());
        var until = DateTime.UtcNow.AddSeconds(30);
        while (_api.DownloadsHeld == 0 && DateTime.UtcNow < until) await Task.Delay(20);
        Assert.Equal(1, _api.DownloadsHeld);

        // Meanwhile Minh's chat goes on: each message sent after the answer to the one before, so each comes in a later
        // getUpdates than An's file.
        for (var i = 0; i < 3; i++)
            Assert.NotEmpty(await SayInAsync(Minh, Minh, "Minh", "/trogiup"));
        Assert.Equal(before, _api.In(An).Count);
        Assert.True(_api.ConfirmedBelow <= slow, $"the update being handled was confirmed: offset {_api.ConfirmedBelow}, update {slow}");

        // The download ends: An is answered, and the update is confirmed.
        hold.SetResult();
        await NewAsync(before);
        Assert.True(_api.In(An).Count > before);
        until = DateTime.UtcNow.AddSeconds(30);
        while (_api.ConfirmedBelow <= slow && DateTime.UtcNow < until) await Task.Delay(20);
        Assert.True(_api.ConfirmedBelow > slow);
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    [Fact]
    public async Task The_webhook_rejects_a_wrong_secret_records_before_answering_and_drops_redeliveries()
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}/telegram/hook";
        using (var bot = new BotProcess(_dir, Env(("Telegram__WebhookUrl", url), ("Telegram__WebhookSecret", "s3cret-token_1"), ("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"))))
        {
            using var http = new HttpClient();
            var until = DateTime.UtcNow.AddSeconds(30);
            while ((_api.WebhookUrl is null || _api.Commands.Count < 2) && DateTime.UtcNow < until) await Task.Delay(50);
            Assert.Equal((url, "s3cret-token_1"), (_api.WebhookUrl, _api.WebhookSecret));
            Assert.Contains("all_private_chats", _api.Commands.Keys);
            static string Described(JsonNode? commands, string name) =>
                (string)commands!.AsArray().Single(c => (string)c!["command"]! == name)!["description"]!;
            Assert.Equal("Liên kết nhóm với chi bộ (bí thư)", Described(_api.Commands["all_group_chats"], "lienket"));
            Assert.Equal("Ghi buổi sinh hoạt chi bộ từng bước", Described(_api.Commands["all_private_chats"], "sinhhoat"));

            var update = new JsonObject
            {
                ["update_id"] = 77,
                ["message"] = new JsonObject
                {
                    ["message_id"] = 1, ["date"] = 0, ["chat"] = new JsonObject { ["id"] = An, ["type"] = "private" },
                    ["from"] = new JsonObject { ["id"] = An, ["is_bot"] = false, ["first_name"] = "An" }, ["text"] = "/start an",
                },
            }.ToJsonString();
            async Task<HttpStatusCode> Post(string? secret)
            {
                for (var attempt = 0; ; attempt++)
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(update, Encoding.UTF8, "application/json") };
                    if (secret is not null) request.Headers.Add(TelegramWebhook.SecretHeader, secret);
                    try { return (await http.SendAsync(request)).StatusCode; }
                    catch (HttpRequestException) when (attempt < 100) { await Task.Delay(100); } // Kestrel starts after set-up
                }
            }
            Assert.Equal(HttpStatusCode.Unauthorized, await Post(null));
            Assert.Equal(HttpStatusCode.Unauthorized, await Post("wrong"));
            Assert.Equal(HttpStatusCode.OK, await Post("s3cret-token_1"));
            var first = await NewAsync(0);
            Assert.Contains("Chào đồng chí Nguyễn Văn An", first[0].Text);
            Assert.Equal(HttpStatusCode.OK, await Post("s3cret-token_1")); // Telegram delivers it again
            await Task.Delay(1000);
            Assert.Single(_api.In(An));
            // A tap Telegram.Bot cannot decode (a lone surrogate in its data): answered and confirmed (200), not retried for ever.
            update = """{"update_id":78,"callback_query":{"id":"cb78","from":{"id":5001,"is_bot":false,"first_name":"An"},"chat_instance":"ci","data":"\ud800","message":{"message_id":1,"date":0,"chat":{"id":5001,"type":"private"}}}}""";
            Assert.Equal(HttpStatusCode.OK, await Post("s3cret-token_1"));
            Assert.StartsWith("Bot không đọc được tin nhắn hoặc nút bấm vừa rồi", (await NewAsync(1))[0].Text);
            Assert.Contains("cb78", _api.AnsweredCallbacks);
            update = "{\"update_id\": 79, \"message\": "; // not JSON at all
            Assert.Equal(HttpStatusCode.BadRequest, await Post("s3cret-token_1"));
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{port}/hangfire")).StatusCode); // no dashboard without its password
            bot.Kill();
        }
        // Back to polling: the webhook is deleted first (getUpdates would get 409 while it is set).
        using var polling = new BotProcess(_dir, Env());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_api.WebhookUrl is not null && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Null(_api.WebhookUrl);
        Assert.Contains("Gõ /trogiup", (await SayAsync("xin chào"))[0].Text);
    }

    [Fact]
    public async Task The_job_dashboard_listens_on_its_own_address_never_on_the_webhooks()
    {
        var (port, dashboardPort) = (FreePort(), FreePort());
        using var bot = new BotProcess(_dir, Env(("Telegram__WebhookUrl", $"http://127.0.0.1:{port}/telegram/hook"), ("Telegram__WebhookSecret", "s3cret-token_1"),
            ("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"), ("Reminders__Enabled", "true"),
            ("Dashboard__User", "quantri"), ("Dashboard__Password", "mat-khau-2"), ("Dashboard__Url", $"http://127.0.0.1:{dashboardPort}")));
        using var http = new HttpClient();
        async Task<HttpStatusCode> Get(string url)
        {
            for (var attempt = 0; ; attempt++)
            {
                try { return (await http.GetAsync(url)).StatusCode; }
                catch (HttpRequestException) when (attempt < 100) { await Task.Delay(100); } // Kestrel starts after set-up
            }
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await Get($"http://127.0.0.1:{dashboardPort}/hangfire"));
        Assert.Equal(HttpStatusCode.NotFound, await Get($"http://127.0.0.1:{port}/hangfire"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, await Get($"http://127.0.0.1:{port}/telegram/hook")); // the webhook's listener is up
        bot.Kill();
    }

    [Fact]
    public async Task The_health_check_answers_on_the_webhooks_address_and_on_its_own_while_polling()
    {
        using var http = new HttpClient();
        async Task<(HttpStatusCode Status, JsonNode? Body)> Health(string url, string until)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    using var answer = await http.GetAsync(url);
                    var text = await answer.Content.ReadAsStringAsync();
                    if (text.Contains(until) || DateTime.UtcNow > deadline) return (answer.StatusCode, JsonNode.Parse(text));
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline) { } // Kestrel starts after set-up
                await Task.Delay(100);
            }
        }
        static string? Check(JsonNode? body, string name) =>
            body?["checks"]?.AsArray().First(c => (string?)c?["name"] == name)?["description"]?.GetValue<string>();

        // Webhook mode: the reverse proxy asks the address it forwards to.
        var port = FreePort();
        using (var bot = new BotProcess(_dir, Env(("Telegram__WebhookUrl", $"http://127.0.0.1:{port}/telegram/hook"), ("Telegram__WebhookSecret", "s3cret-token_1"),
            ("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"))))
        {
            var (status, body) = await Health($"http://127.0.0.1:{port}/healthz", "telegram (webhook): sẵn sàng");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Healthy", (string?)body?["status"]);
            Assert.Equal("tệp LiteDB: đọc được.", Check(body, "store"));
            Assert.Equal("telegram (webhook): sẵn sàng", Check(body, "receiving"));
            Assert.DoesNotContain(FakeBotApi.Token, body!.ToJsonString());
            bot.Kill();
        }

        // Polling: nothing listens unless Health__Url says where.
        var healthPort = FreePort();
        using (var bot = new BotProcess(_dir, Env(("Health__Url", $"http://127.0.0.1:{healthPort}"))))
        {
            var (status, body) = await Health($"http://127.0.0.1:{healthPort}/healthz", "lần hỏi gần nhất");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.StartsWith("telegram (long polling): lần hỏi gần nhất", Check(body, "receiving"));
            Assert.StartsWith("Đồng chí chưa có trong danh sách của bot", (await SayAsync("xin chào"))[0].Text); // and it answers as before
            bot.Kill();
        }
    }

    [Fact]
    public async Task A_webhook_without_a_secret_does_not_start()
    {
        using var bot = new BotProcess(_dir, Env(("Telegram__WebhookUrl", "https://example.invalid/hook")));
        Assert.Equal(1, await bot.EndInputAsync());
        Assert.Contains("Telegram__WebhookSecret là bắt buộc khi dùng webhook", bot.Errors);
    }
}
