using System.Linq.Expressions;
using LiteDB;

namespace ChiBo.Dialogs.Storage;

/// <summary>
/// A collection whose documents are also kept in memory by id, for the documents every turn reads (a chat's identity,
/// member, cell, chat state, session). Only the thread holding the store's write transaction uses the memory: it
/// reads through it and writes through it, and the store forgets everything when a transaction rolls back. Readers
/// outside that transaction go to the database. Writes outside it take the store's write gate and forget the id,
/// so a cached document is never older than the database. Everything else is the LiteDB collection's own behaviour.
/// </summary>
public sealed class CachedCollection<T> : ILiteCollection<T>, ICachedCollection
{
    /// <summary>Beyond this many documents the memory starts again (a bound, not an eviction policy).</summary>
    public const int Capacity = 20_000;

    readonly string _name;
    readonly BsonMapper _mapper;
    // The collection on the store's current database (a new one after the store reopened its file).
    sealed record Bound(LiteDatabase Db, ILiteCollection<T> Typed, ILiteCollection<BsonDocument> Documents);
    volatile Bound _bound;
    readonly ChiBoStore _store;
    // Documents by id, compared as the database compares them (its collation); null: known to be missing.
    readonly Dictionary<string, BsonDocument?> _byId;
    // Documents found by a query, by the caller's key for it; any write to the collection drops them all.
    readonly Dictionary<string, List<BsonDocument>> _queries = new(StringComparer.Ordinal);

    internal CachedCollection(ChiBoStore store, string name, IEqualityComparer<string> ids)
    {
        _store = store;
        _name = name;
        _bound = new Bound(store.Db, store.Db.GetCollection<T>(name), store.Db.GetCollection(name));
        _mapper = store.Db.Mapper;
        _byId = new Dictionary<string, BsonDocument?>(ids);
    }

    Bound Current
    {
        get
        {
            var bound = _bound;
            var db = _store.Db;
            return ReferenceEquals(bound.Db, db) ? bound : _bound = new Bound(db, db.GetCollection<T>(_name), db.GetCollection(_name));
        }
    }

    /// <summary>Documents held in memory now (for tests and diagnostics).</summary>
    public int CachedCount { get { lock (_store.WriteGate) return _byId.Count; } }

    void ICachedCollection.Forget()
    {
        _byId.Clear();
        _queries.Clear();
    }

    public T FindById(BsonValue id)
    {
        if (!id.IsString || !_store.InWriteTransaction) return Current.Typed.FindById(id);
        if (!_byId.TryGetValue(id.AsString, out var doc))
        {
            doc = Current.Documents.FindById(id);
            Keep(id.AsString, doc);
        }
        return doc is null ? default! : _mapper.ToObject<T>(doc);
    }

    /// <summary>
    /// The entities a query finds. In the write transaction the documents found are kept under <paramref name="key"/>,
    /// which must name the query and its values, until the next write to the collection; elsewhere, the database's.
    /// For queries every turn makes on a collection rarely written (a cell's members).
    /// </summary>
    public List<T> FindKept(string key, BsonExpression predicate)
    {
        if (!_store.InWriteTransaction) return Current.Typed.Find(predicate).ToList();
        if (!_queries.TryGetValue(key, out var docs))
        {
            docs = Current.Documents.Find(predicate).ToList();
            if (_queries.Count >= Capacity) _queries.Clear();
            _queries[key] = docs;
        }
        return docs.ConvertAll(d => _mapper.ToObject<T>(d));
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
    TResult Write<TResult>(T entity, Func<BsonDocument, TResult> write, Func<TResult, bool> stored)
    {
        lock (_store.WriteGate)
        {
            var doc = _mapper.ToDocument(entity);
            var result = write(doc);
            _queries.Clear();
            if (doc["_id"] is not { IsString: true } id) _byId.Clear();
            else if (_store.InWriteTransaction && stored(result)) Keep(id.AsString, doc);
            else _byId.Remove(id.AsString);
            return result;
        }
    }

    /// <summary>A write of one id without its document, or of many: what it touched is forgotten.</summary>
    TResult Touch<TResult>(BsonValue? id, Func<TResult> write)
    {
        lock (_store.WriteGate)
        {
            var result = write();
            _queries.Clear();
            if (id is { IsString: true }) _byId.Remove(id.AsString);
            else _byId.Clear();
            return result;
        }
    }

    public bool Upsert(T entity) => Write(entity, Current.Documents.Upsert, _ => true);
    public bool Update(T entity) => Write(entity, Current.Documents.Update, updated => updated);
    public BsonValue Insert(T entity) => Write(entity, _ => Current.Typed.Insert(entity), _ => true); // the typed insert may set an auto-id
    public bool Delete(BsonValue id) => Touch(id, () => Current.Typed.Delete(id));
    public bool Upsert(BsonValue id, T entity) => Touch(id, () => Current.Typed.Upsert(id, entity));
    public bool Update(BsonValue id, T entity) => Touch(id, () => Current.Typed.Update(id, entity));
    public void Insert(BsonValue id, T entity) => Touch(id, () => { Current.Typed.Insert(id, entity); return 0; });
    public int Upsert(IEnumerable<T> entities) => Touch(null, () => Current.Typed.Upsert(entities));
    public int Update(IEnumerable<T> entities) => Touch(null, () => Current.Typed.Update(entities));
    public int Insert(IEnumerable<T> entities) => Touch(null, () => Current.Typed.Insert(entities));
    public int InsertBulk(IEnumerable<T> entities, int batchSize = 5000) => Touch(null, () => Current.Typed.InsertBulk(entities, batchSize));
    public int UpdateMany(BsonExpression transform, BsonExpression predicate) => Touch(null, () => Current.Typed.UpdateMany(transform, predicate));
    public int UpdateMany(Expression<Func<T, T>> extend, Expression<Func<T, bool>> predicate) => Touch(null, () => Current.Typed.UpdateMany(extend, predicate));
    public int DeleteAll() => Touch(null, Current.Typed.DeleteAll);
    public int DeleteMany(BsonExpression predicate) => Touch(null, () => Current.Typed.DeleteMany(predicate));
    public int DeleteMany(string predicate, BsonDocument parameters) => Touch(null, () => Current.Typed.DeleteMany(predicate, parameters));
    public int DeleteMany(string predicate, params BsonValue[] args) => Touch(null, () => Current.Typed.DeleteMany(predicate, args));
    public int DeleteMany(Expression<Func<T, bool>> predicate) => Touch(null, () => Current.Typed.DeleteMany(predicate));

    // Reads by query and everything else: the database's.
    public string Name => Current.Typed.Name;
    public BsonAutoId AutoId => Current.Typed.AutoId;
    public EntityMapper EntityMapper => Current.Typed.EntityMapper;
    public ILiteCollection<T> Include<K>(Expression<Func<T, K>> keySelector) => Current.Typed.Include(keySelector);
    public ILiteCollection<T> Include(BsonExpression keySelector) => Current.Typed.Include(keySelector);
    public bool EnsureIndex(string name, BsonExpression expression, bool unique = false) => Current.Typed.EnsureIndex(name, expression, unique);
    public bool EnsureIndex(BsonExpression expression, bool unique = false) => Current.Typed.EnsureIndex(expression, unique);
    public bool EnsureIndex<K>(Expression<Func<T, K>> keySelector, bool unique = false) => Current.Typed.EnsureIndex(keySelector, unique);
    public bool EnsureIndex<K>(string name, Expression<Func<T, K>> keySelector, bool unique = false) => Current.Typed.EnsureIndex(name, keySelector, unique);
    public bool DropIndex(string name) => Current.Typed.DropIndex(name);
    public ILiteQueryable<T> Query() => Current.Typed.Query();
    public IEnumerable<T> Find(BsonExpression predicate, int skip = 0, int limit = int.MaxValue) => Current.Typed.Find(predicate, skip, limit);
    public IEnumerable<T> Find(Query query, int skip = 0, int limit = int.MaxValue) => Current.Typed.Find(query, skip, limit);
    public IEnumerable<T> Find(Expression<Func<T, bool>> predicate, int skip = 0, int limit = int.MaxValue) => Current.Typed.Find(predicate, skip, limit);
    public T FindOne(BsonExpression predicate) => Current.Typed.FindOne(predicate);
    public T FindOne(string predicate, BsonDocument parameters) => Current.Typed.FindOne(predicate, parameters);
    public T FindOne(BsonExpression predicate, params BsonValue[] args) => Current.Typed.FindOne(predicate, args);
    public T FindOne(Expression<Func<T, bool>> predicate) => Current.Typed.FindOne(predicate);
    public T FindOne(Query query) => Current.Typed.FindOne(query);
    public IEnumerable<T> FindAll() => Current.Typed.FindAll();
    public int Count() => Current.Typed.Count();
    public int Count(BsonExpression predicate) => Current.Typed.Count(predicate);
    public int Count(string predicate, BsonDocument parameters) => Current.Typed.Count(predicate, parameters);
    public int Count(string predicate, params BsonValue[] args) => Current.Typed.Count(predicate, args);
    public int Count(Expression<Func<T, bool>> predicate) => Current.Typed.Count(predicate);
    public int Count(Query query) => Current.Typed.Count(query);
    public long LongCount() => Current.Typed.LongCount();
    public long LongCount(BsonExpression predicate) => Current.Typed.LongCount(predicate);
    public long LongCount(string predicate, BsonDocument parameters) => Current.Typed.LongCount(predicate, parameters);
    public long LongCount(string predicate, params BsonValue[] args) => Current.Typed.LongCount(predicate, args);
    public long LongCount(Expression<Func<T, bool>> predicate) => Current.Typed.LongCount(predicate);
    public long LongCount(Query query) => Current.Typed.LongCount(query);
    public bool Exists(BsonExpression predicate) => Current.Typed.Exists(predicate);
    public bool Exists(string predicate, BsonDocument parameters) => Current.Typed.Exists(predicate, parameters);
    public bool Exists(string predicate, params BsonValue[] args) => Current.Typed.Exists(predicate, args);
    public bool Exists(Expression<Func<T, bool>> predicate) => Current.Typed.Exists(predicate);
    public bool Exists(Query query) => Current.Typed.Exists(query);
    public BsonValue Min(BsonExpression keySelector) => Current.Typed.Min(keySelector);
    public BsonValue Min() => Current.Typed.Min();
    public K Min<K>(Expression<Func<T, K>> keySelector) => Current.Typed.Min(keySelector);
    public BsonValue Max(BsonExpression keySelector) => Current.Typed.Max(keySelector);
    public BsonValue Max() => Current.Typed.Max();
    public K Max<K>(Expression<Func<T, K>> keySelector) => Current.Typed.Max(keySelector);
}

interface ICachedCollection
{
    void Forget();
}
