using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Flows.Steps;

/// <summary>What a step sees: the turn, the session and its answers, the cell.</summary>
public sealed class StepContext(Turn turn, DialogSession session, Cell cell)
{
    public Turn Turn { get; } = turn;
    public DialogSession Session { get; } = session;
    public Cell Cell { get; } = cell;
    /// <summary>The session's answers; every change through here is counted (<see cref="StepAnswers.Version"/>).</summary>
    public StepAnswers Answers { get; } = new(session.Answers);
    public DateTime Today => Turn.Now.Date;

    /// <summary>The flow's steps, set by the flow before any step runs.</summary>
    public IReadOnlyList<Step> Steps { get; set; } = [];

    readonly Dictionary<Type, object> _memo = [];
    /// <summary>
    /// What the steps of this turn share, made once per turn (e.g. the cell's members): steps are built once per
    /// template and must not hold turn data themselves.
    /// </summary>
    public T Memo<T>(Func<StepContext, T> make) where T : class =>
        _memo.TryGetValue(typeof(T), out var value) ? (T)value : (T)(_memo[typeof(T)] = make(this));

    // What was last worked out from one answer, by the type worked out (FromAnswer).
    readonly Dictionary<Type, (string Answer, object? Value)> _fromAnswer = [];

    /// <summary>
    /// What a step works out from one answer and the header's conditions ask again and again (a tally, the meeting's
    /// kind): made once per answer, again when the answer given to it changes. Shared: read it, never change it.
    /// </summary>
    public T FromAnswer<T>(string answer, Func<string, T> make)
    {
        if (_fromAnswer.TryGetValue(typeof(T), out var kept) && kept.Answer == answer) return (T)kept.Value!;
        var value = make(answer);
        _fromAnswer[typeof(T)] = (answer, value);
        return value;
    }

    // What was worked out from the answers as they are now (FromAnswers), and the version of the answers it was made from.
    readonly Dictionary<Type, object> _fromAnswers = [];
    int _fromVersion;

    /// <summary>
    /// What the steps work out from the answers more than once in a turn (a proposed score, checked and then filed), made
    /// once per state of the answers: again after any answer changed. The value is shared: read it, never change it.
    /// </summary>
    public T FromAnswers<T>(Func<StepContext, T> make) where T : class
    {
        if (_fromVersion != Answers.Version)
        {
            _fromAnswers.Clear();
            _fromVersion = Answers.Version;
        }
        return _fromAnswers.TryGetValue(typeof(T), out var value) ? (T)value : (T)(_fromAnswers[typeof(T)] = make(this));
    }

    public List<Step> Applicable => Steps.Where(s => s.Applies(this)).ToList();

    /// <summary>The steps as numbered in "Bước n/N" (their number is their place here; N the count): fixed through the flow.</summary>
    public List<Step> Numbered => Steps.Where(s => s.Counts(this)).ToList();

    /// <summary>The id of the applicable step numbered n (as in "Bước n/…"), if any.</summary>
    public string? StepByNumber(int n)
    {
        var list = Numbered;
        return n >= 1 && n <= list.Count && !list[n - 1].IsConfirm && list[n - 1].Applies(this) ? list[n - 1].Id : null;
    }

    /// <summary>Every answer so far, numbered like the steps, to check before filing.</summary>
    public string Summary()
    {
        var lines = Numbered.Select((s, i) => (s, i))
            .Where(x => !x.s.IsConfirm && x.s.Applies(this) && Has(x.s.Id))
            .Select(x => $"{x.i + 1}. {x.s.Label}: {Cut(x.s.Show(this, Answers[x.s.Id]))}");
        return string.Join('\n', lines);
    }

    static string Cut(string s)
    {
        s = s.Replace('\n', ' ');
        return s.Length <= 80 ? s : s[..77] + "…";
    }

    public string? Get(string id) => Answers.TryGetValue(id, out var v) ? v : null;
    public int Int(string id) => int.TryParse(Get(id), out var n) ? n : 0;
    public bool Has(string id) => Answers.ContainsKey(id);

    /// <summary>Internal scratch values use a leading underscore and are never shown or filed.</summary>
    public const string ReturnTo = "_return";
}

/// <summary>
/// A session's answers as the steps read and change them: each change moves <see cref="Version"/> on, so what a turn
/// worked out from them (<see cref="StepContext.FromAnswers"/>) is worked out again.
/// </summary>
public sealed class StepAnswers(Dictionary<string, string> answers) : IEnumerable<KeyValuePair<string, string>>
{
    public int Version { get; private set; }

    public string this[string id]
    {
        get => answers[id];
        set
        {
            answers[id] = value;
            Version++;
        }
    }

    public bool Remove(string id)
    {
        if (!answers.Remove(id)) return false;
        Version++;
        return true;
    }

    public bool ContainsKey(string id) => answers.ContainsKey(id);
    public bool TryGetValue(string id, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value) => answers.TryGetValue(id, out value);
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => answers.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
