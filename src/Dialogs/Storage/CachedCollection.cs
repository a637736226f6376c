using System.Linq.Expressions;
using LiteDB;

namespace ChiBo.Dialogs.Storage;

/// <summary>
/// A collection whose documents are also kept in memory by id, for the documents every turn reads (a chat's identity,
/// member, cell, chat state, session). Only the thread holding the store's write transaction uses the memory: it
/// reads through it and writes through it, and the store forgets everything when a transaction rolls back. Readers
/// outside that transaction go to the database. Writes outside it take the store's write gate and forget the id,
/// so a cached document is never older than the database. Queries are the database's.
/// </summary>
public sealed class CachedCollection<T> : IDocuments<T>, IRawDocuments, ICachedCollection where T : class
{
    /// <summary>Beyond this many documents the memory starts again (a bound, not an eviction policy).</summary>
    public const int Capacity = 20_000;

    readonly string _name;
    readonly BsonMapper _mapper;
    // The typed collection, for queries and for writes of many (bound to the store's current database).
    readonly LiteDocuments<T> _plain;
    // Its documents untyped, on the store's current database (a new one after the store reopened its file).
    sealed record Bound(LiteDatabase Db, ILiteCollection<BsonDocument> Documents);
    volatile Bound _bound;
    readonly ChiBoStore _store;
    // Documents by id, compared as the database compares them (its collation); null: known to be missing.
    readonly Dictionary<string, BsonDocument?> _byId;
    // The field kept queries are partitioned by (a query of one cell's documents), or null: none kept.
    readonly string? _partField;
    // Documents found by a query, by the value of the partition field they all share, then the caller's key for the
    // query; a write drops the partitions of the document it changed (as stored before and after), a write of many all.
    readonly Dictionary<string, Dictionary<string, List<BsonDocument>>> _queries;
    // The documents as last committed, for turns computed outside the write transaction (UnitOfWork): filled from the
    // write transaction's memory when it commits, with the write log's publishing of that commit (one lock), so a turn
    // that began after a commit never reads an older document here (a newer one is seen as a change by the log).
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, BsonDocument?> _committed;
    // Ids the running write transaction read or wrote; all of them when it wrote many at once.
    readonly HashSet<string> _touched;
    bool _touchedAll;
    // Queries' documents as last committed (FindKept), by partition then key; a commit drops the partitions it wrote.
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentDictionary<string, List<BsonDocument>>> _committedQueries;
    // Partitions the running write transaction wrote (for the committed queries); all of them when it wrote many at once.
    readonly HashSet<string> _touchedParts;
    bool _touchedAllParts;

    // Whether documents read or written by id are kept (not for large documents read rarely by id: only queries kept).
    readonly bool _keepsById;

    /// <param name="partField">The field every kept query (<see cref="FindKept"/>) selects one value of.</param>
    /// <param name="keepsById">Documents read or written by id are kept too (else only the kept queries' results).</param>
    internal CachedCollection(ChiBoStore store, string name, IEqualityComparer<string> ids, string? partField = null, bool keepsById = true)
    {
        _partField = partField;
        _keepsById = keepsById;
        _queries = new(ids);
        _committedQueries = new(ids);
        _touchedParts = new(ids);
        _store = store;
        _name = name;
        _plain = new LiteDocuments<T>(store, name);
        _bound = new Bound(store.Db, store.Db.GetCollection(name));
        _mapper = store.Db.Mapper;
        _byId = new Dictionary<string, BsonDocument?>(ids);
        _committed = new(ids);
        _touched = new(ids);
    }

    Bound Current
    {
        get
        {
            var bound = _bound;
            var db = _store.Db;
            return ReferenceEquals(bound.Db, db) ? bound : _bound = new Bound(db, db.GetCollection(_name));
        }
    }

    /// <summary>Documents held in memory now (for tests and diagnostics).</summary>
    public int CachedCount { get { lock (_store.WriteGate) return _byId.Count; } }

    void ICachedCollection.Forget()
    {
        _byId.Clear();
        _queries.Clear();
        _committed.Clear();
        _committedQueries.Clear();
        _touched.Clear();
        _touchedParts.Clear();
        _touchedAll = _touchedAllParts = false;
    }

    void ICachedCollection.Committed()
    {
        if (_touchedAllParts) _committedQueries.Clear();
        else foreach (var part in _touchedParts) _committedQueries.TryRemove(part, out _);
        if (_touchedAll) _committed.Clear();
        else
        {
            if (_committed.Count + _touched.Count > Capacity) _committed.Clear();
            foreach (var id in _touched)
                if (_byId.TryGetValue(id, out var doc)) _committed[id] = doc;
                else _committed.TryRemove(id, out _);
        }
        _touched.Clear();
        _touchedParts.Clear();
        _touchedAll = _touchedAllParts = false;
    }

    public T? FindById(long id) => _plain.FindById(id);

    public T? FindById(string? id) => id is not null && Stored(id) is { } doc ? _mapper.ToObject<T>(doc) : null;

    /// <summary>
    /// The stored document as this thread may see it: the write transaction's memory, the committed memory for a turn
    /// computed outside, else (and where documents are not kept by id) the file's.
    /// </summary>
    BsonDocument? Stored(string id) =>
        !_keepsById ? Current.Documents.FindById(id)
        : _store.InWriteTransaction ? Document(id)
        : _store.DetachedSince() is { } version ? CommittedDocument(id, version)
        : Current.Documents.FindById(id);

    /// <summary>
    /// For a turn computed outside that began at <paramref name="version"/>: the committed document from memory, or else
    /// the file's, kept for the next turns when no commit after that version wrote it (checked under the publishing lock:
    /// a document read before a commit is never kept after it).
    /// </summary>
    BsonDocument? CommittedDocument(string id, long version)
    {
        if (_committed.TryGetValue(id, out var doc)) return doc;
        doc = Current.Documents.FindById(id);
        lock (_store.PublishGate)
            if (!_store.WrittenSince(_name, DocumentKeys.Of(id), version) && _committed.Count < Capacity) _committed.TryAdd(id, doc);
        return doc;
    }

    /// <summary>The stored document; in the write transaction from memory (callers never change it).</summary>
    BsonDocument? Document(string id)
    {
        if (!_byId.TryGetValue(id, out var doc))
        {
            doc = Current.Documents.FindById(id);
            Keep(id, doc);
        }
        if (_store.ComputesOutside) _touched.Add(id);
        return doc;
    }

    BsonDocument? IRawDocuments.FindById(BsonValue id) => id.IsString ? Stored(id.AsString) : Current.Documents.FindById(id);

    /// <summary>
    /// The entities a query finds. In the write transaction the documents found are kept under <paramref name="key"/>,
    /// which must name the query and its values, until a write changes a document whose partition field is
    /// <paramref name="part"/> (the predicate must require that value); elsewhere, the database's. For queries every
    /// turn makes on a collection rarely written (a cell's members).
    /// </summary>
    public List<T> FindKept(string part, string key, BsonExpression predicate) =>
        KeptDocuments(part, key, predicate) is { } docs ? docs.ConvertAll(d => _mapper.ToObject<T>(d)) : _plain.Lite.Find(predicate).ToList();

    /// <summary>
    /// As <see cref="FindKept"/>, but the entities are made once per kept result and shared by every caller until the
    /// result is dropped: callers read them and never change them.
    /// </summary>
    public IReadOnlyList<T> FindKeptShared(string part, string key, BsonExpression predicate) =>
        KeptDocuments(part, key, predicate) is { } docs ? _shared.GetValue(docs, d => d.ConvertAll(x => _mapper.ToObject<T>(x))) : _plain.Lite.Find(predicate).ToList();

    // The entities made of each kept result (a result is a new list once the collection was written).
    readonly System.Runtime.CompilerServices.ConditionalWeakTable<List<BsonDocument>, List<T>> _shared = new();

    /// <summary>
    /// As <see cref="FindKeptShared"/>, but of the query's <paramref name="select"/> (a few fields of large documents),
    /// each shaped by <paramref name="shape"/> once per kept result (which must make nothing a caller could change).
    /// </summary>
    public IReadOnlyList<TOut> FindKeptSelected<TOut>(string part, string key, BsonExpression predicate, BsonExpression select, Func<BsonDocument, TOut> shape)
    {
        if (KeptDocuments(part, key, predicate, select) is not { } docs) return Selected(predicate, select).ConvertAll(d => shape(d));
        // Only the shaped result is kept: the documents go once shaped (they took three times the memory). The list
        // stays, empty, as the key the result is found by and dropped with.
        lock (docs)
        {
            if (_selected.TryGetValue(docs, out var shaped)) return (IReadOnlyList<TOut>)shaped;
            var result = docs.ConvertAll(x => shape(x));
            _selected.Add(docs, result);
            docs.Clear();
            docs.TrimExcess();
            return result;
        }
    }

    readonly System.Runtime.CompilerServices.ConditionalWeakTable<List<BsonDocument>, object> _selected = new();

    List<BsonDocument> Selected(BsonExpression predicate, BsonExpression? select) =>
        select is null ? Current.Documents.Find(predicate).ToList() : Current.Documents.Query().Where(predicate).Select(select).ToList();

    /// <summary>The kept documents of the query (read now if not kept yet); null where nothing is kept (outside the write transaction, for a turn not computed outside).</summary>
    List<BsonDocument>? KeptDocuments(string part, string key, BsonExpression predicate, BsonExpression? select = null)
    {
        if (_partField is null) throw new InvalidOperationException($"{_name} keeps no queries.");
        if (!_store.InWriteTransaction && _store.DetachedSince() is { } version)
        {
            if (!(_committedQueries.TryGetValue(part, out var committed) && committed.TryGetValue(key, out var found)))
            {
                found = Selected(predicate, select);
                lock (_store.PublishGate)
                    if (!_store.WrittenSince(_name, version) && _committedQueries.Count < Capacity)
                        _committedQueries.GetOrAdd(part, _ => new(StringComparer.Ordinal)).TryAdd(key, found);
            }
            return found;
        }
        if (!_store.InWriteTransaction) return null;
        if (!_queries.TryGetValue(part, out var kept))
        {
            if (_queries.Count >= Capacity) _queries.Clear();
            _queries[part] = kept = new(StringComparer.Ordinal);
        }
        if (!kept.TryGetValue(key, out var docs)) kept[key] = docs = Selected(predicate, select);
        return docs;
    }

    /// <summary>Before a write of the id: the partition of its stored document, where kept queries may hold it.</summary>
    string? PartBefore(string id)
    {
        if (_partField is null || _queries.Count == 0 && !_store.ComputesOutside) return null;
        return PartOf(_byId.TryGetValue(id, out var known) ? known : Current.Documents.FindById(id));
    }

    string? PartOf(BsonDocument? doc) => _partField is not null && doc?[_partField] is { IsString: true } part ? part.AsString : null;

    /// <summary>Kept queries of the partition are dropped: a document in it was written (now, and at the commit for the committed ones).</summary>
    void DropKept(string? part)
    {
        if (part is null) return;
        _queries.Remove(part);
        if (_store.ComputesOutside && _store.InWriteTransaction) _touchedParts.Add(part);
    }

    /// <summary>A write: published with the commit; outside a transaction, already committed: forgotten now.</summary>
    void Touched(string? id)
    {
        if (!_store.ComputesOutside) return; // nobody reads the committed memory
        if (_store.InWriteTransaction)
        {
            if (id is null) _touchedAll = _touchedAllParts = true;
            else _touched.Add(id);
            return;
        }
        lock (_store.PublishGate)
        {
            if (id is null) _committed.Clear();
            else _committed.TryRemove(id, out _);
            _committedQueries.Clear();
            _store.EverythingChanged(); // turns computed before this write cannot keep what they read, nor be applied
        }
    }

    void Keep(string id, BsonDocument? doc)
    {
        if (_byId.Count >= Capacity) _byId.Clear();
        _byId[id] = doc;
    }

    /// <summary>
    /// A single-document write of the entity's document (mapped once, as the typed collection would map it): in the
    /// write transaction the new document is kept; outside it, the id is forgotten.
    /// </summary>
    TResult Write<TResult>(T entity, Func<BsonDocument, TResult> write, Func<TResult, bool> stored, bool insert = false) =>
        WriteDocument(_mapper.ToDocument(entity), write, stored, insert);

    /// <param name="insert">A new document: no stored one had its id (the write fails otherwise), so none is read.</param>
    TResult WriteDocument<TResult>(BsonDocument doc, Func<BsonDocument, TResult> write, Func<TResult, bool> stored, bool insert = false)
    {
        lock (_store.WriteGate)
        {
            var before = !insert && doc["_id"] is { IsString: true } known ? PartBefore(known.AsString) : null;
            var result = write(doc);
            if (doc["_id"] is not { IsString: true } id) { _queries.Clear(); _byId.Clear(); Touched(null); }
            else
            {
                DropKept(before);
                DropKept(PartOf(doc));
                if (_store.InWriteTransaction && stored(result) && _keepsById) Keep(id.AsString, doc);
                else _byId.Remove(id.AsString);
                Touched(id.AsString);
            }
            return result;
        }
    }

    /// <summary>A write of one id without its document, or of many: what it touched is forgotten.</summary>
    TResult Touch<TResult>(BsonValue? id, Func<TResult> write)
    {
        lock (_store.WriteGate)
        {
            var before = id is { IsString: true } ? PartBefore(id.AsString) : null;
            var result = write();
            if (id is { IsString: true }) { _byId.Remove(id.AsString); DropKept(before); }
            else { _byId.Clear(); _queries.Clear(); }
            Touched(id is { IsString: true } ? id.AsString : null);
            return result;
        }
    }

    public bool Upsert(T entity) => Write(entity, Current.Documents.Upsert, _ => true);
    public bool Update(T entity) => Write(entity, Current.Documents.Update, updated => updated);
    public void Insert(T entity) => Write(entity, _ => _plain.Lite.Insert(entity), _ => true, insert: true); // the typed insert may set an auto-id
    public bool Delete(string id) => Touch(id, () => _plain.Lite.Delete(id));
    BsonValue IRawDocuments.Insert(BsonDocument doc) => WriteDocument(doc, Current.Documents.Insert, _ => true, insert: true);
    bool IRawDocuments.Update(BsonDocument doc) => WriteDocument(doc, Current.Documents.Update, updated => updated);
    bool IRawDocuments.Upsert(BsonDocument doc) => WriteDocument(doc, Current.Documents.Upsert, _ => true);
    bool IRawDocuments.Delete(BsonValue id) => Touch(id, () => Current.Documents.Delete(id));
    public bool Delete(long id) => Touch(id, () => _plain.Lite.Delete(id));
    public int Update(IEnumerable<T> entities) => Touch(null, () => _plain.Lite.Update(entities));
    public int Insert(IEnumerable<T> entities) => Touch(null, () => _plain.Lite.Insert(entities));
    public int DeleteAll() => Touch(null, _plain.Lite.DeleteAll);
    public int DeleteMany(Expression<Func<T, bool>> predicate) => Touch(null, () => _plain.Lite.DeleteMany(predicate));

    // Reads by query: the database's.
    public string Name => _name;
    public List<T> Find(Expression<Func<T, bool>> predicate) => _plain.Find(predicate);
    public List<T> FindAll() => _plain.FindAll();
    public T? FindOne(Expression<Func<T, bool>> predicate) => _plain.FindOne(predicate);
    public bool Exists(Expression<Func<T, bool>> predicate) => _plain.Exists(predicate);
    public int Count() => _plain.Count();
    public int Count(Expression<Func<T, bool>> predicate) => _plain.Count(predicate);
    public List<T> Latest(int limit, Expression<Func<T, bool>>? predicate = null) => _plain.Latest(limit, predicate);
    public List<T> FindBetween(Expression<Func<T, string>> field, string from, string to) => _plain.FindBetween(field, from, to);
    public List<T> FindStartingWith(Expression<Func<T, string>> field, string prefix) => _plain.FindStartingWith(field, prefix);
}

interface ICachedCollection
{
    void Forget();
    /// <summary>The write transaction committed: what it read and wrote is the committed state now.</summary>
    void Committed();
}
