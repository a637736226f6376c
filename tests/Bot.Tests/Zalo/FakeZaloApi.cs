using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChiBo.Bot.Tests.Zalo;

/// <summary>A message the bot sent through the fake Zalo API.</summary>
public sealed record FakeZaloMessage(string ChatId, string MessageId, string Text);

/// <summary>
/// The Zalo Bot API as zalo.md describes it, on loopback: POST /bot{token}/{method}, the {ok, result} envelope,
/// getUpdates handing out one update per call or 408 after the timeout, sendMessage checking chat_id (a chat
/// the bot has seen) and 1–2000 characters, webhook and polling excluding each other, injectable faults.
/// </summary>
public sealed class FakeZaloApi : IAsyncDisposable
{
    public const string Token = "1234567890:zalo-fake-token";
    public const string BotName = "ChiBo";
    readonly WebApplication _app;
    readonly object _gate = new();
    readonly Queue<JsonObject> _updates = new();
    readonly SemaphoreSlim _newUpdate = new(0);
    readonly HashSet<string> _chats = [];
    int _nextId = 1;

    public string BaseUrl { get; }
    public List<FakeZaloMessage> Messages { get; } = [];
    public List<string> Calls { get; } = [];
    public string? WebhookUrl { get; private set; }
    public string? WebhookSecret { get; private set; }
    /// <summary>Updates handed out by getUpdates so far.</summary>
    public int Delivered { get; private set; }
    /// <summary>Answers the next sendMessage calls with this error code (429, 500, 403…) while the count lasts.</summary>
    public (int Code, int Count) FailSends { get; set; }
    /// <summary>Groups whose sends fail with 403 (a bot not allowed to post there).</summary>
    public HashSet<string> ClosedGroups { get; } = [];

    public FakeZaloApi()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/bot{token}/{method}", HandleAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = _app.Urls.First();
    }

    /// <summary>Someone writes to the bot (text, or null for a sticker). Returns the update's id as the bot will know it ("chat:event:message_id").</summary>
    public string UserSends(string chatId, string userId, string name, string? text, bool group = false, string? eventName = null)
    {
        lock (_gate)
        {
            _chats.Add(chatId);
            var id = $"m{_nextId++:x8}";
            var ev = eventName ?? (text is null ? "message.sticker.received" : "message.text.received");
            var message = new JsonObject
            {
                ["from"] = new JsonObject { ["id"] = userId, ["display_name"] = name, ["is_bot"] = false },
                ["chat"] = new JsonObject { ["id"] = chatId, ["chat_type"] = group ? "GROUP" : "PRIVATE" },
                ["message_id"] = id, ["date"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            };
            if (text is not null) message["text"] = text;
            _updates.Enqueue(new JsonObject { ["event_name"] = ev, ["message"] = message });
            _newUpdate.Release();
            return $"{chatId}:{ev}:{id}";
        }
    }

    /// <summary>The body Zalo would post to a webhook for this message (wrapped in {ok, result} or not).</summary>
    public static JsonObject WebhookBody(string chatId, string userId, string name, string text, string messageId, bool wrapped, string eventName = "message.text.received")
    {
        var update = new JsonObject
        {
            ["event_name"] = eventName,
            ["message"] = new JsonObject
            {
                ["from"] = new JsonObject { ["id"] = userId, ["display_name"] = name, ["is_bot"] = false },
                ["chat"] = new JsonObject { ["id"] = chatId, ["chat_type"] = "PRIVATE" },
                ["text"] = text, ["message_id"] = messageId, ["date"] = 1750316131602,
            },
        };
        return wrapped ? new JsonObject { ["ok"] = true, ["result"] = update } : update;
    }

    public void KnowChat(string chatId) { lock (_gate) _chats.Add(chatId); }

    public List<FakeZaloMessage> In(string chatId) { lock (_gate) return Messages.Where(m => m.ChatId == chatId).ToList(); }

    async Task<IResult> HandleAsync(HttpContext http, string token, string method)
    {
        if (token != Token) return Error(401, "Unauthorized");
        var text = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync();
        JsonObject body;
        try { body = text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!.AsObject(); }
        catch (Exception) { return Error(400, "Bad Request: body is not JSON"); }
        lock (_gate) Calls.Add(method);
        switch (method)
        {
            case "getMe":
                return Ok(new JsonObject { ["id"] = "bot-1", ["account_name"] = "bot.chibo", ["display_name"] = BotName, ["can_join_groups"] = true });
            case "setWebhook":
                lock (_gate) { WebhookUrl = (string?)body["url"]; WebhookSecret = (string?)body["secret_token"]; }
                return Ok(new JsonObject { ["url"] = WebhookUrl });
            case "deleteWebhook":
                lock (_gate) { WebhookUrl = null; WebhookSecret = null; }
                return Ok(new JsonObject());
            case "getUpdates":
                return await GetUpdateAsync(body, http.RequestAborted);
            case "sendMessage":
                lock (_gate) return Send(body);
            default:
                return Error(404, "Not Found");
        }
    }

    // getUpdates requests held open now, by when each began (a killed bot's poll lingers until it times out).
    readonly System.Collections.Concurrent.ConcurrentDictionary<object, DateTime> _activePolls = new();
    /// <summary>Some poll is held open, and every held poll began after the given time (none from a killed bot).</summary>
    public bool OnlyPollsSince(DateTime utc) => _activePolls.Values.ToList() is { Count: > 0 } started && started.All(s => s > utc);

    async Task<IResult> GetUpdateAsync(JsonObject body, CancellationToken ct)
    {
        var poll = new object();
        _activePolls[poll] = DateTime.UtcNow;
        try { return await HoldPollAsync(body, ct); }
        finally { _activePolls.TryRemove(poll, out _); }
    }

    async Task<IResult> HoldPollAsync(JsonObject body, CancellationToken ct)
    {
        lock (_gate) if (WebhookUrl is not null) return Error(409, "Conflict: webhook is set");
        var timeout = int.TryParse(body["timeout"]?.ToString(), out var t) ? Math.Clamp(t, 0, 3) : 0;
        var until = DateTime.UtcNow.AddSeconds(timeout);
        while (true)
        {
            lock (_gate)
            {
                if (_updates.Count > 0)
                {
                    Delivered++;
                    return Ok(_updates.Dequeue());
                }
            }
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return Error(408, "Request Timeout");
            try { await _newUpdate.WaitAsync(left, ct); } catch (OperationCanceledException) { return Error(408, "Request Timeout"); }
        }
    }

    IResult Send(JsonObject body)
    {
        var chatId = body["chat_id"]?.ToString() ?? "";
        var text = body["text"]?.ToString() ?? "";
        if (!_chats.Contains(chatId)) return Error(400, "Bad Request: chat not found");
        if (FailSends.Count > 0)
        {
            FailSends = (FailSends.Code, FailSends.Count - 1);
            return Error(FailSends.Code, FailSends.Code == 429 ? "Quota exceeded" : "Internal Server Error");
        }
        if (ClosedGroups.Contains(chatId)) return Error(403, "Forbidden: bot cannot send to this group");
        if (text.Length is 0 or > 2000) return Error(400, "Bad Request: text must be 1-2000 characters");
        var id = $"s{_nextId++:x8}";
        Messages.Add(new FakeZaloMessage(chatId, id, text));
        return Ok(new JsonObject { ["message_id"] = id, ["date"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
    }

    static IResult Ok(JsonNode result) => Results.Json(new JsonObject { ["ok"] = true, ["result"] = result });

    // Zalo answers errors inside the envelope; HTTP 200 does not mean success.
    static IResult Error(int code, string description) =>
        Results.Json(new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
