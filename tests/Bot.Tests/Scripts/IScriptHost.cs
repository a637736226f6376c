using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Scripts;

/// <summary>A message the bot delivered, as a script sees it. Chat is the script's chat name ("an", "nhom-cb-thon-dong").</summary>
public sealed record BotMessage(string Chat, string Text, IReadOnlyList<Choice> Choices, bool ChoicesOnly, object Native);

/// <summary>The bot behind one channel, driven by a conversation script.</summary>
public interface IScriptHost : IDisposable
{
    FakeTimeProvider Clock { get; }
    ChiBoStore Store { get; }
    /// <summary>The user writes text (null: a sticker or photo) in a chat; returns when the bot has answered.</summary>
    Task SendAsync(string user, string chat, bool group, string? text);
    /// <summary>The user sends a document (a file on disk) in their private chat; returns when the bot has answered.</summary>
    Task SendFileAsync(string user, string chat, string path);
    /// <summary>The member a script user is on this channel (by their chat identity), once they joined.</summary>
    ChiBo.Dialogs.Domain.Member? MemberOf(string user);
    /// <summary>The user answers a message the bot sent with text (a reply to it, where the channel has replies).</summary>
    Task ReplyAsync(string user, string chat, bool group, BotMessage message, string text);
    /// <summary>The user taps choice number <paramref name="index"/> of a message the bot sent.</summary>
    Task TapAsync(string user, string chat, bool group, BotMessage message, int index);
    /// <summary>Adds the demo's six months of recorded meetings (as the console demo has them).</summary>
    void SeedHistory();
    /// <summary>The text the bot's last message in that chat shows now, after any edits (null: none yet).</summary>
    string? Shown(string chat);
    /// <summary>Messages delivered since the last call, in order.</summary>
    List<BotMessage> TakeNew();
    /// <summary>The process dies and starts again on the same database.</summary>
    Task RestartAsync();
    /// <summary>Runs the reminder job once at the current clock and delivers what it queued.</summary>
    Task RunRemindersAsync();
}
