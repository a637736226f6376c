using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Tests;

/// <summary>Demo mode's "/start an": only the demo people the README names, never the admin, only on a demo database, throttled.</summary>
public sealed class DemoJoinTests
{
    int _seq;

    async Task<string> Say(TestStore t, TurnPipeline pipeline, string user, string text)
    {
        await pipeline.HandleAsync(new IncomingUpdate("telegram", $"d{++_seq}", user, ChatKind.Private, user, user, text));
        Assert.Empty(t.Log.Errors);
        return string.Join("\n", t.Replies(user));
    }

    static TurnPipeline DemoPipeline(TestStore t) => new(t.Store, TestStore.Templates, new Router(FlowCatalog.Create(), demoJoin: true), t.Clock, t.Log);

    Member? Who(TestStore t, string user) =>
        t.Store.Identities.FindById(ChatIdentity.KeyOf("telegram", user)) is { } i ? t.Store.Members.FindById(i.MemberId) : null;

    [Fact]
    public async Task A_stranger_takes_a_named_demo_person_once_but_never_the_admin_or_anyone_else()
    {
        using var t = new TestStore();
        var p = DemoPipeline(t);
        foreach (var name in new[] { "admin", "binh", "cuong", "kien" })
        {
            Assert.StartsWith($"Không có người dùng mẫu \"{name}\".", await Say(t, p, "ke1", $"/start {name}"));
            Assert.Null(Who(t, "ke1"));
        }
        Assert.StartsWith("Chào đồng chí Nguyễn Văn An", await Say(t, p, "nguoi1", "/start an"));
        Assert.Equal("an", Who(t, "nguoi1")!.Id);
        Assert.StartsWith("Chào đồng chí Nguyễn Văn An", await Say(t, p, "nguoi1", "/start an")); // the README's line typed again
        Assert.StartsWith("Người dùng mẫu \"an\" đã có người dùng trên kênh này.", await Say(t, p, "nguoi2", "/start an"));
        var admins = t.Store.Members.FindAll().Where(m => m.Has(Role.Admin)).Select(m => m.Id).ToHashSet();
        Assert.DoesNotContain(t.Store.Identities.FindAll(), i => i.Channel == "telegram" && admins.Contains(i.MemberId));
    }

    [Fact]
    public async Task Start_alone_says_how_to_join_and_is_not_counted_as_a_wrong_name()
    {
        using var t = new TestStore();
        var p = DemoPipeline(t);
        for (var i = 0; i < 6; i++)
            Assert.Equal("Đồng chí gõ /start kèm mã mời do bí thư cấp, ví dụ /start K7QM-3XPA; dùng thử với dữ liệu mẫu: /start an (bí thư), " +
                         "/start hoa (phó bí thư), /start minh (đảng viên) hoặc /start dung (cán bộ cấp trên).", await Say(t, p, "ke3", "/start"));
        Assert.StartsWith("Chào đồng chí Lê Thị Hoa", await Say(t, p, "ke3", "/start hoa"));
    }

    [Fact]
    public async Task A_code_typed_wrong_is_said_to_be_no_code_not_a_missing_demo_name()
    {
        using var t = new TestStore();
        var p = DemoPipeline(t);
        // A 1 for an I (codes have no 0, O, 1, I): before, "Không có người dùng mẫu "ABCD-EFG1"".
        Assert.StartsWith("\"ABCD-EFG1\" không phải mã mời: mã có 8 ký tự, chữ in hoa và số (không có chữ O, I, số 0, 1)", await Say(t, p, "ke4", "/start ABCD-EFG1"));
        Assert.StartsWith("\"k7qm 3xp0\" không phải mã mời", await Say(t, p, "ke4", "/start k7qm 3xp0"));
        Assert.Null(Who(t, "ke4"));
    }

    [Fact]
    public async Task Wrong_demo_names_are_throttled_like_invite_codes()
    {
        using var t = new TestStore();
        var p = DemoPipeline(t);
        foreach (var name in new[] { "admin", "adminx", "quantri", "abc", "xyz" }) Assert.StartsWith("Không có người dùng mẫu", await Say(t, p, "ke2", $"/start {name}"));
        Assert.StartsWith("Đồng chí đã nhập sai mã mời 5 lần.", await Say(t, p, "ke2", "/start hoa"));
        Assert.Null(Who(t, "ke2"));
    }

    [Fact]
    public async Task A_database_not_seeded_with_demo_data_accepts_only_invite_codes()
    {
        using var t = new TestStore();
        t.Store.Db.GetCollection("meta").Delete("demo-seeded"); // as a real organisation imported with a member coded "an"
        var p = DemoPipeline(t);
        Assert.StartsWith("\"an\" không phải mã mời: mã có 8 ký tự", await Say(t, p, "ke3", "/start an"));
        Assert.Null(Who(t, "ke3"));
    }
}
