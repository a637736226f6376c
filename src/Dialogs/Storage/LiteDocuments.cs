using System.Linq.Expressions;
using LiteDB;

namespace ChiBo.Dialogs.Storage;

/// <summary>A collection of the LiteDB file, bound to the store's current database (a new one after it reopened its file).</summary>
public sealed class LiteDocuments<T> : IDocuments<T>, IRawDocuments where T : class
{
    readonly ChiBoStore _store;
    sealed record Bound(LiteDatabase Db, ILiteCollection<T> Typed, ILiteCollection<BsonDocument> Documents);
    volatile Bound? _bound;

    internal LiteDocuments(ChiBoStore store, string name)
    {
        _store = store;
        Name = name;
    }

    public string Name { get; }

    Bound Current
    {
        get
        {
            var bound = _bound;
            var db = _store.Db;
            if (bound is null || !ReferenceEquals(bound.Db, db))
                _bound = bound = new Bound(db, db.GetCollection<T>(Name), db.GetCollection(Name, BsonAutoId.Int64));
            return bound;
        }
    }

    internal ILiteCollection<T> Lite => Current.Typed;

    BsonDocument? IRawDocuments.FindById(BsonValue id) => Current.Documents.FindById(id);
    BsonValue IRawDocuments.Insert(BsonDocument doc) => Current.Documents.Insert(doc);
    bool IRawDocuments.Update(BsonDocument doc) => Current.Documents.Update(doc);
    bool IRawDocuments.Upsert(BsonDocument doc) => Current.Documents.Upsert(doc);
    bool IRawDocuments.Delete(BsonValue id) => Current.Documents.Delete(id);

    public T? FindById(string? id) => id is null ? null : Lite.FindById(id);
    public T? FindById(long id) => Lite.FindById(id);
    // Equalities of fields go to LiteDB parsed once (LiteQueries); each query is run to its end here.
    public List<T> Find(Expression<Func<T, bool>> predicate) =>
        (LiteQueries.Equalities(predicate, Name) is { } parsed ? Lite.Find(parsed) : Lite.Find(predicate)).ToList();
    public List<T> FindAll() => Lite.FindAll().ToList();
    public T? FindOne(Expression<Func<T, bool>> predicate) =>
        LiteQueries.Equalities(predicate, Name) is { } parsed ? Lite.FindOne(parsed) : Lite.FindOne(predicate);
    public bool Exists(Expression<Func<T, bool>> predicate) =>
        LiteQueries.Equalities(predicate, Name) is { } parsed ? Lite.Exists(parsed) : Lite.Exists(predicate);
    public int Count() => Lite.Count();
    public int Count(Expression<Func<T, bool>> predicate) =>
        LiteQueries.Equalities(predicate, Name) is { } parsed ? Lite.Count(parsed) : Lite.Count(predicate);
    public List<T> FindBetween(Expression<Func<T, string>> field, string from, string to) =>
        Lite.Find(Query.Between(FieldName(field), from, to)).ToList();
    public List<T> FindStartingWith(Expression<Func<T, string>> field, string prefix) =>
        Lite.Find(Query.StartsWith(FieldName(field), prefix)).ToList();

    public void Insert(T entity) => Lite.Insert(entity);
    public int Insert(IEnumerable<T> entities) => Lite.Insert(entities);
    public bool Update(T entity) => Lite.Update(entity);
    public int Update(IEnumerable<T> entities) => Lite.Update(entities);
    public bool Upsert(T entity) => Lite.Upsert(entity);
    public bool Delete(string id) => Lite.Delete(id);
    public bool Delete(long id) => Lite.Delete(id);
    public int DeleteMany(Expression<Func<T, bool>> predicate) => Lite.DeleteMany(predicate);
    public int DeleteAll() => Lite.DeleteAll();

    public List<T> Latest(int limit, Expression<Func<T, bool>>? predicate = null)
    {
        var query = Lite.Query();
        if (predicate is not null) query = query.Where(predicate);
        return query.OrderByDescending(BsonExpression.Create("_id")).Limit(limit).ToList(); // walks the _id index backwards
    }

    /// <summary>The document field a property is stored under ("_id" for the id).</summary>
    internal static string FieldName<TField>(Expression<Func<T, TField>> field)
    {
        var member = field.Body is MemberExpression m ? m.Member.Name
            : throw new ArgumentException($"Not a property of {typeof(T).Name}: {field}");
        return member == "Id" ? "_id" : member; // the mapper's convention: names as they are, the id as _id
    }
}
