namespace ChiBo.Bot.Tests.Scripts;

/// <summary>Replays every script in conversation-scripts/, once per way of answering a choice.</summary>
public sealed class ConversationScriptTests
{
    public static string Folder => Path.Combine(RepoRoot.Path, "conversation-scripts");

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
