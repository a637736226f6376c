using ChiBo.Bot.Channels;
using ChiBo.Bot.Tests.Scripts;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>
/// A polled update is confirmed once stored; while the store fails it is tried again, never dropped (the recovery itself:
/// <c>StoreOutageProcessTests</c>, PostgreSQL stopped and started under the running program).
/// </summary>
public sealed class ReceivingTests
{
    /// <summary>Runs the handling, moving the test clock on while it waits between attempts.</summary>
    static async Task<(bool Confirm, int Attempts)> HandleAsync(ScriptHost host, Func<int, Task> handle, CancellationToken ct = default, int maxAttempts = 100)
    {
        var attempts = 0;
        var task = Receiving.HandleUntilStoredAsync(() => handle(++attempts), host.Store, host.Clock, NullLogger.Instance, "42", ct);
        while (!task.IsCompleted && attempts < maxAttempts)
        {
            await Task.Delay(5);
            host.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        return (await task, attempts);
    }

    [Fact]
    public async Task An_update_that_fails_while_the_store_writes_is_given_up_after_five_attempts_so_polling_goes_on()
    {
        using var host = new ScriptHost(ScriptRunner.DefaultStart);
        var (confirm, attempts) = await HandleAsync(host, _ => throw new InvalidOperationException("a bug in this update"));
        Assert.True(confirm);
        Assert.Equal(Receiving.AttemptsWhileStoreWrites, attempts);
    }

    [Fact]
    public async Task While_the_store_cannot_write_the_update_is_kept_however_long_and_not_confirmed_when_the_bot_stops()
    {
        using var host = new ScriptHost(ScriptRunner.DefaultStart);
        host.Store.Dispose(); // every write fails from now on, the probe's too
        using var stopping = new CancellationTokenSource();
        var attempts = 0;
        var task = Receiving.HandleUntilStoredAsync(() => { attempts++; throw new ObjectDisposedException("store"); }, host.Store, host.Clock,
            NullLogger.Instance, "42", stopping.Token);
        while (attempts < 10)
        {
            await Task.Delay(5);
            host.Clock.Advance(TimeSpan.FromSeconds(5));
        }
        Assert.False(task.IsCompleted); // ten attempts, still held
        stopping.Cancel();
        Assert.False(await task); // the bot stops: not confirmed, Telegram gives it again after the restart
    }

    [Fact]
    public void Updates_kept_on_disk_are_found_again_by_the_next_process_in_the_order_received_until_let_go()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("chibo-inbox").FullName, "inbox-zalo");
        try
        {
            var first = new UpdateInbox(folder);
            Assert.False(first.Waiting);
            var one = first.Keep("""{"message":"một"}""");
            first.Keep("""{"message":"hai"}""");
            Assert.True(first.Waiting);
            File.WriteAllText(Path.Combine(folder, "0000000000000000009.json.tmp"), "{\"mess"); // a write the process died in

            var next = new UpdateInbox(folder); // the process started again
            Assert.True(next.Waiting);
            Assert.Equal(["""{"message":"một"}""", """{"message":"hai"}"""], next.All().Select(k => k.Json));
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
            next.Keep("""{"message":"ba"}"""); // numbered after those kept before
            next.Release(next.All()[0]);
            Assert.Equal(["""{"message":"hai"}""", """{"message":"ba"}"""], next.All().Select(k => k.Json));
            foreach (var kept in next.All()) next.Release(kept);
            Assert.False(next.Waiting);
            Assert.Empty(new UpdateInbox(folder).All());
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            first.Release(one); // already gone: nothing happens
        }
        finally { Directory.Delete(Path.GetDirectoryName(folder)!, true); }
    }
}
