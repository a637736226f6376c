namespace ChiBo.Dialogs.Summaries;

/// <summary>
/// Rendering a file (a workbook, a chart, a Word document), or reading a province for its summary, takes far longer
/// than a turn's reads and writes; inside the write transaction it would hold every other chat up. A turn runs inside
/// a render scope: asked for something not made yet, <see cref="MadeOutside"/> throws <see cref="RenderOutside"/>, the
/// pipeline makes it outside the transaction and runs the turn again, which is then handed what was made (the n-th
/// thing the turn asks for is the n-th made for it).
/// </summary>
public sealed class RenderScope : IDisposable
{
    [ThreadStatic] static RenderScope? t_current;
    readonly RenderScope? _outer;
    int _files;

    RenderScope(string turn, bool defer, MadeForTurns made, RenderScope? outer) => (Turn, Defer, Made, _outer) = (turn, defer, made, outer);

    /// <summary>The scope of the turn running on this thread, if any.</summary>
    public static RenderScope? Current => t_current;

    /// <summary>Which turn (its chat and update): the files made for it are found again by it.</summary>
    public string Turn { get; }

    /// <summary>Files not made yet are to be made outside (else, on a last attempt, made here).</summary>
    public bool Defer { get; }

    /// <summary>Where what is made for the turn is kept (its pipeline's).</summary>
    public MadeForTurns Made { get; }

    public static RenderScope Begin(string turn, bool defer, MadeForTurns made) => t_current = new RenderScope(turn, defer, made, t_current);

    /// <summary>The key of the next file this turn asks for.</summary>
    public string NextFile() => $"{Turn}#{++_files}";

    public void Dispose() => t_current = _outer;
}

/// <summary>Thrown inside the write transaction by a renderer: run <see cref="Render"/> outside it, then the turn again.</summary>
public sealed class RenderOutside(Action render, string what = "a file") : ChiBo.Dialogs.Storage.NeededOutside("Work is done outside the write transaction; the turn runs again.")
{
    public Action Render { get; } = render;

    /// <summary>What is made (for the log): "a file", "a summary".</summary>
    public string What { get; } = what;
}

/// <summary>
/// Makes a file, or computes a long read (a province's summary), outside the turn's write transaction (see
/// <see cref="RenderScope"/>): the first time the turn asks, <see cref="RenderOutside"/> is thrown with the making; when
/// the turn runs again, what was made is handed over, as often as that run asks (a turn that asks for a summary and
/// then for its workbook runs three times). Outside a render scope (a job, a test) it is made at once.
/// </summary>
public static class MadeOutside
{
    /// <summary>The path of a file written by <paramref name="write"/> (which returns its path).</summary>
    public static string Make(Func<string> write) => Make(write, "a file", File.Exists);

    /// <summary>
    /// The value <paramref name="make"/> returns; it must only read (in a transaction of its own where it needs one:
    /// <c>ChiBoStore.Read</c>). <paramref name="stillGood"/>: whether a value made earlier may be handed over.
    /// </summary>
    public static T Make<T>(Func<T> make, string what, Func<T, bool>? stillGood = null) where T : notnull
    {
        if (RenderScope.Current is not { } scope) return make();
        var key = scope.NextFile();
        if (scope.Made.Find(key) is T value && (stillGood?.Invoke(value) ?? true)) return value;
        if (!scope.Defer) return make();
        throw new RenderOutside(() => scope.Made.Keep(key, scope.Turn, make()), what);
    }
}

/// <summary>What was made outside the transaction for the turns of one pipeline, by the turn's key of it, until each turn is done.</summary>
public sealed class MadeForTurns
{
    readonly Dictionary<string, (string Turn, object Value)> _made = [];
    // A bound, never reached while turns are forgotten when they end.
    const int Kept = 256;

    internal object? Find(string key)
    {
        lock (_made) return _made.TryGetValue(key, out var made) ? made.Value : null;
    }

    internal void Keep(string key, string turn, object value)
    {
        lock (_made)
        {
            if (_made.Count >= Kept) _made.Clear();
            _made[key] = (turn, value);
        }
    }

    /// <summary>The turn is done (answered, or apologised for): what was made for it is dropped.</summary>
    public void Forget(string turn)
    {
        lock (_made)
            foreach (var key in _made.Where(m => m.Value.Turn == turn).Select(m => m.Key).ToList()) _made.Remove(key);
    }
}
