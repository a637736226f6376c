using ChiBo.Dialogs.Conversation;

namespace ChiBo.Bot.Channels;

/// <summary>A command button on a channel without buttons (Zalo, the console): the line saying what to type.</summary>
public static class TypedCommands
{
    /// <summary>"• Có mặt: gõ /comat 2026-12-03"; a label that already shows its command stays as it is ("• Báo cáo (/baocao)").</summary>
    public static string Line(Choice choice, string mention = "")
    {
        var command = ChiBo.Dialogs.Storage.Outbox.CommandOf(choice) ?? throw new ArgumentException($"\"{choice.Key}\" is no command.", nameof(choice));
        return mention.Length == 0 && choice.Label.Contains(command, StringComparison.Ordinal)
            ? $"• {choice.Label}"
            : $"• {choice.Label}: gõ {mention}{command}";
    }
}
