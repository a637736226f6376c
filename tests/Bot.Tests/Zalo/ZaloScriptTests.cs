using ChiBo.Bot.Tests.Scripts;

namespace ChiBo.Bot.Tests.Zalo;

/// <summary>
/// Every conversation script replayed through the Zalo adapter against the fake Zalo Bot API, choices typed as
/// their number. Left out: scripts that send files (the Zalo Bot API delivers no documents to bots) and scripts
/// that check a message as it shows after edits (Zalo cannot edit; <see cref="ZaloAdapterTests"/> shows what
/// Zalo does instead: answers to a notice are recorded and nothing is re-posted to the group).
/// </summary>
public sealed class ZaloScriptTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ConversationScriptTests.Folder, "*.txt").Order())
            if (File.ReadAllText(file) is var text && !text.Contains("<tệp:") && !text.Contains("shown@")) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public Task Script_replays_on_Zalo(string script) =>
        ScriptRunner.RunFileAsync(Path.Combine(ConversationScriptTests.Folder, script), TapMode.Button, (start, demo) => new ZaloScriptHost(start, demo));
}
