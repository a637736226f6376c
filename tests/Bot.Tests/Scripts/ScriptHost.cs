using ChiBo.Bot.Channels;
using ChiBo.Bot.Outbox;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Flows;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Scripts;

/// <summary>
/// The bot's core wired as the host wires it, over a database file that survives <see cref="Restart"/>,
/// with a fake clock and a channel that records what the outbox delivers.
/// </summary>
public sealed class ScriptHost : IScriptHost
{
    public static readonly TemplateCatalog Templates = TemplateCatalog.LoadFolder(Path.Combine(AppContext.BaseDirectory, "Templates"));

    public string DbPath { get; }
    public FakeTimeProvider Clock { get; }
    public ChiBoStore Store { get; private set; } = null!;
    public TurnPipeline Pipeline { get; private set; } = null!;
    public OutboxSender Outbox { get; private set; } = null!;
    public RecordingSender Sent { get; } = new();
    readonly string _dir;

    readonly PostgresTarget? _postgres;

    readonly bool _computeOutside;

    public ScriptHost(DateTimeOffset start, bool demo = true, PostgresTarget? postgres = null, bool computeOutside = false)
    {
        _postgres = postgres;
        _computeOutside = computeOutside;
        _dir = Path.Combine(Path.GetTempPath(), "chibo-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        DbPath = Path.Combine(_dir, "chibo.db");
        Clock = new FakeTimeProvider(start);
        Open();
        if (demo) DemoData.SeedIfEmpty(Store, Clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>The reports and tables of this process (as the bot's composition root has one).</summary>
    public ChiBo.Bot.Reports.ReportFiles Reports { get; private set; } = null!;

    Microsoft.Extensions.DependencyInjection.ServiceProvider _services = null!;

    /// <summary>The composition's services (for what a test asks of them directly, e.g. the health checks).</summary>
    public IServiceProvider Services => _services;

    void Open()
    {
        _services = CoreComposition.Build(_dir, Clock, s => s.AddSingleton<IChannelSender>(Sent), postgres: _postgres, computeOutside: _computeOutside);
        Store = _services.GetRequiredService<ChiBoStore>();
        Store.InTransaction(() => Templates.Snapshot(Store));
        Reports = (ChiBo.Bot.Reports.ReportFiles)_services.GetRequiredService<ChiBo.Dialogs.Summaries.IReportFiles>();
        Pipeline = _services.GetRequiredService<TurnPipeline>();
        Outbox = _services.GetRequiredService<OutboxSender>();
    }

    /// <summary>As after kill -9: nothing in memory survives, the database file does.</summary>
    public void Restart()
    {
        _services.Dispose();
        Open();
    }

    public async Task SayAsync(IncomingUpdate update)
    {
        await Pipeline.HandleAsync(update);
        await Outbox.DeliverPendingAsync();
    }

    int _updateSeq;
    int _seen;

    public Task SendAsync(string user, string chat, bool group, string? text) =>
        SayAsync(new IncomingUpdate(DemoData.Channel, $"s{++_updateSeq}", chat, group ? ChatKind.Group : ChatKind.Private,
            user, MemberOf(user)?.Name ?? user, text));

    public async Task SendFileAsync(string user, string chat, string path)
    {
        var id = $"s{++_updateSeq}";
        var files = new IncomingFiles(Path.Combine(_dir, "imports"), Reports);
        var saved = await files.SaveAsync(DemoData.Channel, id, Path.GetFileName(path), async (to, ct) =>
        {
            await using var from = File.OpenRead(path);
            await from.CopyToAsync(to, ct);
        }, CancellationToken.None);
        await SayAsync(new IncomingUpdate(DemoData.Channel, id, chat, ChatKind.Private, user, MemberOf(user)?.Name ?? user, null,
            File: new IncomingFile(Path.GetFileName(path), saved)));
    }

    public ChiBo.Dialogs.Domain.Member? MemberOf(string user) => Store.MemberOf(DemoData.Channel, user);

    public Task ReplyAsync(string user, string chat, bool group, BotMessage message, string text) =>
        SayAsync(new IncomingUpdate(DemoData.Channel, $"s{++_updateSeq}", chat, group ? ChatKind.Group : ChatKind.Private,
            user, MemberOf(user)?.Name ?? user, text, RepliesTo: ((OutboxMessage)message.Native).PlatformMessageIds[^1]));

    public Task TapAsync(string user, string chat, bool group, BotMessage message, int index) =>
        SayAsync(new IncomingUpdate(DemoData.Channel, $"s{++_updateSeq}", chat, group ? ChatKind.Group : ChatKind.Private,
            user, MemberOf(user)?.Name ?? user, null, message.Choices[index].Key));

    public List<BotMessage> TakeNew()
    {
        lock (Sent.All)
        {
            var fresh = Sent.All.Skip(_seen).Select(m => new BotMessage(m.ChatId, m.Text, m.Choices, m.ChoicesOnly, m)).ToList();
            _seen += fresh.Count;
            return fresh;
        }
    }

    public void SeedHistory() => DemoData.SeedHistory(Store, ScriptHost.Templates, Clock.GetUtcNow().UtcDateTime);

    public string? Shown(string chat)
    {
        lock (Sent.All)
        {
            var last = Sent.All.LastOrDefault(m => m.ChatId == chat);
            if (last is null) return null;
            var id = last.PlatformMessageIds[^1];
            return Sent.Edits.LastOrDefault(e => e.ChatId == chat && e.TargetMessageId == id)?.Text ?? last.Text;
        }
    }

    readonly Scheduling.SweepPerStore _sweeps = new();

    /// <summary>One run of the reminder job, on the sweep the host keeps until a restart (as the bot does).</summary>
    public int SweepReminders() => _sweeps.Run(Store, Clock);

    public async Task RunRemindersAsync()
    {
        SweepReminders();
        await Outbox.DeliverPendingAsync();
    }

    public async Task RestartAsync()
    {
        Restart();
        await Outbox.DeliverPendingAsync();
    }

    public void Dispose()
    {
        _services.Dispose();
        _postgres?.Drop();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

/// <summary>Records delivered messages per chat, in order.</summary>
public sealed class RecordingSender : IChannelSender
{
    public string Channel => DemoData.Channel;
    public List<OutboxMessage> All { get; } = [];
    public List<OutboxMessage> Edits { get; } = [];
    public Func<OutboxMessage, bool>? FailWhen { get; set; }
    /// <summary>Throw this instead of a network error.</summary>
    public Func<OutboxMessage, Exception?>? Throw { get; set; }

    public Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        if (Throw?.Invoke(message) is { } ex) throw ex;
        if (FailWhen?.Invoke(message) == true) throw new HttpRequestException("simulated network failure");
        lock (All)
        {
            if (message.Kind == OutboxKind.Send) message.PlatformMessageIds.Add($"c{message.Id}"); // as the console does
            (message.Kind == OutboxKind.Edit ? Edits : All).Add(message);
        }
        return Task.CompletedTask;
    }
}
