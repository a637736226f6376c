namespace ChiBo.Bot.Tests.Scripts;

/// <summary>Replays every script in conversation-scripts/, once per way of answering a choice.</summary>
public sealed class ConversationScriptTests
{
    public static string Folder => Path.Combine(RepoRoot.Path, "conversation-scripts");

    /// <summary>Every script's file name, for the classes that replay them all another way.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.txt").Order()) data.Add(Path.GetFileName(file));
        return data;
    }

    public static TheoryData<string, TapMode> Scripts()
    {
        var data = new TheoryData<string, TapMode>();
        foreach (var file in Directory.GetFiles(Folder, "*.txt").Order())
            foreach (var mode in Enum.GetValues<TapMode>())
                data.Add(Path.GetFileName(file), mode);
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public Task Script_replays(string script, TapMode mode) =>
        ScriptRunner.RunFileAsync(Path.Combine(Folder, script), mode);

    [Fact]
    public async Task The_example_in_the_format_docs_replays()
    {
        var readme = File.ReadAllText(Path.Combine(Folder, "README.md"));
        var block = readme[(readme.IndexOf("## Example", StringComparison.Ordinal))..];
        block = block[(block.IndexOf("```", StringComparison.Ordinal) + 3)..];
        var lines = block[..block.IndexOf("```", StringComparison.Ordinal)].Split('\n');
        foreach (var mode in Enum.GetValues<TapMode>())
            await new ScriptRunner("README.md", lines, mode).RunAsync();
    }

    [Fact]
    public void There_are_scripts_to_replay() => Assert.True(Directory.GetFiles(Folder, "*.txt").Length >= 8);
}

/// <summary>Every script again with turns computed outside the write transaction (Storage__ComputeOutside).</summary>
public sealed class ComputedOutsideScriptTests
{
    [Theory]
    [MemberData(nameof(ConversationScriptTests.Names), MemberType = typeof(ConversationScriptTests))]
    public Task Script_replays_with_turns_computed_outside(string script) =>
        ScriptRunner.RunFileAsync(Path.Combine(ConversationScriptTests.Folder, script), TapMode.Button,
            (start, demo) => new ScriptHost(start, demo, computeOutside: true));

    [Fact]
    public void The_setting_reaches_the_store()
    {
        using var host = new ScriptHost(ScriptRunner.DefaultStart, computeOutside: true);
        Assert.True(host.Store.ComputesOutside);
        using var plain = new ScriptHost(ScriptRunner.DefaultStart);
        Assert.False(plain.Store.ComputesOutside);
    }
}

/// <summary>Every script again with the store on PostgreSQL (one way of answering: the store does not see it).</summary>
public sealed class PostgresScriptTests(Scheduling.PostgresFixture pg) : IClassFixture<Scheduling.PostgresFixture>
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ConversationScriptTests.Folder, "*.txt").Order())
            if (!LiteDbOnly.Contains(Path.GetFileName(file))) data.Add(Path.GetFileName(file));
        return data;
    }

    /// <summary>The bot's own backups copy the LiteDB file; on PostgreSQL /saoluu points to pg_dump (tested below).</summary>
    static readonly HashSet<string> LiteDbOnly = ["32-sao-luu.txt"];

    [Scheduling.PostgresFact]
    public async Task On_PostgreSQL_the_backup_command_points_to_pg_dump()
    {
        using var host = new ScriptHost(ScriptRunner.DefaultStart, postgres: PostgresTarget.Fresh(pg.Server.ConnectionString));
        await host.SendAsync("admin", "admin", false, "/saoluu");
        var reply = Assert.Single(host.TakeNew()).Text;
        Assert.Contains("pg_dump", reply);
        Assert.DoesNotContain("Đã sao lưu", reply);
    }

    [Scheduling.PostgresTheory]
    [MemberData(nameof(Scripts))]
    public Task Script_replays_on_PostgreSQL(string script) =>
        ScriptRunner.RunFileAsync(Path.Combine(ConversationScriptTests.Folder, script), TapMode.Label,
            (start, demo) => new ScriptHost(start, demo, PostgresTarget.Fresh(pg.Server.ConnectionString)));
}

public static class RepoRoot
{
    public static string Path { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ChiBo.Bot.sln"))) return dir.FullName;
        throw new InvalidOperationException("ChiBo.Bot.sln not found above " + AppContext.BaseDirectory);
    }
}
