using System.Security.Cryptography;
using System.Text;

namespace ChiBo.Bot.Channels;

/// <summary>What the channels' receiving sides share: the webhook secret check and the wait after failed polls.</summary>
public static class Receiving
{
    /// <summary>A webhook's secret header, compared in constant time.</summary>
    public static bool SecretMatches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    /// <summary>The wait after the n-th failed poll in a row: 2, 4, 8, 16, then 30 s.</summary>
    public static TimeSpan Backoff(int failures) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(failures, 5))));
}
