using System.Collections.Concurrent;

namespace ChiBo.Dialogs.Storage;

/// <summary>
/// Compares ids as the database does (its collation), for the store's dictionaries. The collation's hash is ICU's sort
/// key (~200 ns an id, and a turn hashes its chat's ids dozens of times), so each id string's hash is kept, by ordinal
/// value, and identical strings are equal without asking ICU.
/// </summary>
sealed class IdComparer(StringComparer collation) : IEqualityComparer<string>
{
    /// <summary>Ids whose hash is kept before the memory starts again (a bound, not an eviction policy).</summary>
    public const int Capacity = 100_000;

    readonly ConcurrentDictionary<string, int> _hashes = new(StringComparer.Ordinal);
    int _count;

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal) || collation.Equals(x, y);

    public int GetHashCode(string id)
    {
        if (_hashes.TryGetValue(id, out var hash)) return hash;
        hash = collation.GetHashCode(id);
        if (Interlocked.Increment(ref _count) > Capacity) { _hashes.Clear(); Interlocked.Exchange(ref _count, 0); }
        _hashes.TryAdd(id, hash);
        return hash;
    }
}
