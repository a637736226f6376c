using System.Text.Json;
using global::Telegram.Bot;
using global::Telegram.Bot.Requests;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;

namespace ChiBo.Bot.Channels.Telegram;

/// <summary>
/// One update as it came (a getUpdates element or a webhook body): decoded, or, when Telegram's types cannot hold it
/// (a lone surrogate in a button's data, an unknown shape), what can still be read of it so that it is confirmed and
/// its sender told. One unreadable element never poisons the batch around it.
/// </summary>
public sealed record ReadUpdate(int Id, Update? Update, long? ChatId, string? ChatType, long? UserId, string? CallbackQueryId)
{
    public long ChatKey => ChatId ?? 0;
}

public static class TelegramUpdateReader
{
    /// <summary>Reads one element; null when it has no update id at all (nothing to confirm or answer).</summary>
    public static ReadUpdate? Read(JsonElement element) => IdOf(element) is { } id ? Read(element, id) : null;

    /// <summary>The element's update id; null when it has none.</summary>
    public static int? IdOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("update_id", out var idElement) && idElement.TryGetInt32(out var id) ? id : null;

    /// <summary>Reads an element whose update id is known.</summary>
    public static ReadUpdate Read(JsonElement element, int id)
    {
        try
        {
            if (element.Deserialize<Update>(JsonBotAPI.Options) is { } update)
                return new ReadUpdate(id, update, update.Message?.Chat.Id ?? update.CallbackQuery?.Message?.Chat.Id, null, null, null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException or FormatException or ArgumentException) { }
        return Salvage(id, element);
    }

    /// <summary>The chat, sender and callback id of an update that would not decode, read field by field.</summary>
    static ReadUpdate Salvage(int id, JsonElement element)
    {
        var body = Prop(element, "message") ?? Prop(element, "callback_query");
        var callbackId = Prop(element, "callback_query") is { } q ? Text(Prop(q, "id")) : null;
        var message = Prop(element, "message") ?? (Prop(element, "callback_query") is { } cq ? Prop(cq, "message") : null);
        var chat = message is { } m ? Prop(m, "chat") : null;
        return new ReadUpdate(id, null, Number(chat is { } c ? Prop(c, "id") : null), Text(chat is { } c2 ? Prop(c2, "type") : null),
            Number(body is { } b ? Prop(b, "from") is { } f ? Prop(f, "id") : null : null), callbackId);
    }

    static JsonElement? Prop(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : null;

    static long? Number(JsonElement? e) => e is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var v) ? v : null;

    static string? Text(JsonElement? e)
    {
        if (e is not { ValueKind: JsonValueKind.String } s) return null;
        try { return s.GetString(); }
        catch (InvalidOperationException) { return null; } // invalid UTF-16 in the value itself
    }
}

/// <summary>getUpdates with the raw array as the answer, so each element is decoded on its own (<see cref="TelegramUpdateReader"/>).</summary>
public sealed class RawUpdatesRequest() : RequestBase<JsonElement[]>("getUpdates")
{
    public int? Offset { get; set; }
    public int? Limit { get; set; }
    public int? Timeout { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("allowed_updates")]
    public IEnumerable<UpdateType>? AllowedUpdates { get; set; }
}
