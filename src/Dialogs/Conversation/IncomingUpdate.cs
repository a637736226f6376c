namespace ChiBo.Dialogs.Conversation;

public enum ChatKind { Private, Group }

/// <summary>One update from any channel, normalised. Exactly one of Text or ButtonData is set.</summary>
public sealed record IncomingUpdate(
    string Channel,
    string UpdateId,
    string ChatId,
    ChatKind ChatKind,
    string UserId,
    string UserName,
    string? Text,
    string? ButtonData = null)
{
    public string ChatKey => $"{Channel}:{ChatId}";
}

/// <summary>An option offered to the user. Key is what the flow receives; Label is what the user sees.</summary>
public sealed record Choice(string Key, string Label)
{
    public Choice() : this("", "") { }
}

/// <summary>
/// A channel-neutral reply. ChoicesOnly: the choices are a closed menu (numbered on text channels);
/// otherwise they are suggestions and the user may type anything.
/// </summary>
public sealed record Reply(string Text, IReadOnlyList<Choice>? Choices = null, bool ChoicesOnly = true, string? FilePath = null)
{
    public bool HasChoices => Choices is { Count: > 0 };
}

/// <summary>What the user gave: a choice key (button or matched menu entry) or free text.</summary>
public sealed record UserInput(string? ChoiceKey, string Text)
{
    public static UserInput FromText(string text) => new(null, text);
    public static UserInput FromChoice(Choice c) => new(c.Key, c.Label);
}
