using System.Diagnostics;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Fakes;
using Telegram.Bot;
using Telegram.Bot.Types;

// Load driver: N private chats, each a secretary recording a meeting (the README's demo answers, typed), against
// the in-repo fake Telegram Bot API; the same driver against a bare echo bot on the same Telegram.Bot polling
// loop gives the baseline. Both bots run as child processes, so their RSS and CPU time are their own.
//   dotnet run -c Release --project bench/Load -- [chats=200] [bot|echo|both] [think ms] [cold]
if (args is ["echo-bot", var baseUrl]) return await EchoBot.RunAsync(baseUrl);

var chats = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 200;
var mode = args.Length > 1 ? args[1] : "both";
var script = File.ReadAllLines(Environment.GetEnvironmentVariable("BENCH_SCRIPT") ?? Path.Combine(Repo.Root, "demo", "sinh-hoat-va-cham-diem.txt")).Where(l => l.Trim() != "").TakeWhile(l => !l.StartsWith("/ketqua", StringComparison.Ordinal)).ToList(); // the meeting, saved
// With a history (BENCH_HISTORY), the previous meeting set two tasks: the review answers each ("1": done) instead of a summary.
if (Environment.GetEnvironmentVariable("BENCH_SCRIPT") is null && int.TryParse(Environment.GetEnvironmentVariable("BENCH_HISTORY"), out var history) && history > 0)
    script = [.. script.SelectMany(l => l == "Hoàn thành thu hoạch vụ mùa." ? ["1", "1"] : new[] { l })];
Console.WriteLine($"Load: {chats} chats × {script.Count} turns each, fake Telegram Bot API on 127.0.0.1, limits off. {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores.");

if (mode == "faults")
{
    var faulty = await Driver.RunAsync("ChiBo.Bot, every 7th send failing (500, 502, 429, dropped connection in turn)", chats, script, echo: false, faultEvery: 7);
    return faulty is { Missing: 0, Duplicates: 0 } ? 0 : 1;
}
if (mode == "fanout") return await Driver.FanOutAsync(chats, kill: args.Length > 2 && args[2] == "kill");
if (mode == "soak") return await Driver.SoakAsync(chats, script, args.Length > 2 && int.TryParse(args[2], out var seed) ? seed : 1);
if (mode == "pipeline")
{
    await Driver.PipelineAloneAsync(chats, script);
    return 0;
}
// A third argument is a think time in ms: each chat pauses about that long (±50%) after a reply before its next
// message, as a person does; the load offered is then chats / think time, and the latency is the turn's own.
var think = args.Length > 2 && int.TryParse(args[2], out var ms) ? ms : 0;
// "cold" anywhere: measure from the process start (no warm-up round), as the figures before 2026-12-01 evening were.
var warm = !args.Contains("cold");
if (think > 0) Console.WriteLine($"Think time {think} ms ±50% after each reply: about {chats * 1000.0 / think:F0} turns/s offered.");
Result? echo = null, bot = null;
if (mode is "echo" or "both") echo = await Driver.RunAsync("echo bot", chats, script, echo: true, thinkMs: think, warm: warm);
if (mode is "bot" or "both") bot = await Driver.RunAsync("ChiBo.Bot", chats, script, echo: false, thinkMs: think, warm: warm);
if (echo is not null && bot is not null && think == 0)
    Console.WriteLine($"Throughput ratio ChiBo.Bot / echo: {bot.TurnsPerSecond / echo.TurnsPerSecond:P0} (target ≥ 50%); p99 {bot.P99:F1} ms (target < 50 ms at 200 chats).");
return bot is { Missing: > 0 } or { Duplicates: > 0 } ? 1 : 0;

public sealed record Result(string Name, int Turns, double Seconds, double P50, double P95, double P99, double Max, int Missing, int Duplicates, long PeakRssMiB, double CpuSeconds, int Late = 0)
{
    public double TurnsPerSecond => Turns / Seconds;
    public override string ToString() =>
        $"{Name}: {Turns} turns in {Seconds:F1} s = {TurnsPerSecond:F0} turns/s; latency p50 {P50:F1} ms, p95 {P95:F1} ms, p99 {P99:F1} ms, max {Max:F1} ms; " +
        $"missing {Missing}, duplicates {Duplicates}{(Late > 0 ? $", late {Late} (after {Driver.ReplyWait.TotalSeconds:F0} s, sent by the outbox's retries)" : "")}; peak RSS {PeakRssMiB} MiB, CPU {CpuSeconds:F1} s";
}

static class Repo
{
    public static string Root { get; } = Find();
    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ChiBo.Bot.sln"))) return dir.FullName;
        throw new InvalidOperationException("ChiBo.Bot.sln not found");
    }
}

static class Driver
{
    const long FirstUser = 9_000_000;

    /// <summary>Chats run unmeasured before the measured ones (see RunAsync): as many, at least 1,000.</summary>
    static int WarmUpChats(int chats) => Math.Max(chats, 1000);

    /// <summary>
    /// The warm-up: the chats run in two halves, each followed by a wait until the process is idle. The tiered JIT
    /// recompiles hot code in stages (instrumented, then optimised with the profile), each stage after more calls and
    /// only once the process has been calm for a moment: under steady load it keeps deferring, and after 1,000 chats in
    /// one go its backlog still took a seventh of the bot's CPU in the measured round (2026-12-01, `perf`).
    /// </summary>
    static async Task<int> WarmUpAsync(Func<int, int, Task<int>> round, int first, int count, Process process)
    {
        var missing = 0;
        foreach (var (from, n) in new[] { (first, count / 2), (first + count / 2, count - count / 2) })
        {
            missing += await round(from, n);
            await UntilIdleAsync(process);
        }
        return missing;
    }

    /// <summary>Waits until a process uses under 5% of a core over a quarter second (at most 10 s).</summary>
    static async Task UntilIdleAsync(Process process)
    {
        TimeSpan Cpu()
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
        var until = Stopwatch.StartNew();
        var before = Cpu();
        while (until.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(250);
            var now = Cpu();
            if (now - before < TimeSpan.FromMilliseconds(12.5)) return;
            before = now;
        }
    }

    /// <summary>
    /// Runs the chats against a freshly started bot and measures them. Unless <paramref name="warm"/> is false, other
    /// chats (as many, at least 1,000) first run the same script unmeasured (<see cref="WarmUpAsync"/>): a bot runs for
    /// weeks, and the first seconds of a process are the JIT's, not its throughput.
    /// </summary>
    public static async Task<Result> RunAsync(string name, int chats, List<string> script, bool echo, int faultEvery = 0, int thinkMs = 0, bool warm = true)
    {
        await using var api = new FakeBotApi();
        var dir = Directory.CreateTempSubdirectory("chibo-load").FullName;
        var warmUp = warm ? WarmUpChats(chats) : 0; // warm-up chats follow the measured ones
        for (var i = 0; i < chats + warmUp; i++) api.AddPrivateChat(FirstUser + i);
        if (!echo) Seed(Path.Combine(dir, "chibo.db"), chats + warmUp);
        var psi = StartInfo(api, dir, echo);
        using var process = Process.Start(psi)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        // Ready when it answers a first message (the bot: a newcomer's "not listed" reply).
        var probe = FirstUser + chats + warmUp;
        api.AddPrivateChat(probe);
        api.UserSends(probe, probe, "Probe", "/trogiup");
        using (var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            await api.WaitForMoreThanAsync(probe, 0, ready.Token);
        var lostInWarmUp = 0;
        if (warmUp > 0)
        {
            lostInWarmUp = await WarmUpAsync(async (from, n) => (await RoundAsync(api, from, n, script, thinkMs: 0)).Missing, chats, warmUp, process);
            if (lostInWarmUp > 0) Console.WriteLine($"  warm-up: {lostInWarmUp} replies missing (counted below)");
        }

        api.FaultEvery = faultEvery; // after the probe and the warm-up: the start-up is not what is measured
        process.Refresh();
        Phases?.Clear(); // the warm-up's
        var callsBefore = api.CallCount;
        var cpuBefore = process.TotalProcessorTime.TotalSeconds;
        var clock = Stopwatch.StartNew();
        // With faults, a reply whose sends failed four times in a row goes out after the outbox's retry delays (2, 4, 8,
        // 16 s): late, not missing, unless it never comes within six such retries.
        var (latencies, sentAt, missing, late) = await RoundAsync(api, 0, chats, script, thinkMs, lateUpTo: faultEvery > 0 ? TimeSpan.FromSeconds(130) : TimeSpan.Zero);
        var seconds = clock.Elapsed.TotalSeconds;
        // BENCH_MARK=1: the measured round in CLOCK_MONOTONIC seconds, to cut a `perf record -k mono` profile to it.
        if (Environment.GetEnvironmentVariable("BENCH_MARK") == "1")
            Console.WriteLine($"  measured round (monotonic s): {(Stopwatch.GetTimestamp() - clock.ElapsedTicks) / (double)Stopwatch.Frequency:F3} {Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency:F3}");
        await Task.Delay(500); // late extra messages still count as duplicates
        // A duplicate: the same text twice in answer to one message (between one user message and the next).
        var duplicates = 0;
        for (var i = 0; i < chats; i++)
        {
            var turns = api.In(FirstUser + i).GroupBy(m => sentAt[i].FindLastIndex(t => t <= m.AcceptedAtUtc));
            duplicates += turns.Sum(t => t.Count() - t.Select(m => m.Text).Distinct().Count());
        }
        var rss = PeakRssMiB(process.Id);
        process.Refresh();
        var cpu = process.TotalProcessorTime.TotalSeconds - cpuBefore;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        var all = latencies.SelectMany(l => l).Order().ToList();
        double Pct(double p) => all.Count == 0 ? double.NaN : all[Math.Min(all.Count - 1, (int)Math.Ceiling(p * all.Count) - 1)];
        var result = new Result(name, all.Count, seconds, Pct(0.50), Pct(0.95), Pct(0.99), all.LastOrDefault(), missing + lostInWarmUp, duplicates, rss, cpu, late);
        Console.WriteLine(result);
        PrintPhases();
        // BENCH_CALLS=1: the Bot API calls of the measured round, by method, per turn.
        if (Environment.GetEnvironmentVariable("BENCH_CALLS") == "1")
            Console.WriteLine("  calls a turn: " + string.Join(", ", api.CallsAfter(callsBefore).GroupBy(c => c).OrderByDescending(g => g.Count())
                .Select(g => $"{g.Key} {g.Count() / (double)Math.Max(1, all.Count):F2}")));
        if (faultEvery > 0) Console.WriteLine($"  faults injected: {api.Faults}");
        if (!echo)
        {
            var saved = Enumerable.Range(0, chats).Count(i => api.In(FirstUser + i).Any(m => m.Text.StartsWith("Đã lưu buổi sinh hoạt")));
            Console.WriteLine($"  meetings saved: {saved}/{chats}");
            if (saved != chats) Console.WriteLine((await errors).Split('\n').TakeLast(10).Aggregate("", (a, b) => a + "\n  " + b));
        }
        try { Directory.Delete(dir, true); } catch (IOException) { }
        return result;
    }

    /// <summary>
    /// Chats first..first+count each send the script, a message when the previous reply arrived (or a think time
    /// after it): the latency of each reply (queued at the fake → accepted by it), when each message was sent, and
    /// how many replies never came (within <see cref="ReplyWait"/>, or <paramref name="lateUpTo"/> more: those are late).
    /// </summary>
    static async Task<(List<double>[] Latencies, List<DateTime>[] SentAt, int Missing, int Late)> RoundAsync(FakeBotApi api, int first, int count,
        List<string> script, int thinkMs, TimeSpan lateUpTo = default)
    {
        var latencies = new List<double>[count];
        var sentAt = new List<DateTime>[count];
        var missing = 0;
        var late = 0;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            var chat = FirstUser + first + i;
            latencies[i] = [];
            sentAt[i] = [];
            var random = new Random(first + i);
            foreach (var line in script)
            {
                if (thinkMs > 0) await Task.Delay(random.Next(thinkMs / 2, thinkMs * 3 / 2 + 1));
                var before = api.CountIn(chat);
                var sent = DateTime.UtcNow;
                sentAt[i].Add(sent);
                var updateId = api.UserSends(chat, chat, $"Bí thư {first + i}", line);
                using var timeout = new CancellationTokenSource(ReplyWait);
                try { await api.WaitForMoreThanAsync(chat, before, timeout.Token); }
                catch (OperationCanceledException)
                {
                    using var longer = new CancellationTokenSource(lateUpTo);
                    try { await api.WaitForMoreThanAsync(chat, before, longer.Token); Interlocked.Increment(ref late); }
                    catch (OperationCanceledException) { Interlocked.Increment(ref missing); continue; }
                }
                var reply = api.In(chat)[before];
                latencies[i].Add((reply.AcceptedAtUtc - sent).TotalMilliseconds);
                if (Phases is not null && api.FirstDeliveredAt(updateId) is { } fetched)
                    Phases.Enqueue(((fetched - sent).TotalMilliseconds, (reply.AcceptedAtUtc - fetched).TotalMilliseconds));
            }
        })));
        return (latencies, sentAt, missing, late);
    }

    /// <summary>
    /// BENCH_PHASES=1: each measured turn's two phases, sent → first handed out by a getUpdates (waiting to be fetched)
    /// and handed out → reply accepted (in the bot).
    /// </summary>
    static readonly System.Collections.Concurrent.ConcurrentQueue<(double Waiting, double InBot)>? Phases =
        Environment.GetEnvironmentVariable("BENCH_PHASES") == "1" ? new() : null;

    static void PrintPhases()
    {
        if (Phases is null || Phases.IsEmpty) return;
        static string Of(IEnumerable<double> xs)
        {
            var all = xs.Order().ToList();
            double P(double p) => all[Math.Min(all.Count - 1, (int)Math.Ceiling(p * all.Count) - 1)];
            return $"p50 {P(0.5):F1}, p90 {P(0.9):F1}, p99 {P(0.99):F1}, mean {all.Average():F1} ms";
        }
        Console.WriteLine($"  waiting to be fetched: {Of(Phases.Select(p => p.Waiting))}; in the bot: {Of(Phases.Select(p => p.InBot))}");
        Phases.Clear();
    }

    /// <summary>How long a chat waits for a reply before it counts as missing (or, with faults, late).</summary>
    public static readonly TimeSpan ReplyWait = TimeSpan.FromSeconds(30);

    /// <summary>Starts the bot on the database in <paramref name="dir"/>, its output drained (its last lines shown with CHIBO_LOAD_DEBUG=1).</summary>
    static Process StartBot(FakeBotApi api, string dir, Dictionary<string, string>? env = null)
    {
        var psi = StartInfo(api, dir, echo: false);
        foreach (var (k, v) in env ?? []) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        var err = p.StandardError.ReadToEndAsync();
        if (Environment.GetEnvironmentVariable("CHIBO_LOAD_DEBUG") == "1")
            _ = err.ContinueWith(t => Console.WriteLine("  bot stderr (last lines):" + string.Concat(t.Result.Split('\n').TakeLast(12).Select(l => "\n    " + l))));
        return p;
    }

    static ProcessStartInfo StartInfo(FakeBotApi api, string dir, bool echo)
    {
        var psi = echo
            ? new ProcessStartInfo("dotnet", [typeof(Driver).Assembly.Location, "echo-bot", api.BaseUrl])
            : new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ChiBo.Bot.dll")]);
        psi.RedirectStandardOutput = psi.RedirectStandardError = psi.RedirectStandardInput = true;
        foreach (var (k, v) in new Dictionary<string, string>
        {
            ["Telegram__BotToken"] = FakeBotApi.Token, ["Telegram__ApiBaseUrl"] = api.BaseUrl, ["Telegram__PollTimeoutSeconds"] = "1",
            ["Telegram__Limits__PrivateInterval"] = "00:00:00", ["Telegram__Limits__GroupPerMinute"] = "1000000", ["Telegram__Limits__GlobalPerSecond"] = "1000000",
            ["Storage__Path"] = Path.Combine(dir, "chibo.db"), ["Demo__Enabled"] = "false", ["Reminders__Enabled"] = "false", ["Logging__LogLevel__Default"] = "Warning",
        }) psi.Environment[k] = v; // each bot with its own runtime settings (ChiBo.Bot: server GC, from its project file)
        // BOT_X=v sets X=v for ChiBo.Bot alone (to try a runtime setting on it without the driver).
        if (!echo)
            foreach (var (k, v) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                         .Select(e => ((string)e.Key, (string?)e.Value)).Where(e => e.Item1.StartsWith("BOT_")))
                psi.Environment[k["BOT_".Length..]] = v;
        return psi;
    }

    /// <summary>
    /// Kill -9 soak: the chats record their meetings while the bot is killed at random moments and restarted at
    /// once. Every conversation must complete, with the right data stored once.
    /// </summary>
    public static async Task<int> SoakAsync(int chats, List<string> script, int seed)
    {
        await using var api = new FakeBotApi();
        var dir = Directory.CreateTempSubdirectory("chibo-soak").FullName;
        for (var i = 0; i < chats; i++) api.AddPrivateChat(FirstUser + i);
        Seed(Path.Combine(dir, "chibo.db"), chats);
        var random = new Random(seed);
        Process Start() => StartBot(api, dir);
        var bot = Start();
        var missing = 0;
        var clock = Stopwatch.StartNew();
        var conversations = Task.WhenAll(Enumerable.Range(0, chats).Select(i => Task.Run(async () =>
        {
            var chat = FirstUser + i;
            foreach (var line in script)
            {
                var before = api.CountIn(chat);
                api.UserSends(chat, chat, $"Bí thư {i}", line);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
                try { await api.WaitForMoreThanAsync(chat, before, timeout.Token); }
                catch (OperationCanceledException) { Interlocked.Increment(ref missing); return; }
            }
        })));
        var kills = 0;
        while (!conversations.IsCompleted)
        {
            await Task.WhenAny(conversations, Task.Delay(random.Next(800, 3000)));
            if (conversations.IsCompleted) break;
            bot.Kill(entireProcessTree: true);
            await bot.WaitForExitAsync();
            kills++;
            bot.Dispose();
            bot = Start();
        }
        await Task.Delay(1000);
        bot.Kill(entireProcessTree: true);
        await bot.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;

        using var db = new LiteDB.LiteDatabase($"Filename={Path.Combine(dir, "chibo.db")};Connection=direct");
        var meetings = db.GetCollection("meetings").FindAll().Where(m => !m["_id"].AsString.StartsWith(HistoryPrefix)).ToList(); // recorded in the run
        var perCell = meetings.GroupBy(m => m["CellId"].AsString).ToDictionary(g => g.Key, g => g.Count());
        var wrong = meetings.Count(m => m["Present"].AsInt32 != 5 || m["Summoned"].AsInt32 != 6 || m["Venue"].AsString != "Nhà văn hóa thôn Đông" || m["NextTasks"].AsArray.Count != 2);
        var once = Enumerable.Range(0, chats).Count(i => perCell.GetValueOrDefault($"cb-{i}") == 1);
        var filed = db.GetCollection("audit").Count(LiteDB.Query.EQ("Action", "meeting.filed"));
        var pending = db.GetCollection("outbox").Count(LiteDB.Query.EQ("Status", "Pending"));
        var resent = 0;
        for (var i = 0; i < chats; i++)
            resent += api.In(FirstUser + i).GroupBy(m => m.Text).Sum(g => g.Count() - 1);
        Console.WriteLine($"soak: {chats} chats × {script.Count} turns, {kills} kill -9 + restart in {seconds:F0} s; conversations not completed: {missing}; " +
                          $"cells with exactly one meeting: {once}/{chats}; meetings {meetings.Count}, audit 'meeting.filed' {filed}; meetings with wrong data: {wrong}; " +
                          $"outbox still pending: {pending}; replies delivered again after a kill (at-least-once): {resent}");
        try { Directory.Delete(dir, true); } catch (IOException) { }
        return missing == 0 && once == chats && meetings.Count == chats && filed == chats && wrong == 0 && pending == 0 ? 0 : 1;
    }

    /// <summary>
    /// Reminder fan-out: <paramref name="groups"/> linked groups all due for a meeting notice at once (the reminder
    /// sweep queues them before the bot starts), delivered by the bot against the fake API with Telegram's limits
    /// on (20/min per group, 30/s overall); optionally killed with SIGKILL halfway and restarted.
    /// </summary>
    public static async Task<int> FanOutAsync(int groups, bool kill)
    {
        await using var api = new FakeBotApi { LimitsOn = true, GroupPerMinute = 20, GlobalPerSecond = 30 };
        var dir = Directory.CreateTempSubdirectory("chibo-fanout").FullName;
        var path = Path.Combine(dir, "chibo.db");
        Seed(path, groups);
        var queued = QueueNotices(path, groups, api);
        Console.WriteLine($"fan-out: {queued} reminders queued for {groups} cells (each group, and each secretary privately); limits 20/min per group, 1/s per private chat, 30/s overall{(kill ? "; kill -9 halfway" : "")}");
        // The bot's own defaults, which the turn benchmark lifts (a secretary may get several reminders on one morning).
        var env = new Dictionary<string, string>
        {
            ["Telegram__Limits__GroupPerMinute"] = "20", ["Telegram__Limits__GlobalPerSecond"] = "30", ["Telegram__Limits__PrivateInterval"] = "00:00:01",
        };
        Process Start() => StartBot(api, dir, env);
        int Delivered() => api.All().Count;
        var clock = Stopwatch.StartNew();
        var bot = Start();
        var killed = false;
        var last = 0;
        var stalled = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(500);
            var now = Delivered();
            if (now != last) { last = now; stalled.Restart(); }
            if (now >= queued || stalled.Elapsed > TimeSpan.FromSeconds(30)) break;
            if (kill && !killed && now >= queued / 2)
            {
                bot.Kill(entireProcessTree: true);
                await bot.WaitForExitAsync();
                bot.Dispose();
                killed = true;
                bot = Start();
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        bot.Kill(entireProcessTree: true);
        await bot.WaitForExitAsync();
        // Every queued message is a different (chat, text): anything more is a duplicate, anything less is lost.
        var sent = api.All().ToList();
        var distinct = sent.Select(m => (m.ChatId, m.Text)).Distinct().Count();
        var lost = queued - distinct;
        var duplicates = sent.Count - distinct;
        var groupsReached = sent.Where(m => m.ChatId < 0).Select(m => m.ChatId).Distinct().Count();
        var first = sent.Min(m => m.AcceptedAtUtc);
        var lastAt = sent.Max(m => m.AcceptedAtUtc);
        var rate = sent.Count / Math.Max(0.001, (lastAt - first).TotalSeconds);
        Console.WriteLine($"fan-out: {sent.Count} messages ({groupsReached} groups, {sent.Count(m => m.ChatId > 0)} secretaries) in {(lastAt - first).TotalSeconds:F0} s = {rate:F1}/s ({rate / 30:P0} of the allowed 30/s); " +
                          $"429 answers: {api.TooManyRequests}; lost: {lost}; duplicates: {duplicates}; wall {seconds:F0} s");
        if (Environment.GetEnvironmentVariable("CHIBO_LOAD_DEBUG") == "1")
        {
            foreach (var l in api.LimitLog.Take(3)) Console.WriteLine("  " + l);
            var times = sent.Select(m => m.AcceptedAtUtc).Order().ToList();
            var gaps = times.Zip(times.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
            Console.WriteLine($"  gaps ms: min {gaps.Min():F1}, p10 {gaps.Order().ElementAt(gaps.Count / 10):F1}, median {gaps.Order().ElementAt(gaps.Count / 2):F1}, max {gaps.Max():F0}");
            Console.WriteLine("  first 40 gaps: " + string.Join(" ", gaps.Take(40).Select(g => g.ToString("F0"))));
        }
        try { Directory.Delete(dir, true); } catch (IOException) { }
        return lost == 0 ? 0 : 1;
    }

    /// <summary>Links a Telegram group to each cell, sets every meeting three days ahead, and runs the reminder sweep for today.</summary>
    static int QueueNotices(string path, int groups, FakeBotApi api)
    {
        using var store = OpenStore(path);
        // Now, in the day (Vietnam time): notices expire unsent at the end of the day they are written for, and the bot
        // judges that by the real clock. Before 08:00 the sweep runs at 08:00; after 21:00, at 08:00 the next day.
        var vn = TimeSpan.FromHours(7);
        var now = DateTimeOffset.UtcNow.ToOffset(vn);
        var at = now.TimeOfDay < TimeSpan.FromHours(8) ? new DateTimeOffset(now.Date.AddHours(8), vn)
            : now.TimeOfDay > TimeSpan.FromHours(21) ? new DateTimeOffset(now.Date.AddDays(1).AddHours(8), vn) : now;
        var meeting = at.Date.AddDays(3); // its D-3 notice is due at 08:00 on the day of the sweep
        store.InTransaction(() =>
        {
            for (var i = 0; i < groups; i++)
            {
                var chatId = -(1_000_000_000L + i);
                api.AddGroup(chatId);
                api.AddPrivateChat(FirstUser + i); // the secretary, who is reminded privately too
                store.GroupChats.Insert(new GroupChat { Id = GroupChat.KeyOf("telegram", chatId.ToString()), Channel = "telegram", ChatId = chatId.ToString(), CellId = $"cb-{i}", LinkedAtUtc = at.UtcDateTime.AddDays(-30) });
                var cell = store.Cells.FindById($"cb-{i}")!;
                cell.MeetingDay = meeting.Day;
                cell.MeetingTime = "19:30";
                store.Cells.Update(cell);
            }
        });
        var templates = ChiBo.Dialogs.Templates.TemplateCatalog.LoadFolder(Path.Combine(AppContext.BaseDirectory, "Templates"));
        new ChiBo.Scheduling.Reminders.ReminderSweep(store, new FixedClock(at), new ChiBo.Scheduling.Reminders.ReminderRules(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ChiBo.Scheduling.Reminders.ReminderSweep>.Instance, templates).Run();
        return store.Outbox.Count(o => o.Status == OutboxStatus.Pending);
    }

    sealed class FixedClock(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }

    /// <summary>The durable turn alone (router, flow, one commit with the replies queued), in process, no HTTP and no delivery.</summary>
    public static async Task PipelineAloneAsync(int chats, List<string> script)
    {
        var dir = Directory.CreateTempSubdirectory("chibo-load").FullName;
        var path = Path.Combine(dir, "chibo.db");
        var warmUp = WarmUpChats(chats);
        var byAnswer = Environment.GetEnvironmentVariable("BENCH_STEPS") == "1";
        Seed(path, chats + warmUp + (byAnswer ? Math.Min(chats, 300) : 0));
        using var store = OpenStore(path);
        var templates = ChiBo.Dialogs.Templates.TemplateCatalog.LoadFolder(Path.Combine(AppContext.BaseDirectory, "Templates"));
        store.InTransaction(() => templates.Snapshot(store));
        var pipeline = new ChiBo.Dialogs.Conversation.TurnPipeline(store, templates, new ChiBo.Dialogs.Conversation.Router(ChiBo.Dialogs.Flows.FlowCatalog.Create()),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ChiBo.Dialogs.Conversation.TurnPipeline>.Instance);
        var seq = 0;
        async Task<List<double>[]> Round(int first, int count)
        {
            var latencies = new List<double>[count];
            await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
            {
                latencies[i] = [];
                var user = (FirstUser + first + i).ToString();
                foreach (var line in script)
                {
                    var t = Stopwatch.GetTimestamp();
                    var n = Interlocked.Increment(ref seq);
                    await pipeline.HandleAsync(new ChiBo.Dialogs.Conversation.IncomingUpdate("telegram", n.ToString(), user,
                        ChiBo.Dialogs.Conversation.ChatKind.Private, user, $"Bí thư {first + i}", line, Sequence: n, InChatOrder: true)); // as long polling hands them over
                    latencies[i].Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
            })));
            return latencies;
        }
        using var self = Process.GetCurrentProcess();
        await WarmUpAsync(async (from, n) => { await Round(from, n); return 0; }, chats, warmUp, self);
        var meetingsBefore = store.Meetings.Count();
        using var ticks = Environment.GetEnvironmentVariable("BENCH_ALLOCS") == "1" ? new AllocationTicks() : null;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        self.Refresh();
        var cpuBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var measured = await Round(0, chats);
        var seconds = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var all = measured.SelectMany(l => l).Order().ToList();
        double Pct(double p) => all[Math.Min(all.Count - 1, (int)Math.Ceiling(p * all.Count) - 1)];
        Console.WriteLine($"pipeline alone (after {warmUp} warm-up chats): {all.Count} turns in {seconds:F1} s = {all.Count / seconds:F0} turns/s; p50 {Pct(0.5):F1} ms, p99 {Pct(0.99):F1} ms; " +
                          $"CPU {cpu.TotalMicroseconds / all.Count:F0} µs and {allocated / 1024.0 / all.Count:F0} KiB allocated a turn; meetings saved {store.Meetings.Count() - meetingsBefore}/{chats}");
        ticks?.Print();
        if (byAnswer) await ByAnswerAsync(pipeline, script, FirstUser + chats + warmUp, Math.Min(chats, 300));
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    /// <summary>
    /// BENCH_STEPS=1: after the measured round, more chats (seeded, unused so far) record the meeting one turn at a time
    /// (nothing else running): the mean time of each answer, its commit included, shows which turns cost what.
    /// </summary>
    static async Task ByAnswerAsync(ChiBo.Dialogs.Conversation.TurnPipeline pipeline, List<string> script, long firstUser, int chats)
    {
        var times = new double[script.Count];
        var seq = 1_000_000_000;
        for (var c = 0; c < chats; c++)
        {
            var user = (firstUser + c).ToString();
            for (var i = 0; i < script.Count; i++)
            {
                var t = Stopwatch.GetTimestamp();
                await pipeline.HandleAsync(new ChiBo.Dialogs.Conversation.IncomingUpdate("telegram", (++seq).ToString(), user,
                    ChiBo.Dialogs.Conversation.ChatKind.Private, user, "Bí thư", script[i], Sequence: seq, InChatOrder: true));
                times[i] += Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            }
        }
        Console.WriteLine($"Each answer alone, mean of {chats} chats (µs, commit included):");
        for (var i = 0; i < script.Count; i++) Console.WriteLine($"{i + 1,3} {times[i] / chats,8:F0}  {script[i][..Math.Min(script[i].Length, 60)]}");
        Console.WriteLine($"    {times.Sum() / chats,8:F0}  in all, {times.Sum() / chats / script.Count:F0} a turn");
    }

    /// <summary>BENCH_ALLOCS=1: the types allocated in the measured round, by the runtime's allocation samples (one per ~100 KiB).</summary>
    sealed class AllocationTicks : System.Diagnostics.Tracing.EventListener
    {
        readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _bytes = new();
        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
        }
        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
        {
            if (e.EventName != "GCAllocationTick_V4" || e.Payload is null) return;
            var type = e.Payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
            var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
            _bytes.AddOrUpdate(type, amount, (_, v) => v + amount);
        }
        public void Print()
        {
            var total = _bytes.Values.Sum();
            foreach (var (type, bytes) in _bytes.OrderByDescending(x => x.Value).Take(40))
                Console.WriteLine($"{100.0 * bytes / total,5:F1}% {type}");
        }
    }

    /// <summary>
    /// The store the bot will open: the LiteDB file, or with BOT_Storage__Provider=postgres the PostgreSQL schema it names
    /// (BOT_ConnectionStrings__ChiBo, BOT_Storage__Schema), emptied first so each run starts alike.
    /// </summary>
    static ChiBoStore OpenStore(string path, bool fresh = false)
    {
        if (Environment.GetEnvironmentVariable("BOT_Storage__Provider") != "postgres")
            return new ChiBoStore(path) { ComputeOutside = Environment.GetEnvironmentVariable("BOT_Storage__ComputeOutside") == "true" }; // as the bot
        var connection = Environment.GetEnvironmentVariable("BOT_ConnectionStrings__ChiBo") ?? throw new InvalidOperationException("BOT_ConnectionStrings__ChiBo is needed with BOT_Storage__Provider=postgres");
        var schema = Environment.GetEnvironmentVariable("BOT_Storage__Schema") ?? "chibo";
        if (fresh) using (var db = new ChiBo.Dialogs.Storage.Postgres.PgDatabase(connection, schema)) db.DropSchema();
        return ChiBoStore.OnPostgres(connection, schema);
    }

    /// <summary>A database with one cell and one secretary (linked to a Telegram user) per chat.</summary>
    static void Seed(string path, int chats)
    {
        using var store = OpenStore(path, fresh: true);
        var now = DateTime.UtcNow;
        store.InTransaction(() =>
        {
            store.OrgUnits.Insert(new OrgUnit { Id = "xa-tai", Name = "Đảng bộ xã Tải", Path = "/xa-tai/", Level = "Đảng ủy xã" });
            store.Members.Insert(new Member { Id = "admin", Name = "Quản trị", Roles = [new RoleGrant { Role = Role.Admin }] });
            for (var i = 0; i < chats; i++)
            {
                var cell = new Cell { Id = $"cb-{i}", Name = $"Chi bộ số {i}", OrgUnitId = "xa-tai", Path = $"/xa-tai/cb-{i}/", Type = CellType.RESIDENTIAL, CreatedAtUtc = now.AddYears(-1) };
                store.Cells.Insert(cell);
                var userId = (FirstUser + i).ToString();
                store.Members.Insert(new Member
                {
                    Id = $"bt-{i}", Name = $"Bí thư {i}", CellId = cell.Id,
                    Roles = [new RoleGrant { Role = Role.Secretary, ScopeId = cell.Id }, new RoleGrant { Role = Role.Member, ScopeId = cell.Id }],
                });
                for (var k = 1; k <= 5; k++) store.Members.Insert(new Member { Id = $"dv-{i}-{k}", Name = $"Đảng viên {i}.{k}", CellId = cell.Id, Roles = [new RoleGrant { Role = Role.Member, ScopeId = cell.Id }] });
                store.Identities.Insert(new ChatIdentity { Id = ChatIdentity.KeyOf("telegram", userId), Channel = "telegram", PlatformUserId = userId, MemberId = $"bt-{i}" });
            }
        });
        if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_HISTORY"), out var months) && months > 0) SeedHistory(store, chats, months, now);
    }

    /// <summary>
    /// BENCH_HISTORY=n: each cell has met every month of the n before this one (a cell in use for years reads its past:
    /// the tasks to review, the attendance of the year), each meeting setting two tasks, one member absent with a reason.
    /// </summary>
    const string HistoryPrefix = "h-"; // the seeded meetings' ids

    static void SeedHistory(ChiBoStore store, int chats, int months, DateTime utcNow)
    {
        var thisMonth = new DateTime(utcNow.Year, utcNow.Month, 1);
        for (var from = 0; from < chats; from += 500)
            store.InTransaction(() =>
            {
                var meetings = new List<Meeting>();
                for (var i = from; i < Math.Min(chats, from + 500); i++)
                {
                    var cell = store.Cells.FindById($"cb-{i}")!;
                    var roster = store.CellMembers(cell.Id);
                    for (var k = 1; k <= months; k++)
                    {
                        var date = thisMonth.AddMonths(-k).AddDays(9);
                        var attendance = Attendee.FromRoster(roster, cell.Id);
                        (attendance[^1].Presence, attendance[^1].Reason) = (ChiBo.Rules.Presence.Excused, "ốm");
                        var meeting = new Meeting
                        {
                            Id = $"{HistoryPrefix}{i}-{date:yyyy-MM}", CellId = cell.Id, CellPath = cell.Path, Month = date.ToString("yyyy-MM"), Date = date,
                            Kind = MeetingKind.REGULAR, Venue = "Nhà văn hóa", CommitteeMet = true, DraftPrepared = true, NoticeSent = true,
                            Documents = DocumentsAhead.OneDayOrMore, StartTime = "19:30", EndTime = "21:15", DurationMinutes = 105, Attendance = attendance,
                            Chair = "Bí thư", MinuteTaker = "Phó bí thư", AgendaApproved = true, Speakers = 3, Conclusion = "Thống nhất nhiệm vụ tháng tới.",
                            MinutesApproved = true, RecordedBy = $"bt-{i}", RecordedAtUtc = date.AddHours(14), TemplateId = "quy-trinh-sinh-hoat",
                            NextTasks = [new TaskItem { Content = "Thu quỹ khuyến học", Owner = "Đ/c Hoa", Due = "15" }, new TaskItem { Content = "Tổng vệ sinh đường làng" }],
                        };
                        meeting.CountAttendance();
                        meeting.VotesFor = meeting.Tally.Voters;
                        meetings.Add(meeting);
                    }
                }
                store.Meetings.Insert(meetings);
            });
    }

    static long PeakRssMiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
            return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
        }
        catch (IOException) { return -1; }
    }
}

/// <summary>The baseline: the same Telegram.Bot client and polling shape (a batch, chats in parallel, each in order), replying with the text it got.</summary>
static class EchoBot
{
    public static async Task<int> RunAsync(string baseUrl)
    {
        var client = new TelegramBotClient(new TelegramBotClientOptions(FakeBotApi.Token, baseUrl) { RetryThreshold = 0 });
        int? offset = null;
        while (true)
        {
            var updates = await client.GetUpdates(offset, 100, 1);
            if (updates.Length == 0) continue;
            await Task.WhenAll(updates.Where(u => u.Message?.Text is not null).GroupBy(u => u.Message!.Chat.Id).Select(async chat =>
            {
                foreach (var u in chat) await client.SendMessage(u.Message!.Chat.Id, u.Message.Text!);
            }));
            offset = updates.Max(u => u.Id) + 1;
        }
    }
}
