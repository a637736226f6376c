using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChiBo.Bot.Channels.Telegram;
using ChiBo.Bot.Tests.Console;
using ChiBo.Bot.Tests.Scheduling;
using ChiBo.Bot.Tests.Scripts;
using ChiBo.Bot.Tests.Telegram;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Bot.Tests.Storage;

/// <summary>
/// Two processes of the real program in Telegram webhook mode on one PostgreSQL and one fake Bot API (with Telegram's
/// limits on): turns across many chats go to either, one is killed (kill -9) half-way and its share goes to the other,
/// as a reverse proxy would send it. Every turn is answered once, in the chat's order, nothing recorded twice, and the
/// Bot API never answers 429 (the limits are kept by one sender for both).
/// </summary>
public sealed class TwoInstancesProcessTests(PostgresFixture pg, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-2p").FullName;
    readonly FakeBotApi _api = new() { LimitsOn = true };
    const int Chats = 24;
    const int Turns = 12;
    const string Secret = "s3cret-token_2";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    static long ChatOf(int c) => 7001 + c;

    [PostgresFact(Timeout = 240_000)]
    public async Task Turns_across_two_instances_one_killed_half_way_are_each_answered_once_in_order_within_the_limits()
    {
        var target = PostgresTarget.Fresh(pg.Server.ConnectionString);
        using (var seed = ChiBoStore.OnPostgres(target.ConnectionString, target.Schema))
        {
            DemoData.SeedIfEmpty(seed, DateTime.UtcNow);
            seed.InTransaction(() =>
            {
                for (var c = 0; c < Chats; c++)
                {
                    var id = $"dv-{c}";
                    seed.Members.Insert(new Member { Id = id, Name = $"Đảng viên {c}", CellId = "cb-thon-dong" });
                    seed.Identities.Insert(new ChatIdentity { Id = ChatIdentity.KeyOf("telegram", ChatOf(c).ToString()), Channel = "telegram", PlatformUserId = ChatOf(c).ToString(), MemberId = id });
                }
            });
        }
        for (var c = 0; c < Chats; c++) _api.AddPrivateChat(ChatOf(c));
        var ports = new[] { TelegramProcessTests.FreePort(), TelegramProcessTests.FreePort() };
        Dictionary<string, string> Env(int i) => new()
        {
            ["Telegram__BotToken"] = FakeBotApi.Token, ["Telegram__ApiBaseUrl"] = _api.BaseUrl,
            ["Telegram__WebhookUrl"] = $"http://127.0.0.1:{ports[i]}/telegram/hook", ["Telegram__WebhookSecret"] = Secret,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[i]}",
            ["Storage__Provider"] = "postgres", ["ConnectionStrings__ChiBo"] = target.ConnectionString, ["Storage__Schema"] = target.Schema,
            ["Storage__Path"] = Path.Combine(_dir, $"i{i}", "chibo.db"), ["Demo__Enabled"] = "false", ["Reminders__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning", ["Logging__LogLevel__ChiBo.Bot.Outbox.OutboxSender"] = "Information",
        };
        var bots = new[] { new BotProcess(_dir, Env(0)), new BotProcess(_dir, Env(1)) };
        static string Tail(string log) => string.Join('\n', log.Split('\n').TakeLast(30));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var updateId = 1000;
        var killed = -1;
        const string Leads = "This instance sends the outbox";
        try
        {
            // One turn: posted to the instance given; if it is gone, to the other, as a proxy would.
            async Task Post(int instance, long chat, string text)
            {
                var update = new JsonObject
                {
                    ["update_id"] = Interlocked.Increment(ref updateId),
                    ["message"] = new JsonObject
                    {
                        ["message_id"] = 1, ["date"] = 0, ["chat"] = new JsonObject { ["id"] = chat, ["type"] = "private" },
                        ["from"] = new JsonObject { ["id"] = chat, ["is_bot"] = false, ["first_name"] = "ĐV" }, ["text"] = text,
                    },
                }.ToJsonString();
                for (var attempt = 0; ; attempt++)
                {
                    var to = instance == killed ? 1 - instance : instance;
                    var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{ports[to]}/telegram/hook") { Content = new StringContent(update, Encoding.UTF8, "application/json") };
                    request.Headers.Add(TelegramWebhook.SecretHeader, Secret);
                    try
                    {
                        var status = (await http.SendAsync(request)).StatusCode;
                        if (status == HttpStatusCode.OK) return;
                    }
                    catch (HttpRequestException) when (attempt < 300) { } // starting, or killed: again (the other one if killed)
                    catch (HttpRequestException ex) { Assert.Fail($"instance {to} refused update {update} for 30 s ({ex.Message}); its log ends:\n{Tail(bots[to].Errors)}"); }
                    Assert.True(attempt < 300, $"the webhook of instance {to} did not take update {update}; its log ends:\n{Tail(bots[to].Errors)}");
                    await Task.Delay(100);
                }
            }
            async Task Round(int from, int to) => await Task.WhenAll(Enumerable.Range(0, Chats).Select(async c =>
            {
                for (var t = from; t < to; t++) await Post((c + t) % 2, ChatOf(c), $"/x{t}"); // a chat's turns alternate between instances
            }));
            async Task Delivered(int turns)
            {
                var until = DateTime.UtcNow.AddSeconds(90);
                while (Enumerable.Range(0, Chats).Any(c => _api.CountIn(ChatOf(c)) < turns))
                {
                    Assert.True(DateTime.UtcNow < until, $"not all answered: {string.Join(", ", Enumerable.Range(0, Chats).Select(c => _api.CountIn(ChatOf(c))))}\n{bots[0].Errors}\n{bots[1].Errors}");
                    await Task.Delay(100);
                }
            }

            await Round(0, Turns / 2);
            await Delivered(Turns / 2);
            // Killed once those replies are marked sent: one sent and not yet marked would be sent again by the next sender
            // (at-least-once at a sender change, documented), which is not what this test is about.
            using (var marks = ChiBoStore.OnPostgres(target.ConnectionString, target.Schema))
            {
                var until = DateTime.UtcNow.AddSeconds(30);
                while (marks.Outbox.Count(o => o.Status == OutboxStatus.Sent) < Chats * Turns / 2)
                {
                    Assert.True(DateTime.UtcNow < until, "the replies of the first half were never all marked sent");
                    await Task.Delay(50);
                }
            }
            // kill -9 the instance that sends, with the turns of the first half answered: the other takes over.
            var leader = Assert.Single(Enumerable.Range(0, 2), i => bots[i].Errors.Contains(Leads));
            // Each instance's /healthz (what the proxy asks): both read the database; the one that does not send says so.
            async Task<string> Health(int i) => await http.GetStringAsync($"http://127.0.0.1:{ports[i]}/healthz");
            Assert.Contains("PostgreSQL: đọc được.", await Health(leader));
            Assert.DoesNotContain("Phiên bản khác", await Health(leader));
            Assert.Contains("Phiên bản khác đang gửi tin", await Health(1 - leader));
            var (leaderCpu, leaderPeak) = bots[leader].Usage();
            output.WriteLine($"sending instance before kill -9: CPU {leaderCpu.TotalSeconds:F1} s, peak RSS {leaderPeak >> 20} MiB");
            bots[leader].Kill();
            killed = leader;
            await Round(Turns / 2, Turns);
            await Delivered(Turns);
            await Task.Delay(1500); // nothing more comes
            Assert.Contains(Leads, bots[1 - killed].Errors);
            Assert.Contains("Không có tin chờ gửi.", await Health(1 - killed)); // it sends now, and everything went
            var (cpu, peak) = bots[1 - killed].Usage();
            output.WriteLine($"instance that took over, at the end: CPU {cpu.TotalSeconds:F1} s, peak RSS {peak >> 20} MiB ({Chats * Turns} turns in all)");

            for (var c = 0; c < Chats; c++)
                Assert.Equal(Enumerable.Range(0, Turns).Select(t => $"Không có lệnh /x{t}. Gõ /trogiup để xem các lệnh."), _api.In(ChatOf(c)).Select(m => m.Text));
            Assert.True(_api.TooManyRequests == 0, "429 from the Bot API:\n" + string.Join("\n", _api.LimitLog));
            var accepted = _api.All().Select(m => m.AcceptedAtUtc).Order().ToList();
            for (var i = 30; i < accepted.Count; i++) Assert.True(accepted[i] - accepted[i - 30] >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(20),
                $"31 messages within a second, ending {accepted[i]:HH:mm:ss.fff}");
            using var check = ChiBoStore.OnPostgres(target.ConnectionString, target.Schema);
            Assert.Equal(Chats * Turns, check.Processed.Count(p => p.Id.StartsWith("telegram:")));
            Assert.Equal(Chats * Turns, check.Outbox.Count(o => o.Status == OutboxStatus.Sent));
        }
        finally
        {
            foreach (var b in bots) b.Dispose();
            target.Drop();
        }
    }
}
