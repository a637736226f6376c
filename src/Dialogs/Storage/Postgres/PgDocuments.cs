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

    /// <summary>The documents found, each noted with its row version for the transaction (see <see cref="Update(T)"/>).</summary>
    List<T> Select(string where, List<object?> args, string tail = "")
    {
        var rows = _db.Rows($"SELECT id, xmin::text, doc::text FROM {Table} WHERE {where} {tail}", args,
            r => (Id: r.GetString(0), Version: r.GetString(1), Json: r.GetString(2)));
        var found = new List<T>(rows.Count);
        foreach (var (id, version, json) in rows)
        {
            // A document this transaction wrote is checked no more (its row is locked until the end).
            var ours = _db.Known(Name, id, out var known) && known.Version is null && known.Json is not null;
            if (!ours) _db.Remember(Name, id, new(json, version));
            found.Add(ToEntity(json));
        }
        return found;
    }

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
        return Explain(PgPredicate.Translate(predicate, args), args, "");
    }

    /// <summary>The plan PostgreSQL makes for <see cref="Latest"/> (diagnosis, tests).</summary>
    public string PlanLatest(int limit)
    {
        var args = new List<object?>();
        var (where, tail) = LatestQuery(limit, null, args);
        return Explain(where, args, tail);
    }

    string Explain(string where, List<object?> args, string tail)
    {
        var table = Table;
        return _db.InScope(() =>
        {
            _db.NonQuery("SET LOCAL enable_seqscan = off");
            return string.Join('\n', _db.Documents($"EXPLAIN SELECT doc::text FROM {table} WHERE {where} {tail}", args));
        }, readOnly: true);
    }

    /// <summary>Read once per transaction: later reads in it take what it read or wrote (the session, the member… every turn reads several times).</summary>
    public T? FindById(string? id)
    {
        if (id is null) return null;
        if (_db.Known(Name, id, out var known)) return known.Json is null ? null : ToEntity(known.Json);
        var found = Select("id = @0", [id]).FirstOrDefault();
        if (found is null) _db.Remember(Name, id, new(null, null));
        return found;
    }

    public T? FindById(long id) => FindById(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
        var args = new List<object?>();
        var (where, tail) = LatestQuery(limit, predicate, args);
        return Select(where, args, tail);
    }

    static (string Where, string Tail) LatestQuery(int limit, Expression<Func<T, bool>>? predicate, List<object?> args)
    {
        var where = predicate is null ? "TRUE" : PgPredicate.Translate(predicate, args);
        // Numbered rows all have n: saying so lets the partial index on n answer (else the whole table is sorted).
        return NumericId ? ($"n IS NOT NULL AND ({where})", $"ORDER BY n DESC LIMIT {limit}") : (where, $"ORDER BY id DESC LIMIT {limit}");
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
            if (IdProperty is not null && NumericId && Convert.ToInt64(IdProperty.GetValue(entity)) == 0)
            {
                Numbered(entity);
                count++;
                continue;
            }
            var (json, id, n, given) = Row(entity, assign: true);
            var insert = $"INSERT INTO {Table} (id, n, doc) VALUES (@0, @1, @2)";
            object?[] values = [id, n, Jsonb(json)];
            // A copy's own numbers move the sequence below: sent now. Else one row, or the server refuses the whole transaction.
            if (given || !_db.Defer(insert, values, Name, id)) _db.NonQuery(insert, values);
            _db.Remember(Name, id, new(json, null));
            if (given) highest = Math.Max(highest, n!.Value);
            count++;
        }
        // Ids given by the caller (a copy) move the sequence past them; numbers it gave are never set back (setval is
        // not transactional: another instance may have taken a number meanwhile).
        if (highest > 0)
            _db.Scalar($"SELECT setval('\"{_db.Schema}\".\"{Name}_n\"', greatest(@0, (SELECT last_value FROM \"{_db.Schema}\".\"{Name}_n\")))", highest);
        return count;
    }

    /// <summary>
    /// Inserts a document to be numbered: the number is taken from the table's sequence and written into the document by
    /// the server, in the insert's one round trip (an outbox message, an audit entry: every turn adds some).
    /// </summary>
    void Numbered(T entity)
    {
        var doc = _mapper.ToDocument(entity);
        var number = IdProperty!.PropertyType == typeof(int) ? "to_jsonb(s.n::int)" : "jsonb_build_object('$numberLong', s.n::text)"; // as PgJson writes it
        var table = Table; // made before its sequence is asked for a number
        var n = Convert.ToInt64(_db.Scalar($"INSERT INTO {table} (id, n, doc) SELECT s.n::text, s.n, jsonb_set(@0, '{{_id}}', {number}) " +
            $"FROM (SELECT nextval('\"{_db.Schema}\".\"{Name}_n\"') AS n) s RETURNING n", Jsonb(PgJson.Write(doc))));
        IdProperty.SetValue(entity, IdProperty.PropertyType == typeof(int) ? (object)(int)n : n);
        // Not remembered for the transaction: read by id, it is asked of the server (a turn rarely does).
    }

    /// <summary>
    /// Replaces the document; when this transaction read it, only if no other transaction changed it since (else
    /// <see cref="StoreConflictException"/>: turns of different chats commit at once, and an update made on an old read
    /// would undo the other's).
    /// </summary>
    public bool Update(T entity)
    {
        var (json, id, _, _) = Row(entity, assign: false);
        var isKnown = _db.Known(Name, id, out var known);
        var version = isKnown ? known.Version : null;
        var update = version is null ? $"UPDATE {Table} SET doc = @1 WHERE id = @0" : $"UPDATE {Table} SET doc = @1 WHERE id = @0 AND xmin::text = @2";
        object?[] values = version is null ? [id, Jsonb(json)] : [id, Jsonb(json), version];
        // Read or written by this transaction: it is there, so the update writes its row or finds it changed (a conflict,
        // raised when sent) — sent with the next statement or the commit.
        if (isKnown && known.Json is not null && _db.Defer(update, values, Name, id))
        {
            _db.Remember(Name, id, new(json, null));
            return true;
        }
        var updated = _db.NonQuery(update, values) > 0;
        if (!updated && version is not null) throw new StoreConflictException(Name, id);
        if (updated) _db.Remember(Name, id, new(json, null));
        return updated;
    }

    public int Update(IEnumerable<T> entities) => entities.Count(Update);

    public bool Upsert(T entity)
    {
        var (json, id, n, _) = Row(entity, assign: true);
        // As Update: what this transaction read must still be there (a version), or still be missing.
        var isKnown = _db.Known(Name, id, out var known);
        var check = !isKnown ? "" : known.Version is not null ? "WHERE t.xmin::text = @3" : known.Json is null ? "WHERE FALSE" : "";
        object?[] values = [id, n, Jsonb(json), .. known.Version is null ? Array.Empty<object?>() : [known.Version]];
        // Known to this transaction (there, or not): inserted or updated is known already, and one row is written or the
        // document changed under it (a conflict, raised when sent) — sent with the next statement or the commit.
        var upsert = $"INSERT INTO {Table} AS t (id, n, doc) VALUES (@0, @1, @2) ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc {check}";
        if (isKnown && _db.Defer(upsert, values, Name, id))
        {
            _db.Remember(Name, id, new(json, null));
            return known.Json is null;
        }
        // xmax = 0: the row was inserted, not updated. No row: the check failed.
        var added = _db.Scalar(upsert + " RETURNING (t.xmax = 0)", values);
        if (added is not bool inserted) throw new StoreConflictException(Name, id);
        _db.Remember(Name, id, new(json, null));
        return inserted;
    }

    public bool Delete(string id)
    {
        var deleted = _db.NonQuery($"DELETE FROM {Table} WHERE id = @0", id) > 0;
        _db.Remember(Name, id, new(null, null));
        return deleted;
    }

    public bool Delete(long id) => Delete(id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public int DeleteMany(Expression<Func<T, bool>> predicate)
    {
        var args = new List<object?>();
        var where = PgPredicate.Translate(predicate, args);
        _db.ForgetTable(Name);
        return _db.NonQuery($"DELETE FROM {Table} WHERE {where}", [.. args]);
    }

    public int DeleteAll()
    {
        _db.ForgetTable(Name);
        return _db.NonQuery($"DELETE FROM {Table}");
    }
}
