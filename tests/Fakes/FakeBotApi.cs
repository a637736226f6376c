using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChiBo.Fakes;

/// <summary>A message the bot sent, as the fake server keeps it (edits change it in place).</summary>
public sealed class FakeMessage
{
    public long ChatId { get; init; }
    public int MessageId { get; init; }
    public string Text { get; set; } = "";
    /// <summary>Inline keyboard buttons (label, callback data), empty once removed.</summary>
    public List<(string Label, string Data)> Buttons { get; set; } = [];
    public int Edits { get; set; }
    public bool IsDocument { get; init; }
    /// <summary>Sent with sendPhoto (shown inline), not sendDocument.</summary>
    public bool IsPhoto { get; init; }
    /// <summary>When the fake accepted it (the end of a turn, for the load driver's latency).</summary>
    public DateTime AcceptedAtUtc { get; init; }
}

/// <summary>
/// A Telegram Bot API on 127.0.0.1 for tests: getMe, getUpdates (long poll, offset, 409 while a webhook is
/// set), setWebhook, deleteWebhook, sendMessage, editMessageText, editMessageReplyMarkup, answerCallbackQuery,
/// sendDocument, sendPhoto, setMyCommands — with Telegram's validation errors and 429 when its limits are exceeded.
/// </summary>
public sealed class FakeBotApi : IAsyncDisposable
{
    public const string Token = "123456:TEST-token_abc";
    public const string Username = "ChiBoBot";

    readonly WebApplication _app;
    readonly object _gate = new();
    readonly List<JsonObject> _updates = [];
    readonly List<JsonObject> _delivered = [];
    readonly HashSet<int> _deliveredIds = [];
    readonly Dictionary<int, DateTime> _firstDeliveredAt = [];
    readonly List<JsonObject> _replays = [];
    readonly SemaphoreSlim _newUpdate = new(0);
    readonly Dictionary<long, string> _chats = []; // id → type
    int _nextUpdateId = 1000;
    int _nextMessageId = 1;
    readonly Dictionary<long, List<DateTime>> _sentPerChat = [];
    readonly List<DateTime> _sentAll = [];

    public string BaseUrl { get; }
    public List<FakeMessage> Messages { get; } = [];
    public List<string> AnsweredCallbacks { get; } = [];
    public Dictionary<string, JsonNode?> Commands { get; } = [];
    public string? WebhookUrl { get; private set; }
    public string? WebhookSecret { get; private set; }
    /// <summary>The lowest update id the bot has not confirmed yet.</summary>
    public int ConfirmedBelow { get; private set; }
    public int TooManyRequests { get; private set; }
    public List<string> Calls { get; } = [];
    /// <summary>How many calls so far, and those made after the first <paramref name="skip"/>, read under the fake's lock.</summary>
    public int CallCount { get { lock (_gate) return Calls.Count; } }
    public string[] CallsAfter(int skip) { lock (_gate) return [.. Calls.Skip(skip)]; }
    public List<string> LimitLog { get; } = [];

    /// <summary>Limits like Telegram's (off by default so scripts run fast).</summary>
    public bool LimitsOn { get; set; }
    public int PrivatePerSecond { get; set; } = 1;
    public int GroupPerMinute { get; set; } = 20;
    public int GlobalPerSecond { get; set; } = 30;
    /// <summary>Answers the next sendMessage calls with this status (500, 502, 429…) while the count lasts.</summary>
    public (int Status, int Count) FailSends { get; set; }
    /// <summary>Sends that still succeed before <see cref="FailSends"/> starts.</summary>
    public int FailSendsAfter { get; set; }

    public FakeBotApi()
    {
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false"]); // no watcher over the working folder
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/bot{token}/{method}", HandleAsync);
        _app.MapGet("/file/bot{token}/documents/{id}", async (string token, string id) =>
        {
            if (HoldDownloads is { } hold)
            {
                Interlocked.Increment(ref _downloadsHeld);
                await hold.Task;
            }
            lock (_gate)
                return token == Token && !_gone.Contains(id) && _files.TryGetValue(id, out var bytes) ? Results.Bytes(bytes, "application/octet-stream") : Results.NotFound();
        });
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = _app.Urls.First();
    }

    /// <summary>While set, file downloads wait for it (a slow network, a large file).</summary>
    public TaskCompletionSource? HoldDownloads { get; set; }

    int _downloadsHeld;
    /// <summary>File downloads that waited for <see cref="HoldDownloads"/> so far.</summary>
    public int DownloadsHeld => Volatile.Read(ref _downloadsHeld);

    public void AddPrivateChat(long userId) { lock (_gate) _chats[userId] = "private"; }
    public void AddGroup(long chatId) { lock (_gate) _chats[chatId] = "supergroup"; }
    /// <summary>Groups the bot was removed from: sending there is refused with 403.</summary>
    public HashSet<long> KickedFrom { get; } = [];
    /// <summary>The bot as a chat member with this status, for a my_chat_member update.</summary>
    static JsonObject BotAs(string status) =>
        new() { ["user"] = new JsonObject { ["id"] = 1, ["is_bot"] = true, ["first_name"] = "ChiBo", ["username"] = Username }, ["status"] = status, ["until_date"] = 0 };

    /// <summary>People who blocked the bot: sending to them is refused with 403.</summary>
    readonly HashSet<long> _blockedBy = [];

    /// <summary>
    /// The person blocks (or unblocks) the bot in their private chat: Telegram tells the bot with a my_chat_member update
    /// (unless <paramref name="tell"/> is false), and refuses its messages to them while blocked. Returns the update id, or 0.
    /// </summary>
    public int UserBlocks(long userId, string name, bool blocked = true, bool tell = true)
    {
        lock (_gate)
        {
            if (blocked) _blockedBy.Add(userId); else _blockedBy.Remove(userId);
            if (!tell) return 0;
            return Enqueue(new JsonObject
            {
                ["my_chat_member"] = new JsonObject
                {
                    ["chat"] = Chat(userId), ["from"] = User(userId, name), ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["old_chat_member"] = BotAs(blocked ? "member" : "kicked"), ["new_chat_member"] = BotAs(blocked ? "kicked" : "member"),
                },
            });
        }
    }

    /// <summary>Someone removes the bot from a group: Telegram tells the bot (my_chat_member) and refuses its messages there with 403. Returns the update id.</summary>
    public int BotRemovedFrom(long groupId, long byUserId, string byName)
    {
        lock (_gate)
        {
            KickedFrom.Add(groupId);
            return Enqueue(new JsonObject
            {
                ["my_chat_member"] = new JsonObject
                {
                    ["chat"] = Chat(groupId), ["from"] = User(byUserId, byName), ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["old_chat_member"] = BotAs("member"), ["new_chat_member"] = BotAs("kicked"),
                },
            });
        }
    }

    /// <summary>Groups that became supergroups (old id → new id): sending to the old id is refused with 400 and the new id.</summary>
    readonly Dictionary<long, long> _migrated = [];

    /// <summary>
    /// The group becomes a supergroup with a new id, as Telegram does when its history is made visible or it grows: the
    /// old id refuses messages (400, migrate_to_chat_id); the new group gets a service message naming the old id, from
    /// the person who changed it, unless <paramref name="announce"/> is false. Returns that update's id, or 0.
    /// </summary>
    public int MigrateGroup(long oldId, long newId, long byUserId, bool announce = true)
    {
        lock (_gate)
        {
            _migrated[oldId] = newId;
            _chats[newId] = "supergroup";
            if (!announce) return 0;
            var message = new JsonObject
            {
                ["message_id"] = _nextMessageId++, ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["chat"] = Chat(newId), ["from"] = User(byUserId, "Người đổi nhóm"), ["migrate_from_chat_id"] = oldId,
            };
            return Enqueue(new JsonObject { ["message"] = message });
        }
    }

    static JsonObject User(long id, string name) => new() { ["id"] = id, ["is_bot"] = false, ["first_name"] = name };
    JsonObject Chat(long id) => new() { ["id"] = id, ["type"] = _chats.GetValueOrDefault(id, id > 0 ? "private" : "supergroup"), ["title"] = id < 0 ? "Nhóm" : null };

    // Each chat's last message a person sent, for an edit of it.
    readonly Dictionary<long, int> _lastSent = [];

    /// <summary>The person edits the last message they sent in the chat (Telegram sends it as edited_message). Returns the update id.</summary>
    public int UserEdits(long chatId, long userId, string name, string text)
    {
        lock (_gate)
        {
            var message = new JsonObject
            {
                ["message_id"] = _lastSent[chatId], ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, ["edit_date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["chat"] = Chat(chatId), ["from"] = User(userId, name), ["text"] = text,
            };
            return Enqueue(new JsonObject { ["edited_message"] = message });
        }
    }

    /// <summary>A group admin writes anonymously: Telegram shows the group as the sender (from GroupAnonymousBot). Returns the update id.</summary>
    public int AnonymousAdminSends(long groupId, string text)
    {
        lock (_gate)
        {
            var message = new JsonObject
            {
                ["message_id"] = _nextMessageId++, ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["chat"] = Chat(groupId),
                ["from"] = new JsonObject { ["id"] = 1087968824, ["is_bot"] = true, ["first_name"] = "Group", ["username"] = "GroupAnonymousBot" },
                ["sender_chat"] = Chat(groupId), ["text"] = text,
            };
            if (text.StartsWith('/'))
                message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = text.Split(' ')[0].Length });
            return Enqueue(new JsonObject { ["message"] = message });
        }
    }

    /// <summary>A person writes in a chat. Returns the update id.</summary>
    public int UserSends(long chatId, long userId, string name, string? text, string? sticker = null, FakeMessage? replyTo = null)
    {
        lock (_gate)
        {
            _lastSent[chatId] = _nextMessageId;
            var message = new JsonObject
            {
                ["message_id"] = _nextMessageId++, ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["chat"] = Chat(chatId), ["from"] = User(userId, name),
            };
            // A reply to one of the bot's messages: Telegram includes that message, from the bot.
            if (replyTo is not null)
                message["reply_to_message"] = new JsonObject
                {
                    ["message_id"] = replyTo.MessageId, ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["chat"] = Chat(replyTo.ChatId),
                    ["from"] = new JsonObject { ["id"] = 1, ["is_bot"] = true, ["first_name"] = "ChiBo", ["username"] = Username }, ["text"] = replyTo.Text,
                };
            if (text is not null)
            {
                message["text"] = text;
                if (text.StartsWith('/'))
                    message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = text.Split(' ')[0].Length });
            }
            else message["sticker"] = new JsonObject { ["file_id"] = sticker ?? "s", ["file_unique_id"] = "u", ["type"] = "regular", ["width"] = 1, ["height"] = 1, ["is_animated"] = false, ["is_video"] = false };
            return Enqueue(new JsonObject { ["message"] = message });
        }
    }

    readonly Dictionary<string, byte[]> _files = [];
    readonly HashSet<string> _gone = [];

    /// <summary>
    /// A person sends a document (the bot fetches it with getFile and the file URL). Returns the update id.
    /// downloadFails: getFile answers, but the file URL is 404 (the file expired on Telegram's side).
    /// </summary>
    public int UserSendsDocument(long chatId, long userId, string name, string fileName, byte[] content, bool downloadFails = false)
    {
        lock (_gate)
        {
            var fileId = $"doc{_files.Count + 1}";
            _files[fileId] = content;
            if (downloadFails) _gone.Add(fileId);
            var message = new JsonObject
            {
                ["message_id"] = _nextMessageId++, ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["chat"] = Chat(chatId), ["from"] = User(userId, name),
                ["document"] = new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "u" + fileId, ["file_name"] = fileName, ["file_size"] = content.Length },
            };
            return Enqueue(new JsonObject { ["message"] = message });
        }
    }

    /// <summary>A person taps a button of a message the bot sent. Returns the update id.</summary>
    public int UserTaps(FakeMessage message, long userId, string name, string data)
    {
        lock (_gate)
        {
            var m = new JsonObject
            {
                ["message_id"] = message.MessageId, ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["chat"] = Chat(message.ChatId),
                ["from"] = new JsonObject { ["id"] = 1, ["is_bot"] = true, ["first_name"] = "ChiBo", ["username"] = Username },
                ["text"] = message.Text,
            };
            return Enqueue(new JsonObject
            {
                ["callback_query"] = new JsonObject
                {
                    ["id"] = $"cb{_nextUpdateId}", ["from"] = User(userId, name), ["message"] = m, ["chat_instance"] = "ci", ["data"] = data,
                },
            });
        }
    }

    /// <summary>
    /// Every update delivered so far comes again on the next getUpdates, whatever its offset: as when the bot
    /// died before its confirming getUpdates reached Telegram.
    /// </summary>
    public int ReplaysPending { get { lock (_gate) return _replays.Count; } }

    /// <summary>When a getUpdates first handed the update out (the load driver's phases), or null.</summary>
    public DateTime? FirstDeliveredAt(int updateId)
    {
        lock (_gate) return _firstDeliveredAt.TryGetValue(updateId, out var at) ? at : null;
    }

    public void ReplayDelivered()
    {
        lock (_gate)
        {
            _replays.AddRange(_delivered.Select(u => (JsonObject)u.DeepClone()));
            _newUpdate.Release();
        }
    }

    /// <summary>
    /// Stands for a lone surrogate ("\ud800") in an update: valid JSON that Telegram.Bot's types refuse to decode.
    /// getUpdates writes it escaped (System.Text.Json would not write the character itself).
    /// </summary>
    public const string LoneSurrogate = "\u0001lone-surrogate\u0001";

    int Enqueue(JsonObject update)
    {
        var id = _nextUpdateId++;
        update["update_id"] = id;
        _updates.Add(update);
        _newUpdate.Release();
        return id;
    }

    public List<FakeMessage> In(long chatId) { lock (_gate) return [.. _byChat.GetValueOrDefault(chatId) ?? []]; }

    // Messages by chat (the load driver asks after every reply: no scan of all messages).
    readonly Dictionary<long, List<FakeMessage>> _byChat = [];
    readonly Dictionary<long, TaskCompletionSource> _waiters = [];

    /// <summary>A copy of every message sent so far.</summary>
    public List<FakeMessage> All() { lock (_gate) return Messages.ToList(); }

    /// <summary>Messages sent to a chat so far (cheap: no copy).</summary>
    public int CountIn(long chatId) { lock (_gate) return _byChat.GetValueOrDefault(chatId)?.Count ?? 0; }

    /// <summary>Completes when the chat has more than <paramref name="count"/> messages (one waiter per chat).</summary>
    public async Task WaitForMoreThanAsync(long chatId, int count, CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if ((_byChat.GetValueOrDefault(chatId)?.Count ?? 0) > count) return;
                if (!_waiters.TryGetValue(chatId, out var tcs)) _waiters[chatId] = tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = tcs.Task;
            }
            await wait.WaitAsync(ct);
        }
    }

    async Task<IResult> HandleAsync(HttpContext http, string token, string method)
    {
        if (token != Token) return Error(401, "Unauthorized");
        JsonObject body;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync();
            body = new JsonObject();
            foreach (var (k, v) in form) body[k] = v.ToString();
            foreach (var f in form.Files) body[f.Name] = f.FileName;
        }
        else
        {
            var text = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync();
            body = text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!.AsObject();
        }
        lock (_gate) Calls.Add(method);
        return method.ToLowerInvariant() switch
        {
            "getme" => Ok(new JsonObject { ["id"] = 1, ["is_bot"] = true, ["first_name"] = "ChiBo", ["username"] = Username }),
            "getupdates" => await GetUpdatesAsync(body, http.RequestAborted),
            "setwebhook" => Locked(() => { WebhookUrl = (string?)body["url"]; WebhookSecret = (string?)body["secret_token"]; return Ok(true); }),
            "deletewebhook" => Locked(() => { WebhookUrl = null; WebhookSecret = null; return Ok(true); }),
            "setmycommands" => Locked(() => { Commands[body["scope"]?["type"]?.ToString() ?? "default"] = body["commands"]?.DeepClone(); return Ok(true); }),
            "getfile" => Locked(() => _files.TryGetValue((string?)body["file_id"] ?? "", out var bytes)
                ? Ok(new JsonObject { ["file_id"] = (string)body["file_id"]!, ["file_unique_id"] = "u" + (string)body["file_id"]!, ["file_size"] = bytes.Length, ["file_path"] = $"documents/{body["file_id"]}" })
                : Error(400, "Bad Request: invalid file_id")),
            "answercallbackquery" => Locked(() => { AnsweredCallbacks.Add((string)body["callback_query_id"]!); return Ok(true); }),
            "sendmessage" => SendOrDrop(http, () => Send(body, document: false)),
            "senddocument" => Locked(() => Send(body, document: true)!),
            "sendphoto" => Locked(() => Send(body, document: true, photo: true)!),
            "editmessagetext" => Locked(() => Edit(body, (string?)body["text"])),
            "editmessagereplymarkup" => Locked(() => Edit(body, null)),
            _ => Error(404, "Not Found: method not found"),
        };
    }

    IResult Locked(Func<IResult> f) { lock (_gate) return f(); }

    IResult SendOrDrop(HttpContext http, Func<IResult?> send)
    {
        IResult? result;
        lock (_gate) result = send();
        return result ?? Dropped(http);
    }

    /// <summary>Every FaultEvery-th sendMessage fails before it is accepted, in turn: 500, 502, 429, a dropped connection.</summary>
    public int FaultEvery { get; set; }
    public int Faults { get; private set; }
    int _sendCalls;

    static IResult Dropped(HttpContext http)
    {
        http.Abort();
        return Results.Empty;
    }

    async Task<IResult> GetUpdatesAsync(JsonObject body, CancellationToken ct)
    {
        var offset = (int?)body["offset"] ?? 0;
        var timeout = Math.Min((int?)body["timeout"] ?? 0, 5);
        var until = DateTime.UtcNow.AddSeconds(timeout);
        while (true)
        {
            lock (_gate)
            {
                if (WebhookUrl is not null)
                    return Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
                if (offset > 0)
                {
                    _updates.RemoveAll(u => (int)u["update_id"]! < offset);
                    ConfirmedBelow = Math.Max(ConfirmedBelow, offset);
                }
                if (_replays.Count > 0)
                {
                    var again = new JsonArray(_replays.Select(u => (JsonNode)u).ToArray());
                    _replays.Clear();
                    return Updates(again);
                }
                if (_updates.Count > 0)
                {
                    var batch = _updates.Take((int?)body["limit"] ?? 100).ToList();
                    var now = DateTime.UtcNow;
                    foreach (var u in batch.Where(u => _deliveredIds.Add((int)u["update_id"]!)))
                    {
                        _delivered.Add((JsonObject)u.DeepClone());
                        _firstDeliveredAt[(int)u["update_id"]!] = now;
                    }
                    return Updates(new JsonArray(batch.Select(u => (JsonNode)u.DeepClone()).ToArray()));
                }
            }
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return Ok(new JsonArray());
            try { await _newUpdate.WaitAsync(left, ct); } catch (OperationCanceledException) { return Ok(new JsonArray()); }
        }
    }

    IResult? Send(JsonObject body, bool document, bool photo = false)
    {
        var chatId = ChatIdOf(body["chat_id"]); // a number in JSON, a string in a multipart form (files)
        if (!_chats.ContainsKey(chatId)) return Error(400, "Bad Request: chat not found");
        if (KickedFrom.Contains(chatId)) return Error(403, "Forbidden: bot was kicked from the supergroup chat");
        if (_blockedBy.Contains(chatId)) return Error(403, "Forbidden: bot was blocked by the user");
        if (_migrated.TryGetValue(chatId, out var movedTo))
            return Results.Json(new JsonObject
            {
                ["ok"] = false, ["error_code"] = 400, ["description"] = "Bad Request: group chat was upgraded to a supergroup chat",
                ["parameters"] = new JsonObject { ["migrate_to_chat_id"] = movedTo },
            }, statusCode: 400);
        if (!document && FaultEvery > 0 && ++_sendCalls % FaultEvery == 0)
        {
            Faults++;
            switch (Faults % 4)
            {
                case 1: return Error(500, "Internal Server Error");
                case 2: return Error(502, "Bad Gateway");
                case 3: return TooMany(1);
                default: return null; // the connection drops before the message is accepted
            }
        }
        if (FailSends.Count > 0 && FailSendsAfter-- <= 0)
        {
            FailSends = (FailSends.Status, FailSends.Count - 1);
            return FailSends.Status == 429 ? TooMany(1) : Error(FailSends.Status, FailSends.Status == 502 ? "Bad Gateway" : "Internal Server Error");
        }
        if (LimitsOn && Limited(chatId) is { } wait)
        {
            LimitLog.Add($"{DateTime.UtcNow:ss.fff} 429 chat {chatId}, its sends: {string.Join(",", (_sentPerChat.GetValueOrDefault(chatId) ?? []).Select(t => t.ToString("ss.fff")))}; global in last s: {_sentAll.Count(t => t > DateTime.UtcNow.AddSeconds(-1))}");
            return TooMany(wait);
        }
        var text = (string?)body["text"] ?? (string?)body["caption"] ?? "";
        if (!document)
        {
            if (text.Trim().Length == 0) return Error(400, "Bad Request: message text is empty");
            if (text.Length > 4096) return Error(400, "Bad Request: message is too long");
        }
        var buttons = Buttons(body["reply_markup"]);
        if (buttons is null) return Error(400, "Bad Request: BUTTON_DATA_INVALID");
        var m = new FakeMessage { ChatId = chatId, MessageId = _nextMessageId++, Text = text, Buttons = buttons, IsDocument = document, IsPhoto = photo, AcceptedAtUtc = DateTime.UtcNow };
        Messages.Add(m);
        (_byChat.TryGetValue(chatId, out var mine) ? mine : _byChat[chatId] = []).Add(m);
        if (_waiters.Remove(chatId, out var waiting)) waiting.TrySetResult();
        Record(chatId);
        return Ok(new JsonObject
        {
            ["message_id"] = m.MessageId, ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["chat"] = Chat(chatId),
            ["from"] = new JsonObject { ["id"] = 1, ["is_bot"] = true, ["first_name"] = "ChiBo" }, ["text"] = text,
        });
    }

    static long ChatIdOf(JsonNode? node) =>
        node is JsonValue v && (v.TryGetValue<long>(out var id) || (v.TryGetValue<string>(out var s) && long.TryParse(s, out id))) ? id : 0;

    IResult Edit(JsonObject body, string? text)
    {
        var chatId = (long?)body["chat_id"] ?? 0;
        var id = (int?)body["message_id"] ?? 0;
        var m = _byChat.GetValueOrDefault(chatId)?.FirstOrDefault(x => x.MessageId == id);
        if (m is null) return Error(400, "Bad Request: message to edit not found");
        var buttons = Buttons(body["reply_markup"]);
        if (buttons is null) return Error(400, "Bad Request: BUTTON_DATA_INVALID");
        if (text is not null && text.Trim().Length == 0) return Error(400, "Bad Request: message text is empty");
        if ((text ?? m.Text) == m.Text && buttons.SequenceEqual(m.Buttons))
            return Error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
        m.Text = text ?? m.Text;
        m.Buttons = buttons;
        m.Edits++;
        return Ok(new JsonObject { ["message_id"] = m.MessageId, ["date"] = 0, ["chat"] = Chat(chatId), ["text"] = m.Text });
    }

    /// <summary>Inline keyboard buttons; null when a callback_data is empty or over 64 bytes.</summary>
    static List<(string, string)>? Buttons(JsonNode? markup)
    {
        if (markup is JsonValue v && v.TryGetValue<string>(out var s)) markup = JsonNode.Parse(s);
        var result = new List<(string, string)>();
        foreach (var row in markup?["inline_keyboard"]?.AsArray() ?? [])
            foreach (var b in row!.AsArray())
            {
                var data = (string?)b!["callback_data"] ?? "";
                if (data.Length == 0 || Encoding.UTF8.GetByteCount(data) > 64) return null;
                result.Add(((string)b["text"]!, data));
            }
        return result;
    }

    int? Limited(long chatId)
    {
        var now = DateTime.UtcNow;
        var mine = _sentPerChat.GetValueOrDefault(chatId) ?? [];
        var perChat = chatId < 0 ? mine.Count(t => t > now.AddMinutes(-1)) >= GroupPerMinute : mine.Count(t => t > now.AddSeconds(-1)) >= PrivatePerSecond;
        var global = _sentAll.Count(t => t > now.AddSeconds(-1)) >= GlobalPerSecond;
        return perChat ? (chatId < 0 ? 10 : 1) : global ? 1 : null;
    }

    void Record(long chatId)
    {
        var now = DateTime.UtcNow;
        (_sentPerChat.TryGetValue(chatId, out var l) ? l : _sentPerChat[chatId] = []).Add(now);
        _sentAll.Add(now);
        if (_sentAll.Count > 10_000) _sentAll.RemoveRange(0, 5_000);
    }

    IResult TooMany(int seconds)
    {
        TooManyRequests++;
        return Results.Json(new JsonObject
        {
            ["ok"] = false, ["error_code"] = 429, ["description"] = $"Too Many Requests: retry after {seconds}",
            ["parameters"] = new JsonObject { ["retry_after"] = seconds },
        }, statusCode: 429);
    }

    static IResult Updates(JsonArray updates)
    {
        var json = new JsonObject { ["ok"] = true, ["result"] = updates }.ToJsonString();
        return Results.Content(json.Replace(JsonSerializer.Serialize(LoneSurrogate)[1..^1], "\\ud800"), "application/json");
    }

    static IResult Ok(JsonNode? result) => Results.Json(new JsonObject { ["ok"] = true, ["result"] = result });
    static IResult Ok(bool result) => Results.Json(new JsonObject { ["ok"] = true, ["result"] = result });

    static IResult Error(int code, string description) =>
        Results.Json(new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description }, statusCode: code);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
