using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ChiBo.Bot.Channels.Console;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Text;
using LiteDB;

namespace ChiBo.Bot.Tests.Scripts;

/// <summary>How a script's "[Label]" tap reaches the bot: as a button, as the typed menu number, or as the typed label.</summary>
public enum TapMode { Button, Number, Label }

/// <summary>Replays a conversation script (format: conversation-scripts/README.md) and fails with the line and what the bot said.</summary>
public sealed partial class ScriptRunner(string name, string[] lines, TapMode mode, Func<DateTimeOffset, bool, IScriptHost>? hostFactory = null)
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 30, 10, 0, 0, TimeSpan.FromHours(7));

    IScriptHost _host = null!;
    readonly Dictionary<string, Queue<BotMessage>> _unread = [];
    readonly Dictionary<string, BotMessage> _lastWithChoices = [];
    readonly StringBuilder _transcript = new();
    readonly List<BotMessage> _history = [];
    BotMessage? _checked;
    string _chat = "";

    public static async Task RunFileAsync(string path, TapMode mode, Func<DateTimeOffset, bool, IScriptHost>? hostFactory = null) =>
        await new ScriptRunner(Path.GetFileName(path), Load(path), mode, hostFactory) { _files = Path.Combine(Path.GetDirectoryName(path)!, "files") }.RunAsync();

    /// <summary>Where "&lt;tệp: name&gt;" finds its files.</summary>
    string _files = Path.Combine(ConversationScriptTests.Folder, "files");

    /// <summary>Reads a script, replacing "include: file" lines with that file's lines (same folder).</summary>
    static string[] Load(string path) =>
        File.ReadAllLines(path).SelectMany(l => l.Trim().StartsWith("include:")
            ? Load(Path.Combine(Path.GetDirectoryName(path)!, l.Trim()[8..].Trim()))
            : [l]).ToArray();

    public async Task RunAsync()
    {
        var start = lines.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("clock:") && !l.Contains('+')) is { } c
            ? ParseClock(c[6..].Trim()) : DefaultStart;
        // "start: trống": a new database without the demo organisation (a real first start).
        var demo = !lines.Any(l => l.Trim() == "start: trống");
        using var host = hostFactory?.Invoke(start, demo) ?? new ScriptHost(start, demo);
        _host = host;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            try { await StepAsync(line.Trim()); }
            catch (ScriptFailure f)
            {
                throw new ScriptFailure($"{name}:{i + 1}: {line.Trim()}\n{f.Message}\n--- transcript ---\n{_transcript}");
            }
        }
    }

    async Task StepAsync(string line)
    {
        if (line.StartsWith("clock:")) { Travel(line[6..].Trim()); return; }
        if (line == "restart") { _transcript.AppendLine("== restart =="); await _host.RestartAsync(); Collect(); return; }
        if (line.StartsWith("check:")) { Check(line[6..].Trim()); return; }
        if (line.StartsWith("docx:")) { CheckWordFile(line[5..].Trim()); return; }
        if (line.StartsWith("start:")) return;
        if (line.StartsWith("admin-code:"))
        {
            // What the host prints at start-up on a database without an admin.
            var invite = ChiBo.Dialogs.Commands.Invites.BootstrapAdmin(_host.Store, null, _host.Clock.GetUtcNow().UtcDateTime)
                ?? throw new ScriptFailure("Đã có quản trị viên: không có mã khởi tạo.");
            _kept[line[11..].Trim()] = invite.Id;
            return;
        }
        if (line == "history") { _host.SeedHistory(); _transcript.AppendLine("== history =="); return; }
        if (line.StartsWith("keep:"))
        {
            // "keep: MA [A-Z0-9]{4}-[A-Z0-9]{4}" remembers what the last checked bot message holds; "{MA}" then types it.
            var parts = line[5..].Trim().Split(' ', 2);
            var found = _checked is null ? null : Regex.Match(_checked.Text, parts[1]);
            if (found is not { Success: true }) throw new ScriptFailure($"Tin nhắn vừa kiểm tra không có \"{parts[1]}\".");
            _kept[parts[0]] = found.Value;
            return;
        }
        if (line == "reminders")
        {
            foreach (var q in _unread.Values) q.Clear();
            _checked = null;
            _transcript.AppendLine("== reminders ==");
            await _host.RunRemindersAsync();
            Collect();
            return;
        }
        var bot = BotLine().Match(line);
        if (bot.Success)
        {
            if (bot.Groups[1].Success && bot.Groups[1].Value != _chat) { _chat = bot.Groups[1].Value; _checked = null; }
            var expected = bot.Groups[3].Value.Trim();
            foreach (var (name, value) in _kept) expected = expected.Replace($"{{{name}}}", value);
            ExpectBot(bot.Groups[2].Value, expected);
            return;
        }
        var shown = ShownLine().Match(line);
        if (shown.Success)
        {
            var now = _host.Shown(shown.Groups[1].Value) ?? throw new ScriptFailure($"Chưa có tin nhắn nào của bot trong {shown.Groups[1].Value}.");
            if (!now.Contains(shown.Groups[2].Value.Trim().Replace("\\n", "\n")))
                throw new ScriptFailure($"Mong tin nhắn cuối trong {shown.Groups[1].Value} (sau khi sửa) có: {shown.Groups[2].Value.Trim()}\nĐang hiện:\n{now}");
            return;
        }
        var user = UserLine().Match(line);
        if (!user.Success) throw new ScriptFailure("Dòng không hiểu được (xem conversation-scripts/README.md).");
        await SayAsync(user.Groups[1].Value, user.Groups[2].Success ? user.Groups[2].Value : null, user.Groups[3].Value.Trim());
    }

    static DateTimeOffset ParseClock(string s) =>
        new(DateTime.ParseExact(s, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None), TimeSpan.FromHours(7));

    void Travel(string arg)
    {
        if (arg.StartsWith('+'))
        {
            var n = int.Parse(arg[1..^1]);
            _host.Clock.Advance(arg[^1] switch
            {
                'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), 'd' => TimeSpan.FromDays(n),
                _ => throw new ScriptFailure("clock: +Nm, +Nh hoặc +Nd"),
            });
        }
        else _host.Clock.SetUtcNow(ParseClock(arg));
        _transcript.AppendLine($"== clock {arg} ==");
    }

    /// <summary>group: null for the private chat, "nhom" for the user's cell group, else a group chat id.</summary>
    async Task SayAsync(string user, string? group, string text)
    {
        // Anyone may write privately (a newcomer joins with a code); "@nhom" needs a demo member's cell.
        var member = _host.MemberOf(user);
        if (member?.CellId is null && group == "nhom") throw new ScriptFailure($"\"{user}\" chưa thuộc chi bộ nào để biết nhóm chi bộ.");
        var inGroup = group is not null;
        _chat = group switch { null => user, "nhom" => $"nhom-{member!.CellId}", _ => group };
        foreach (var q in _unread.Values) q.Clear();
        _checked = null;
        var tap = TapLine().Match(text);
        if (tap.Success)
        {
            var label = tap.Groups[1].Value;
            var stale = tap.Groups[2].Success;
            var offer = stale
                ? _history.LastOrDefault(m => m.Chat == _chat && m != _lastWithChoices.GetValueOrDefault(_chat) && m.Choices.Any(c => c.Label == label))
                  ?? throw new ScriptFailure($"Không có tin nhắn cũ nào có nút \"{label}\".")
                : _lastWithChoices.GetValueOrDefault(_chat) ?? throw new ScriptFailure($"Không có lựa chọn nào để bấm \"{label}\".");
            var index = offer.Choices.ToList().FindIndex(c => c.Label == label);
            if (index < 0) throw new ScriptFailure($"Không có lựa chọn \"{label}\"; có: {string.Join(" | ", offer.Choices.Select(c => c.Label))}");
            if (mode == TapMode.Button)
            {
                _transcript.AppendLine($"> {user}{(inGroup ? "@" + _chat : "")}: [{label}]");
                await _host.TapAsync(user, _chat, inGroup, offer, index);
                Collect();
                return;
            }
            var key = offer.Choices[index].Key;
            // A command button on a text channel: the user types the command the label shows.
            text = key.StartsWith("cmd:") ? key[4..]
                : mode == TapMode.Number && offer.ChoicesOnly && !stale ? (index + 1).ToString() : label;
        }
        else if (FileLine().Match(text) is { Success: true } file)
        {
            if (inGroup) throw new ScriptFailure("Gửi tệp chỉ trong tin nhắn riêng.");
            var path = Path.Combine(_files, file.Groups[1].Value.Trim());
            if (!File.Exists(path)) throw new ScriptFailure($"Không có tệp {path}.");
            _transcript.AppendLine($"> {user}: <tệp {Path.GetFileName(path)}>");
            await _host.SendFileAsync(user, _chat, path);
            Collect();
            return;
        }
        else if (text.StartsWith("<trả lời>"))
        {
            // A reply to the bot's latest message in that chat (Telegram's "Reply").
            text = Expand(text["<trả lời>".Length..].Trim());
            var to = _history.LastOrDefault(m => m.Chat == _chat) ?? throw new ScriptFailure("Chưa có tin nhắn nào của bot để trả lời.");
            _transcript.AppendLine($"> {user}{(inGroup ? "@" + _chat : "")} (trả lời): {Shorten(text)}");
            await _host.ReplyAsync(user, _chat, inGroup, to, text);
            Collect();
            return;
        }
        else if (text.StartsWith('<') && text.EndsWith('>')) text = null!; // a sticker, photo, voice message…
        else text = Expand(text);
        _transcript.AppendLine($"> {user}{(inGroup ? "@" + _chat : "")}: {(text is null ? "<nội dung không phải chữ>" : Shorten(text))}");
        await _host.SendAsync(user, _chat, inGroup, text);
        Collect();
    }

    /// <summary>{repeat:N:text} → text N times; \n → new line.</summary>
    readonly Dictionary<string, string> _kept = [];

    string Expand(string text)
    {
        foreach (var (name, value) in _kept) text = text.Replace($"{{{name}}}", value);
        text = Repeat().Replace(text, m => string.Concat(Enumerable.Repeat(m.Groups[2].Value, int.Parse(m.Groups[1].Value))));
        return text == "\"\"" ? "" : text.Replace("\\n", "\n");
    }

    static string Shorten(string s) => s.Length > 200 ? s[..200] + $"… ({s.Length} ký tự)" : s;

    void Collect()
    {
        foreach (var m in _host.TakeNew())
        {
            _history.Add(m);
            (_unread.TryGetValue(m.Chat, out var q) ? q : _unread[m.Chat] = new()).Enqueue(m);
            if (m.Choices.Count > 0) _lastWithChoices[m.Chat] = m; // buttons stay on their message
            _transcript.AppendLine($"< {m.Chat}: {Render(m).Replace("\n", "\n  ")}");
        }
    }

    static string Render(BotMessage m) => ConsoleSender.Render(new OutboxMessage { Text = m.Text, Choices = [.. m.Choices], ChoicesOnly = m.ChoicesOnly });

    void ExpectBot(string op, string expected)
    {
        var queue = _unread.GetValueOrDefault(_chat) ?? new();
        switch (op)
        {
            case "-":
                if (queue.Count > 0) throw new ScriptFailure($"Không mong bot trả lời, nhưng bot nói:\n{Render(queue.Peek())}");
                return;
            case "+":
            case "?":
                if (_checked is null) throw new ScriptFailure("bot+ / bot? cần một dòng bot: trước đó.");
                break;
            default:
                if (queue.Count == 0) throw new ScriptFailure($"Mong bot trả lời \"{expected}\", nhưng không còn tin nhắn nào.");
                _checked = queue.Dequeue();
                break;
        }
        var text = _checked!.Text;
        var ok = op switch
        {
            ":" or "+" => text.Contains(expected, StringComparison.Ordinal),
            "=" => text == expected.Replace("\\n", "\n"),
            "~" => Regex.IsMatch(text, expected),
            "?" => ChoicesLine().Matches(expected).Select(m => m.Groups[1].Value).SequenceEqual(_checked.Choices.Select(c => c.Label)),
            _ => false,
        };
        if (!ok) throw new ScriptFailure($"Mong: bot{op} {expected}\nBot nói:\n{Render(_checked)}");
    }

    /// <summary>"docx: Vắng có lý do: Đỗ Văn Tuấn": the text of the last Word file the bot sent (on any channel) holds it.</summary>
    void CheckWordFile(string expected)
    {
        var path = _host.Store.Outbox.FindAll().Where(o => o.FilePath?.EndsWith(".docx") == true).MaxBy(o => o.Id)?.FilePath
                   ?? throw new ScriptFailure("Bot chưa gửi tệp Word nào.");
        using var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(path, false);
        var text = string.Join("\n", doc.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>()
            .Select(p => string.Concat(p.Descendants<DocumentFormat.OpenXml.Wordprocessing.Text>().Select(t => t.Text))));
        if (!text.Contains(expected, StringComparison.Ordinal))
            throw new ScriptFailure($"Tệp {Path.GetFileName(path)} không có: {expected}\n--- nội dung ---\n{text}");
    }

    /// <summary>"meetings where CellId=cb-thon-dong count 1" (K^=V: starts with) or "meetings where … last Present = 5".</summary>
    void Check(string spec)
    {
        var m = CheckLine().Match(spec);
        if (!m.Success) throw new ScriptFailure("check: <bảng> [where K=V, …] count N | last <trường> = <giá trị>");
        var docs = m.Groups[1].Value == "sessions" ? Tasks() : _host.Store.Collection<LiteDB.BsonDocument>(m.Groups[1].Value).FindAll();
        if (m.Groups[2].Success)
            foreach (var cond in m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries))
            {
                var (k, v) = (cond[..cond.IndexOf('=')].Trim(), cond[(cond.IndexOf('=') + 1)..].Trim());
                docs = k.EndsWith('^') // "Id^=DecisionsDue|": starts with
                    ? docs.Where(d => Show(Field(d, k[..^1])).StartsWith(v, StringComparison.Ordinal)).ToList()
                    : docs.Where(d => Show(Field(d, k)) == v).ToList();
            }
        if (m.Groups[3].Success)
        {
            var n = int.Parse(m.Groups[3].Value);
            if (docs.Count != n) throw new ScriptFailure($"Mong {n} bản ghi, có {docs.Count}.");
            return;
        }
        if (docs.Count == 0) throw new ScriptFailure("Không có bản ghi nào.");
        var actual = Show(Field(docs[^1], m.Groups[4].Value));
        if (actual != m.Groups[5].Value.Trim()) throw new ScriptFailure($"{m.Groups[4].Value}: mong \"{m.Groups[5].Value.Trim()}\", có \"{actual}\".");
    }

    /// <summary>"sessions": the tasks kept in the chats' states (under way, and set aside paused), by their ids.</summary>
    List<BsonDocument> Tasks() =>
        [.. _host.Store.Collection<LiteDB.BsonDocument>("chat_states").FindAll()
            .SelectMany(c => new[] { c["Session"], c["Parked"] }).Where(s => s.IsDocument).Select(s => s.AsDocument)
            .OrderBy(s => s["_id"].AsString, StringComparer.OrdinalIgnoreCase)];

    static BsonValue Field(BsonDocument doc, string path)
    {
        BsonValue cur = doc;
        foreach (var part in path.Split('.'))
            cur = cur.IsArray && int.TryParse(part, out var i) ? (i < cur.AsArray.Count ? cur.AsArray[i] : BsonValue.Null)
                : cur.IsDocument ? cur.AsDocument[part == "Id" ? "_id" : part] : BsonValue.Null;
        return cur;
    }

    static string Show(BsonValue v) => v.Type switch
    {
        BsonType.Null => "null",
        BsonType.String => v.AsString,
        BsonType.DateTime => v.AsDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        BsonType.Decimal => v.AsDecimal.ToString(CultureInfo.InvariantCulture),
        BsonType.Double => v.AsDouble.ToString(CultureInfo.InvariantCulture),
        BsonType.Array => v.AsArray.Count.ToString(),
        BsonType.Int64 => v.AsInt64.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString().Trim('"'),
    };

    [GeneratedRegex(@"^bot(?:@([a-z0-9_-]+))?([:=~+?-])\s?(.*)$")] private static partial Regex BotLine();
    [GeneratedRegex(@"^([a-z0-9_]+)(?:@([a-z0-9_-]+))?:\s?(.*)$")] private static partial Regex UserLine();
    [GeneratedRegex(@"^\[(.+)\](\s*\(cũ\))?$")] private static partial Regex TapLine();
    [GeneratedRegex(@"^shown@([a-z0-9_-]+):\s?(.*)$")] private static partial Regex ShownLine();
    [GeneratedRegex(@"\[([^\]]+)\]")] private static partial Regex ChoicesLine();
    [GeneratedRegex(@"\{repeat:(\d+):([^}]*)\}")] private static partial Regex Repeat();
    [GeneratedRegex(@"^<tệp:(.+)>$")]
    private static partial Regex FileLine();

    [GeneratedRegex(@"^(\w+)(?:\s+where\s+(.+?))?\s+(?:count\s+(\d+)|last\s+([\w.]+)\s*=\s*(.*))$")] private static partial Regex CheckLine();
}

public sealed class ScriptFailure(string message) : Exception(message);
