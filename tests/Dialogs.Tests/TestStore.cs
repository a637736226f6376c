using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Flows;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Dialogs.Tests;

/// <summary>A demo database in a temp folder, with the shipped templates and a fake clock.</summary>
public sealed class TestStore : IDisposable
{
    public static readonly TemplateCatalog Templates = TemplateCatalog.LoadFolder(Path.Combine(AppContext.BaseDirectory, "Templates"));
    readonly string _dir = Path.Combine(Path.GetTempPath(), "chibo-unit", Guid.NewGuid().ToString("N"));
    public ChiBoStore Store { get; private set; }
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 3, 21, 30, 0, TimeSpan.FromHours(7)));
    public TurnPipeline Pipeline { get; private set; }
    /// <summary>Errors the pipeline logged (a turn that failed and was rolled back).</summary>
    public ErrorLog<TurnPipeline> Log { get; } = new();
    int _seq;
    long _readUpTo; // every outbox message up to this id is read (or was not pending)

    public TestStore(bool computeOutside = false)
    {
        Directory.CreateDirectory(_dir);
        Store = new ChiBoStore(Path.Combine(_dir, "t.db")) { ComputeOutside = computeOutside };
        DemoData.SeedIfEmpty(Store, Clock.GetUtcNow().UtcDateTime);
        Pipeline = new TurnPipeline(Store, Templates, new Router(FlowCatalog.Create()), Clock, Log);
    }

    /// <summary>The bot restarted: the database file opened again (the outbox read so far stays read).</summary>
    public void Restart()
    {
        var computeOutside = Store.ComputeOutside;
        Store.Dispose();
        Store = new ChiBoStore(Path.Combine(_dir, "t.db")) { ComputeOutside = computeOutside };
        Pipeline = new TurnPipeline(Store, Templates, new Router(FlowCatalog.Create()), Clock, Log);
    }

    public IncomingUpdate Private(string user, string text, string? updateId = null) =>
        new(DemoData.Channel, updateId ?? $"u{++_seq}", user, ChatKind.Private, user, user, text);

    /// <summary>Texts of the pending outbox messages for a chat, oldest first, then marks them read.</summary>
    public List<string> Replies(string chatId)
    {
        // From the oldest message not yet read (the outbox has no Status index: a scan of all would grow with every turn).
        var newer = Store.Outbox.Find(o => o.Id > _readUpTo).OrderBy(o => o.Id).ToList();
        var pending = newer.Where(o => o.ChatId == chatId && o.Status == OutboxStatus.Pending).ToList();
        foreach (var m in pending)
        {
            Outbox.Finish(m, OutboxStatus.Sent);
            Store.Outbox.Update(m);
        }
        if (newer.Count > 0) _readUpTo = (newer.FirstOrDefault(o => o.Status == OutboxStatus.Pending)?.Id ?? newer[^1].Id + 1) - 1;
        return pending.Select(m => m.Text).ToList();
    }

    public void Dispose()
    {
        Store.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

/// <summary>Keeps the errors a component logs, so a test can show them.</summary>
public sealed class ErrorLog<T> : Microsoft.Extensions.Logging.ILogger<T>
{
    public List<string> Errors { get; } = [];
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel level) => true;
    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel level, Microsoft.Extensions.Logging.EventId id, TState state, Exception? ex, Func<TState, Exception?, string> format)
    {
        if (level >= Microsoft.Extensions.Logging.LogLevel.Error) lock (Errors) Errors.Add($"{format(state, ex)}: {ex}");
    }
}
