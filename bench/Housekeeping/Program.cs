using System.Diagnostics;
using ChiBo.Dialogs.Storage;
using ChiBo.Scheduling.Housekeeping;
using Microsoft.Extensions.Logging.Abstractions;

// The daily housekeeping over a large outbox: N delivered messages spread over the 90 days kept, plus one day's worth
// older than that (what a day's run prunes). Two runs, each in a process of its own (its peak working set): the day's
// prune, then the next day's run with nothing to prune.
// Usage: dotnet run -c Release --project bench/Housekeeping [-- messages]   (default 1,000,000)
var messages = args.Length > 0 && args[0] != "run" ? int.Parse(args[0]) : args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
var dir = Path.Combine(AppContext.BaseDirectory, "bench-data");
var path = Path.Combine(dir, "outbox.db");
var now = new DateTime(2026, 12, 6, 20, 0, 0, DateTimeKind.Utc);
var clock = new FixedClock(now);

if (args is ["run", ..])
{
    using var store = new ChiBoStore(path);
    GC.Collect();
    var allocated = GC.GetTotalAllocatedBytes(true);
    var watch = Stopwatch.StartNew();
    var (_, pruned, _) = new Housekeeper(store, clock, new RetentionRules(), NullLogger<Housekeeper>.Instance).Run();
    watch.Stop();
    var (mib, peak) = ((GC.GetTotalAllocatedBytes(true) - allocated) / 1048576.0, Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0);
    Console.WriteLine($"{pruned:N0} messages pruned in {watch.ElapsedMilliseconds:N0} ms; allocated {mib:N0} MiB; peak working set {peak:N0} MiB");
    return;
}

Directory.CreateDirectory(dir);
File.Delete(path);
var build = Stopwatch.StartNew();
using (var store = new ChiBoStore(path))
{
    var old = messages / 90; // one day's worth, a day past the 90 kept
    for (var from = 0; from < messages + old; from += 1_000)
    {
        var first = from;
        store.InTransaction(() =>
        {
            for (var i = first; i < Math.Min(first + 1_000, messages + old); i++)
            {
                var age = i < old ? 90.5 : 90.0 * (messages + old - i) / messages; // in creation order: the oldest first
                store.Outbox.Insert(new OutboxMessage
                {
                    Channel = "telegram", ChatId = (100_000 + i % 5_000).ToString(), Text = "Bước 3/25 — Chuẩn bị. Địa điểm sinh hoạt? " + i,
                    Status = OutboxStatus.Sent, CreatedAtUtc = now.AddDays(-age), SentAtUtc = now.AddDays(-age), Attempts = 1,
                });
            }
            return true;
        });
    }
}
Console.WriteLine($"Housekeeping over an outbox of {messages:N0} messages kept and {messages / 90:N0} older ({new FileInfo(path).Length / 1048576.0:N0} MiB of LiteDB, built in {build.Elapsed.TotalSeconds:N0} s):");
for (var day = 0; day < 2; day++)
{
    using var run = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, [typeof(FixedClock).Assembly.Location, "run", messages.ToString()]))!;
    run.WaitForExit();
}

sealed class FixedClock(DateTime utc) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => utc;
}
