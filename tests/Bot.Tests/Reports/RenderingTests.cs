using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Documents;
using ChiBo.Dialogs.Flows;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Summaries;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChiBo.Bot.Tests.Reports;

/// <summary>Files are drawn outside the write transaction: no chat waits while another chat's report is rendered.</summary>
public sealed class RenderingTests : IDisposable
{
    readonly ScriptHost _host = new(ScriptRunner.DefaultStart);
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-render").FullName;

    public void Dispose()
    {
        _host.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    /// <summary>The real renderer, with each drawing held until the test lets it go.</summary>
    sealed class HeldRenderer(IReportFiles inner) : IReportFiles
    {
        public SemaphoreSlim Drawing { get; } = new(0);
        public SemaphoreSlim Go { get; } = new(0);

        string Hold(Func<string> save)
        {
            if (RenderScope.Current is { Defer: false }) // the turn is computed outside the write transaction: drawn there
            {
                Drawing.Release();
                Go.Wait();
                return save();
            }
            try { return save(); }
            catch (RenderOutside later)
            {
                throw new RenderOutside(() =>
                {
                    Drawing.Release();
                    Go.Wait();
                    later.Render();
                });
            }
        }

        public string SaveWorkbook(string name, IReadOnlyList<ReportSheet> sheets) => Hold(() => inner.SaveWorkbook(name, sheets));
        public string SaveCsv(string name, ReportSheet sheet) => Hold(() => inner.SaveCsv(name, sheet));
        public string SaveChart(string name, SummaryChart chart) => Hold(() => inner.SaveChart(name, chart));
        public string SaveDocument(string name, DocumentModel document) => Hold(() => inner.SaveDocument(name, document));
        public TableFile ReadTable(string path) => inner.ReadTable(path);
    }

    int _seq;
    IncomingUpdate Says(string user, string text) => new(DemoData.Channel, $"r{++_seq}", user, ChatKind.Private, user, user, text);

    /// <summary>
    /// Dung's <paramref name="text"/> is held where it is made outside the transaction (<paramref name="held"/> is released
    /// there, <paramref name="go"/> lets it on); meanwhile An's /trogiup is answered; then dung's turn completes.
    /// </summary>
    async Task AnsweredWhileHeld(TurnPipeline pipeline, string text, SemaphoreSlim held, SemaphoreSlim go, string notOutside)
    {
        var slow = Task.Run(() => pipeline.HandleAsync(Says("dung", text)));
        Assert.True(await held.WaitAsync(TimeSpan.FromSeconds(30)), notOutside);
        var other = pipeline.HandleAsync(Says("an", "/trogiup"));
        Assert.Same(other, await Task.WhenAny(other, Task.Delay(TimeSpan.FromSeconds(30)))); // answered while dung's is held
        Assert.True(await other);
        Assert.False(slow.IsCompleted);

        go.Release();
        Assert.True(await slow);
    }

    [Fact]
    public async Task Another_chat_is_answered_while_a_report_is_being_drawn_and_the_report_arrives_once()
    {
        _host.SeedHistory();
        var held = new HeldRenderer(new ChiBo.Bot.Reports.ReportFiles(Path.Combine(_dir, "reports"), _host.Clock));
        var pipeline = new TurnPipeline(_host.Store, ScriptHost.Templates, new Router(FlowCatalog.Create(), Hosting.ChannelHelp.For, reports: held),
            _host.Clock, NullLogger<TurnPipeline>.Instance);

        await AnsweredWhileHeld(pipeline, "/tonghop quý 3 excel", held.Drawing, held.Go, "the workbook was not drawn outside the transaction");
        var sent = _host.Store.Outbox.Find(m => m.ChatId == "dung").ToList();
        var file = Assert.Single(sent, m => m.FilePath is not null);
        Assert.StartsWith("Bảng tổng hợp Đảng bộ xã Yên Mỹ — quý III/2026 (Excel", file.Text);
        Assert.True(File.Exists(file.FilePath));
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "reports"))); // drawn once
    }

    /// <summary>The pipeline's log, holding the making of a summary outside the transaction until the test lets it go.</summary>
    sealed class HeldSummaries : Microsoft.Extensions.Logging.ILogger<TurnPipeline>
    {
        public SemaphoreSlim Reading { get; } = new(0);
        public SemaphoreSlim Go { get; } = new(0);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel level) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel level, Microsoft.Extensions.Logging.EventId id, TState state, Exception? ex, Func<TState, Exception?, string> format)
        {
            if (format(state, ex) != "Making a summary outside the write transaction") return;
            Reading.Release();
            Go.Wait(TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task Another_chat_is_answered_while_a_unit_summary_is_being_read()
    {
        _host.SeedHistory();
        var held = new HeldSummaries();
        var pipeline = new TurnPipeline(_host.Store, ScriptHost.Templates, new Router(FlowCatalog.Create(), Hosting.ChannelHelp.For), _host.Clock, held);

        await AnsweredWhileHeld(pipeline, "/tonghop năm 2026", held.Reading, held.Go, "the summary was not read outside the transaction");
        var sent = Assert.Single(_host.Store.Outbox.Find(m => m.ChatId == "dung").ToList());
        Assert.StartsWith("Đảng bộ xã Yên Mỹ — năm 2026", sent.Text);
    }
}
