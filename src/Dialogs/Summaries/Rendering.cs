namespace ChiBo.Dialogs.Summaries;

/// <summary>
/// Rendering a file (a workbook, a chart, a Word document), or reading a province for its summary, takes far longer
/// than a turn's reads and writes; inside the write transaction it would hold every other chat up. A turn runs inside a render scope: a renderer asked for a
/// file it has not made yet throws <see cref="RenderOutside"/>, the pipeline renders it outside the transaction and
/// runs the turn again, and the renderer then hands over the file made (the n-th file the turn asks for is the n-th
/// made for it).
/// </summary>
public sealed class RenderScope : IDisposable
{
    [ThreadStatic] static RenderScope? t_current;
    readonly RenderScope? _outer;
    int _files;

    RenderScope(string turn, bool defer, RenderScope? outer) => (Turn, Defer, _outer) = (turn, defer, outer);

    /// <summary>The scope of the turn running on this thread, if any.</summary>
    public static RenderScope? Current => t_current;

    /// <summary>Which turn (its chat and update): the files made for it are found again by it.</summary>
    public string Turn { get; }

    /// <summary>Files not made yet are to be made outside (else, on a last attempt, made here).</summary>
    public bool Defer { get; }

    public static RenderScope Begin(string turn, bool defer) => t_current = new RenderScope(turn, defer, t_current);

    /// <summary>The key of the next file this turn asks for.</summary>
    public string NextFile() => $"{Turn}#{++_files}";

    public void Dispose() => t_current = _outer;
}

/// <summary>Thrown inside the write transaction by a renderer: run <see cref="Render"/> outside it, then the turn again.</summary>
public sealed class RenderOutside(Action render, string what = "a file") : Exception("Work is done outside the write transaction; the turn runs again.")
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
public sealed class MadeOutside
{
    // What was made outside, by the turn's key of it, until the pipeline is done with the turn (Forget).
    static readonly Dictionary<string, (string Turn, object Value)> Made = [];
    // A bound, never reached while turns are forgotten when they end.
    const int Kept = 256;

    /// <summary>The path of a file written by <paramref name="write"/> (which returns its path).</summary>
    public string Make(Func<string> write) => Make(write, "a file", File.Exists);

    /// <summary>
    /// The value <paramref name="make"/> returns; it must only read (in a transaction of its own where it needs one:
    /// <c>ChiBoStore.Read</c>). <paramref name="stillGood"/>: whether a value made earlier may be handed over.
    /// </summary>
    public T Make<T>(Func<T> make, string what, Func<T, bool>? stillGood = null) where T : notnull
    {
        if (RenderScope.Current is not { } scope) return make();
        var key = scope.NextFile();
        lock (Made)
            if (Made.TryGetValue(key, out var done) && done.Value is T value && (stillGood?.Invoke(value) ?? true)) return value;
        if (!scope.Defer) return make();
        throw new RenderOutside(() =>
        {
            var value = make();
            lock (Made)
            {
                if (Made.Count >= Kept) Made.Clear();
                Made[key] = (scope.Turn, value);
            }
        }, what);
    }

    /// <summary>The turn is done (answered, or apologised for): what was made for it is dropped.</summary>
    public static void Forget(string turn)
    {
        lock (Made)
            foreach (var key in Made.Where(m => m.Value.Turn == turn).Select(m => m.Key).ToList()) Made.Remove(key);
    }
}
