using System.Linq.Expressions;
using LiteDB;

namespace ChiBo.Dialogs.Storage;

/// <summary>
/// A turn computed outside the write transaction (<see cref="ChiBoStore.Detached"/>): while it runs, this thread's calls
/// on the store's collections read what is committed (noting what they read: documents by key, queries by predicate
/// and the keys found) and collect their writes instead of making them. <see cref="ChiBoStore.Apply"/> then checks,
/// under the write gate, that nothing it read was written after the version it began at, and makes the writes in
/// order; when something was, the turn is computed again.
/// </summary>
public sealed class UnitOfWork
{
    [ThreadStatic] static UnitOfWork? t_current;

    internal ChiBoStore Store { get; }
    /// <summary>The write log's version when the turn began: every read sees at least the commits up to it.</summary>
    internal long Version { get; }
    readonly Dictionary<string, IOverlay> _overlays = new(StringComparer.Ordinal);
    readonly List<Action> _writes = [];

    internal UnitOfWork(ChiBoStore store, long version) => (Store, Version) = (store, version);

    int _settled;
    /// <summary>True the first time: the unit is applied or given up (the store counts units being computed).</summary>
    internal bool Settle() => Interlocked.Exchange(ref _settled, 1) == 0;

    /// <summary>The unit of work of this thread for that store, if a turn is being computed.</summary>
    internal static UnitOfWork? Of(ChiBoStore store) => t_current is { } u && ReferenceEquals(u.Store, store) ? u : null;

    internal void Run(Action work)
    {
        var outer = t_current;
        t_current = this;
        try { work(); }
        finally { t_current = outer; }
    }

    internal Overlay<T> Overlay<T>(StoreDocuments<T> documents) where T : class
    {
        if (!_overlays.TryGetValue(documents.Name, out var found)) _overlays[documents.Name] = found = new Overlay<T>(this, documents);
        return found as Overlay<T> ?? throw new NotSupportedException($"Collection {documents.Name} used as two document types in one turn.");
    }

    /// <summary>Adds work to do, in order with the writes, when the turn is applied (under the write gate).</summary>
    internal void Then(Action atApply) => _writes.Add(atApply);

    /// <summary>Nothing the turn read was written after <see cref="Version"/> (called under the write gate, in the transaction).</summary>
    internal bool Unchanged(WriteLog log)
    {
        foreach (var overlay in _overlays.Values)
            if (!overlay.Unchanged(log, Version)) return false;
        return true;
    }

    /// <summary>Makes the turn's writes, in the order it made them.</summary>
    internal void Apply()
    {
        foreach (var write in _writes) write();
    }
}

interface IOverlay
{
    bool Unchanged(WriteLog log, long since);
}

/// <summary>One collection as a turn computed outside the write transaction sees it: what is committed and its own writes.</summary>
sealed class Overlay<T>(UnitOfWork uow, StoreDocuments<T> documents) : IOverlay where T : class
{
    readonly StoreDocuments<T> documents = documents;
    internal BsonMapper Mapper => documents.Mapper;
    // The turn's writes by key; null: deleted.
    readonly Dictionary<string, BsonDocument?> _pending = new(documents.Keys);
    // Inserted without an id: numbered when applied.
    readonly List<Numbered> _numbered = [];
    readonly HashSet<string> _readKeys = new(documents.Keys);
    readonly List<QueryRead> _queries = [];
    bool _readAll;

    sealed class Numbered(BsonDocument doc) { public BsonDocument Doc = doc; public bool Dropped; }

    /// <summary>
    /// A query the turn made: the keys it found, and what it matches, with the values it compared with taken when it was
    /// made (a closure's variables may change afterwards). To tell cheaply, under the write gate, whether a document
    /// written since might match, the predicate's equalities of a field with a value (joined by &amp;&amp;) are kept: a
    /// document that fails one cannot match. A predicate without any is kept with its values made constants, and run.
    /// </summary>
    sealed class QueryRead
    {
        readonly Overlay<T> _overlay;
        readonly BsonValue[] _foundIds;
        readonly List<(string Field, object? Value)>? _equal;
        List<(string Field, BsonValue Value)>? _equalStored;
        Expression<Func<T, bool>>? _frozen;
        Func<T, bool>? _matches;
        HashSet<string>? _found;

        public QueryRead(Expression<Func<T, bool>> predicate, BsonValue[] foundIds, Overlay<T> overlay, bool matchNow)
        {
            (_overlay, _foundIds) = (overlay, foundIds);
            _equal = Equalities(predicate);
            if (_equal is null || matchNow) _frozen = (Expression<Func<T, bool>>)new Freezer().Visit(predicate);
        }

        public HashSet<string> Found => _found ??= new HashSet<string>(_foundIds.Select(DocumentKeys.Of), _overlay.documents.Keys);

        /// <summary>The predicate with the values it had when the query was made (asked for then, or made without equalities).</summary>
        public bool Matches(T entity) => (_matches ??= _frozen!.Compile(preferInterpretation: true))(entity);

        /// <summary>The stored document may match the query (true when not sure).</summary>
        public bool MayMatch(BsonDocument doc)
        {
            if (_equal is null) return Matches(_overlay.Mapper.ToObject<T>(doc));
            _equalStored ??= Stored(_equal, _overlay.Mapper);
            if (_equalStored is null) return true;
            foreach (var (field, value) in _equalStored)
            {
                var stored = doc[field];
                var same = stored.IsString && value.IsString ? _overlay.documents.Keys.Equals(stored.AsString, value.AsString) : stored == value;
                if (!same) return false;
            }
            return true;
        }

        /// <summary>The values as the store writes them; null when one cannot be written (then anything may match).</summary>
        static List<(string, BsonValue)>? Stored(List<(string Field, object? Value)> equal, BsonMapper mapper)
        {
            try { return equal.ConvertAll(e => (e.Field, e.Value is null ? BsonValue.Null : mapper.Serialize(e.Value.GetType(), e.Value))); }
            catch (Exception) { return null; }
        }
    }

    /// <summary>Makes every value a predicate reads from outside (a closure's variables) a constant.</summary>
    sealed class Freezer : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            ClosureValues.TryValue(node, out var value) ? Expression.Constant(value, node.Type) : base.VisitMember(node);
    }

    /// <summary>The field = value conditions a predicate requires (joined by &amp;&amp;), values taken now; null when none.</summary>
    static List<(string, object?)>? Equalities(Expression<Func<T, bool>> predicate)
    {
        var found = new List<(string, object?)>();
        void Walk(Expression e)
        {
            if (e is BinaryExpression { NodeType: ExpressionType.AndAlso } and) { Walk(and.Left); Walk(and.Right); return; }
            if (e is not BinaryExpression { NodeType: ExpressionType.Equal } eq) return;
            var (field, other) = FieldOf(eq.Left) is { } l ? (l, eq.Right) : FieldOf(eq.Right) is { } r ? (r, eq.Left) : (null, null);
            if (field is not null && ClosureValues.TryValue(other!, out var value)) found.Add((field, value));
        }
        Walk(predicate.Body);
        return found.Count == 0 ? null : found;
    }

    T ToObject(BsonDocument doc) => Mapper.ToObject<T>(doc);

    public T? FindById(BsonValue id)
    {
        var key = DocumentKeys.Of(id);
        if (_pending.TryGetValue(key, out var doc)) return doc is null ? null : ToObject(doc);
        _readKeys.Add(key);
        var found = id.IsString ? documents.Inner.FindById(id.AsString) : documents.Inner.FindById(id.AsInt64);
        _stored[key] = found is not null;
        return found;
    }

    // Whether a document is stored, for the keys the turn read (a write usually follows a read).
    readonly Dictionary<string, bool> _stored = new(documents.Keys);

    bool Exists(BsonValue id)
    {
        var key = DocumentKeys.Of(id);
        if (_pending.TryGetValue(key, out var doc)) return doc is not null;
        _readKeys.Add(key);
        if (_stored.TryGetValue(key, out var known)) return known;
        return _stored[key] = documents.Raw.FindById(id) is not null;
    }

    /// <summary>A predicate that is only "the id is this value": a read of that document.</summary>
    static bool IsIdEquality(Expression<Func<T, bool>> predicate, out BsonValue id, BsonMapper mapper)
    {
        id = BsonValue.Null;
        if (predicate.Body is not BinaryExpression { NodeType: ExpressionType.Equal } eq) return false; // nothing else in it
        var other = FieldOf(eq.Left) == "_id" ? eq.Right : FieldOf(eq.Right) == "_id" ? eq.Left : null;
        if (other is null || !ClosureValues.TryValue(other, out var value) || value is not (string or long or int)) return false;
        id = mapper.Serialize(value.GetType(), value);
        return true;
    }

    /// <summary>The stored field a side of a comparison reads from the document ("_id" for the id), or null.</summary>
    static string? FieldOf(Expression e)
    {
        while (e is UnaryExpression { NodeType: ExpressionType.Convert } c) e = c.Operand;
        return e is MemberExpression { Expression: ParameterExpression } m ? (m.Member.Name == "Id" ? "_id" : m.Member.Name) : null;
    }

    List<T>? ById(Expression<Func<T, bool>> predicate) =>
        IsIdEquality(predicate, out var id, Mapper) ? (FindById(id) is { } one ? [one] : []) : null;

    /// <summary>The turn wrote to this collection: its writes are laid over what the store answers.</summary>
    bool Mine => _pending.Count > 0 || _numbered.Count > 0;

    /// <summary>A query the store answered, noted (null: everything read).</summary>
    QueryRead? Noted(IReadOnlyList<T> found, Expression<Func<T, bool>>? predicate, bool matchNow)
    {
        if (predicate is null) { _readAll = true; return null; }
        var read = new QueryRead(predicate, found.Select(documents.IdOf).ToArray(), this, matchNow);
        _queries.Add(read);
        return read;
    }

    /// <summary>The store's answer to a query, noted, with the turn's own writes laid over it.</summary>
    List<T> Query(List<T> found, Expression<Func<T, bool>>? predicate)
    {
        var mine = Mine; // laid over the answer: the predicate runs now
        var read = Noted(found, predicate, matchNow: mine);
        if (!mine) return found;
        var merged = found.Where(e => !_pending.ContainsKey(DocumentKeys.Of(documents.IdOf(e)))).ToList();
        foreach (var doc in _pending.Values.Concat(_numbered.Where(n => !n.Dropped).Select(n => n.Doc)))
        {
            if (doc is null) continue;
            var entity = ToObject(doc);
            if (read is null || read.Matches(entity)) merged.Add(entity);
        }
        return merged;
    }

    public List<T> Find(Expression<Func<T, bool>> predicate) => ById(predicate) ?? Query(documents.Inner.Find(predicate), predicate);
    /// <summary>What the store holds for the query, found by the caller, with the turn's writes laid over it.</summary>
    public List<T> Found(List<T> found, Expression<Func<T, bool>> predicate) => Query(found, predicate);

    /// <summary>As <see cref="Found"/> for entities shared by every reader: the same list while the turn wrote nothing here.</summary>
    public IReadOnlyList<T> FoundShared(IReadOnlyList<T> found, Expression<Func<T, bool>> predicate)
    {
        if (Mine) return Query([.. found], predicate);
        Noted(found, predicate, matchNow: false);
        return found;
    }
    public List<T> FindAll() => Query(documents.Inner.FindAll(), null);

    public T? FindOne(Expression<Func<T, bool>> predicate)
    {
        if (ById(predicate) is { } byId) return byId.FirstOrDefault();
        if (_pending.Count > 0 || _numbered.Count > 0) return Find(predicate).FirstOrDefault();
        // Another matching document appearing may change which one is found: it matches, so it is seen as a change.
        var one = documents.Inner.FindOne(predicate);
        Query(one is null ? [] : [one], predicate);
        return one;
    }

    public int Count() => _pending.Count == 0 && _numbered.Count == 0 ? CountAll() : FindAll().Count;

    int CountAll()
    {
        _readAll = true;
        return documents.Inner.Count();
    }

    public List<T> Latest(int limit, Expression<Func<T, bool>>? predicate)
    {
        var mine = _pending.Count + _numbered.Count;
        var found = Query(documents.Inner.Latest(limit + mine, predicate), predicate ?? (_ => true));
        if (mine == 0) return found;
        var numbered = found.Where(e => DocumentKeys.IsUnnumbered(documents.IdOf(e))).Reverse(); // the latest inserted first
        var rest = found.Where(e => !DocumentKeys.IsUnnumbered(documents.IdOf(e))).OrderByDescending(e => documents.IdOf(e));
        return numbered.Concat(rest).Take(limit).ToList();
    }

    public List<T> FindBetween(Expression<Func<T, string>> field, string from, string to) =>
        Query(documents.Inner.FindBetween(field, from, to), Between(field, from, to));

    public List<T> FindStartingWith(Expression<Func<T, string>> field, string prefix) =>
        Query(documents.Inner.FindStartingWith(field, prefix), StartingWith(field, prefix));

    static Expression<Func<T, bool>> Between(Expression<Func<T, string>> field, string from, string to)
    {
        var get = field.Compile(preferInterpretation: true);
        return e => get(e) != null && string.CompareOrdinal(get(e), from) >= 0 && string.CompareOrdinal(get(e), to) <= 0;
    }

    static Expression<Func<T, bool>> StartingWith(Expression<Func<T, string>> field, string prefix)
    {
        var get = field.Compile(preferInterpretation: true);
        return e => get(e) != null && get(e).StartsWith(prefix, StringComparison.Ordinal);
    }

    // Writes: kept as documents (mapped now, as the store would), made by Apply in order.

    public void Insert(T entity)
    {
        var doc = Mapper.ToDocument(entity);
        var id = documents.IdOf(entity);
        if (DocumentKeys.IsUnnumbered(id))
        {
            doc.Remove("_id");
            var numbered = new Numbered(doc);
            _numbered.Add(numbered);
            uow.Then(() => { if (!numbered.Dropped) documents.SetId(entity, documents.InsertDocument(numbered.Doc)); });
            return;
        }
        if (Exists(id)) throw new InvalidOperationException($"Cannot insert a duplicate key in {documents.Name}: {id}");
        _pending[DocumentKeys.Of(id)] = doc;
        uow.Then(() => documents.InsertDocument(doc));
    }

    public bool Update(T entity)
    {
        var id = documents.IdOf(entity);
        if (DocumentKeys.IsUnnumbered(id) || !Exists(id)) return false;
        var doc = Mapper.ToDocument(entity);
        _pending[DocumentKeys.Of(id)] = doc;
        uow.Then(() => documents.UpdateDocument(doc));
        return true;
    }

    public bool Upsert(T entity)
    {
        var id = documents.IdOf(entity);
        if (DocumentKeys.IsUnnumbered(id)) { Insert(entity); return true; }
        var added = !Exists(id);
        var doc = Mapper.ToDocument(entity);
        _pending[DocumentKeys.Of(id)] = doc;
        uow.Then(() => documents.UpsertDocument(doc));
        return added;
    }

    public bool Delete(BsonValue id)
    {
        if (!Exists(id)) return false;
        _pending[DocumentKeys.Of(id)] = null;
        uow.Then(() => documents.DeleteDocument(id));
        return true;
    }

    public int DeleteMany(Expression<Func<T, bool>>? predicate)
    {
        var found = predicate is null ? FindAll() : Find(predicate);
        var deleted = 0;
        foreach (var entity in found)
        {
            var id = documents.IdOf(entity);
            if (!DocumentKeys.IsUnnumbered(id)) { deleted += Delete(id) ? 1 : 0; continue; }
            // Inserted by this turn, not numbered yet: not inserted at all.
            var doc = Mapper.ToDocument(entity);
            doc.Remove("_id");
            if (_numbered.FirstOrDefault(n => !n.Dropped && n.Doc == doc) is { } mine) { mine.Dropped = true; deleted++; }
        }
        return deleted;
    }

    public bool Unchanged(WriteLog log, long since)
    {
        var name = documents.Name;
        if (_readAll && log.AnyChanged(name, since)) return false;
        foreach (var key in _readKeys)
            if (log.Changed(name, key, since)) return false;
        if (_queries.Count == 0) return true;
        if (log.KeysSince(name, since) is not { } written) return false;
        foreach (var key in written.Distinct(documents.Keys))
        {
            if (_queries.Any(q => q.Found.Contains(key))) return false; // a document found was written
            // A document written since matches now: it may not have been found then.
            if (uow.Store.StoredNow(name, key, () => documents.Raw.FindById(DocumentKeys.IdOf(key))) is { } now && _queries.Any(q => q.MayMatch(now)))
                return false;
        }
        return true;
    }
}

/// <summary>Documents' ids as keys of the write log and the overlays ("s:" strings, "n:" numbers).</summary>
static class DocumentKeys
{
    public static string Of(BsonValue id) => id.IsString ? "s:" + id.AsString : id.IsNumber ? "n:" + id.AsInt64 : "?:" + id;

    public static BsonValue IdOf(string key) => key.StartsWith("n:", StringComparison.Ordinal) ? new BsonValue(long.Parse(key.AsSpan(2))) : new BsonValue(key[2..]);

    /// <summary>An id the store gives when the document is inserted (a number left at 0).</summary>
    public static bool IsUnnumbered(BsonValue id) => id.IsNull || id.IsNumber && id.AsInt64 == 0;
}
