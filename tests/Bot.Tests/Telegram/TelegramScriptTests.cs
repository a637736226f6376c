using ChiBo.Bot.Tests.Scripts;

namespace ChiBo.Bot.Tests.Telegram;

/// <summary>Every conversation script, replayed through the Telegram adapter against the fake Bot API (buttons tapped by label).</summary>
public sealed class TelegramScriptTests
{
    [Theory]
    [MemberData(nameof(ConversationScriptTests.Names), MemberType = typeof(ConversationScriptTests))]
    public Task Script_replays_on_Telegram(string script) =>
        ScriptRunner.RunFileAsync(Path.Combine(ConversationScriptTests.Folder, script), TapMode.Button, (start, demo) => new TelegramScriptHost(start, demo));
}
