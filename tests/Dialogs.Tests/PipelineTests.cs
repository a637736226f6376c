using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Tests;

public sealed class PipelineTests
{
    [Fact]
    public async Task A_redelivered_update_is_dropped()
    {
        using var t = new TestStore();
        Assert.True(await t.Pipeline.HandleAsync(t.Private("an", "/sinhhoat", "42")));
        Assert.False(await t.Pipeline.HandleAsync(t.Private("an", "/sinhhoat", "42")));
        Assert.Single(t.Replies("an"));
        Assert.Equal(1, t.Store.Processed.Count());
    }

    [Fact]
    public async Task Each_turn_commits_state_and_replies_together()
    {
        using var t = new TestStore();
        await t.Pipeline.HandleAsync(t.Private("an", "/sinhhoat"));
        await t.Pipeline.HandleAsync(t.Private("an", "hôm nay"));
        var session = t.Store.SessionOf("console:an");
        Assert.Equal("loai", session.Step);
        Assert.Equal("2026-11-03", session.Answers["ngay"]);
        Assert.Equal(2, t.Replies("an").Count);
    }

    [Fact]
    public async Task Tasks_stored_as_documents_of_their_own_before_the_upgrade_go_on_after_it()
    {
        using var t = new TestStore();
        foreach (var text in new[] { "/sinhhoat", "hôm nay", "/tamdung", "/hoithi luyện" })
            await t.Pipeline.HandleAsync(t.Private("an", text));
        Assert.Contains(t.Replies("an"), r => r.StartsWith("(Ghi nhận buổi sinh hoạt chi bộ đang tạm dừng được giữ nguyên"));
        // As databases made before 2026-12-06 keep them: each task a document in "sessions", none in the chat's state.
        var states = t.Store.Db.GetCollection("chat_states");
        var chat = states.FindById("console:an");
        t.Store.Db.GetCollection("sessions").Insert([chat["Session"].AsDocument, chat["Parked"].AsDocument]);
        chat.Remove("Session");
        chat.Remove("Parked");
        states.Update(chat);

        t.Restart();
        Assert.Equal(0, t.Store.Db.GetCollection("sessions").Count());
        Assert.Equal("luyenthi", t.Store.SessionOf("console:an")!.Flow);
        var parked = t.Store.ChatStates.FindById("console:an")!.Parked!;
        Assert.Equal(("sinhhoat", "loai", true), (parked.Flow, parked.Step, parked.Paused));
        await t.Pipeline.HandleAsync(t.Private("an", "/huy"));
        await t.Pipeline.HandleAsync(t.Private("an", "Hủy bỏ"));
        Assert.Contains(t.Replies("an"), r => r.StartsWith("Đồng chí còn ghi nhận buổi sinh hoạt chi bộ đang tạm dừng"));
        await t.Pipeline.HandleAsync(t.Private("an", "/tieptuc"));
        Assert.Contains("Bước 2/25", string.Join("\n", t.Replies("an")));
        Assert.Null(t.Store.ChatStates.FindById("console:an")!.Parked);
    }

    [Fact]
    public async Task A_failing_turn_changes_nothing_and_apologises()
    {
        using var t = new TestStore();
        await t.Pipeline.HandleAsync(t.Private("an", "/sinhhoat"));
        t.Replies("an");
        // Break the cell the session points at: the next turn throws inside the transaction.
        var cell = t.Store.Cells.FindById("cb-thon-dong");
        t.Store.Cells.Delete("cb-thon-dong");
        await t.Pipeline.HandleAsync(t.Private("an", "hôm nay"));
        var reply = Assert.Single(t.Replies("an"));
        Assert.StartsWith("Xin lỗi, bot gặp lỗi", reply);
        t.Store.Cells.Insert(cell);
        Assert.Equal("ngay", t.Store.SessionOf("console:an").Step);
        Assert.False(t.Store.SessionOf("console:an").Answers.ContainsKey("ngay"));
    }

    [Fact]
    public async Task After_the_database_engine_closes_on_a_fault_the_store_reopens_and_the_bot_answers_again()
    {
        using var t = new TestStore();
        Exception? reported = null;
        t.Store.Reopened += fault => reported = fault;
        await t.Pipeline.HandleAsync(t.Private("an", "/sinhhoat"));
        Assert.Contains("Bước 1/25", t.Replies("an")[0]);

        t.Store.Db.Dispose(); // as LiteDB does on an internal fault: every call fails from now on
        await t.Pipeline.HandleAsync(t.Private("an", "Hôm nay"));
        Assert.Contains("Bước 2/25", string.Join("\n", t.Replies("an"))); // answered, on the file opened again
        Assert.Equal(1, t.Store.Reopens);
        Assert.NotNull(reported);
        Assert.Empty(t.Log.Errors);

        // Closed in the middle of a transaction: that work is refused (nothing of it kept), the next turn works.
        var step = t.Store.SessionOf("console:an")!.Step;
        Assert.ThrowsAny<Exception>(() => t.Store.InTransaction(() =>
        {
            t.Store.Members.Insert(new Domain.Member { Id = "mat-di", Name = "Mất Đi" });
            t.Store.Db.Dispose();
            return t.Store.Members.Count();
        }));
        await t.Pipeline.HandleAsync(t.Private("an", "/tieptuc"));
        Assert.Contains("Bước 2/25", string.Join("\n", t.Replies("an")));
        Assert.Equal(step, t.Store.SessionOf("console:an")!.Step);
        Assert.Null(t.Store.Members.FindById("mat-di"));
        Assert.Equal(2, t.Store.Reopens);
    }

    [Fact]
    public void Reads_outside_the_write_transaction_see_one_snapshot()
    {
        using var t = new TestStore();
        var before = t.Store.Members.Count();
        var (first, second) = t.Store.Read(() =>
        {
            var a = t.Store.Members.FindAll().Count();
            Task.Run(() => t.Store.InTransaction(() => t.Store.Members.Insert(new Domain.Member { Id = "moi-chen", Name = "Chen Vào" }))).Wait();
            return (a, t.Store.Members.FindAll().Count());
        });
        Assert.Equal((before, before), (first, second)); // the commit in between is not seen half-way
        Assert.Equal(before + 1, t.Store.Members.Count());
    }

    [Fact]
    public async Task Turns_of_many_chats_run_in_parallel_without_losing_any()
    {
        using var t = new TestStore();
        var users = new[] { "an", "binh", "cuong", "long" };
        await Task.WhenAll(users.SelectMany(u => new[] { "/sinhhoat" }).Select((_, i) => t.Pipeline.HandleAsync(t.Private(users[i], "/sinhhoat"))));
        await Task.WhenAll(users.Select(u => t.Pipeline.HandleAsync(t.Private(u, "hôm nay"))));
        Assert.True(t.Log.Errors.Count == 0, string.Join("\n", t.Log.Errors));
        Assert.All(users, u => Assert.Equal("loai", t.Store.SessionOf($"console:{u}").Step));
        Assert.Equal(8, t.Store.Outbox.Count());
    }

    [Fact]
    public async Task Chats_at_the_same_step_move_only_their_own_session_whatever_the_order()
    {
        // A step's machine is built once per thread and reused by the turns of every chat at that step.
        using var t = new TestStore();
        var users = new[] { "an", "binh", "cuong", "long" };
        foreach (var u in users) await t.Pipeline.HandleAsync(t.Private(u, "/sinhhoat"));
        foreach (var u in users) await t.Pipeline.HandleAsync(t.Private(u, "hôm nay"));
        await Task.WhenAll(
            t.Pipeline.HandleAsync(t.Private("an", "/quaylai")), t.Pipeline.HandleAsync(t.Private("binh", "1")),
            t.Pipeline.HandleAsync(t.Private("cuong", "/quaylai")), t.Pipeline.HandleAsync(t.Private("long", "1")));
        await t.Pipeline.HandleAsync(t.Private("an", "/quaylai")); // already at the first step: nothing to go back to
        Assert.True(t.Log.Errors.Count == 0, string.Join("\n", t.Log.Errors));
        string Step(string u) => t.Store.SessionOf($"console:{u}").Step;
        Assert.Equal(("ngay", "ngay"), (Step("an"), Step("cuong")));
        Assert.NotEqual("loai", Step("binh"));
        Assert.Equal(Step("binh"), Step("long"));
        Assert.Contains("Đây là bước đầu tiên", t.Replies("an").Last());
    }

    [Fact]
    public async Task Turns_of_one_chat_run_one_at_a_time_in_order()
    {
        using var t = new TestStore();
        await t.Pipeline.HandleAsync(t.Private("an", "/sinhhoat"));
        var answers = new[] { "hôm nay", "1", "Nhà văn hóa", "1", "1", "1", "1", "19:30" };
        await Task.WhenAll(answers.Select(a => t.Pipeline.HandleAsync(t.Private("an", a))));
        var s = t.Store.SessionOf("console:an");
        // Whatever order the turns ran in, each was applied whole: 9 turns, 9 replies, one step each.
        Assert.Equal(9, t.Store.Outbox.Count());
        Assert.Equal(9, t.Store.Processed.Count());
        Assert.True(s.Answers.Count(a => !a.Key.StartsWith('_')) <= 8);
    }

    [Fact]
    public void Choices_in_the_outbox_carry_the_prompt_number_and_the_chat_remembers_the_offer()
    {
        using var t = new TestStore();
        t.Store.InTransaction(() =>
        {
            Outbox.Put(t.Store, "console", "an", ChatKind.Private, [new Reply("a?", [new Choice("x", "X")])], DateTime.UtcNow);
            Outbox.Put(t.Store, "console", "an", ChatKind.Private, [new Reply("b?", [new Choice("y", "Y")])], DateTime.UtcNow);
        });
        var state = t.Store.ChatStates.FindById("console:an");
        Assert.Equal(2, state.PromptSeq);
        Assert.Equal("y", Assert.Single(state.Offered).Key);
        Assert.Equal(["1:0", "2:0"], t.Store.Outbox.FindAll().OrderBy(o => o.Id).Select(o => o.Choices[0].Key));
    }

    [Theory]
    [InlineData("/sinhhoat", "sinhhoat", "")]
    [InlineData("/ketqua@ChiBoBot thôn Đông", "ketqua", "thôn Đông")]
    [InlineData("/KETQUA", "ketqua", "")]
    [InlineData("sinhhoat", null, "")]
    public void Commands_are_parsed_with_bot_name_and_arguments(string text, string? name, string args) =>
        Assert.Equal((name, args), Router.ParseCommand(text));

    [Theory]
    [InlineData("an", Permission.RunMeeting, "cb-thon-dong", true)]
    [InlineData("hoa", Permission.RunMeeting, "cb-thon-dong", true)]
    [InlineData("minh", Permission.RunMeeting, "cb-thon-dong", false)]
    [InlineData("binh", Permission.RunMeeting, "cb-thon-dong", false)]
    [InlineData("dung", Permission.RunMeeting, "cb-thon-dong", false)]
    [InlineData("admin", Permission.RunMeeting, "cb-thon-dong", false)]
    [InlineData("an", Permission.ViewCellResults, "cb-thon-dong", true)]
    [InlineData("an", Permission.ViewCellResults, "cb-thcs-yen-my", false)]
    [InlineData("minh", Permission.ViewCellResults, "cb-thon-dong", false)]
    [InlineData("dung", Permission.ViewCellResults, "cb-thcs-yen-my", true)]
    [InlineData("admin", Permission.ViewCellResults, "cb-cty-may", true)]
    public void Authorisation_matrix(string member, Permission permission, string cell, bool allowed)
    {
        using var t = new TestStore();
        Assert.Equal(allowed, Authorizer.Can(t.Store, t.Store.Members.FindById(member), permission, t.Store.Cells.FindById(cell)));
    }

    [Fact]
    public void Staff_scope_stops_at_their_subtree()
    {
        using var t = new TestStore();
        t.Store.OrgUnits.Insert(new OrgUnit { Id = "xa-khac", Name = "Đảng bộ xã Khác", ParentId = "tinh-hung-yen", Path = "/tinh-hung-yen/xa-khac/" });
        t.Store.Cells.Insert(new Cell { Id = "cb-khac", Name = "Chi bộ thôn Khác", OrgUnitId = "xa-khac", Path = "/tinh-hung-yen/xa-khac/cb-khac/" });
        var staff = t.Store.Members.FindById("dung");
        Assert.False(Authorizer.Can(t.Store, staff, Permission.ViewCellResults, t.Store.Cells.FindById("cb-khac")));
        Assert.DoesNotContain(Authorizer.VisibleCells(t.Store, staff), c => c.Id == "cb-khac");
        Assert.Equal(4, Authorizer.VisibleCells(t.Store, staff).Count());
    }
}
