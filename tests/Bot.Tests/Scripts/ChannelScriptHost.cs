using ChiBo.Bot.Channels;
using ChiBo.Bot.Outbox;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Scripts;

/// <summary>
/// What the Telegram and Zalo script hosts share: a database in a folder of their own with the demo members' chats and
/// each cell's group linked on the channel, the core composed as the program composes it (<see cref="CoreComposition"/>)
/// with the channel's sender, the channel's receiving loop running against its fake API, reminders, restarts.
/// </summary>
public abstract class ChannelScriptHost : IDisposable
{
    public FakeTimeProvider Clock { get; }
    public ChiBoStore Store { get; private set; } = null!;
    protected string Dir { get; }
    protected ServiceProvider Services { get; private set; } = null!;
    protected TurnPipeline Pipeline { get; private set; } = null!;
    protected OutboxSender Outbox { get; private set; } = null!;
    IHostedService _receiving = null!;
    CancellationTokenSource _stop = new();

    /// <summary>Links the demo's chats (<see cref="UserChat"/>, <see cref="GroupChat"/>: called while the host is built, after
    /// its field initialisers ran); the host calls <see cref="Open"/> when it is ready.</summary>
    protected ChannelScriptHost(string folder, DateTimeOffset start, bool demo, string channel)
    {
        Dir = Directory.CreateTempSubdirectory(folder).FullName;
        Clock = new FakeTimeProvider(start);
        using var store = new ChiBoStore(Path.Combine(Dir, "chibo.db"));
        if (demo) DemoData.SeedIfEmpty(store, start.UtcDateTime);
        foreach (var m in store.Members.FindAll())
        {
            var id = UserChat(m.Id);
            store.Identities.Insert(new ChatIdentity { Id = ChatIdentity.KeyOf(channel, id), Channel = channel, PlatformUserId = id, MemberId = m.Id });
        }
        foreach (var c in store.Cells.FindAll())
        {
            var id = GroupChat(c.Id);
            store.GroupChats.Insert(new Dialogs.Domain.GroupChat { Id = Dialogs.Domain.GroupChat.KeyOf(channel, id), Channel = channel, ChatId = id, CellId = c.Id, LinkedAtUtc = start.UtcDateTime });
        }
    }

    /// <summary>A demo member's private chat id on the channel (the fake API learns the chat).</summary>
    protected abstract string UserChat(string memberId);

    /// <summary>A cell's group chat id on the channel.</summary>
    protected abstract string GroupChat(string cellId);

    /// <summary>The channel's sender, registered for the outbox.</summary>
    protected abstract void AddSender(IServiceCollection services);

    /// <summary>The channel's receiving loop (polling), built on the composed services.</summary>
    protected abstract IHostedService Receiving();

    /// <summary>Waits until the channel's start-up (getMe) is done.</summary>
    protected abstract Task ReadyAsync();

    /// <summary>Composes the core over the database and starts receiving (again, after a restart).</summary>
    protected void Open()
    {
        Services = CoreComposition.Build(Dir, Clock, AddSender, firstRetryDelay: TimeSpan.FromMilliseconds(50));
        Store = Services.GetRequiredService<ChiBoStore>();
        Store.InTransaction(() => ScriptHost.Templates.Snapshot(Store));
        Pipeline = Services.GetRequiredService<TurnPipeline>();
        Outbox = Services.GetRequiredService<OutboxSender>();
        _stop = new CancellationTokenSource();
        _receiving = Receiving();
        _receiving.StartAsync(_stop.Token).GetAwaiter().GetResult();
        ReadyAsync().WaitAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
    }

    public void SeedHistory() => DemoData.SeedHistory(Store, ScriptHost.Templates, Clock.GetUtcNow().UtcDateTime);

    readonly Scheduling.SweepPerStore _sweeps = new();

    public virtual async Task RunRemindersAsync()
    {
        _sweeps.Run(Store, Clock);
        await Outbox.DeliverPendingAsync();
    }

    /// <summary>As after kill -9: nothing in memory survives, the database file does.</summary>
    public async Task RestartAsync()
    {
        await _stop.CancelAsync();
        await _receiving.StopAsync(CancellationToken.None);
        Services.Dispose();
        Open();
        await Outbox.DeliverPendingAsync();
    }

    /// <summary>Stops the fake API of the channel.</summary>
    protected abstract void DisposeApi();

    public void Dispose()
    {
        _stop.Cancel();
        try { _receiving.StopAsync(CancellationToken.None).GetAwaiter().GetResult(); } catch (OperationCanceledException) { }
        Services.Dispose();
        DisposeApi();
        try { Directory.Delete(Dir, true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
