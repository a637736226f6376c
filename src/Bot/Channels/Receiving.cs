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
