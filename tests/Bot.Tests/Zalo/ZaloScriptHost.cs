using ChiBo.Bot.Channels;
using ChiBo.Bot.Channels.Zalo;
using ChiBo.Bot.Outbox;
using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows;
using ChiBo.Dialogs.Storage;
using ChiBo.Scheduling.Reminders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Zalo;

/// <summary>
/// The bot on its Zalo channel, in process: the real polling loop, update handler and sender talking HTTP to a
/// <see cref="FakeZaloApi"/>. Choices are typed as their number (commands as the command), group messages start
/// with the bot's mention. Demo members get Zalo ids, each cell a linked Zalo group.
/// </summary>
public sealed class ZaloScriptHost : IScriptHost
{
    public FakeZaloApi Api { get; } = new();
    public FakeTimeProvider Clock { get; }
    public ChiBoStore Store { get; private set; } = null!;
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-zalo").FullName;
    readonly Dictionary<string, string> _chatIds = [];
    readonly Dictionary<string, string> _chatNames = [];
    readonly List<OutboxMessage> _sent = [];
    OutboxSender _outbox = null!;
    ZaloPolling _polling = null!;
    CancellationTokenSource _stop = new();
    int _seen;

    public static string UserId(string user) => $"zu-{user}";
    public static string GroupId(string cellId) => $"zg-{cellId}";
    readonly bool _groupReminders;

    public ZaloScriptHost(DateTimeOffset start, bool demo = true, bool groupReminders = true)
    {
        _groupReminders = groupReminders;
        Clock = new FakeTimeProvider(start);
        var store = new ChiBoStore(Path.Combine(_dir, "chibo.db"));
        if (demo) DemoData.SeedIfEmpty(store, start.UtcDateTime);
        foreach (var m in store.Members.FindAll())
        {
            Api.KnowChat(UserId(m.Id)); // they wrote to the bot before: it may message them
            store.Identities.Insert(new ChatIdentity { Id = ChatIdentity.KeyOf(ZaloUpdates.Channel, UserId(m.Id)), Channel = ZaloUpdates.Channel, PlatformUserId = UserId(m.Id), MemberId = m.Id });
        }
        foreach (var c in store.Cells.FindAll())
        {
            Api.KnowChat($"zg-{c.Id}");
            store.GroupChats.Insert(new GroupChat { Id = GroupChat.KeyOf(ZaloUpdates.Channel, $"zg-{c.Id}"), Channel = ZaloUpdates.Channel, ChatId = $"zg-{c.Id}", CellId = c.Id, LinkedAtUtc = start.UtcDateTime });
        }
        store.Dispose();
        Open();
    }

    string ChatIdOf(string name, string user, bool group)
    {
        if (_chatIds.TryGetValue(name, out var id)) return id;
        id = group ? (name.StartsWith("nhom-") ? $"zg-{name[5..]}" : $"zg-{name}") : UserId(user);
        _chatIds[name] = id;
        _chatNames[id] = name;
        Api.KnowChat(id);
        return id;
    }

    string NameOf(string chatId)
    {
        if (_chatNames.TryGetValue(chatId, out var name)) return name;
        return chatId.StartsWith("zu-") ? chatId[3..] : chatId.StartsWith("zg-") ? $"nhom-{chatId[3..]}" : chatId;
    }

    Microsoft.Extensions.DependencyInjection.ServiceProvider _services = null!;

    void Open()
    {
        var options = Options.Create(new ZaloOptions
        {
            BotToken = FakeZaloApi.Token, ApiBaseUrl = Api.BaseUrl, PollTimeoutSeconds = 2, GroupReminders = _groupReminders,
            Limits = new SendLimits { PrivateInterval = TimeSpan.Zero, GroupPerMinute = 100_000, GlobalPerSecond = 100_000 },
        });
        var client = new ZaloClient(new HttpClient(), options.Value);
        var info = new ZaloBotInfo();
        // The core as the program composes it; the Zalo sender paced on real time, recorded after it sent.
        _services = Scripts.CoreComposition.Build(_dir, Clock, s => s.AddSingleton<IChannelSender>(sp =>
            new Recording(new ZaloSender(client, options, info, sp.GetRequiredService<ChiBoStore>(), TimeProvider.System, NullLogger<ZaloSender>.Instance), _sent)),
            firstRetryDelay: TimeSpan.FromMilliseconds(50));
        Store = _services.GetRequiredService<ChiBoStore>();
        Store.InTransaction(() => ScriptHost.Templates.Snapshot(Store));
        var pipeline = _services.GetRequiredService<TurnPipeline>();
        _outbox = _services.GetRequiredService<OutboxSender>();
        var handler = new ZaloUpdateHandler(pipeline, info, NullLogger<ZaloUpdateHandler>.Instance);
        _polling = new ZaloPolling(client, handler, info, options, new NoLifetime(), NullLogger<ZaloPolling>.Instance);
        _stop = new CancellationTokenSource();
        _polling.StartAsync(_stop.Token).GetAwaiter().GetResult();
        info.Ready.Task.WaitAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
    }

    /// <summary>Keeps what the sender was given (text and choices as the flows made them), after it went over the wire.</summary>
    sealed class Recording(IChannelSender inner, List<OutboxMessage> sent) : IChannelSender
    {
        public string Channel => inner.Channel;
        public async Task SendAsync(OutboxMessage message, CancellationToken ct)
        {
            await inner.SendAsync(message, ct);
            if (message.Kind == OutboxKind.Send || message.Choices.Count > 0) lock (sent) sent.Add(message);
        }
    }

    public ChiBo.Dialogs.Domain.Member? MemberOf(string user) =>
        Store.MemberOf(ZaloUpdates.Channel, UserId(user));

    public async Task SendAsync(string user, string chat, bool group, string? text)
    {
        var typed = group && text is not null ? $"@{FakeZaloApi.BotName} {text}" : text; // in groups Zalo delivers only mentions
        var id = Api.UserSends(ChatIdOf(chat, user, group), UserId(user), MemberOf(user)?.Name ?? user, typed, group);
        await SettleAsync(id);
    }

    public Task SendFileAsync(string user, string chat, string path) =>
        throw new ScriptFailure("Zalo: bot không nhận tệp qua Zalo Bot API.");

    /// <summary>A choice is typed: its number for the latest menu, its label for a suggestion or an older menu, the command for a command button.</summary>
    public Task TapAsync(string user, string chat, bool group, BotMessage message, int index)
    {
        var choice = message.Choices[index];
        bool latest;
        lock (_sent) latest = _sent.LastOrDefault(m => NameOf(m.ChatId) == chat && m.Choices.Any(c => !c.Key.StartsWith(ChiBo.Dialogs.Storage.Outbox.CommandPrefix))) == message.Native;
        var text = choice.Key.StartsWith(ChiBo.Dialogs.Storage.Outbox.CommandPrefix) ? choice.Key[ChiBo.Dialogs.Storage.Outbox.CommandPrefix.Length..]
            : message.ChoicesOnly && latest ? (message.Choices.Where(c => !c.Key.StartsWith(ChiBo.Dialogs.Storage.Outbox.CommandPrefix)).ToList().IndexOf(choice) + 1).ToString()
            : choice.Label;
        return SendAsync(user, chat, group, text);
    }

    /// <summary>Waits until the turn of that update is committed, then delivers the outbox (twice: a redirected group reminder queues more).</summary>
    async Task SettleAsync(string updateId)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        // Read under the store's write lock: a plain read racing a turn's transaction has upset LiteDB here.
        while (Store.InTransaction(() => Store.Processed.FindById($"{ZaloUpdates.Channel}:{updateId}")) is null)
        {
            if (DateTime.UtcNow > until) throw new ScriptFailure($"Zalo: update {updateId} was not handled in time.");
            await Task.Delay(5);
        }
        await _outbox.DeliverPendingAsync();
        await _outbox.DeliverPendingAsync();
    }

    public List<BotMessage> TakeNew()
    {
        lock (_sent)
        {
            var fresh = _sent.Skip(_seen).Select(m => new BotMessage(NameOf(m.ChatId), m.Text, m.Choices, m.ChoicesOnly, m)).ToList();
            _seen = _sent.Count;
            return fresh;
        }
    }

    public void SeedHistory() => DemoData.SeedHistory(Store, ScriptHost.Templates, Clock.GetUtcNow().UtcDateTime);

    public string? Shown(string chat)
    {
        lock (_sent) return _sent.LastOrDefault(m => NameOf(m.ChatId) == chat)?.Text;
    }

    public async Task RunRemindersAsync()
    {
        new ReminderSweep(Store, Clock, new ReminderRules(), NullLogger<ReminderSweep>.Instance, ScriptHost.Templates).Run();
        await _outbox.DeliverPendingAsync();
        await _outbox.DeliverPendingAsync();
    }

    public async Task RestartAsync()
    {
        await _stop.CancelAsync();
        await _polling.StopAsync(CancellationToken.None);
        _services.Dispose();
        Open();
        await _outbox.DeliverPendingAsync();
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _polling.StopAsync(CancellationToken.None).GetAwaiter().GetResult(); } catch (OperationCanceledException) { }
        _services.Dispose();
        Api.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
