using System.Text.RegularExpressions;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Flows;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Tests;

/// <summary>The one command catalogue: the router, /trogiup and the channels' menus agree because they read it.</summary>
public sealed class CommandCatalogTests
{
    static readonly Router Router = new(FlowCatalog.Create());

    [Fact]
    public void Every_flow_has_an_entry_and_every_entry_is_something_the_router_runs()
    {
        var names = Router.Catalog.Select(e => e.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("^[a-z0-9_]{1,32}$", n)); // Telegram's command names
        var flows = FlowCatalog.Create().Select(f => f.Command).Order().ToList();
        Assert.Equal(flows, Router.Catalog.Where(e => e.Kind == CommandKind.Flow).Select(e => e.Name).Order());
        Assert.All(Router.Catalog.Where(e => e.Kind == CommandKind.Command), e => Assert.NotNull(e.Handler));
        Assert.Equal(["huy", "quaylai", "tamdung", "tieptuc"], Router.Catalog.Where(e => e.Kind == CommandKind.Interruption).Select(e => e.Name).Order());
        // Menu lines within Telegram's limits (3–256 characters, at most 100 commands).
        var menus = Router.Catalog.SelectMany(e => new[] { e.Menu, e.GroupMenu }).Where(m => m != "").ToList();
        Assert.All(menus, m => Assert.InRange(m.Length, 3, 256));
        Assert.InRange(Router.Catalog.Count(e => e.Menu != ""), 1, 100);
    }

    [Fact]
    public async Task In_a_group_only_the_group_commands_answer_and_the_others_say_to_ask_privately()
    {
        using var t = new TestStore();
        var group = $"nhom-{t.Store.Members.FindById("an")!.CellId}";
        var seq = 0;
        async Task<List<string>> InGroup(string text)
        {
            await t.Pipeline.HandleAsync(new IncomingUpdate(DemoData.Channel, $"g{++seq}", group, ChatKind.Group, "an", "an", text));
            return t.Replies(group);
        }
        foreach (var e in Router.Catalog.Where(e => e.Kind != CommandKind.Interruption))
        {
            var replies = await InGroup("/" + e.Name);
            if (e.InGroups) Assert.DoesNotContain(replies, r => r.Contains("dùng trong tin nhắn riêng"));
            else Assert.Equal([$"Lệnh /{e.Name} dùng trong tin nhắn riêng với bot, để không làm phiền cả nhóm và giữ kín thông tin riêng. Đồng chí nhắn riêng cho bot nhé."], replies);
        }
        // The group's menu and help offer only what is answered there.
        Assert.All(Router.Catalog.Where(e => e.GroupMenu != ""), e => Assert.True(e.InGroups, e.Name));
        var help = Assert.Single(await InGroup("/trogiup"));
        var named = Regex.Matches(help, @"(?<![\w/])/([a-z]+)").Select(m => m.Groups[1].Value).Distinct().ToList();
        var inGroups = Router.Catalog.Where(e => e.InGroups).Select(e => e.Name).ToHashSet();
        Assert.All(named.Where(n => n != "hoithi"), n => Assert.Contains(n, inGroups)); // "/hoithi luyện" is named with /hoithi
        Assert.Contains("/lichhop", help);
        Assert.DoesNotContain("/ketqua", help);
    }

    [Fact]
    public async Task Help_names_only_commands_of_the_catalogue_and_each_reader_sees_their_own()
    {
        using var t = new TestStore();
        await t.Pipeline.HandleAsync(t.Private("an", "/trogiup"));
        var secretary = Assert.Single(t.Replies("an"));
        await t.Pipeline.HandleAsync(t.Private("minh", "/trogiup"));
        var member = Assert.Single(t.Replies("minh"));
        var names = Router.Catalog.Select(e => e.Name).ToHashSet();
        foreach (var text in new[] { secretary, member })
            Assert.All(Regex.Matches(text, @"(?<![\w/])/([a-z]+)").Select(m => m.Groups[1].Value), n => Assert.Contains(n, names));
        Assert.Contains("/sinhhoat — ghi buổi sinh hoạt chi bộ từng bước", secretary);
        Assert.Contains("/chuyende quý 1: <chủ đề>", secretary);
        Assert.DoesNotContain("/sinhhoat", member);
        Assert.Contains("/chuyende — kế hoạch sinh hoạt chuyên đề của chi bộ", member);
        Assert.DoesNotContain("/saoluu", secretary); // an admin's
        // Staff of the level above with no cell of their own: no meeting to answer, no self-review in a cell.
        await t.Pipeline.HandleAsync(t.Private("dung", "/trogiup"));
        var staff = Assert.Single(t.Replies("dung"));
        Assert.Contains("/tonghop", staff);
        Assert.DoesNotContain("/comat", staff);
        Assert.DoesNotContain("/tukiemdiem", staff);
        Assert.Contains("/comat", member);
    }
}
