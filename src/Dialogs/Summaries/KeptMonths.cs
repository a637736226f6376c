using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Summaries;

/// <summary>
/// A month's rows of one collection as the summaries read them, kept in memory per store once read (a province summary
/// then reads none from the file); a write of that month forgets it, and notes the commit that will carry the write: a
/// month read in a snapshot that may not see that commit is used but not kept (summaries are read outside the write
/// transaction). On PostgreSQL (another instance may write) and in a turn computed outside, read each time.
/// </summary>
public sealed class KeptMonths<T>(Func<ChiBoStore, string, List<T>> read)
{
    sealed class Months
    {
        public readonly ConcurrentDictionary<string, List<T>> Rows = new();
        // The month's last write: by the commit with this number (or a later one; none if the transaction rolled back).
        public readonly Dictionary<string, long> WrittenBy = [];
        public readonly object Gate = new();
    }
    readonly ConditionalWeakTable<ChiBoStore, Months> _kept = new();

    public List<T> Of(ChiBoStore store, string month)
    {
        if (store.OnPostgresDatabase || store.Detaching) return read(store, month); // a turn computed outside: the stored rows with its own writes
        var kept = _kept.GetOrCreateValue(store);
        if (kept.Rows.TryGetValue(month, out var rows)) return rows;
        var sees = store.SeesCommitsUpTo; // before reading
        rows = read(store, month);
        lock (kept.Gate)
            if (!kept.WrittenBy.TryGetValue(month, out var by) || by <= sees) kept.Rows.TryAdd(month, rows);
        return rows;
    }

    /// <summary>Call in the transaction that writes the month's rows.</summary>
    public void Forget(ChiBoStore store, string month) =>
        store.WithWrites(() =>
        {
            var kept = _kept.GetOrCreateValue(store);
            lock (kept.Gate)
            {
                kept.Rows.TryRemove(month, out _);
                kept.WrittenBy[month] = store.Commits + 1; // this transaction's number, if it commits
            }
        });

    /// <summary>Forgets every month kept (the next summary reads them again).</summary>
    public void Drop(ChiBoStore store) => _kept.Remove(store);
}

/// <summary>A month's Sổ tay points as a province's summary reads them, kept in memory (<see cref="KeptMonths{T}"/>).</summary>
public static class HandbookMonths
{
    static readonly KeptMonths<Domain.HandbookPoints> Kept = new((store, month) => store.HandbookPoints.FindBetween(p => p.Month, month, month));

    /// <summary>Every member's points of the month (shared: read, never change them).</summary>
    public static List<Domain.HandbookPoints> Of(ChiBoStore store, string month) => Kept.Of(store, month);

    /// <summary>Call in the transaction that writes points of the month.</summary>
    public static void Forget(ChiBoStore store, string month) => Kept.Forget(store, month);
}
