using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Flows;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using Microsoft.Extensions.Logging.Abstractions;

BenchmarkSwitcher.FromAssembly(typeof(TurnBenchmarks).Assembly).Run(args);

/// <summary>
/// The pieces of a turn: parsing a command, the router with a durable commit (a help reply), a flow step that
/// rejects an answer (validation, reprompt, commit), and the bare store commit of one outbox message.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class TurnBenchmarks
{
    string _dir = "";
    ChiBoStore _store = null!;
    TurnPipeline _pipeline = null!;
    long _seq;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("chibo-micro").FullName;
        _store = new ChiBoStore(Path.Combine(_dir, "b.db"));
        var now = DateTime.UtcNow;
        DemoData.SeedIfEmpty(_store, now);
        var templates = TemplateCatalog.LoadFolder(TemplatesFolder());
        _store.InTransaction(() => templates.Snapshot(_store));
        _pipeline = new TurnPipeline(_store, templates, new Router(FlowCatalog.Create()), TimeProvider.System, NullLogger<TurnPipeline>.Instance);
        _pipeline.HandleAsync(Update("an", "/sinhhoat")).GetAwaiter().GetResult(); // a meeting waiting at its first step
    }

    /// <summary>The shipped templates: next to the program, or in the source tree above wherever BenchmarkDotNet runs it.</summary>
    static string TemplatesFolder()
    {
        var here = Path.Combine(AppContext.BaseDirectory, "Templates");
        if (Directory.Exists(here)) return here;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "src", "Dialogs", "Templates"))) return Path.Combine(dir.FullName, "src", "Dialogs", "Templates");
        throw new DirectoryNotFoundException("Templates not found");
    }

    IncomingUpdate Update(string user, string text) =>
        new(DemoData.Channel, $"b{Interlocked.Increment(ref _seq)}", user, ChatKind.Private, user, user, text);

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Benchmark(Description = "parse a command")]
    public (string?, string) ParseCommand() => Router.ParseCommand("/tonghop@ChiBoBot thôn Đông quý 3 excel");

    [Benchmark(Description = "router + durable turn (/trogiup)")]
    public Task<bool> HelpTurn() => _pipeline.HandleAsync(Update("minh", "/trogiup"));

    [Benchmark(Description = "flow step, answer rejected (meeting date)")]
    public Task<bool> RejectedStep() => _pipeline.HandleAsync(Update("an", "không phải ngày"));

    [Benchmark(Description = "store commit of one outbox message")]
    public void StoreCommit() => _store.InTransaction(() => _store.Outbox.Insert(new OutboxMessage
    {
        Channel = "bench", ChatId = "c", Text = "Đã ghi.", Status = OutboxStatus.Sent, CreatedAtUtc = DateTime.UtcNow, NextAttemptUtc = DateTime.UtcNow,
    }));
}
