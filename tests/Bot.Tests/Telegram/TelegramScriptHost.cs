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
public sealed class TelegramScriptHost : ChannelScriptHost, IScriptHost
{
    public FakeBotApi Api { get; } = new();
    readonly Dictionary<string, long> _chatIds = [];
    readonly Dictionary<long, string> _chatNames = [];
    int _groups;
    int _seen;
    TelegramBotClient _client = null!;
    TelegramBotInfo _info = null!;
    IOptions<TelegramOptions> _options = null!;

    /// <summary>
    /// A user's Telegram id, the same in every run: a 64-bit FNV-1a hash of the name (string.GetHashCode changes per
    /// process, and its 100,000 buckets once gave two demo members one id: a run's Telegram scripts all failed at start).
    /// </summary>
    public static long UserId(string member)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(member)) hash = (hash ^ b) * 1099511628211UL;
        return 700_000_000_000 + (long)(hash % 100_000_000_000UL);
    }

    public TelegramScriptHost(DateTimeOffset start, bool demo = true) : base("chibo-tg", start, demo, TelegramUpdates.Channel) => Open();

    protected override string UserChat(string memberId)
    {
        Map(memberId, UserId(memberId));
        Api.AddPrivateChat(UserId(memberId));
        return UserId(memberId).ToString();
    }

    protected override string GroupChat(string cellId)
    {
        var id = -100_100_000 - ++_groups;
        Map($"nhom-{cellId}", id);
        Api.AddGroup(id);
        return id.ToString();
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

    protected override void AddSender(IServiceCollection services)
    {
        _options = Options.Create(new TelegramOptions
        {
            BotToken = FakeBotApi.Token, ApiBaseUrl = Api.BaseUrl, PollTimeoutSeconds = 5,
            Limits = new SendLimits { PrivateInterval = TimeSpan.Zero, GroupPerMinute = 100_000, GlobalPerSecond = 100_000 },
        });
        _client = new TelegramBotClient(new TelegramBotClientOptions(FakeBotApi.Token, Api.BaseUrl) { RetryThreshold = 0 }, new HttpClient());
        _info = new TelegramBotInfo();
        services.AddSingleton(_info);
        // The outbox runs on the script's clock, like the turns that fill it; only the send pacer is on real time.
        services.AddSingleton<IChannelSender>(sp => new TelegramSender(_client, _options, TimeProvider.System, sp.GetRequiredService<ChiBoStore>()));
    }

    protected override IHostedService Receiving()
    {
        var handler = new TelegramUpdateHandler(Pipeline, _client, _info, Services.GetRequiredService<IncomingFiles>(), NullLogger<TelegramUpdateHandler>.Instance);
        return new TelegramPolling(_client, new TelegramSetup(_client, _options, _info, Services.GetRequiredService<Router>(), NullLogger<TelegramSetup>.Instance),
            handler, _options, Store, new NoLifetime(), Services.GetRequiredService<ReceivingState>(), TimeProvider.System, NullLogger<TelegramPolling>.Instance);
    }

    protected override Task ReadyAsync() => _info.Ready.Task;

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

    /// <summary>The group becomes a supergroup with a new id (<see cref="FakeBotApi.MigrateGroup"/>); waits for the service message, if any.</summary>
    public async Task MigrateGroupAsync(string chat, long newId, string byUser, bool announce)
    {
        var id = Api.MigrateGroup(ChatIdOf(chat), newId, UserId(byUser), announce);
        if (id > 0) await SettleAsync(id);
    }

    /// <summary>The user blocks or unblocks the bot (<see cref="FakeBotApi.UserBlocks"/>); waits for the update saying so, if told.</summary>
    public async Task BlockAsync(string user, bool blocked, bool tell = true)
    {
        var id = Api.UserBlocks(UserId(user), MemberOf(user)?.Name ?? user, blocked, tell);
        if (id > 0) await SettleAsync(id);
    }

    /// <summary>Someone removes the bot from the group.</summary>
    public async Task RemoveBotAsync(string group, string byUser) =>
        await SettleAsync(Api.BotRemovedFrom(ChatIdOf(group), UserId(byUser), MemberOf(byUser)?.Name ?? byUser));

    /// <summary>A group admin writes anonymously in the group.</summary>
    public async Task SendAnonymouslyAsync(string group, string text) => await SettleAsync(Api.AnonymousAdminSends(ChatIdOf(group), text));

    /// <summary>The user edits the last message they sent in the chat.</summary>
    public async Task EditAsync(string user, string chat, string text)
    {
        var id = Api.UserEdits(ChatIdOf(chat), UserId(user), MemberOf(user)?.Name ?? user, text);
        await SettleAsync(id);
    }

    public async Task ReplyAsync(string user, string chat, bool group, BotMessage message, string text)
    {
        var id = Api.UserSends(ChatIdOf(chat), UserId(user), MemberOf(user)?.Name ?? user, text, replyTo: (FakeMessage)message.Native);
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
        await Outbox.DeliverPendingAsync();
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

    public string? Shown(string chat) =>
        Api.Messages.ToList().LastOrDefault(m => !m.IsDocument && _chatNames.GetValueOrDefault(m.ChatId, m.ChatId.ToString()) == chat)?.Text;

    protected override void DisposeApi() => Api.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
