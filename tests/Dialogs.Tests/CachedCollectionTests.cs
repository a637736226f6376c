using System.Text.Json;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Tests;

/// <summary>The documents every turn reads are kept in memory: never different from what the database holds.</summary>
public sealed class CachedCollectionTests
{
    const string CellId = "cb-cty-may";

    static string Json<T>(T value) => JsonSerializer.Serialize(value);

    [Fact]
    public void A_document_read_from_memory_is_the_one_the_database_holds()
    {
        using var t = new TestStore();
        var at = new DateTime(2026, 12, 2, 23, 30, 15, DateTimeKind.Utc).AddTicks(1234567); // below a millisecond too
        var session = new DialogSession
        {
            Id = "telegram:42", Flow = "sinhhoat", FlowVersion = 3, MemberId = "an", CellId = CellId, Step = "venue",
            Answers = new() { ["date"] = "2026-12-03", ["note"] = "  khoảng trắng  ", ["empty"] = "" }, Retries = 2,
            StartedAtUtc = at, UpdatedAtUtc = at.AddSeconds(1),
        };
        var chat = new ChatState
        {
            Id = "telegram:42", PromptSeq = 7, Offered = [new Choice("1:0", "Có"), new Choice("1:1", "Không")], ChoicesOnly = true, Session = session,
        };
        t.Store.InTransaction(() => t.Store.ChatStates.Upsert(chat));

        var chatFromMemory = t.Store.InTransaction(() => t.Store.ChatStates.FindById("telegram:42"))!;
        Assert.Equal(1, ((CachedCollection<ChatState>)ChiBoStore.Beneath(t.Store.ChatStates)).CachedCount);
        var fromDatabase = t.Store.ChatStates.FindById("telegram:42"); // outside the write transaction: the database
        Assert.Equal(Json(fromDatabase), Json(chatFromMemory));
        Assert.Equal("  khoảng trắng  ", chatFromMemory.Session!.Answers["note"]);
        Assert.Equal(at.Ticks - at.Ticks % TimeSpan.TicksPerMillisecond, chatFromMemory.Session.StartedAtUtc.Ticks); // LiteDB keeps milliseconds: so does memory
        Assert.NotSame(chatFromMemory, t.Store.InTransaction(() => t.Store.ChatStates.FindById("telegram:42"))); // each read its own copy
    }

    [Fact]
    public void An_id_written_in_another_case_is_the_same_document_in_memory_as_in_the_database()
    {
        // The database compares ids ignoring case; memory must too (its ids are hashed once each, not per lookup).
        using var t = new TestStore();
        t.Store.InTransaction(() => t.Store.ChatStates.Upsert(new ChatState { Id = "zalo:AbC", AnswerCommand = "venue" }));
        Assert.Equal("venue", t.Store.InTransaction(() => t.Store.ChatStates.FindById("zalo:abc")?.AnswerCommand));
        t.Store.InTransaction(() =>
        {
            var s = t.Store.ChatStates.FindById("ZALO:ABC")!;
            s.AnswerCommand = "date";
            Assert.True(t.Store.ChatStates.Update(s));
        });
        foreach (var id in new[] { "zalo:AbC", "zalo:abc", "ZALO:ABC" }) // each spelling read before: none kept from before the write
            Assert.Equal("date", t.Store.InTransaction(() => t.Store.ChatStates.FindById(id)?.AnswerCommand));
        Assert.Equal("date", t.Store.ChatStates.FindById("zalo:abc")?.AnswerCommand); // the database, outside the write transaction
        Assert.Single(t.Store.ChatStates.FindAll(), c => string.Equals(c.Id, "zalo:abc", StringComparison.OrdinalIgnoreCase)); // one document, however spelled
        Assert.Null(t.Store.InTransaction(() => t.Store.ChatStates.FindById("zalo:abd")));
    }

    [Fact]
    public void What_a_rolled_back_transaction_wrote_is_not_read_from_memory_afterwards()
    {
        using var t = new TestStore();
        var name = t.Store.InTransaction(() => t.Store.Cells.FindById(CellId).Name);
        Assert.Throws<InvalidOperationException>(() => t.Store.InTransaction(() =>
        {
            var cell = t.Store.Cells.FindById(CellId);
            cell.Name = "Tên chưa lưu";
            t.Store.Cells.Update(cell);
            Assert.Equal("Tên chưa lưu", t.Store.Cells.FindById(CellId).Name); // the transaction sees its own write
            throw new InvalidOperationException("turn failed");
        }));
        Assert.Equal(name, t.Store.InTransaction(() => t.Store.Cells.FindById(CellId).Name));
        Assert.Equal(name, t.Store.Cells.FindById(CellId).Name);
    }

    [Fact]
    public async Task A_failing_turn_in_a_group_commit_leaves_nothing_in_memory_and_the_others_kept()
    {
        using var t = new TestStore();
        t.Store.InTransaction(() => t.Store.Members.FindById("an"));
        var release = new ManualResetEventSlim();
        var first = t.Store.InTransactionAsync(() => { release.Wait(); return 0; });
        var rename = t.Store.InTransactionAsync(() =>
        {
            var m = t.Store.Members.FindById("an");
            m.MutedReminders = true;
            return t.Store.Members.Update(m) ? 1 : 0;
        });
        var failing = t.Store.InTransactionAsync<int>(() =>
        {
            var m = t.Store.Members.FindById("an");
            m.Name = "Không được lưu";
            t.Store.Members.Update(m);
            throw new InvalidOperationException("turn failed");
        });
        release.Set();
        await first;
        Assert.Equal(1, await rename);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        var an = t.Store.InTransaction(() => t.Store.Members.FindById("an"));
        Assert.Equal(("Nguyễn Văn An", true), (an.Name, an.MutedReminders));
    }

    [Fact]
    public void A_write_outside_the_write_transaction_is_seen_by_the_next_turn()
    {
        using var t = new TestStore();
        t.Store.InTransaction(() => t.Store.Cells.FindById(CellId)); // now in memory
        var cell = t.Store.Cells.FindById(CellId);
        cell.Venue = "Phòng họp mới";
        t.Store.Cells.Update(cell); // its own transaction
        Assert.Equal("Phòng họp mới", t.Store.InTransaction(() => t.Store.Cells.FindById(CellId).Venue));
        t.Store.Cells.Delete(CellId);
        Assert.Null(t.Store.InTransaction(() => t.Store.Cells.FindById(CellId)));
    }

    [Fact]
    public void Only_the_write_transaction_fills_the_memory()
    {
        using var t = new TestStore();
        t.Store.ForgetCached(); // the demo data was written in a transaction
        Assert.NotNull(t.Store.Members.FindById("an"));
        Assert.Equal(0, ((CachedCollection<Member>)ChiBoStore.Beneath(t.Store.Members)).CachedCount);
        t.Store.InTransaction(() => t.Store.Members.FindById("an"));
        Assert.Equal(1, ((CachedCollection<Member>)ChiBoStore.Beneath(t.Store.Members)).CachedCount);
    }

    [Fact]
    public void Ids_match_as_the_database_matches_them_and_a_known_absence_ends_with_an_insert()
    {
        using var t = new TestStore();
        Assert.Equal(t.Store.Members.FindById("AN")?.Id, t.Store.InTransaction(() => t.Store.Members.FindById("AN")?.Id));
        t.Store.InTransaction(() =>
        {
            var an = t.Store.Members.FindById("an");
            an.Name = "Nguyễn Văn An (mới)";
            t.Store.Members.Update(an);
        });
        Assert.Equal(t.Store.Members.FindById("AN")?.Name, t.Store.InTransaction(() => t.Store.Members.FindById("AN")?.Name));

        Assert.Null(t.Store.InTransaction(() => t.Store.Members.FindById("moi")));
        t.Store.InTransaction(() => t.Store.Members.Insert(new Member { Id = "moi", Name = "Đảng viên mới", CellId = CellId }));
        Assert.Equal("Đảng viên mới", t.Store.InTransaction(() => t.Store.Members.FindById("moi")?.Name));
        t.Store.InTransaction(() => t.Store.Members.DeleteMany(m => m.Id == "moi"));
        Assert.Null(t.Store.InTransaction(() => t.Store.Members.FindById("moi")));
    }

    [Fact]
    public void A_cells_members_kept_in_memory_follow_every_change_to_the_members()
    {
        using var t = new TestStore();
        List<string> Names() => t.Store.InTransaction(() => t.Store.CellMembers(CellId).Select(m => m.Name).Order().ToList());
        var before = Names();
        Assert.Equal(t.Store.Members.Find(m => m.CellId == CellId && !m.Removed).Select(m => m.Name).Order(), before);
        Assert.Equal(before, Names()); // from memory: the same

        t.Store.InTransaction(() => t.Store.Members.Insert(new Member { Id = "moi", Name = "Đảng viên mới", CellId = CellId }));
        Assert.Contains("Đảng viên mới", Names());
        t.Store.InTransaction(() =>
        {
            var moi = t.Store.Members.FindById("moi");
            moi.Removed = true;
            t.Store.Members.Update(moi);
        });
        Assert.DoesNotContain("Đảng viên mới", Names());

        Assert.Throws<InvalidOperationException>(() => t.Store.InTransaction(() =>
        {
            t.Store.Members.Insert(new Member { Id = "tam", Name = "Tạm thời", CellId = CellId });
            Assert.Contains("Tạm thời", t.Store.CellMembers(CellId).Select(m => m.Name)); // the transaction sees its own write
            throw new InvalidOperationException("turn failed");
        }));
        Assert.DoesNotContain("Tạm thời", Names()); // rolled back: not kept

        var someone = t.Store.Members.Find(m => m.CellId == CellId && !m.Removed).First().Id;
        t.Store.Members.DeleteMany(m => m.Id == someone); // outside the write transaction
        Assert.Equal(before.Count - 1, Names().Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_cells_roster_stays_kept_while_other_cells_change_and_follows_a_member_moving_between_cells(bool computeOutside)
    {
        using var t = new TestStore(computeOutside);
        var store = t.Store;
        const string Other = "cb-thon-dong";
        // What a turn reads: in the write transaction, or computed outside it and applied.
        T Turn<T>(Func<T> read)
        {
            if (!computeOutside) return store.InTransaction(read);
            T result = default!;
            var unit = store.Detached(() => result = read())!;
            Assert.True(store.InTransaction(() => store.Apply(unit)));
            return result;
        }
        void Move(string memberId, string cellId) => store.InTransaction(() =>
        {
            var m = store.Members.FindById(memberId)!;
            m.CellId = cellId;
            store.Members.Update(m);
        });

        var roster = Turn(() => store.CellRoster(CellId));
        var mover = Turn(() => store.CellRoster(Other))[0];
        store.InTransaction(() =>
        {
            var m = store.Members.FindById(mover.Id)!;
            m.CardNumber = "0912345678";
            store.Members.Update(m);
        });
        Assert.Same(roster[0], Turn(() => store.CellRoster(CellId))[0]); // another cell's member written: kept as it was
        Assert.Equal("0912345678", Turn(() => store.CellRoster(Other)).Single(m => m.Id == mover.Id).CardNumber);

        Move(mover.Id, CellId);
        Assert.Contains(Turn(() => store.CellRoster(CellId)), m => m.Id == mover.Id);
        Assert.DoesNotContain(Turn(() => store.CellRoster(Other)), m => m.Id == mover.Id); // the cell it left
        Assert.Equal(Turn(() => store.CellMembers(Other)).Select(m => m.Id).Order(), store.Members.Find(m => m.CellId == Other && !m.Removed).Select(m => m.Id).Order());

        Move(mover.Id, Other);
        Assert.DoesNotContain(Turn(() => store.CellRoster(CellId)), m => m.Id == mover.Id);
        Assert.Contains(Turn(() => store.CellRoster(Other)), m => m.Id == mover.Id);
    }
}
