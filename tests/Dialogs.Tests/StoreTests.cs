using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using LiteDB;
using ChiBo.Dialogs.Conversation;

namespace ChiBo.Dialogs.Tests;

public sealed class StoreTests
{
    [Fact]
    public void A_notice_button_whose_command_Telegram_would_refuse_is_caught_when_written_not_when_sent()
    {
        using var t = new TestStore();
        var now = t.Clock.GetUtcNow().UtcDateTime;
        var fits = new Reply("Báo", [new Choice($"cmd:/dangvien {new string('a', 40)} xacnhan", "Xác nhận")], Notice: true); // the longest member code
        var tooLong = new Reply("Báo", [new Choice($"cmd:/dangvien Chi bộ thôn Đông: {new string('a', 40)} xacnhan", "Xác nhận")], Notice: true);
        t.Store.InTransaction(() => Storage.Outbox.Put(t.Store, "telegram", "1", ChatKind.Private, [fits], now));
        Assert.Throws<ArgumentException>(() => t.Store.InTransaction(() => Storage.Outbox.Put(t.Store, "telegram", "1", ChatKind.Private, [tooLong], now)));
    }

    [Fact]
    public async Task Threads_meeting_the_outbox_for_the_first_time_at_once_each_get_new_numbers_for_their_messages()
    {
        // LiteDB 5.0.21 hands a type's mapping to a second thread before it is filled (no id: no number given, and the
        // second message "0" refused as a duplicate). The sender's first read and the first turns meet the outbox
        // together at start; writes go through the write transaction, as the bot's do.
        var dir = Path.Combine(Path.GetTempPath(), "chibo-unit", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            for (var round = 0; round < 100; round++)
            {
                using var store = new ChiBoStore(Path.Combine(dir, $"r{round}.db"));
                var start = new Barrier(4);
                var threads = Enumerable.Range(0, 4).Select(i => Task.Factory.StartNew(() =>
                {
                    start.SignalAndWait();
                    if (i % 2 == 0) store.Outbox.Find(o => o.ChatId == "c0"); // the sender reading what is pending
                    var ids = new List<long>();
                    for (var n = 0; n < 2; n++)
                    {
                        var m = new OutboxMessage { Channel = "console", ChatId = $"c{i}", Text = $"{i}.{n}", Status = OutboxStatus.Pending };
                        store.InTransaction(() => store.Outbox.Insert(m));
                        ids.Add(m.Id);
                    }
                    return ids;
                }, TaskCreationOptions.LongRunning)).ToArray();
                var numbers = (await Task.WhenAll(threads)).SelectMany(ids => ids).ToList();
                Assert.DoesNotContain(0L, numbers);
                Assert.Equal(8, numbers.Distinct().Count());
                Assert.Equal(8, store.Outbox.Count());
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

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
    public void Queries_of_fields_equal_to_values_find_what_LiteDB_finds_reading_the_same_predicate_itself()
    {
        using var t = new TestStore();
        var at = new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc);
        t.Store.InTransaction(() =>
        {
            foreach (var (id, cell, month) in new[] { ("a", "c1", "2026-11"), ("b", "c1", "2026-12"), ("c", "c2", "2026-12"), ("d", "c2", "2026-11") })
                t.Store.Meetings.Insert(new Meeting { Id = id, CellId = cell, Month = month, Date = new(2026, 11, 5), RecordedAtUtc = at });
        });
        var raw = t.Store.Db.GetCollection<Meeting>("meetings");
        List<string> Ids(IEnumerable<Meeting> found) => [.. found.Select(m => m.Id).Order()];
        var holder = new { Cell = new { Id = "c2" } };
        var month = "2026-12";
        // One after the other on the same thread: each query with its own values.
        foreach (var cell in new[] { "c1", "c2", "c3", "c1" })
            Assert.Equal(Ids(raw.Find(m => m.CellId == cell)), Ids(t.Store.Meetings.Find(m => m.CellId == cell)));
        Assert.Equal(["c"], Ids(t.Store.Meetings.Find(m => m.CellId == holder.Cell.Id && m.Month == month)));
        Assert.Equal(["b"], Ids(t.Store.Meetings.Find(m => month == m.Month && "c1" == m.CellId)));
        Assert.Equal(["d"], Ids(t.Store.Meetings.Find(m => m.Id == "d")));
        Assert.Equal("a", t.Store.Meetings.FindOne(m => m.CellId == "c1" && m.Month == "2026-11")?.Id);
        Assert.True(t.Store.Meetings.Exists(m => m.CellId == holder.Cell.Id));
        Assert.False(t.Store.Meetings.Exists(m => m.CellId == "c9"));
        Assert.Equal(2, t.Store.Meetings.Count(m => m.Month == month));
        // What is not such an equality is LiteDB's to read, as before.
        Assert.Equal(["a", "b"], Ids(t.Store.Meetings.Find(m => m.CellId == "c1" || m.Id == "zz")));
        Assert.Equal(Ids(raw.Find(m => m.CellId != "c1")), Ids(t.Store.Meetings.Find(m => m.CellId != "c1")));
        Assert.Equal(Ids(raw.Find(m => m.Date == new DateTime(2026, 11, 5))), Ids(t.Store.Meetings.Find(m => m.Date == new DateTime(2026, 11, 5))));
        Assert.Equal(["a", "b", "c", "d"], Ids(t.Store.Meetings.Find(m => m.Topic == null)));
    }

    [Fact]
    public void A_cells_scores_awaiting_a_vote_are_those_given_after_the_meeting_and_not_voted_and_a_vote_takes_one_off()
    {
        using var t = new TestStore();
        var store = t.Store;
        store.InTransaction(() =>
        {
            store.Evaluations.Insert(new Evaluation { Id = "cho", CellId = "c1", NeedsVote = true });
            store.Evaluations.Insert(new Evaluation { Id = "da-bieu-quyet", CellId = "c1", NeedsVote = true, Vote = new ScoreVote { For = 5 } });
            store.Evaluations.Insert(new Evaluation { Id = "cu", CellId = "c1", NeedsVote = false });
            store.Evaluations.Insert(new Evaluation { Id = "chi-bo-khac", CellId = "c2", NeedsVote = true });
        });
        // Asked again and again, in the write transaction (kept) and outside it.
        Assert.Equal(["cho"], store.InTransaction(() => store.ScoresAwaitingVote("c1")).Select(e => e.Id));
        Assert.Equal(["cho"], store.InTransaction(() => store.ScoresAwaitingVote("c1")).Select(e => e.Id));
        Assert.Equal(["cho"], store.ScoresAwaitingVote("c1").Select(e => e.Id));
        Assert.Equal(["chi-bo-khac"], store.InTransaction(() => store.ScoresAwaitingVote("c2")).Select(e => e.Id));
        store.InTransaction(() =>
        {
            var e = store.Evaluations.FindById("cho")!;
            e.Vote = new ScoreVote { For = 4 };
            store.Evaluations.Update(e);
            Assert.Empty(store.ScoresAwaitingVote("c1")); // in the transaction that voted
        });
        Assert.Empty(store.InTransaction(() => store.ScoresAwaitingVote("c1")));
        Assert.Empty(store.ScoresAwaitingVote("c1"));
        // A vote rolled back leaves the score awaiting.
        Assert.Throws<InvalidOperationException>(() => store.InTransaction(() =>
        {
            var e = store.Evaluations.FindById("chi-bo-khac")!;
            e.Vote = new ScoreVote { For = 4 };
            store.Evaluations.Update(e);
            Assert.Empty(store.ScoresAwaitingVote("c2"));
            throw new InvalidOperationException("rolled back");
        }));
        Assert.Equal(["chi-bo-khac"], store.InTransaction(() => store.ScoresAwaitingVote("c2")).Select(e => e.Id));
    }

    [Fact]
    public void A_cells_roster_read_every_turn_shows_each_change_to_its_members_at_once_and_none_rolled_back()
    {
        using var t = new TestStore();
        var store = t.Store;
        store.InTransaction(() =>
        {
            store.Members.Insert(new Member { Id = "a", Name = "Nguyễn Văn An", CellId = "to-1" });
            store.Members.Insert(new Member { Id = "b", Name = "Trần Thị Bình", CellId = "to-1" });
        });
        List<string> Names() => [.. store.CellRoster("to-1").Select(m => m.Name).Order()];
        Assert.Equal(["Nguyễn Văn An", "Trần Thị Bình"], store.InTransaction(Names));
        Assert.Equal(["Nguyễn Văn An", "Trần Thị Bình"], store.InTransaction(Names));
        Assert.Equal(["Nguyễn Văn An", "Trần Thị Bình"], Names());
        store.InTransaction(() =>
        {
            var b = store.Members.FindById("b")!;
            b.Name = "Trần Thị Bích";
            store.Members.Update(b);
            Assert.Equal(["Nguyễn Văn An", "Trần Thị Bích"], Names());
        });
        Assert.Equal(["Nguyễn Văn An", "Trần Thị Bích"], store.InTransaction(Names));
        Assert.Throws<InvalidOperationException>(() => store.InTransaction(() =>
        {
            var a = store.Members.FindById("a")!;
            a.Removed = true;
            store.Members.Update(a);
            Assert.Equal(["Trần Thị Bích"], Names());
            throw new InvalidOperationException("rolled back");
        }));
        Assert.Equal(["Nguyễn Văn An", "Trần Thị Bích"], store.InTransaction(Names));
        Assert.Equal(store.InTransaction(() => store.CellMembers("to-1")).Select(m => m.Id).Order(), store.InTransaction(() => store.CellRoster("to-1")).Select(m => m.Id).Order());
    }

    [Fact]
    public void The_latest_meeting_is_the_latest_by_date_then_by_when_it_was_recorded()
    {
        using var t = new TestStore();
        var at = new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc);
        t.Store.Meetings.Insert(new Meeting { Id = "thang-11", CellId = "c", Date = new(2026, 11, 5), RecordedAtUtc = at });
        t.Store.Meetings.Insert(new Meeting { Id = "thang-10", CellId = "c", Date = new(2026, 10, 5), RecordedAtUtc = at.AddDays(1) });
        t.Store.Meetings.Insert(new Meeting { Id = "khac", CellId = "c2", Date = new(2026, 11, 30), RecordedAtUtc = at });
        Assert.Equal("thang-11", t.Store.LatestMeeting("c")?.Id);
        t.Store.Meetings.Insert(new Meeting { Id = "chuyen-de", CellId = "c", Date = new(2026, 11, 5), RecordedAtUtc = at.AddHours(2) });
        Assert.Equal(["chuyen-de", "thang-11", "thang-10"], t.Store.MeetingsLatestFirst("c").Select(m => m.Id));
        Assert.Null(t.Store.LatestMeeting("khong-co"));
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

    [Fact]
    public async Task Work_queued_together_is_committed_together_and_each_caller_sees_its_own_result_once_durable()
    {
        using var t = new TestStore();
        var works = Enumerable.Range(0, 200).Select(i => Task.Run(() => t.Store.InTransactionAsync(() =>
        {
            t.Store.Audit.Insert(new AuditEntry { Action = "test.group", CellId = $"c{i}", AtUtc = DateTime.UtcNow });
            return i;
        }))).ToList();
        var results = await Task.WhenAll(works);
        Assert.Equal(Enumerable.Range(0, 200), results);
        // Committed when the task completed: visible to another reader at once.
        Assert.Equal(200, t.Store.Audit.Count(a => a.Action == "test.group"));
    }

    [Fact]
    public async Task A_failing_piece_of_a_group_commit_fails_alone_and_leaves_nothing_behind()
    {
        using var t = new TestStore();
        var rest = await OneBatch(t, 20, i =>
        {
            Audited(t, i);
            if (i == 7) throw new InvalidOperationException("piece 7 fails");
        });
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => rest[7]);
        Assert.Equal("piece 7 fails", failed.Message);
        await AllButOneDone(rest, 7);
        Assert.Equal(Enumerable.Range(0, 20).Where(i => i != 7).Select(i => $"c{i}").Order(), AuditedCells(t)); // each once, none of piece 7
    }

    /// <summary>
    /// <paramref name="count"/> pieces of work queued while a first piece holds the writer, so they are committed as one
    /// batch; each piece's task gives its number once committed.
    /// </summary>
    static async Task<List<Task<int>>> OneBatch(TestStore t, int count, Action<int> piece)
    {
        var release = new ManualResetEventSlim();
        var first = t.Store.InTransactionAsync(() => { release.Wait(); return "first"; });
        var rest = Enumerable.Range(0, count).Select(i => t.Store.InTransactionAsync(() => { piece(i); return i; })).ToList();
        release.Set();
        Assert.Equal("first", await first);
        return rest;
    }

    static async Task AllButOneDone(List<Task<int>> pieces, int failed)
    {
        foreach (var (task, i) in pieces.Select((task, i) => (task, i)).Where(x => x.i != failed)) Assert.Equal(i, await task);
    }

    static void Audited(TestStore t, int i) =>
        t.Store.Audit.Insert(new AuditEntry { Action = "test.group", CellId = $"c{i}", AtUtc = DateTime.UtcNow });

    static List<string?> AuditedCells(TestStore t) => t.Store.Audit.Find(a => a.Action == "test.group").Select(a => a.CellId).Order().ToList();

    [Fact]
    public async Task A_piece_that_fails_before_writing_leaves_the_rest_of_its_group_commit_alone()
    {
        // A turn asking for a summary to be read outside the transaction fails that way: the other chats' turns in its
        // batch are neither rolled back nor run a second time, and the memory of what the writer read is kept.
        using var t = new TestStore();
        t.Store.InTransaction(() => t.Store.ChatStates.Upsert(new ChatState { Id = "telegram:1" }));
        var runs = new int[20];
        var rest = await OneBatch(t, 20, i =>
        {
            Interlocked.Increment(ref runs[i]);
            _ = t.Store.ChatStates.FindById("telegram:1");
            if (i == 7) throw new Outside();
            Audited(t, i);
        });
        await Assert.ThrowsAsync<Outside>(() => rest[7]);
        await AllButOneDone(rest, 7);
        Assert.All(runs, n => Assert.Equal(1, n));
        Assert.Equal(19, AuditedCells(t).Count);
        Assert.Equal(1, ((CachedCollection<ChatState>)ChiBoStore.Beneath(t.Store.ChatStates)).CachedCount);
    }

    [Fact]
    public async Task A_piece_that_stops_after_writing_leaves_none_of_its_writes()
    {
        using var t = new TestStore();
        var rest = await OneBatch(t, 10, i =>
        {
            Audited(t, i);
            if (i == 4) throw new Outside();
        });
        await Assert.ThrowsAsync<Outside>(() => rest[4]);
        await AllButOneDone(rest, 4);
        Assert.Equal(Enumerable.Range(0, 10).Where(i => i != 4).Select(i => $"c{i}").Order(), AuditedCells(t));
    }

    sealed class Outside() : NeededOutside("made outside, then run again");

    [Fact]
    public async Task A_store_closed_while_other_threads_read_leaves_nothing_that_ends_the_process_later()
    {
        // LiteDB 5.0.21 leaves transactions undisposed when it closes under running queries, and their finalizer then
        // throws on the finalizer thread (LiteDB #2828): without RetiredEngines this test ends the test process.
        Assert.True(RetiredEngines.CanDisarm);
        var before = RetiredEngines.Disarmed;
        var dir = Path.Combine(Path.GetTempPath(), "chibo-unit", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            for (var round = 0; round < 30; round++)
            {
                var store = new ChiBoStore(Path.Combine(dir, $"r{round}.db"));
                store.InTransaction(() => store.Audit.Insert(Enumerable.Range(0, 200)
                    .Select(i => new AuditEntry { Action = "test.read", CellId = $"c{i}", Details = new string('x', 300) })));
                var stop = false;
                using var reading = new CountdownEvent(4);
                var readers = Enumerable.Range(0, 4).Select(reader => new Thread(() =>
                {
                    var first = true;
                    while (!Volatile.Read(ref stop))
                    {
                        // A query its reader ends early, as FindOne and Exists end theirs (LiteDB's own API: the store's
                        // reads are this and full reads).
                        try { _ = store.Db.GetCollection("audit").Find(Query.All()).Take(50).ToList(); }
                        catch (Exception) { } // the store closed under it
                        if (first) { reading.Signal(); first = false; }
                    }
                })).ToList();
                readers.ForEach(r => r.Start());
                reading.Wait();
                store.Dispose();
                Volatile.Write(ref stop, true);
                readers.ForEach(r => r.Join());
                GC.Collect();
                GC.WaitForPendingFinalizers(); // what the closed databases left is still held
            }
            await Task.Delay(RetiredEngines.Settle + TimeSpan.FromSeconds(1));
            GC.Collect();
            GC.WaitForPendingFinalizers(); // and now let go, what they left excluded
            Assert.True(RetiredEngines.Disarmed > before, "no round closed the store under a running query");
        }
        finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
    }

    [Fact]
    public void A_closed_store_stays_closed_a_write_after_it_fails_and_opens_nothing_again()
    {
        using var t = new TestStore();
        t.Store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => t.Store.InTransaction(() => t.Store.Audit.Insert(new AuditEntry { Action = "after.close" })));
        Assert.Equal(0, t.Store.Reopens);
    }
}
