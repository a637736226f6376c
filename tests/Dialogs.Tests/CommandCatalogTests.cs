using System.Text.RegularExpressions;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Flows;

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
    }
}
