using System.Collections;
using System.Reflection;
using LiteDB;

namespace ChiBo.Dialogs.Storage;

/// <summary>
/// Closes a LiteDB database so that it cannot end the process later. In LiteDB 5.0.21 a transaction never disposed is
/// finalized, and its finalizer releases pages already released: the exception on the finalizer thread ends the
/// process ("share counter must be &gt; 0 in Release()", LiteDB #2828, fixed only after 5.0.21). Such transactions are
/// left when the engine closes while other threads query (its list of transactions is walked without a lock, and one
/// failure leaves the rest undisposed): at our disposal, or when LiteDB closes its engine itself on a fault. A retired
/// database's list of transactions is held until other threads' work on it has ended (<see cref="Settle"/>), then every
/// transaction it still lists is excluded from finalization, and it is let go.
/// </summary>
public static class RetiredEngines
{
    /// <summary>How long work already under way on a closed database may still run (it fails at its next read).</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;
    static readonly FieldInfo? EngineField = typeof(LiteDatabase).GetField("_engine", Private);
    static readonly FieldInfo? MonitorField = typeof(LiteDatabase).Assembly.GetType("LiteDB.Engine.LiteEngine")?.GetField("_monitor", Private);
    static readonly FieldInfo? TransactionsField = typeof(LiteDatabase).Assembly.GetType("LiteDB.Engine.TransactionMonitor")?.GetField("_transactions", Private);

    static int _disarmed;
    /// <summary>Transactions excluded from finalization so far in this process.</summary>
    public static int Disarmed => Volatile.Read(ref _disarmed);

    /// <summary>True when this LiteDB has the members <see cref="Retire"/> reaches (a test fails when an upgrade moves them).</summary>
    public static bool CanDisarm => EngineField is not null && MonitorField is not null && TransactionsField is not null;

    /// <summary>Disposes the database (a failure of an engine already closed is ignored) and disarms it once work under way has ended.</summary>
    public static void Retire(LiteDatabase db)
    {
        // The transactions open before the close are held too: the close takes them off the list even when their
        // dispose failed, and one finalized then would change the list while other threads' work still does.
        var transactions = TransactionsOf(db);
        var open = transactions is null ? [] : Listed(transactions);
        try { db.Dispose(); }
        catch (Exception) { } // an engine closed on a fault: nothing left to release but what Disarm handles
        // Only its list of transactions is held (not the engine and its page cache): what it lists stays reachable, so
        // none of it is finalized before it is disarmed; one added late by a query under way is in it too.
        if (transactions is null) return;
        // The close walked and cleared the list without its lock while other threads changed it: held as it is, then
        // emptied, so that what finalizes later looks through a sound list (see Empty).
        List<object> closed = [.. open, .. Listed(transactions)];
        Empty(transactions);
        _ = Task.Delay(Settle).ContinueWith(_ =>
        {
            Disarm([.. closed, .. Listed(transactions)]);
            Empty(transactions);
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>The transactions the list holds now (empty where a race left it broken).</summary>
    static List<object> Listed(IDictionary transactions)
    {
        try
        {
            lock (transactions) // as LiteDB locks it
                return [.. transactions.Values.Cast<object?>().OfType<object>()]; // a list changed by two threads at once can hold empty slots
        }
        catch (Exception) { return []; }
    }

    /// <summary>The engine's list of open transactions (LiteDB's TransactionMonitor._transactions), if it can be reached.</summary>
    static IDictionary? TransactionsOf(LiteDatabase db)
    {
        if (!CanDisarm) return null;
        try
        {
            var engine = EngineField!.GetValue(db);
            var monitor = engine is null ? null : MonitorField!.GetValue(engine);
            return monitor is null ? null : TransactionsField!.GetValue(monitor) as IDictionary;
        }
        catch (Exception) { return null; }
    }

    /// <summary>
    /// Empties the closed engine's list. A list two threads changed at once can lose a transaction from its enumeration
    /// and keep an empty slot instead: that transaction is not disarmed, and its finalizer, which looks through the list
    /// for others of its thread, then failed on the empty slot (a NullReferenceException on the finalizer thread that
    /// ended the test process, in about one full test run in five on 2026-12-07). Through a sound list it ends quietly.
    /// </summary>
    static void Empty(IDictionary transactions)
    {
        try
        {
            lock (transactions) transactions.Clear(); // resets a broken list too
        }
        catch (Exception) { }
    }

    /// <summary>Excludes these transactions from finalization; how many.</summary>
    static int Disarm(List<object> transactions)
    {
        var distinct = transactions.Distinct(ReferenceEqualityComparer.Instance).ToList();
        foreach (var transaction in distinct) GC.SuppressFinalize(transaction!);
        Interlocked.Add(ref _disarmed, distinct.Count);
        return distinct.Count;
    }
}
