namespace ChiBo.Dialogs.Summaries;

/// <summary>
/// Rendering a file (a workbook, a chart, a Word document) takes far longer than a turn's reads and writes; inside
/// the write transaction it would hold every other chat up. A turn runs inside a render scope: a renderer asked for a
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
public sealed class RenderOutside(Action render) : Exception("A file is rendered outside the write transaction; the turn runs again.")
{
    public Action Render { get; } = render;
}

/// <summary>
/// Makes a file outside the turn's write transaction (see <see cref="RenderScope"/>): the first time the turn asks,
/// <see cref="RenderOutside"/> is thrown with the making; when the turn runs again, the file made is handed over.
/// Outside a render scope (a job, a test) the file is made at once.
/// </summary>
public sealed class MadeOutside
{
    // Files made outside a turn's write transaction, by the turn's file key, until the turn runs again and takes them.
    readonly Dictionary<string, string> _made = [];
    const int Kept = 64;

    /// <summary>The path of a file written by <paramref name="write"/> (which returns its path).</summary>
    public string Make(Func<string> write)
    {
        if (RenderScope.Current is not { } scope) return write();
        var key = scope.NextFile();
        lock (_made)
            if (_made.Remove(key, out var done) && File.Exists(done)) return done;
        if (!scope.Defer) return write();
        throw new RenderOutside(() =>
        {
            var path = write();
            lock (_made)
            {
                if (_made.Count >= Kept) _made.Clear(); // turns that never came back for theirs
                _made[key] = path;
            }
        });
    }
}
