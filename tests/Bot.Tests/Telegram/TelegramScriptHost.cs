using ChiBo.Bot.Channels;
using ChiBo.Bot.Channels.Telegram;
using ChiBo.Bot.Outbox;
using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows;
using ChiBo.Dialogs.Storage;
using ChiBo.Scheduling.Reminders;
using global::Telegram.Bot;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Telegram;

/// <summary>
/// The bot on its Telegram channel, in process: the real polling loop, update handler, sender and outbox,
/// talking HTTP to a <see cref="FakeBotApi"/> on loopback. Demo members get Telegram ids, each cell a linked group.
/// </summary>
public sealed class TelegramScriptHost : IScriptHost
{
    public FakeBotApi Api { get; } = new();
    public FakeTimeProvider Clock { get; }
    public ChiBoStore Store { get; private set; } = null!;
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-tg").FullName;
    readonly Dictionary<string, long> _chatIds = [];
    readonly Dictionary<long, string> _chatNames = [];
    OutboxSender _outbox = null!;
    TelegramPolling _polling = null!;
    CancellationTokenSource _stop = new();
    int _seen;

    public static long UserId(string member) => 700_000 + Math.Abs(StringComparer.Ordinal.GetHashCode(member) % 100_000);

    public TelegramScriptHost(DateTimeOffset start, bool demo = true)
    {
        Clock = new FakeTimeProvider(start);
        var store = new ChiBoStore(Path.Combine(_dir, "chibo.db"));
        if (demo) DemoData.SeedIfEmpty(store, start.UtcDateTime);
        var g = 0;
        foreach (var m in store.Members.FindAll())
        {
            store.Identities.Insert(new ChatIdentity { Id = ChatIdentity.KeyOf(TelegramUpdates.Channel, UserId(m.Id).ToString()), Channel = TelegramUpdates.Channel, PlatformUserId = UserId(m.Id).ToString(), MemberId = m.Id });
            Map(m.Id, UserId(m.Id));
            Api.AddPrivateChat(UserId(m.Id));
        }
        foreach (var c in store.Cells.FindAll())
        {
            var id = -100_100_000 - ++g;
            store.GroupChats.Insert(new GroupChat { Id = GroupChat.KeyOf(TelegramUpdates.Channel, id.ToString()), Channel = TelegramUpdates.Channel, ChatId = id.ToString(), CellId = c.Id, LinkedAtUtc = start.UtcDateTime });
            Map($"nhom-{c.Id}", id);
            Api.AddGroup(id);
        }
        store.Dispose();
        Open();
    }

    void Map(string name, long id) { _chatIds[name] = id; _chatNames[id] = name; }

    /// <summary>The Telegram chat id of a script's chat ("an", "nhom-cb-thon-dong"); a new name gets a new group.</summary>
    public long ChatIdOf(string name)
    {
        if (_chatIds.TryGetValue(name, out var id)) return id;
        id = -100_200_000 - _chatIds.Count;
        Map(name, id);
        Api.AddGroup(id);
        return id;
    }

    Microsoft.Extensions.DependencyInjection.ServiceProvider _services = null!;

    void Open()
    {
        var options = Options.Create(new TelegramOptions
        {
            BotToken = FakeBotApi.Token, ApiBaseUrl = Api.BaseUrl, PollTimeoutSeconds = 5,
            Limits = new SendLimits { PrivateInterval = TimeSpan.Zero, GroupPerMinute = 100_000, GlobalPerSecond = 100_000 },
        });
        var client = new TelegramBotClient(new TelegramBotClientOptions(FakeBotApi.Token, Api.BaseUrl) { RetryThreshold = 0 }, new HttpClient());
        var info = new TelegramBotInfo();
        // The core as the program composes it. The outbox runs on the script's clock, like the turns that fill it; only
        // the send pacer is on real time.
        _services = Scripts.CoreComposition.Build(_dir, Clock, s =>
        {
            s.AddSingleton(info);
            s.AddSingleton<IChannelSender>(sp => new TelegramSender(client, options, TimeProvider.System, sp.GetRequiredService<ChiBoStore>()));
        }, firstRetryDelay: TimeSpan.FromMilliseconds(50));
        Store = _services.GetRequiredService<ChiBoStore>();
        Store.InTransaction(() => ScriptHost.Templates.Snapshot(Store));
        var router = _services.GetRequiredService<Router>();
        var pipeline = _services.GetRequiredService<TurnPipeline>();
        _outbox = _services.GetRequiredService<OutboxSender>();
        var handler = new TelegramUpdateHandler(pipeline, client, info, _services.GetRequiredService<IncomingFiles>(), NullLogger<TelegramUpdateHandler>.Instance);
        _polling = new TelegramPolling(client, new TelegramSetup(client, options, info, router, NullLogger<TelegramSetup>.Instance), handler, options,
            Store, new NoLifetime(), NullLogger<TelegramPolling>.Instance);
        _stop = new CancellationTokenSource();
        _polling.StartAsync(_stop.Token).GetAwaiter().GetResult();
        info.Ready.Task.WaitAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
    }

    public ChiBo.Dialogs.Domain.Member? MemberOf(string user) =>
        Store.MemberOf(TelegramUpdates.Channel, UserId(user).ToString());

    public async Task SendFileAsync(string user, string chat, string path)
    {
        if (!_chatIds.ContainsKey(chat)) { Map(chat, UserId(user)); Api.AddPrivateChat(UserId(user)); }
        var id = Api.UserSendsDocument(ChatIdOf(chat), UserId(user), MemberOf(user)?.Name ?? user, Path.GetFileName(path), await File.ReadAllBytesAsync(path));
        await SettleAsync(id);
    }

    public async Task SendAsync(string user, string chat, bool group, string? text)
    {
        var name = MemberOf(user)?.Name ?? user;
        if (!group && !_chatIds.ContainsKey(chat)) { Map(chat, UserId(user)); Api.AddPrivateChat(UserId(user)); } // a newcomer's private chat
        var id = Api.UserSends(ChatIdOf(chat), UserId(user), name, text, text is null ? "sticker" : null);
        await SettleAsync(id);
    }

    public async Task TapAsync(string user, string chat, bool group, BotMessage message, int index)
    {
        var native = (FakeMessage)message.Native;
        var choice = message.Choices[index];
        var id = Api.UserTaps(native, UserId(user), MemberOf(user)?.Name ?? user, choice.Key);
        await SettleAsync(id);
        if (!Api.AnsweredCallbacks.Contains($"cb{id}")) throw new ScriptFailure("Telegram: the tap was not answered (answerCallbackQuery).");
        if (native.Buttons.Count > 0 && !choice.Key.StartsWith("cmd:")) // a notice's command buttons stay
            throw new ScriptFailure("Telegram: the tapped message still has its buttons.");
    }

    /// <summary>Waits until the bot confirmed the update (its turn is committed), then delivers the outbox.</summary>
    async Task SettleAsync(int updateId)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (Api.ConfirmedBelow <= updateId)
        {
            if (DateTime.UtcNow > until) throw new ScriptFailure($"Telegram: update {updateId} was not handled in time.");
            await Task.Delay(5);
        }
        await _outbox.DeliverPendingAsync();
    }

    public List<BotMessage> TakeNew()
    {
        var all = Api.Messages.ToList();
        var fresh = all.Skip(_seen).Where(m => !m.IsDocument)
            .Select(m => new BotMessage(_chatNames.GetValueOrDefault(m.ChatId, m.ChatId.ToString()), m.Text,
                m.Buttons.Select(b => new Choice(b.Data, b.Label)).ToList(), true, m)).ToList();
        _seen = all.Count;
        return fresh;
    }

    public void SeedHistory() => DemoData.SeedHistory(Store, ScriptHost.Templates, Clock.GetUtcNow().UtcDateTime);

    public string? Shown(string chat) =>
        Api.Messages.ToList().LastOrDefault(m => !m.IsDocument && _chatNames.GetValueOrDefault(m.ChatId, m.ChatId.ToString()) == chat)?.Text;

    public async Task RunRemindersAsync()
    {
        new ReminderSweep(Store, Clock, new ReminderRules(), NullLogger<ReminderSweep>.Instance, ScriptHost.Templates).Run();
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
