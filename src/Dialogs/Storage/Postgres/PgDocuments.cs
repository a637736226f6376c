using System.Linq.Expressions;
using System.Reflection;
using LiteDB;
using NpgsqlTypes;

namespace ChiBo.Dialogs.Storage.Postgres;

/// <summary>A collection as a PostgreSQL table: the document as jsonb, its id as text, a numeric id also as a number.</summary>
public sealed class PgDocuments<T> : IDocuments<T> where T : class
{
    readonly PgDatabase _db;
    readonly BsonMapper _mapper;
    static readonly PropertyInfo? IdProperty = typeof(T).GetProperty("Id");
    static readonly bool NumericId = IdProperty?.PropertyType == typeof(long) || IdProperty?.PropertyType == typeof(int);

    internal PgDocuments(PgDatabase db, BsonMapper mapper, string name)
    {
        _db = db;
        _mapper = mapper;
        Name = name;
    }

    public string Name { get; }
    string Table => _db.Table(Name);

    T ToEntity(string json) => typeof(T) == typeof(BsonDocument) ? (T)(object)PgJson.Read(json) : _mapper.ToObject<T>(PgJson.Read(json));

    List<T> Select(string where, List<object?> args, string tail = "") =>
        _db.Documents($"SELECT doc::text FROM {Table} WHERE {where} {tail}", args).ConvertAll(ToEntity);

    List<T> Where(Expression<Func<T, bool>> predicate, string tail = "")
    {
        var args = new List<object?>();
        var where = PgPredicate.Translate(predicate, args);
        return Select(where, args, tail);
    }

    /// <summary>The plan PostgreSQL makes for <see cref="Find"/> with this predicate, sequential scans discouraged (diagnosis, tests).</summary>
    public string Plan(Expression<Func<T, bool>> predicate)
    {
        var args = new List<object?>();
        var where = PgPredicate.Translate(predicate, args);
        var table = Table;
        return _db.InScope(() =>
        {
            _db.NonQuery("SET LOCAL enable_seqscan = off");
            return string.Join('\n', _db.Documents($"EXPLAIN SELECT doc::text FROM {table} WHERE {where}", args));
        }, readOnly: true);
    }

    public T? FindById(string? id) => id is null ? null : Select("id = @0", [id]).FirstOrDefault();
    public T? FindById(long id) => Select("id = @0", [id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).FirstOrDefault();
    /// <summary>Documents in id order (numbers as numbers).</summary>
    static readonly string ById = NumericId ? "ORDER BY n" : "ORDER BY id";
    public List<T> Find(Expression<Func<T, bool>> predicate) => Where(predicate, ById);
    public List<T> FindAll() => Select("TRUE", [], ById);
    public T? FindOne(Expression<Func<T, bool>> predicate) => Where(predicate, ById + " LIMIT 1").FirstOrDefault();
    public bool Exists(Expression<Func<T, bool>> predicate) => Where(predicate, "LIMIT 1").Count > 0;
    public int Count() => Convert.ToInt32(_db.Scalar($"SELECT count(*) FROM {Table}"));

    public int Count(Expression<Func<T, bool>> predicate)
    {
        var args = new List<object?>();
        var where = PgPredicate.Translate(predicate, args);
        return Convert.ToInt32(_db.Scalar($"SELECT count(*) FROM {Table} WHERE {where}", [.. args]));
    }

    public List<T> Latest(int limit, Expression<Func<T, bool>>? predicate = null)
    {
        var order = NumericId ? "ORDER BY n DESC" : "ORDER BY id DESC";
        return predicate is null ? Select("TRUE", [], $"{order} LIMIT {limit}") : Where(predicate, $"{order} LIMIT {limit}");
    }

    public List<T> FindBetween(Expression<Func<T, string>> field, string from, string to) =>
        Select($"{Column(field)} BETWEEN @0 AND @1", [from, to], ById);

    public List<T> FindStartingWith(Expression<Func<T, string>> field, string prefix) =>
        Select($"starts_with({Column(field)}, @0)", [prefix], ById);

    static string Field(Expression<Func<T, string>> field) => LiteDocuments<T>.FieldName(field);
    /// <summary>A string field as SQL in C collation: the expression its index is made on.</summary>
    static string Column(Expression<Func<T, string>> field) => Field(field) == "_id" ? "id" : $"((doc ->> '{Field(field)}') COLLATE \"C\")";

    /// <summary>
    /// The document to store, its id as text, and its number when the id is numeric (given one when 0); Given: a number
    /// the caller chose (a copy), which the sequence must be moved past.
    /// </summary>
    (string Json, string Id, long? N, bool Given) Row(T entity, bool assign)
    {
        var given = false;
        _ = Table; // made before its sequence is asked for a number
        var doc = entity as BsonDocument ?? _mapper.ToDocument(entity);
        var id = doc["_id"];
        long? n = null;
        if (id.IsNumber)
        {
            n = id.AsInt64;
            given = n != 0;
            if (n == 0 && assign)
            {
                n = Convert.ToInt64(_db.Scalar($"SELECT nextval('\"{_db.Schema}\".\"{Name}_n\"')"));
                doc["_id"] = IdProperty!.PropertyType == typeof(int) ? new BsonValue((int)n) : new BsonValue(n.Value);
                IdProperty.SetValue(entity, IdProperty.PropertyType == typeof(int) ? (object)(int)n : n.Value);
            }
        }
        else if (!id.IsString) throw new InvalidOperationException($"{Name}: a document needs a text or numeric id");
        return (PgJson.Write(doc), n?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? id.AsString, n, given);
    }

    static Npgsql.NpgsqlParameter Jsonb(string json) => new() { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb };

    public void Insert(T entity) => Insert([entity]);

    public int Insert(IEnumerable<T> entities)
    {
        var count = 0;
        long highest = 0;
        foreach (var entity in entities)
        {
            var (json, id, n, given) = Row(entity, assign: true);
            _db.NonQuery($"INSERT INTO {Table} (id, n, doc) VALUES (@0, @1, @2)", id, n, Jsonb(json));
            if (given) highest = Math.Max(highest, n!.Value);
            count++;
        }
        // Ids given by the caller (a copy) move the sequence past them; numbers it gave are never set back (setval is
        // not transactional: another instance may have taken a number meanwhile).
        if (highest > 0)
            _db.Scalar($"SELECT setval('\"{_db.Schema}\".\"{Name}_n\"', greatest(@0, (SELECT last_value FROM \"{_db.Schema}\".\"{Name}_n\")))", highest);
        return count;
    }

    public bool Update(T entity)
    {
        var (json, id, _, _) = Row(entity, assign: false);
        return _db.NonQuery($"UPDATE {Table} SET doc = @1 WHERE id = @0", id, Jsonb(json)) > 0;
    }

    public int Update(IEnumerable<T> entities) => entities.Count(Update);

    public bool Upsert(T entity)
    {
        var (json, id, n, _) = Row(entity, assign: true);
        // xmax = 0: the row was inserted, not updated.
        return (bool)_db.Scalar($"INSERT INTO {Table} (id, n, doc) VALUES (@0, @1, @2) ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc RETURNING (xmax = 0)",
            id, n, Jsonb(json))!;
    }

    public bool Delete(string id) => _db.NonQuery($"DELETE FROM {Table} WHERE id = @0", id) > 0;
    public bool Delete(long id) => Delete(id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public int DeleteMany(Expression<Func<T, bool>> predicate)
    {
        var args = new List<object?>();
        var where = PgPredicate.Translate(predicate, args);
        return _db.NonQuery($"DELETE FROM {Table} WHERE {where}", [.. args]);
    }

    public int DeleteAll() => _db.NonQuery($"DELETE FROM {Table}");
}
