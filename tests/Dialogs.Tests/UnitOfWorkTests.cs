using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Tests;

/// <summary>
/// Turns computed outside the write transaction (UnitOfWork): they see their own writes, nobody sees them before they are
/// applied, and one whose reads were written meanwhile is not applied (it is computed again) — no update is lost.
/// </summary>
public sealed class UnitOfWorkTests
{
    const string CellId = "cb-thon-dong"; // an and hoa are its members

    static bool Apply(ChiBoStore store, UnitOfWork unit) => store.InTransaction(() => store.Apply(unit));

    [Fact]
    public void A_turn_sees_its_own_writes_and_nobody_else_does_until_it_is_applied()
    {
        using var t = new TestStore(computeOutside: true);
        var store = t.Store;
        var before = store.Members.FindById("an")!.Name;
        var unit = store.Detached(() =>
        {
            var an = store.Members.FindById("an")!;
            an.Name = "Nguyễn Văn An (mới)";
            store.Members.Update(an);
            Assert.Equal("Nguyễn Văn An (mới)", store.Members.FindById("an")!.Name);
            Assert.Contains(store.CellMembers(CellId), m => m.Name == "Nguyễn Văn An (mới)");
            Assert.DoesNotContain(store.CellMembers(CellId), m => m.Name == before);
            store.Members.Delete("hoa");
            Assert.Null(store.Members.FindById("hoa"));
            Assert.DoesNotContain(store.Members.Find(m => m.CellId == CellId), m => m.Id == "hoa");
        })!;

        Assert.Equal(before, store.Members.FindById("an")!.Name);
        Assert.NotNull(store.Members.FindById("hoa"));
        Assert.Equal(before, store.InTransaction(() => store.Members.FindById("an")!.Name)); // nor the writer's memory

        Assert.True(Apply(store, unit));
        Assert.Equal("Nguyễn Văn An (mới)", store.Members.FindById("an")!.Name);
        Assert.Null(store.InTransaction(() => store.Members.FindById("hoa")));
        Assert.DoesNotContain(store.CellMembers(CellId), m => m.Id == "hoa");
    }

    [Fact]
    public void A_turn_whose_document_was_written_meanwhile_is_not_applied()
    {
        using var t = new TestStore(computeOutside: true);
        var store = t.Store;
        var unit = store.Detached(() =>
        {
            var cell = store.Cells.FindById(CellId)!;
            var hoa = store.Members.FindById("hoa")!;
            hoa.Name = cell.Name + " — Hoa";
            store.Members.Update(hoa);
        })!;
        var hoaBefore = store.Members.FindById("hoa")!.Name;
        store.InTransaction(() =>
        {
            var cell = store.Cells.FindById(CellId)!;
            cell.Name = "Chi bộ đổi tên";
            store.Cells.Update(cell);
        });

        Assert.False(Apply(store, unit));
        Assert.Equal(hoaBefore, store.Members.FindById("hoa")!.Name); // nothing of it was written
    }

    [Fact]
    public void A_query_sees_a_matching_document_added_meanwhile_as_a_change_and_one_that_does_not_match_as_none()
    {
        using var t = new TestStore(computeOutside: true);
        var store = t.Store;
        UnitOfWork CountAndNote() => store.Detached(() =>
        {
            var n = store.Members.Find(m => m.CellId == CellId && !m.Removed).Count;
            store.Audit.Insert(new AuditEntry { Action = "test.count", CellId = CellId, Details = n.ToString() });
        })!;

        var unrelated = CountAndNote();
        store.InTransaction(() => store.Members.Insert(new Member { Id = "moi-1", Name = "Người chi bộ khác", CellId = "cb-khac" }));
        Assert.True(Apply(store, unrelated));

        var outdated = CountAndNote();
        store.InTransaction(() => store.Members.Insert(new Member { Id = "moi-2", Name = "Người mới", CellId = CellId }));
        Assert.False(Apply(store, outdated));

        var changedAway = CountAndNote(); // a member found then, in another cell now
        store.InTransaction(() =>
        {
            var an = store.Members.FindById("an")!;
            an.CellId = "cb-khac";
            store.Members.Update(an);
        });
        Assert.False(Apply(store, changedAway));
        Assert.Single(store.Audit.Find(a => a.Action == "test.count"));
    }

    [Fact]
    public void A_query_is_checked_with_the_values_it_was_asked_with_though_its_variables_changed_afterwards()
    {
        using var t = new TestStore(computeOutside: true);
        var store = t.Store;
        var cell = CellId;
        var byEquality = store.Detached(() =>
        {
            _ = store.Members.Find(m => m.CellId == cell && !m.Removed);
            cell = "cb-khac"; // the closure's variable, after the query
            store.Audit.Insert(new AuditEntry { Action = "test.equal" });
        })!;
        store.InTransaction(() => store.Members.Insert(new Member { Id = "moi-3", Name = "Người mới", CellId = CellId }));
        Assert.False(Apply(store, byEquality));

        var other = CellId;
        var withoutEquality = store.Detached(() =>
        {
            _ = store.Members.Find(m => m.CellId != other);
            other = "cb-ba";
            store.Audit.Insert(new AuditEntry { Action = "test.other" });
        })!;
        store.InTransaction(() => store.Members.Insert(new Member { Id = "moi-4", Name = "Người chi bộ ba", CellId = "cb-ba" }));
        Assert.False(Apply(store, withoutEquality));
    }

    [Fact]
    public void Messages_a_turn_queues_are_numbered_when_applied_and_handed_to_the_sender_then()
    {
        using var t = new TestStore(computeOutside: true);
        var store = t.Store;
        var handed = new List<OutboxMessage>();
        store.OutboxCommitted += m => handed.AddRange(m);
        var unit = store.Detached(() =>
            Outbox.Put(store, DemoData.Channel, "an", ChatKind.Private, [new Reply("Một"), new Reply("Hai")], DateTime.UtcNow))!;
        Assert.Empty(handed);
        Assert.Empty(store.Outbox.Find(o => o.ChatId == "an"));

        Assert.True(Apply(store, unit));
        Assert.Equal(["Một", "Hai"], handed.Select(m => m.Text));
        Assert.All(handed, m => Assert.True(m.Id > 0));
        Assert.Equal(handed.Select(m => m.Id), store.Outbox.Find(o => o.ChatId == "an").OrderBy(o => o.Id).Select(o => o.Id));
    }

    [Fact]
    public async Task Turns_of_many_threads_adding_to_one_document_lose_no_addition()
    {
        using var t = new TestStore(computeOutside: true);
        var store = t.Store;
        const int threads = 8, each = 40;
        var retried = 0;
        // Each thread's first addition is applied only once every thread computed its own: they meet at least there
        // (on a busy machine the threads could otherwise run one after the other and prove nothing).
        var computed = 0;
        var allComputed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task AddOnce(bool first)
        {
            while (true)
            {
                var unit = store.Detached(() =>
                {
                    var shared = store.ChatStates.FindById("shared") ?? new ChatState { Id = "shared" };
                    shared.PromptSeq++;
                    store.ChatStates.Upsert(shared);
                })!;
                if (first)
                {
                    if (Interlocked.Increment(ref computed) == threads) allComputed.SetResult();
                    await allComputed.Task;
                    first = false;
                }
                if (await store.InTransactionAsync(() => store.Apply(unit))) return;
                Interlocked.Increment(ref retried);
            }
        }
        var workers = Enumerable.Range(0, threads).Select(i => Task.Run(async () =>
        {
            var first = true;
            for (var k = 0; k < each; k++)
            {
                if ((i + k) % 5 == 0) // mixed with work done in the write transaction itself
                    await store.InTransactionAsync(() =>
                    {
                        var shared = store.ChatStates.FindById("shared") ?? new ChatState { Id = "shared" };
                        shared.PromptSeq++;
                        return store.ChatStates.Upsert(shared);
                    });
                else
                {
                    await AddOnce(first);
                    first = false;
                }
            }
        }));
        await Task.WhenAll(workers);

        Assert.Equal(threads * each, store.ChatStates.FindById("shared")!.PromptSeq);
        Assert.Equal(threads * each, store.InTransaction(() => store.ChatStates.FindById("shared")!.PromptSeq));
        Assert.True(retried > 0, "the threads never met: the test proved nothing");
    }

    [Fact]
    public void A_snapshot_older_than_what_the_write_log_keeps_counts_as_changed()
    {
        using var t = new TestStore(computeOutside: true);
        var store = t.Store;
        var unit = store.Detached(() =>
        {
            _ = store.Audit.FindById(-5); // never written
            store.Members.Upsert(new Member { Id = "ghi-chu", Name = "Ghi", CellId = CellId });
        })!;
        store.InTransaction(() =>
        {
            for (var i = 0; i < 17_000; i++) store.Audit.Insert(new AuditEntry { Action = "test.fill" }); // none of them is -5
        });
        Assert.False(Apply(store, unit));
    }

    [Fact]
    public void Documents_written_around_the_store_make_every_turn_computed_before_be_computed_again()
    {
        using var t = new TestStore(computeOutside: true);
        var store = t.Store;
        var unit = store.Detached(() => store.Members.Upsert(new Member { Id = "ghi-chu", Name = "Ghi", CellId = CellId }))!;
        store.ForgetCached();
        Assert.False(Apply(store, unit));
    }
}
