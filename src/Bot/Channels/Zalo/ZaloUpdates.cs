using System.Text.Json;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Text;

namespace ChiBo.Bot.Channels.Zalo;

/// <summary>Translates Zalo Bot API updates into the bot's <see cref="IncomingUpdate"/>. Tolerant of the shapes seen in the wild.</summary>
public static class ZaloUpdates
{
    public const string Channel = "zalo";

    static readonly HashSet<string> Unreadable =
        ["message.image.received", "message.sticker.received", "message.unsupported.received", "message.voice.received", "message.file.received", "message.video.received"];

    /// <summary>
    /// The update as the bot sees it, or null to ignore it (unknown events, the bot's own messages, malformed bodies, a
    /// "private" message whose sender is not that chat's user). A <see cref="JsonException"/> when a text in it is not
    /// valid Unicode (invalid UTF-8, a lone surrogate): the webhook answers 400.
    /// </summary>
    public static IncomingUpdate? ToIncoming(JsonElement update, string? botName)
    {
        if (update.ValueKind != JsonValueKind.Object) return null;
        if (update.TryGetProperty("result", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object) update = wrapped; // {ok, result}
        var eventName = Text(update, "event_name");
        if (eventName is null || !update.TryGetProperty("message", out var m) || m.ValueKind != JsonValueKind.Object) return null;
        var isText = eventName == "message.text.received";
        if (!isText && !Unreadable.Contains(eventName)) return null;
        if (!m.TryGetProperty("from", out var from) || from.ValueKind != JsonValueKind.Object || Text(from, "id") is not { } userId) return null;
        if (from.TryGetProperty("is_bot", out var isBot) && isBot.ValueKind == JsonValueKind.True) return null;
        if (!m.TryGetProperty("chat", out var chat) || chat.ValueKind != JsonValueKind.Object || Text(chat, "id") is not { } chatId) return null;
        var messageId = Text(m, "message_id");
        if (messageId is null) return null;
        var type = Text(chat, "chat_type")?.ToUpperInvariant();
        var kind = type == "GROUP" || (type is null && chatId != userId) ? ChatKind.Group : ChatKind.Private;
        if (kind == ChatKind.Private && chatId != userId) return null; // a private chat's id is its user's: anything else is forged
        var name = Text(from, "display_name") ?? Text(from, "name") ?? Text(from, "first_name") ?? "";
        var text = isText ? StripMention(Text(m, "text") ?? "", botName, kind) : null;
        // Message ids are told apart per chat: the same id in another chat is another message.
        // In a group Zalo delivers only what mentions or replies to the bot: addressed to it, which message unknown.
        return new IncomingUpdate(Channel, $"{chatId}:{eventName}:{messageId}", chatId, kind, userId, VnText.DisplayName(name), text,
            RepliesTo: kind == ChatKind.Group ? "" : null);
    }

    /// <summary>"@ChiBo Bot /lienket" → "/lienket": in groups Zalo delivers only messages that mention the bot.</summary>
    public static string StripMention(string text, string? botName, ChatKind kind)
    {
        var t = text.TrimStart();
        if (!t.StartsWith('@')) return text;
        if (!string.IsNullOrWhiteSpace(botName) && VnText.Fold(t).StartsWith("@" + VnText.Fold(botName)))
            return t[(1 + botName.Trim().Length)..].TrimStart(' ', ',', ':');
        if (kind != ChatKind.Group) return text;
        var command = t.IndexOf(" /", StringComparison.Ordinal); // "@Bot Chi Bộ /comat": a name of several words before a command
        if (command > 0) return t[(command + 1)..];
        var space = t.IndexOf(' ');
        return space < 0 ? "" : t[(space + 1)..].TrimStart(' ', ',', ':');
    }

    /// <summary>A string or number property as text (ids are opaque strings, but some clients saw numbers).</summary>
    static string? Text(JsonElement o, string name)
    {
        if (!o.TryGetProperty(name, out var v)) return null;
        try
        {
            return v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            };
        }
        catch (InvalidOperationException ex) { throw new JsonException($"\"{name}\" is not valid Unicode text", ex); }
    }
}
