using System.Linq.Expressions;
using System.Reflection;
using LiteDB;

namespace ChiBo.Dialogs.Storage;

/// <summary>
/// A collection as the code sees it: while a turn is computed outside the write transaction on this thread, its
/// overlay (<see cref="UnitOfWork"/>); otherwise the store's collection, each write noted in the store's write log.
/// </summary>
sealed class StoreDocuments<T> : IDocuments<T> where T : class
{
    readonly ChiBoStore _store;
    internal IDocuments<T> Inner { get; }
    internal BsonMapper Mapper { get; }
    internal IEqualityComparer<string> Keys { get; }

    internal StoreDocuments(ChiBoStore store, IDocuments<T> inner, BsonMapper mapper, IEqualityComparer<string> keys)
    {
        _store = store;
        Inner = inner;
        Mapper = mapper;
        Keys = keys;
    }

    public string Name => Inner.Name;

    /// <summary>Writes of whole documents, for applying a turn computed outside (LiteDB only).</summary>
    internal IRawDocuments Raw => Inner as IRawDocuments ?? throw new NotSupportedException($"{Name} cannot take documents.");

    static readonly PropertyInfo? IdProperty = typeof(T).GetProperty("Id", BindingFlags.Public | BindingFlags.Instance);

    internal BsonValue IdOf(T entity) => entity is BsonDocument doc ? doc["_id"]
        : IdProperty?.GetValue(entity) is { } id ? new BsonValue(id) : BsonValue.Null;

    internal void SetId(T entity, BsonValue id)
    {
        if (entity is BsonDocument doc) doc["_id"] = id;
        else IdProperty?.SetValue(entity, id.IsNumber && IdProperty.PropertyType == typeof(long) ? id.AsInt64 : id.RawValue);
    }

    Overlay<T>? Overlay => UnitOfWork.Of(_store) is { } uow ? uow.Overlay(this) : null;

    // Each write is counted for the collection (ChiBoStore.CommittedWritesTo); the write log is kept only while turns may be
    // computed outside (ComputeOutside): otherwise nobody reads it.
    void Wrote(BsonValue? id)
    {
        _store.Changed(Name);
        if (_store.ComputesOutside) _store.Wrote(Name, id is null || DocumentKeys.IsUnnumbered(id) ? null : DocumentKeys.Of(id));
    }

    void Wrote(T entity)
    {
        if (_store.ComputesOutside) Wrote(IdOf(entity));
        else _store.Changed(Name);
    }

    public T? FindById(string? id) => id is null ? null : Overlay is { } o ? o.FindById(id) : Inner.FindById(id);
    public T? FindById(long id) => Overlay is { } o ? o.FindById(id) : Inner.FindById(id);
    public List<T> Find(Expression<Func<T, bool>> predicate) => Overlay is { } o ? o.Find(predicate) : Inner.Find(predicate);
    public List<T> FindAll() => Overlay is { } o ? o.FindAll() : Inner.FindAll();
    public T? FindOne(Expression<Func<T, bool>> predicate) => Overlay is { } o ? o.FindOne(predicate) : Inner.FindOne(predicate);
    public bool Exists(Expression<Func<T, bool>> predicate) => Overlay is { } o ? o.FindOne(predicate) is not null : Inner.Exists(predicate);
    public int Count() => Overlay is { } o ? o.Count() : Inner.Count();
    public int Count(Expression<Func<T, bool>> predicate) => Overlay is { } o ? o.Find(predicate).Count : Inner.Count(predicate);
    public List<T> Latest(int limit, Expression<Func<T, bool>>? predicate = null) =>
        Overlay is { } o ? o.Latest(limit, predicate) : Inner.Latest(limit, predicate);
    public List<T> FindBetween(Expression<Func<T, string>> field, string from, string to) =>
        Overlay is { } o ? o.FindBetween(field, from, to) : Inner.FindBetween(field, from, to);
    public List<T> FindStartingWith(Expression<Func<T, string>> field, string prefix) =>
        Overlay is { } o ? o.FindStartingWith(field, prefix) : Inner.FindStartingWith(field, prefix);

    /// <summary>
    /// A query every turn makes on a collection rarely written (a cell's members), kept in memory by <paramref name="key"/>
    /// (naming the query and its values) where the collection keeps its documents, until a document of partition
    /// <paramref name="part"/> is written: <paramref name="stored"/> and <paramref name="predicate"/> must say the same, and
    /// require the collection's partition field (a cell's id) to be <paramref name="part"/>. The predicate is made only
    /// where it is used (PostgreSQL, a turn computed outside): a LINQ expression is built anew at each call, and these
    /// queries run every turn.
    /// </summary>
    internal List<T> FindKept(string part, string key, BsonExpression stored, Func<Expression<Func<T, bool>>> predicate)
    {
        if (Inner is not CachedCollection<T> kept) return Find(predicate());
        return Overlay is { } o ? o.Found(kept.FindKept(part, key, stored), predicate()) : kept.FindKept(part, key, stored);
    }

    /// <summary>As <see cref="FindKept"/>, the entities shared by every reader until the result is dropped: never change them.</summary>
    internal IReadOnlyList<T> FindKeptShared(string part, string key, BsonExpression stored, Func<Expression<Func<T, bool>>> predicate)
    {
        if (Inner is not CachedCollection<T> kept) return Find(predicate());
        return Overlay is { } o ? o.FoundShared(kept.FindKeptShared(part, key, stored), predicate()) : kept.FindKeptShared(part, key, stored);
    }

    /// <summary>
    /// As <see cref="FindKeptShared"/>, of a few fields of the documents (<paramref name="select"/>), each shaped once per
    /// kept result; where nothing is kept (PostgreSQL, a turn computed outside) the entities found, shaped by
    /// <paramref name="entity"/>.
    /// </summary>
    internal IReadOnlyList<TOut> FindKeptSelected<TOut>(string part, string key, BsonExpression stored, BsonExpression select,
        Func<BsonDocument, TOut> shape, Func<Expression<Func<T, bool>>> predicate, Func<T, TOut> entity)
    {
        if (Inner is not CachedCollection<T> kept || Overlay is not null) return Find(predicate()).ConvertAll(x => entity(x));
        return kept.FindKeptSelected(part, key, stored, select, shape);
    }

    public void Insert(T entity)
    {
        if (Overlay is { } o) { o.Insert(entity); return; }
        ChiBoStore.WriteBegins();
        Inner.Insert(entity);
        Wrote(entity);
    }

    public int Insert(IEnumerable<T> entities)
    {
        var n = 0;
        foreach (var entity in entities) { Insert(entity); n++; }
        return n;
    }

    public bool Update(T entity)
    {
        if (Overlay is { } o) return o.Update(entity);
        ChiBoStore.WriteBegins();
        var updated = Inner.Update(entity);
        if (updated) Wrote(entity);
        return updated;
    }

    public int Update(IEnumerable<T> entities) => entities.Count(Update);

    public bool Upsert(T entity)
    {
        if (Overlay is { } o) return o.Upsert(entity);
        ChiBoStore.WriteBegins();
        var added = Inner.Upsert(entity);
        Wrote(entity);
        return added;
    }

    public bool Delete(string id)
    {
        if (Overlay is { } o) return o.Delete(id);
        ChiBoStore.WriteBegins();
        var deleted = Inner.Delete(id);
        if (deleted) Wrote(id);
        return deleted;
    }

    public bool Delete(long id)
    {
        if (Overlay is { } o) return o.Delete(id);
        ChiBoStore.WriteBegins();
        var deleted = Inner.Delete(id);
        if (deleted) Wrote(id);
        return deleted;
    }

    public int DeleteMany(Expression<Func<T, bool>> predicate)
    {
        if (Overlay is { } o) return o.DeleteMany(predicate);
        ChiBoStore.WriteBegins();
        var deleted = Inner.DeleteMany(predicate);
        if (deleted > 0) Wrote((BsonValue?)null);
        return deleted;
    }

    public int DeleteAll()
    {
        if (Overlay is { } o) return o.DeleteMany(null);
        ChiBoStore.WriteBegins();
        var deleted = Inner.DeleteAll();
        if (deleted > 0) Wrote((BsonValue?)null);
        return deleted;
    }

    // Applying a turn computed outside: its documents as it mapped them, each write noted.
    internal BsonValue InsertDocument(BsonDocument doc)
    {
        ChiBoStore.WriteBegins();
        var id = Raw.Insert(doc);
        Wrote(id);
        return id;
    }

    internal void UpdateDocument(BsonDocument doc)
    {
        ChiBoStore.WriteBegins();
        if (Raw.Update(doc)) Wrote(doc["_id"]);
    }

    internal void UpsertDocument(BsonDocument doc)
    {
        ChiBoStore.WriteBegins();
        Raw.Upsert(doc);
        Wrote(doc["_id"]);
    }

    internal void DeleteDocument(BsonValue id)
    {
        ChiBoStore.WriteBegins();
        if (Raw.Delete(id)) Wrote(id);
    }
}

/// <summary>Whole-document writes of a LiteDB collection (what applying a turn computed outside needs).</summary>
interface IRawDocuments
{
    /// <summary>The stored document with this id, as this thread may see it; null when there is none.</summary>
    BsonDocument? FindById(BsonValue id);
    /// <summary>Adds the document; without an _id, the next number. Returns its id.</summary>
    BsonValue Insert(BsonDocument doc);
    bool Update(BsonDocument doc);
    bool Upsert(BsonDocument doc);
    bool Delete(BsonValue id);
}
