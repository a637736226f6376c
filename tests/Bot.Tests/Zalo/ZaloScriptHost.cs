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
public sealed class ZaloScriptHost : ChannelScriptHost, IScriptHost
{
    public FakeZaloApi Api { get; } = new();
    readonly Dictionary<string, string> _chatIds = [];
    readonly Dictionary<string, string> _chatNames = [];
    readonly List<OutboxMessage> _sent = [];
    int _seen;
    ZaloClient _client = null!;
    ZaloBotInfo _info = null!;
    IOptions<ZaloOptions> _options = null!;

    public static string UserId(string user) => $"zu-{user}";
    public static string GroupId(string cellId) => $"zg-{cellId}";
    readonly bool _groupReminders;

    public ZaloScriptHost(DateTimeOffset start, bool demo = true, bool groupReminders = true) : base("chibo-zalo", start, demo, ZaloUpdates.Channel)
    {
        _groupReminders = groupReminders;
        Open();
    }

    protected override string UserChat(string memberId)
    {
        Api.KnowChat(UserId(memberId)); // they wrote to the bot before: it may message them
        return UserId(memberId);
    }

    protected override string GroupChat(string cellId)
    {
        Api.KnowChat(GroupId(cellId));
        return GroupId(cellId);
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

    protected override void AddSender(IServiceCollection services)
    {
        _options = Options.Create(new ZaloOptions
        {
            BotToken = FakeZaloApi.Token, ApiBaseUrl = Api.BaseUrl, PollTimeoutSeconds = 2, GroupReminders = _groupReminders,
            Limits = new SendLimits { PrivateInterval = TimeSpan.Zero, GroupPerMinute = 100_000, GlobalPerSecond = 100_000 },
        });
        _client = new ZaloClient(new HttpClient(), _options.Value);
        _info = new ZaloBotInfo();
        // The Zalo sender paced on real time, recorded after it sent.
        services.AddSingleton<IChannelSender>(sp =>
            new Recording(new ZaloSender(_client, _options, _info, sp.GetRequiredService<ChiBoStore>(), TimeProvider.System, NullLogger<ZaloSender>.Instance), _sent));
    }

    protected override IHostedService Receiving() =>
        new ZaloPolling(_client, new ZaloUpdateHandler(Pipeline, _info, NullLogger<ZaloUpdateHandler>.Instance), _info, _options, new NoLifetime(),
            Services.GetRequiredService<ReceivingState>(), Store, TimeProvider.System, new UpdateInbox(Path.Combine(Dir, "inbox-zalo")),
            NullLogger<ZaloPolling>.Instance);

    protected override Task ReadyAsync() => _info.Ready.Task;

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
    /// <summary>Zalo says no more than that a group message is for the bot: the reply is the text alone.</summary>
    public Task ReplyAsync(string user, string chat, bool group, BotMessage message, string text) => SendAsync(user, chat, group, text);

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
        await Outbox.DeliverPendingAsync();
        await Outbox.DeliverPendingAsync();
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

    public string? Shown(string chat)
    {
        lock (_sent) return _sent.LastOrDefault(m => NameOf(m.ChatId) == chat)?.Text;
    }

    public override async Task RunRemindersAsync()
    {
        await base.RunRemindersAsync();
        await Outbox.DeliverPendingAsync(); // a group reminder refused is queued again for the leaders
    }

    protected override void DisposeApi() => Api.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
