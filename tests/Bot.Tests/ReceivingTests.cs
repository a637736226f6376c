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
}
