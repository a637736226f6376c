using ChiBo.Bot.Channels;
using ChiBo.Bot.Outbox;
using ChiBo.Bot.Tests.Scheduling;
using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Storage;

/// <summary>
/// Two instances of the bot on one PostgreSQL schema, in this process (each its own store, pipeline and outbox sender):
/// updates of a chat go to either, some to both at once (a redelivery), and the senders of both deliver.
/// </summary>
public sealed class TwoInstancesTests(PostgresFixture pg) : IClassFixture<PostgresFixture>
{
    static List<string> Texts(RecordingSender sent) { lock (sent.All) return sent.All.Select(m => m.Text).ToList(); }

    /// <summary>Waits up to 15 s for the condition; fails saying what did not happen.</summary>
    static async Task Until(Func<bool> done, string what)
    {
        for (var waited = 0; !done(); waited += 20)
        {
            Assert.True(waited < 15_000, $"{what} (15 s)");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Instances of the program on one fresh schema of the test server, each in a folder of its own. Disposed: their
    /// senders stopped, the instances disposed, the schema dropped, the folders deleted.
    /// </summary>
    sealed class OneSchema(PostgresFixture pg) : IAsyncDisposable
    {
        readonly List<(ServiceProvider Services, string Dir)> _instances = [];
        public PostgresTarget Target { get; } = PostgresTarget.Fresh(pg.Server.ConnectionString);

        /// <summary>The demo organisation in the schema.</summary>
        public void Seed(DateTime utcNow)
        {
            using var seed = ChiBoStore.OnPostgres(Target.ConnectionString, Target.Schema);
            DemoData.SeedIfEmpty(seed, utcNow);
        }

        /// <summary>One more instance, composed as the program is, with the test's channel and options.</summary>
        public ServiceProvider Instance(TimeProvider clock, Action<IServiceCollection> channel)
        {
            var dir = Directory.CreateTempSubdirectory("chibo-pg").FullName;
            var services = CoreComposition.Build(dir, clock, channel, postgres: Target);
            _instances.Add((services, dir));
            return services;
        }

        /// <summary>An instance per recording sender, each sending to its own, with these outbox options.</summary>
        public ServiceProvider[] Senders(RecordingSender[] sent, Action<OutboxOptions> options) =>
            [.. sent.Select(recording => Instance(TimeProvider.System, s =>
            {
                s.AddSingleton<IChannelSender>(recording);
                s.Configure(options);
            }))];

        public async ValueTask DisposeAsync()
        {
            foreach (var (services, _) in _instances) await services.GetRequiredService<OutboxSender>().StopAsync(CancellationToken.None);
            foreach (var (services, _) in _instances) services.Dispose();
            Target.Drop();
            foreach (var (_, dir) in _instances) Directory.Delete(dir, true);
        }
    }

    [PostgresFact(Timeout = 120_000)]
    public async Task An_instance_that_does_not_send_sets_a_flooding_chat_aside_too_counting_its_waiting_replies_in_the_database()
    {
        await using var schema = new OneSchema(pg);
        var clock = new FakeTimeProvider(ScriptRunner.DefaultStart);
        schema.Seed(clock.GetUtcNow().UtcDateTime);
        // Neither sender runs: no instance holds the sender's place, so replies wait and neither knows them in memory.
        var instance = schema.Instance(clock, s => s.AddSingleton<IChannelSender>(new RecordingSender()));
        var pipeline = instance.GetRequiredService<TurnPipeline>();
        var store = instance.GetRequiredService<ChiBoStore>();
        Assert.False(instance.GetRequiredService<OutboxSender>().Leading);
        for (var i = 0; i < 30; i++) await pipeline.HandleAsync(new IncomingUpdate("console", $"u{i}", "an", ChatKind.Private, "an", "an", "/lichhop"));
        await pipeline.HandleAsync(new IncomingUpdate("console", "u30", "an", ChatKind.Private, "an", "an", "/sinhhoat"));
        Assert.Null(store.SessionOf("console:an")); // set aside: not read
        var waiting = store.Outbox.Find(o => o.ChatId == "an" && o.Status == OutboxStatus.Pending).OrderBy(o => o.Id).ToList();
        Assert.Equal(31, waiting.Count);
        Assert.Equal(TurnPipeline.BackloggedText, waiting[^1].Text);
    }

    [PostgresFact(Timeout = 120_000)]
    public async Task Every_turn_is_answered_once_in_the_chat_s_order_whichever_instance_gets_it()
    {
        await using var schema = new OneSchema(pg);
        var clock = new FakeTimeProvider(ScriptRunner.DefaultStart);
        var sent = new RecordingSender();
        schema.Seed(clock.GetUtcNow().UtcDateTime);
        var instances = new[] { schema.Instance(clock, s => s.AddSingleton<IChannelSender>(sent)), schema.Instance(clock, s => s.AddSingleton<IChannelSender>(sent)) };
        var pipelines = instances.Select(i => i.GetRequiredService<TurnPipeline>()).ToArray();
        var senders = instances.Select(i => i.GetRequiredService<OutboxSender>()).ToArray();
        string[] users = ["an", "hoa", "minh", "lan", "thu", "tuan"];
        const int Turns = 20;
        var duplicates = 0;
        await Task.WhenAll(users.Select((user, u) => Task.Run(async () =>
        {
            var random = new Random(u);
            for (var i = 0; i < Turns; i++)
            {
                var update = new IncomingUpdate(DemoData.Channel, $"{user}-{i}", user, ChatKind.Private, user, user, $"/x{i}");
                var first = random.Next(2);
                if (random.Next(3) == 0) // delivered to both at once
                {
                    Interlocked.Increment(ref duplicates);
                    var handled = await Task.WhenAll(pipelines[0].HandleAsync(update), pipelines[1].HandleAsync(update));
                    Assert.Single(handled, true); // one handled it, the other found it handled
                }
                else Assert.True(await pipelines[first].HandleAsync(update));
                await senders[random.Next(2)].DeliverPendingAsync();
            }
        })));
        await Task.WhenAll(senders.Select(s => s.DeliverPendingAsync()));
        await Task.WhenAll(senders.Select(s => s.DeliverPendingAsync()));

        Assert.True(duplicates > 0);
        foreach (var user in users)
        {
            List<string> texts;
            lock (sent.All) texts = sent.All.Where(m => m.ChatId == user).Select(m => m.Text).ToList();
            Assert.Equal(Enumerable.Range(0, Turns).Select(i => $"Không có lệnh /x{i}. Gõ /trogiup để xem các lệnh."), texts);
        }
        using var check = ChiBoStore.OnPostgres(schema.Target.ConnectionString, schema.Target.Schema);
        Assert.Equal(users.Length * Turns, check.Processed.Count());
        Assert.Equal(users.Length * Turns, check.Outbox.Count(o => o.Status == OutboxStatus.Sent));
        Assert.Equal(0, check.Outbox.Count(o => o.Status == OutboxStatus.Pending));
    }

    /// <summary>A sender whose every message waits for the test's word, noting whether the sender's place was held then.</summary>
    sealed class GatedSender(Func<bool> placeHeld) : IChannelSender
    {
        public string Channel => DemoData.Channel;
        public SemaphoreSlim Go { get; } = new(0);
        public SemaphoreSlim Started { get; } = new(0);
        public List<(string Text, bool PlaceHeld)> Sent { get; } = [];

        public async Task SendAsync(OutboxMessage message, CancellationToken ct)
        {
            var held = placeHeld();
            Started.Release();
            await Go.WaitAsync(ct);
            lock (Sent) Sent.Add((message.Text, held));
        }
    }

    [PostgresFact(Timeout = 60_000)]
    public async Task A_sender_whose_connection_broke_stops_before_its_next_message_and_resumes_only_with_the_place_again()
    {
        await using var schema = new OneSchema(pg);
        var lockKey = schema.Target.Schema + ":outbox-sender";
        bool PlaceHeld()
        {
            using var conn = new Npgsql.NpgsqlConnection(schema.Target.ConnectionString);
            conn.Open();
            using var cmd = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 " +
                "AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)", conn);
            cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = lockKey });
            return Convert.ToInt64(cmd.ExecuteScalar()) > 0;
        }
        var sender = new GatedSender(PlaceHeld);
        var services = schema.Instance(TimeProvider.System, s =>
        {
            s.AddSingleton<IChannelSender>(sender);
            s.Configure<OutboxOptions>(o => (o.TakeoverPause, o.LeaderRetry, o.LeaderCheck, o.PollInterval) =
                (TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.Zero, TimeSpan.FromMilliseconds(100)));
        });
        var outbox = services.GetRequiredService<OutboxSender>();
        var store = services.GetRequiredService<ChiBoStore>();
        store.InTransaction(() => ChiBo.Dialogs.Storage.Outbox.Put(store, DemoData.Channel, "an", ChatKind.Private, [new Reply("một"), new Reply("hai")], DateTime.UtcNow));
        await outbox.StartAsync(CancellationToken.None);
        Assert.True(await sender.Started.WaitAsync(TimeSpan.FromSeconds(20))); // "một" is being sent
        // The connection holding the sender's place breaks (the server restarted it, a network cut).
        using (var conn = new Npgsql.NpgsqlConnection(schema.Target.ConnectionString))
        {
            conn.Open();
            using var cut = new Npgsql.NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted " +
                "AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)", conn);
            cut.Parameters.Add(new Npgsql.NpgsqlParameter { Value = lockKey });
            Assert.NotNull(cut.ExecuteScalar());
        }
        for (var i = 0; i < 100 && PlaceHeld(); i++) await Task.Delay(50); // the server ends that session
        Assert.False(PlaceHeld());
        sender.Go.Release(); // "một" arrives
        Assert.True(await sender.Started.WaitAsync(TimeSpan.FromSeconds(20))); // "hai": only once the place is held again
        sender.Go.Release();
        for (var i = 0; i < 100 && sender.Sent.Count < 2; i++) await Task.Delay(50);
        Assert.Equal([("một", true), ("hai", true)], sender.Sent);
    }

    [PostgresFact(Timeout = 60_000)]
    public async Task Turns_of_one_chat_on_two_instances_run_one_after_the_other()
    {
        var target = PostgresTarget.Fresh(pg.Server.ConnectionString);
        using var a = ChiBoStore.OnPostgres(target.ConnectionString, target.Schema);
        using var b = ChiBoStore.OnPostgres(target.ConnectionString, target.Schema);
        try
        {
            a.InTransaction(() => a.ChatStates.Insert(new ChatState { Id = "console:an", PromptSeq = 0 }));
            // Each "turn" reads the chat's state, takes its time, and writes it back one higher: without the lock
            // the two instances read the same number and one increment is lost.
            using var go = new ManualResetEventSlim();
            Task Turns(ChiBoStore store) => Task.Factory.StartNew(() =>
            {
                go.Wait();
                for (var i = 0; i < 10; i++)
                    store.InTransaction(() =>
                    {
                        store.LockChat("console:an");
                        var state = store.ChatStates.FindById("console:an")!;
                        Thread.Sleep(20);
                        state.PromptSeq++;
                        store.ChatStates.Update(state);
                    });
            }, TaskCreationOptions.LongRunning);
            var both = Task.WhenAll(Turns(a), Turns(b));
            go.Set(); // both instances begin together
            await both;
            Assert.Equal(20, a.ChatStates.FindById("console:an")!.PromptSeq);
        }
        finally { target.Drop(); }
    }

    [PostgresFact(Timeout = 120_000)]
    public async Task One_instance_sends_for_all_and_another_takes_over_when_it_stops()
    {
        await using var schema = new OneSchema(pg);
        var sent = new[] { new RecordingSender(), new RecordingSender() };
        schema.Seed(DateTime.UtcNow);
        // No polling within the test: the sender learns of the other instance's messages by LISTEN/NOTIFY.
        var instances = schema.Senders(sent, o => (o.LeaderRetry, o.PollInterval, o.TakeoverPause) = (TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(5), TimeSpan.Zero));
        var pipelines = instances.Select(i => i.GetRequiredService<TurnPipeline>()).ToArray();
        var senders = instances.Select(i => i.GetRequiredService<OutboxSender>()).ToArray();
        await senders[0].StartAsync(CancellationToken.None);
        await Until(() => senders[0].Leading, "the first instance never sent");
        await senders[1].StartAsync(CancellationToken.None);
        for (var i = 0; i < 10; i++) // turns on both instances; the first sends every reply
            await pipelines[i % 2].HandleAsync(new IncomingUpdate(DemoData.Channel, $"a{i}", "an", ChatKind.Private, "an", "an", $"/x{i}"));
        await Until(() => Texts(sent[0]).Count == 10, "not delivered");
        Assert.Empty(Texts(sent[1]));
        Assert.False(senders[1].Leading);

        await senders[0].StopAsync(CancellationToken.None); // as when the instance stops: its place is free
        await Until(() => senders[1].Leading, "the second instance never took over");
        for (var i = 10; i < 15; i++)
            await pipelines[0].HandleAsync(new IncomingUpdate(DemoData.Channel, $"a{i}", "an", ChatKind.Private, "an", "an", $"/x{i}"));
        await Until(() => Texts(sent[1]).Count == 5, "not delivered after the takeover");
        Assert.Equal(Enumerable.Range(0, 15).Select(i => $"Không có lệnh /x{i}. Gõ /trogiup để xem các lệnh."), Texts(sent[0]).Concat(Texts(sent[1])));
    }

    [PostgresFact(Timeout = 60_000)]
    public async Task A_chats_message_from_another_instance_whose_notice_has_not_come_goes_out_before_this_instances_later_reply()
    {
        await using var schema = new OneSchema(pg);
        var sent = new RecordingSender();
        schema.Seed(DateTime.UtcNow);
        var instance = schema.Instance(TimeProvider.System, s =>
        {
            s.AddSingleton<IChannelSender>(sent);
            // No polling within the test: only a notice or this instance's own commits make the sender read.
            s.Configure<OutboxOptions>(o => (o.LeaderRetry, o.PollInterval, o.TakeoverPause) = (TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(5), TimeSpan.Zero));
        });
        var sender = instance.GetRequiredService<OutboxSender>();
        var pipeline = instance.GetRequiredService<TurnPipeline>();
        await sender.StartAsync(CancellationToken.None);
        await Until(() => sender.Leading, "it never sent");
        await pipeline.HandleAsync(new IncomingUpdate(DemoData.Channel, "a0", "an", ChatKind.Private, "an", "an", "/x0"));
        await Until(() => Texts(sent).Count == 1, "the first reply was not delivered");

        // Another instance's reply to the same chat, committed before this instance's next turn, its notice not come
        // yet (written beneath the store: no notice at all).
        using (var other = ChiBoStore.OnPostgres(schema.Target.ConnectionString, schema.Target.Schema))
        {
            var now = DateTime.UtcNow;
            ChiBoStore.Beneath(other.Outbox).Insert(new OutboxMessage
            {
                Channel = DemoData.Channel, ChatId = "an", Text = "Trả lời từ phiên bản khác", Status = OutboxStatus.Pending, CreatedAtUtc = now, NextAttemptUtc = now,
            });
        }
        await pipeline.HandleAsync(new IncomingUpdate(DemoData.Channel, "a1", "an", ChatKind.Private, "an", "an", "/x1"));
        await Until(() => Texts(sent).Count == 3, "the other instance's reply and the second were not delivered");
        Assert.Equal(["Không có lệnh /x0. Gõ /trogiup để xem các lệnh.", "Trả lời từ phiên bản khác", "Không có lệnh /x1. Gõ /trogiup để xem các lệnh."], Texts(sent));
    }

    [PostgresFact(Timeout = 60_000)]
    public async Task A_message_held_by_a_sender_that_left_its_place_and_sent_by_the_next_is_not_sent_again_when_the_first_sends_again()
    {
        await using var schema = new OneSchema(pg);
        var sent = new[] { new RecordingSender(), new RecordingSender() };
        schema.Seed(DateTime.UtcNow);
        var instances = schema.Senders(sent, o => (o.TakeoverPause, o.LeaderRetry, o.LeaderCheck, o.PollInterval) =
            (TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.Zero, TimeSpan.FromMilliseconds(100)));
        var senders = instances.Select(i => i.GetRequiredService<OutboxSender>()).ToArray();
        await senders[0].StartAsync(CancellationToken.None);
        await Until(() => senders[0].Leading, "the first instance never sent");
        await senders[1].StartAsync(CancellationToken.None);
        // A message due in a few seconds: the first instance reads it and holds it.
        var store = instances[0].GetRequiredService<ChiBoStore>();
        store.InTransaction(() => ChiBo.Dialogs.Storage.Outbox.Put(store, DemoData.Channel, "an", ChatKind.Private, [new Reply("hẹn giờ")], DateTime.UtcNow.AddSeconds(3)));
        await Task.Delay(500);

        // It stops (its place is free, what it read is still in its memory): the second instance sends from then on.
        await senders[0].StopAsync(CancellationToken.None);
        await Until(() => senders[1].Leading, "the second instance never took over");
        await Until(() => Texts(sent[1]).Count == 1, "the second instance did not send the message");

        await senders[0].StartAsync(CancellationToken.None);
        await senders[1].StopAsync(CancellationToken.None); // the first sends again
        await Until(() => senders[0].Leading, "the first instance did not take the place again");
        await Task.Delay(1000);
        Assert.Equal(["hẹn giờ"], Texts(sent[1]));
        Assert.Empty(Texts(sent[0])); // what it held from before is read again: sent already
    }
}
