using ChiBo.Bot.Hosting;
using ChiBo.Bot.Outbox;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Scheduling.Reminders;

namespace ChiBo.Bot.Channels.Console;

/// <summary>Where the console channel reads and writes (stdin/stdout by default; tests give their own).</summary>
public sealed class ConsoleIO(TextReader input, TextWriter output, bool echoInput)
{
    public TextReader In { get; } = input;
    public TextWriter Out { get; } = output;
    /// <summary>Print each line read, so a piped session reads like a transcript.</summary>
    public bool EchoInput { get; } = echoInput;
}

/// <summary>
/// The embedded channel: one line of stdin is one message. Lines starting with @ or # switch the demo user or
/// the chat (see <see cref="Help"/>). Ends cleanly at end of input.
/// </summary>
public sealed class ConsoleChannel(
    TurnPipeline pipeline, OutboxSender outbox, ChiBoStore store, ConsoleIO io, IHostApplicationLifetime lifetime, ILogger<ConsoleChannel> log,
    TimeProvider clock, ReminderSweep reminders, IncomingFiles files)
    : BackgroundService
{
    public const string Name = DemoData.Channel;

    public const string Help =
        "Trên console: @ liệt kê người dùng · @<tên> đổi người (ví dụ @an, @hoa, @dung; tên khác là một người mới) · " +
        "#nhom nói trong nhóm chi bộ của mình · #traloi <lời> trả lời thông báo của bot trong nhóm (ví dụ #traloi có mặt ạ) · #rieng quay về tin nhắn riêng · #tep <đường dẫn> gửi một tệp (danh sách tổ chức .xlsx/.csv) · #gio +3d (hoặc #gio 2026-12-02 08:00) dời đồng hồ mẫu để xem nhắc lịch · " +
        "với câu hỏi có lựa chọn, gõ số thứ tự hoặc chữ của lựa chọn.";

    const string ReplyPrefix = "#traloi ";

    string _user = DemoData.DefaultUser;
    bool _inGroup;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await outbox.DeliverPendingAsync(ct); // replies left unsent before a restart
            await io.Out.WriteLineAsync($"ChiBo.Bot (console). {Describe()}\n{Help}\nGõ /trogiup để xem các lệnh.");
            while (!ct.IsCancellationRequested)
            {
                var line = await io.In.ReadLineAsync(ct);
                if (line is null) break;
                if (line.Trim().Length == 0) continue;
                if (io.EchoInput) await io.Out.WriteLineAsync($"> {_user}{(_inGroup ? " #nhom" : "")}: {line}");
                if (await SwitchAsync(line.Trim())) continue;
                // "#traloi có mặt": a reply to the bot's notice (which one unknown here: the latest, as a Zalo mention).
                var update = line.TrimStart().StartsWith(ReplyPrefix, StringComparison.Ordinal)
                    ? Update(line.TrimStart()[ReplyPrefix.Length..].Trim()) with { RepliesTo = "" }
                    : Update(line);
                await pipeline.HandleAsync(update, ct);
                await outbox.DeliverPendingAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception ex) { log.LogError(ex, "Console channel stopped"); }
        await io.Out.FlushAsync(CancellationToken.None);
        lifetime.StopApplication();
    }

    /// <summary>The member the current console user is (by their chat identity), if they joined.</summary>
    Member? Me() => store.MemberOf(Name, _user);

    IncomingUpdate Update(string line)
    {
        var member = Me();
        var chatId = _inGroup && member?.CellId is { } cell ? $"nhom-{cell}" : _user;
        return new IncomingUpdate(Name, Guid.NewGuid().ToString("N"), chatId, _inGroup ? ChatKind.Group : ChatKind.Private,
            _user, member?.Name ?? _user, line);
    }

    async Task<bool> SwitchAsync(string line)
    {
        if (line == "@")
        {
            var users = store.Identities.Find(i => i.Channel == Name).Select(i => (i.PlatformUserId, Member: store.Members.FindById(i.MemberId))).Where(u => u.Member is not null).Select(u => (u.PlatformUserId, Member: u.Member!));
            await io.Out.WriteLineAsync("Người dùng:\n" + string.Join('\n', users.Select(u => $"  @{u.PlatformUserId} — {Who(u.Member)}")));
            return true;
        }
        if (line.StartsWith('@') && !line.Contains(' '))
        {
            var id = line[1..].ToLowerInvariant();
            if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9_-]{1,30}$"))
            {
                await io.Out.WriteLineAsync("Tên người dùng trên console gồm chữ không dấu, số, - hoặc _ (ví dụ @lan). Gõ @ để xem danh sách.");
                return true;
            }
            _user = id;
            _inGroup = false;
            await io.Out.WriteLineAsync(store.Identities.FindById(ChatIdentity.KeyOf(Name, id)) is null
                ? $"Đang là \"{id}\", người mới chưa có trong danh sách của bot: nhắn /start <mã mời> để tham gia."
                : Describe());
            return true;
        }
        if (line.StartsWith("#gio", StringComparison.OrdinalIgnoreCase))
        {
            await MoveClockAsync(line[4..].Trim());
            return true;
        }
        if (line.StartsWith("#tep", StringComparison.OrdinalIgnoreCase))
        {
            await SendFileAsync(line[4..].Trim().Trim('"'));
            return true;
        }
        switch (line.ToLowerInvariant())
        {
            case "#nhom":
                if (Me()?.CellId is null) { await io.Out.WriteLineAsync("Người dùng này không thuộc chi bộ nào nên không có nhóm."); return true; }
                _inGroup = true;
                await io.Out.WriteLineAsync(Describe());
                return true;
            case "#rieng":
                _inGroup = false;
                await io.Out.WriteLineAsync(Describe());
                return true;
        }
        return false;
    }

    /// <summary>#tep &lt;path&gt;: the user sends that file to the bot (copied, as a channel keeps what it receives).</summary>
    async Task SendFileAsync(string path)
    {
        if (path == "" || !File.Exists(path))
        {
            await io.Out.WriteLineAsync(path == "" ? "Cách dùng: #tep <đường dẫn tệp>, ví dụ #tep to-chuc.xlsx" : $"Không có tệp \"{Path.GetFullPath(path)}\".");
            return;
        }
        var update = Update("");
        update = update with
        {
            Text = null,
            File = new IncomingFile(Path.GetFileName(path), await files.SaveAsync(Name, update.UpdateId, Path.GetFileName(path), async (to, ct) =>
            {
                await using var from = File.OpenRead(path);
                await from.CopyToAsync(to, ct);
            }, CancellationToken.None)),
        };
        await pipeline.HandleAsync(update);
        await outbox.DeliverPendingAsync();
    }

    /// <summary>#gio [+Nd|+Nh|+Nm|yyyy-MM-dd HH:mm]: shows or moves the demo clock, then sends the reminders now due.</summary>
    async Task MoveClockAsync(string arg)
    {
        if (clock is not DemoClock demo)
        {
            await io.Out.WriteLineAsync("Chỉ dời được đồng hồ trong chế độ thử trên console.");
            return;
        }
        if (arg.Length > 0)
        {
            var now = VnClock.Now(clock);
            DateTime? target = null;
            if (arg.StartsWith('+') && arg.Length > 2 && int.TryParse(arg[1..^1], out var n) && n >= 0)
                target = char.ToLowerInvariant(arg[^1]) switch { 'd' => now.AddDays(n), 'h' => now.AddHours(n), 'm' => now.AddMinutes(n), _ => null };
            else if (DateTime.TryParseExact(arg, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd", "dd/MM/yyyy HH:mm", "dd/MM/yyyy"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at))
                target = at;
            if (target is null)
            {
                await io.Out.WriteLineAsync("Cách dùng: #gio +3d · #gio +2h · #gio 2026-12-02 08:00");
                return;
            }
            demo.Offset += target.Value - now;
        }
        await io.Out.WriteLineAsync($"Đồng hồ mẫu: {VnClock.Now(clock):HH:mm dd/MM/yyyy} (giờ Việt Nam).");
        reminders.Run();
        await outbox.DeliverPendingAsync();
    }

    string Describe()
    {
        var m = Me();
        var where = _inGroup && m?.CellId is { } c ? $"trong nhóm {store.Cells.FindById(c)?.Name}" : "trong tin nhắn riêng với bot";
        return $"Đang là {(m is null ? _user : Who(m))}, {where}.";
    }

    string Who(Member m)
    {
        var cell = m.CellId is null ? null : store.Cells.FindById(m.CellId)?.Name;
        var role = m.Roles.Select(r => r.Role).DefaultIfEmpty(Role.Member).Min() switch
        {
            Role.Admin => "quản trị",
            Role.Staff => "cán bộ cấp trên",
            Role.Secretary => "bí thư",
            Role.Deputy => "phó bí thư",
            _ => "đảng viên",
        };
        return $"{m.Name} ({role}{(cell is null ? "" : $", {cell}")})";
    }
}

/// <summary>Prints outbox messages for console chats: numbered menus, suggestions, file paths.</summary>
public sealed class ConsoleSender(ConsoleIO io, ChiBoStore store) : IChannelSender
{
    public string Channel => ConsoleChannel.Name;

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        // No buttons on the console: taking them back shows nothing; a notice updated in place (its tally) is shown again.
        if (message.Kind == OutboxKind.Edit && message.Choices.Count == 0) return;
        var to = message.ChatId.StartsWith("nhom-")
            ? $"nhóm {store.Cells.FindById(message.ChatId[5..])?.Name ?? message.ChatId}"
            : store.MemberOf(Channel, message.ChatId)?.Name ?? message.ChatId;
        if (message.Kind == OutboxKind.Send) message.PlatformMessageIds.Add($"c{message.Id}");
        await io.Out.WriteLineAsync($"Bot → {to}{(message.Kind == OutboxKind.Edit ? " (sửa tin nhắn)" : "")}:\n{Render(message)}\n");
        await io.Out.FlushAsync(ct);
    }

    public static string Render(OutboxMessage m)
    {
        var lines = new List<string> { m.Text };
        // A notice's buttons (kept on its edits: the tally) are commands and leave the chat's question alone, so a typed
        // number does not pick them (a reminder's "1. Viết ngay" answered "1" got "Đồng chí cần gì?"): shown as what to type, as on Zalo.
        if ((m.Notice || m.Kind == OutboxKind.Edit) && m.Choices.Count > 0 && m.Choices.All(c => ChiBo.Dialogs.Storage.Outbox.CommandOf(c) is not null))
            lines.AddRange(m.Choices.Select(c => "  " + TypedCommands.Line(c)));
        else if (m.Choices.Count > 0)
        {
            if (m.ChoicesOnly)
                lines.AddRange(m.Choices.Select((c, i) => $"  {i + 1}. {c.Label}"));
            else if (m.NumberedSuggestions)
                lines.AddRange(["  Gợi ý (gõ số, hoặc gõ nội dung khác):", .. m.Choices.Select((c, i) => $"  {i + 1}. {c.Label}")]);
            else
                lines.Add("  Gợi ý: " + string.Join(" | ", m.Choices.Select(c => c.Label)));
        }
        if (m.FilePath is not null) lines.Add($"  Tệp: {m.FilePath}");
        return string.Join('\n', lines);
    }
}
