namespace ChiBo.Dialogs.Conversation;

public enum ChatKind { Private, Group }

/// <summary>
/// One update from any channel, normalised. Text for a message, ButtonData for a tap; neither for content the
/// bot cannot read (stickers, photos, voice…); File for a document. ChatTitle: the group's name, where the channel gives one. A tap names the message it was on, so that message can be edited.
/// Sequence: the update's number when the channel numbers its updates in increasing order (Telegram's update_id).
/// InChatOrder: the channel hands this chat's updates over in increasing Sequence, each once the one before it was handled
/// (Telegram long polling, also after a restart), so one numbered at or below the chat's last handled update is a repeat.
/// Problem: what went wrong when the channel could not read or fetch what was sent (a file that would not download,
/// an update it could not decode); the bot says it and changes nothing.
/// RepliesTo: the platform id of the bot's own message this one answers (Telegram: a reply to it), when it does; ""
/// when the channel says only that it is addressed to the bot (a Zalo group delivers nothing else).
/// MovedFrom: the group's previous id, when the platform gave it a new one (Telegram: a group become a supergroup).
/// BotBlocked: the person blocked the bot in their private chat (true) or unblocked it (false), as the platform tells it;
/// in a group: the bot was removed from it (true) or added back (false), UserId the one who did it.
/// </summary>
public sealed record IncomingUpdate(
    string Channel,
    string UpdateId,
    string ChatId,
    ChatKind ChatKind,
    string UserId,
    string UserName,
    string? Text,
    string? ButtonData = null,
    string? TappedMessageId = null,
    string? TappedMessageText = null,
    IncomingFile? File = null,
    string? ChatTitle = null,
    long? Sequence = null,
    string? Problem = null,
    bool InChatOrder = false,
    string? RepliesTo = null,
    string? MovedFrom = null,
    bool? BotBlocked = null)
{
    public string ChatKey => $"{Channel}:{ChatId}";
    public bool IsUnsupported => Text is null && ButtonData is null && File is null && Problem is null;
}

/// <summary>A document the user sent, already saved by the channel: its original name and where it is now ("" when too large to fetch).</summary>
public sealed record IncomingFile(string Name, string Path);

/// <summary>An option offered to the user. Key is what the flow receives; Label is what the user sees.</summary>
public sealed record Choice(string Key, string Label)
{
    public Choice() : this("", "") { }
}

/// <summary>
/// A channel-neutral reply. ChoicesOnly: the choices are a closed menu (numbered on text channels);
/// otherwise they are suggestions and the user may type anything. Notice: a message the bot sends on its own
/// (a reminder); it leaves the chat's current question and its choices alone, and its buttons may only carry
/// commands ("cmd:/danhgia"). Tag: names the message so a later turn can find and edit it (a meeting notice's
/// tally). AnswerCommand: free text the user types next in that chat is read as this command's argument
/// ("vang 2026-12-03" + "ốm" → "/vang 2026-12-03 ốm"), when no flow is running there. NumberedSuggestions: the
/// suggestions are numbered on text channels and a typed number picks one (for a question no number answers).
/// </summary>
public sealed record Reply(string Text, IReadOnlyList<Choice>? Choices = null, bool ChoicesOnly = true, string? FilePath = null, bool Notice = false,
    string? Tag = null, string? AnswerCommand = null, bool NumberedSuggestions = false)
{
    public bool HasChoices => Choices is { Count: > 0 };
}

/// <summary>What the user gave: a choice key (button or matched menu entry) or free text.</summary>
public sealed record UserInput(string? ChoiceKey, string Text)
{
    public static UserInput FromText(string text) => new(null, text);
    public static UserInput FromChoice(Choice c) => new(c.Key, c.Label);
}
