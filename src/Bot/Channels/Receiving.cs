using System.Security.Cryptography;
using System.Text;

namespace ChiBo.Bot.Channels;

/// <summary>
/// What the channels share: the HTTP client for a bot API, the webhook secret check and the wait after failed polls.
/// </summary>
public static class Receiving
{
    /// <summary>A webhook's secret header, compared in constant time.</summary>
    public static bool SecretMatches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    /// <summary>The wait after the n-th failed poll in a row: 2, 4, 8, 16, then 30 s.</summary>
    public static TimeSpan Backoff(int failures) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(failures, 5))));

    /// <summary>Failures of an update in a row, each followed by a write the store took, before it is confirmed unhandled.</summary>
    public const int AttemptsWhileStoreWrites = 5;

    /// <summary>
    /// A polled update handled until it is stored. A failure out of the turn pipeline means not even its apology could be
    /// stored: the store is failing (PostgreSQL restarting, a full disk), and confirming the update would lose what the
    /// member said. So it is tried again (<see cref="Backoff"/>) for as long as a write to the store fails too. Only when
    /// it has failed <see cref="AttemptsWhileStoreWrites"/> times in a row, each time while a write to the store went
    /// through, is it confirmed unhandled (logged), so one bad update cannot hold up polling (a failure on a connection a
    /// database restart left broken, its write probe then taken, counts once; a failing probe starts the count again).
    /// True: confirm it. False: stopping, or the store dead for good (the process ends; the restarted bot gets it again).
    /// </summary>
    public static async Task<bool> HandleUntilStoredAsync(Func<Task> handle, ChiBo.Dialogs.Storage.ChiBoStore store, TimeProvider clock,
        ILogger log, string updateId, CancellationToken ct)
    {
        var whileWriting = 0; // failures in a row, each followed by a write the store took
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await handle();
                if (attempt > 1) log.LogWarning("Update {UpdateId} handled at attempt {Attempt}", updateId, attempt);
                return true;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return false; }
            catch (Exception ex)
            {
                if (store.IsDead) return false;
                whileWriting = store.Writes(clock.GetUtcNow().UtcDateTime) ? whileWriting + 1 : 0;
                if (whileWriting >= AttemptsWhileStoreWrites)
                {
                    log.LogError(ex, "Update {UpdateId} could not be handled in {Attempts} attempts though the store writes; confirmed so the updates after it go on",
                        updateId, attempt);
                    return true;
                }
                var wait = Backoff(attempt);
                log.LogWarning("Update {UpdateId} could not be stored ({Error}); trying again in {Seconds}s", updateId, ex.Message, wait.TotalSeconds);
                try { await Task.Delay(wait, clock, ct); }
                catch (OperationCanceledException) { return false; }
            }
        }
    }

    /// <summary>
    /// Registers the named HttpClient of a bot API without request logging: the request URL carries the bot token
    /// (…/bot&lt;token&gt;/method), and HttpClient logs URLs at Information.
    /// </summary>
    public static void AddBotApiHttpClient(this IServiceCollection services, string name) => services.AddHttpClient(name).RemoveAllLoggers();

    /// <summary>That client, with a timeout that outlasts a long poll.</summary>
    public static HttpClient BotApiHttpClient(IServiceProvider services, string name, int pollTimeoutSeconds)
    {
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(name);
        http.Timeout = TimeSpan.FromSeconds(pollTimeoutSeconds + 30);
        return http;
    }
}
