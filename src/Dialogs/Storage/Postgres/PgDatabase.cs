using System.Collections.Concurrent;
using Npgsql;

namespace ChiBo.Dialogs.Storage.Postgres;

/// <summary>
/// The store's PostgreSQL database: one schema, one table per collection (<c>id</c>, the numeric id <c>n</c> where the
/// entity's id is a number, the document as <c>jsonb</c>), created and migrated on start under an advisory lock so
/// several instances starting together do it once. Work runs on the connection of the current scope (a transaction
/// of <see cref="ChiBoStore.InTransaction{T}"/> or a read of <see cref="ChiBoStore.Read{T}"/>); a call outside any scope
/// runs on its own connection and commits alone.
/// </summary>
public sealed class PgDatabase : IDisposable
{
    /// <summary>The schema's version this code writes; <see cref="Migrate"/> brings an older one up to it.</summary>
    public const int SchemaVersion = 2;

    /// <summary>
    /// Collections whose committed writes are counted (<c>collection_writes</c>, by a statement trigger on the table, so
    /// every instance's writes count): what a reader keeps while they are unchanged (the reminder planner's members and
    /// their chats). Written rarely: the counter's row lock, held to each writing transaction's commit, costs nothing.
    /// </summary>
    public static readonly IReadOnlySet<string> CountedCollections = new HashSet<string>(StringComparer.Ordinal) { "members", "identities" };

    readonly NpgsqlDataSource _source;
    public string Schema { get; }
    readonly ConcurrentDictionary<string, bool> _tables = new(StringComparer.Ordinal);
    readonly AsyncLocal<Scope?> _scope = new();

    public PgDatabase(string connectionString, string schema = "chibo")
    {
        if (!IsName(schema)) throw new ArgumentException($"Not a schema name: {schema}");
        Schema = schema;
        _source = NpgsqlDataSource.Create(connectionString);
        Migrate();
    }

    /// <summary>A schema or collection name the store accepts: lower-case letters, digits and "_", not first a digit.</summary>
    public static bool IsName(string s) => s.Length is > 0 and <= 60 && s.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_') && !char.IsDigit(s[0]);

    /// <summary>The table of a collection, quoted and in the schema.</summary>
    public string Table(string collection)
    {
        if (!_tables.ContainsKey(collection)) CreateTable(collection);
        return $"\"{Schema}\".\"{collection}\"";
    }

    /// <summary>Creates the schema and its bookkeeping, then applies the migrations above the version found.</summary>
    void Migrate()
    {
        using var conn = _source.OpenConnection();
        using var tx = conn.BeginTransaction();
        Execute(conn, tx, "SELECT pg_advisory_xact_lock(hashtext(@0))", Schema);
        Execute(conn, tx, $"""
            CREATE SCHEMA IF NOT EXISTS "{Schema}";
            CREATE TABLE IF NOT EXISTS "{Schema}".schema_version (version int NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
            """);
        using (var read = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM \"{Schema}\".schema_version", conn, tx))
        {
            var found = Convert.ToInt32(read.ExecuteScalar());
            if (found > SchemaVersion)
                throw new InvalidOperationException($"The database schema is version {found}, newer than this program ({SchemaVersion}): run the newer version.");
            // Version 1: the collections' tables are made as they are first used (Table), with their indexes (PgIndexes).
            // Version 2: the counted collections' writes (CountedCollections), on the tables there already and on those made later.
            if (found < 2)
            {
                Execute(conn, tx, $"""
                    CREATE TABLE IF NOT EXISTS "{Schema}".collection_writes (name text COLLATE "C" PRIMARY KEY, n bigint NOT NULL);
                    CREATE OR REPLACE FUNCTION "{Schema}".count_writes() RETURNS trigger LANGUAGE plpgsql AS $f$
                    BEGIN
                        INSERT INTO "{Schema}".collection_writes AS w (name, n) VALUES (TG_TABLE_NAME, 1) ON CONFLICT (name) DO UPDATE SET n = w.n + 1;
                        RETURN NULL;
                    END $f$;
                    """);
                foreach (var collection in CountedCollections)
                {
                    using var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", conn, tx);
                    exists.Parameters.Add(new NpgsqlParameter { Value = $"\"{Schema}\".\"{collection}\"" });
                    if ((bool)exists.ExecuteScalar()!) Execute(conn, tx, CountWrites(collection));
                }
            }
            if (found < SchemaVersion) Execute(conn, tx, $"INSERT INTO \"{Schema}\".schema_version (version) VALUES (@0)", SchemaVersion);
        }
        tx.Commit();
    }

    /// <summary>The trigger that counts a collection's writes (<see cref="CountedCollections"/>), made anew.</summary>
    string CountWrites(string collection) =>
        $"DROP TRIGGER IF EXISTS count_writes ON \"{Schema}\".\"{collection}\"; " +
        $"CREATE TRIGGER count_writes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \"{Schema}\".\"{collection}\" FOR EACH STATEMENT EXECUTE FUNCTION \"{Schema}\".count_writes()";

    /// <summary>
    /// A number that changes whenever a write to one of the collections commits, on any instance; null when one of them
    /// is not counted (<see cref="CountedCollections"/>). Asked outside a transaction: committed writes only.
    /// </summary>
    public long? CommittedWrites(IReadOnlyCollection<string> collections) =>
        collections.All(CountedCollections.Contains)
            ? Convert.ToInt64(Scalar($"SELECT coalesce(sum(n), 0)::bigint FROM \"{Schema}\".collection_writes WHERE name = ANY(@0)", (object)collections.ToArray()))
            : null;

    void CreateTable(string collection)
    {
        if (!IsName(collection)) throw new ArgumentException($"Not a collection name: {collection}");
        var table = $"\"{Schema}\".\"{collection}\"";
        var indexes = new Dictionary<string, string> { [$"{collection}__n"] = "(n) WHERE n IS NOT NULL" };
        foreach (var field in StoreIndexes.Of(collection)) indexes[$"{collection}_{field}"] = $"(((doc ->> '{field}') COLLATE \"C\"))";
        foreach (var (name, path) in StoreIndexes.NestedDatesOf(collection))
            indexes[$"{collection}_{name}"] = $"((((doc{string.Concat(path.Split('.').Select(p => $" -> '{p}'"))}) ->> '$date') COLLATE \"C\"))";
        if (collection == "outbox") // the pending messages, which every instance's sender reads now and then
            indexes["outbox_pending"] = "(n) WHERE ((doc ->> 'Status') COLLATE \"C\") = 'Pending'";
        using var conn = _source.OpenConnection();
        // Made already (by this version or another instance): no DDL, whose table lock would wait for every open
        // transaction on the table — and a turn waiting here may hold a lock one of those waits for (its chat's), out of
        // the server's sight: asked again once the lock is held, as another instance or transaction may have just made it.
        bool Made(NpgsqlTransaction? tx)
        {
            using var existing = new NpgsqlCommand("SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = $2", conn, tx);
            existing.Parameters.Add(new NpgsqlParameter { Value = Schema });
            existing.Parameters.Add(new NpgsqlParameter { Value = collection });
            using var reader = existing.ExecuteReader();
            var found = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read()) found.Add(reader.GetString(0));
            return indexes.Keys.All(found.Contains);
        }
        if (Made(null)) { _tables[collection] = true; return; }
        using var tx = conn.BeginTransaction();
        Execute(conn, tx, "SELECT pg_advisory_xact_lock(hashtext(@0))", Schema); // DDL of several instances, one at a time
        if (Made(tx))
        {
            tx.Commit();
            _tables[collection] = true;
            return;
        }
        var ddl = new List<string>
        {
            $"CREATE TABLE IF NOT EXISTS {table} (id text COLLATE \"C\" PRIMARY KEY, n bigint, doc jsonb NOT NULL)",
            $"CREATE SEQUENCE IF NOT EXISTS \"{Schema}\".\"{collection}_n\"",
        };
        foreach (var (name, on) in indexes) ddl.Add($"CREATE INDEX IF NOT EXISTS \"{name}\" ON {table} {on}");
        if (CountedCollections.Contains(collection)) ddl.Add(CountWrites(collection));
        Execute(conn, tx, string.Join(";\n", ddl));
        tx.Commit();
        _tables[collection] = true;
    }

    static void Execute(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, params object[] args)
    {
        using var cmd = new NpgsqlCommand(Numbered(sql, args.Length), conn, tx);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        cmd.ExecuteNonQuery();
    }

    /// <summary>"@0", "@1"… written as Npgsql's positional "$1", "$2"….</summary>
    internal static string Numbered(string sql, int count)
    {
        for (var i = count - 1; i >= 0; i--) sql = sql.Replace($"@{i}", $"${i + 1}");
        return sql;
    }

    sealed class Scope(NpgsqlConnection connection, NpgsqlTransaction transaction, bool readOnly)
    {
        public NpgsqlConnection Connection { get; } = connection;
        public NpgsqlTransaction Transaction { get; } = transaction;
        public bool ReadOnly { get; } = readOnly;
        /// <summary>Documents this transaction read or wrote, by table and id (see <see cref="Known"/>).</summary>
        public Dictionary<(string Table, string Id), KnownDocument> Documents { get; } = [];
        /// <summary>Outbox messages this transaction inserted, reported when it commits.</summary>
        public List<OutboxMessage> OutboxInserted { get; } = [];
        /// <summary>Writes sent with the transaction's next statement or its commit (see <see cref="Defer"/>).</summary>
        public List<DeferredWrite> Deferred { get; } = [];
    }

    /// <summary>A write not sent yet; when it names a document, it must write exactly one row (else the document changed under the transaction).</summary>
    internal sealed record DeferredWrite(NpgsqlBatchCommand Command, string? Table, string? Id);

    /// <summary>
    /// A document as this transaction knows it: its JSON (null: there is none), and the row version it was read at (null
    /// when this transaction wrote it, or knows it absent: no one else can change it unseen, or there is nothing to check).
    /// </summary>
    internal readonly record struct KnownDocument(string? Json, string? Version);

    /// <summary>In a transaction of this database (on this flow of work).</summary>
    internal bool InScopeNow => _scope.Value is not null;

    /// <summary>In a write transaction of this database (on this flow of work).</summary>
    internal bool InWriteScope => _scope.Value is { ReadOnly: false };

    /// <summary>The outbox messages the current write transaction inserted; null outside one.</summary>
    internal List<OutboxMessage>? OutboxInserted => _scope.Value is { ReadOnly: false } scope ? scope.OutboxInserted : null;

    /// <summary>The document as the current transaction last read or wrote it; false when it has not (or outside one).</summary>
    internal bool Known(string table, string id, out KnownDocument known)
    {
        known = default;
        return _scope.Value is { } scope && scope.Documents.TryGetValue((table, id), out known);
    }

    /// <summary>Notes what the current transaction read or wrote of a document (nothing outside a transaction).</summary>
    internal void Remember(string table, string id, KnownDocument known)
    {
        if (_scope.Value is { } scope) scope.Documents[(table, id)] = known;
    }

    /// <summary>Forgets what the current transaction knows of a table's documents (after a write to many of them).</summary>
    internal void ForgetTable(string table)
    {
        if (_scope.Value is not { } scope) return;
        foreach (var key in scope.Documents.Keys.Where(k => k.Table == table).ToList()) scope.Documents.Remove(key);
    }

    /// <summary>
    /// The work found a document changed by another transaction since it read it, or the server refused it for a
    /// conflict (a deadlock, a serialization failure): nothing of it was kept, and running it again will see the change.
    /// </summary>
    public static bool IsConflict(Exception ex) =>
        ex is StoreConflictException || ex is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure }
        || (ex.InnerException is { } inner && IsConflict(inner));

    /// <summary>
    /// Runs work in one transaction of this database; read-only: a snapshot, rolled back at the end, so nothing written
    /// in it is kept (as a LiteDB read transaction; no "SET TRANSACTION READ ONLY", one round trip less per read).
    /// </summary>
    internal T InScope<T>(Func<T> work, bool readOnly)
    {
        if (_scope.Value is not null) return work(); // nested: the outer scope's transaction
        using var conn = _source.OpenConnection();
        using var tx = conn.BeginTransaction(readOnly ? System.Data.IsolationLevel.RepeatableRead : System.Data.IsolationLevel.ReadCommitted);
        _scope.Value = new Scope(conn, tx, readOnly);
        try
        {
            var result = work();
            if (readOnly) tx.Rollback();
            else
            {
                SendDeferred(_scope.Value);
                tx.Commit();
            }
            return result;
        }
        finally { _scope.Value = null; }
    }

    static void AddArguments(NpgsqlParameterCollection parameters, IReadOnlyList<object?> args)
    {
        foreach (var a in args) parameters.Add(a as NpgsqlParameter ?? new NpgsqlParameter { Value = a ?? DBNull.Value });
    }

    /// <summary>
    /// In a write transaction: the write is sent with the transaction's next statement or its commit, in one round trip
    /// with them (a turn's writes — the session, the chat's offer, the processed update, the notice to the sender — go
    /// together). For a write whose outcome the caller knows already: one row written when it names a document (a
    /// document the transaction read, or wrote), else <see cref="StoreConflictException"/> there. False outside a write
    /// transaction: run it now.
    /// </summary>
    internal bool Defer(string sql, IReadOnlyList<object?> args, string? table = null, string? id = null)
    {
        if (_scope.Value is not { ReadOnly: false } scope) return false;
        scope.Deferred.Add(new DeferredWrite(BatchCommand(sql, args), table, id));
        return true;
    }

    static NpgsqlBatchCommand BatchCommand(string sql, IReadOnlyList<object?> args)
    {
        var command = new NpgsqlBatchCommand(Numbered(sql, args.Count));
        AddArguments(command.Parameters, args);
        return command;
    }

    /// <summary>Sends the scope's deferred writes, if any, and checks each wrote its one row.</summary>
    static void SendDeferred(Scope? scope)
    {
        if (scope is not { Deferred.Count: > 0 }) return;
        using var batch = new NpgsqlBatch(scope.Connection, scope.Transaction);
        var sent = TakeDeferred(scope, batch);
        batch.ExecuteNonQuery();
        Check(sent);
    }

    static List<DeferredWrite> TakeDeferred(Scope scope, NpgsqlBatch batch)
    {
        var sent = scope.Deferred.ToList();
        scope.Deferred.Clear(); // sent once, whatever happens (a failure ends the transaction)
        foreach (var write in sent) batch.BatchCommands.Add(write.Command);
        return sent;
    }

    static void Check(List<DeferredWrite> sent)
    {
        foreach (var write in sent)
            if (write.Table is not null && write.Command.RecordsAffected != 1) throw new StoreConflictException(write.Table, write.Id ?? "");
    }

    /// <summary>
    /// Runs a statement on the current scope's connection (after its deferred writes, in the same round trip), or on a
    /// connection of its own; <paramref name="read"/> reads its rows. Returns the rows it affected.
    /// </summary>
    int Execute(string sql, IReadOnlyList<object?> args, Action<NpgsqlDataReader>? read)
    {
        NpgsqlConnection? own = null;
        try
        {
            var scope = _scope.Value;
            var conn = scope?.Connection ?? (own = _source.OpenConnection());
            if (scope is { Deferred.Count: > 0 })
            {
                using var batch = new NpgsqlBatch(conn, scope.Transaction);
                var sent = TakeDeferred(scope, batch);
                var last = BatchCommand(sql, args);
                batch.BatchCommands.Add(last);
                // The deferred writes return no rows: the reader's rows are the statement's.
                using (var reader = batch.ExecuteReader()) read?.Invoke(reader);
                Check(sent);
                return last.RecordsAffected;
            }
            using var cmd = new NpgsqlCommand(Numbered(sql, args.Count), conn, scope?.Transaction);
            AddArguments(cmd.Parameters, args);
            if (read is null) return cmd.ExecuteNonQuery();
            using var rows = cmd.ExecuteReader();
            read(rows);
            return rows.RecordsAffected;
        }
        finally { own?.Dispose(); }
    }

    internal int NonQuery(string sql, params object?[] args) => Execute(sql, args, null);

    internal object? Scalar(string sql, params object?[] args)
    {
        object? value = null;
        Execute(sql, args, r => { if (r.Read()) value = r.GetValue(0); });
        return value;
    }

    internal List<string> Documents(string sql, IReadOnlyList<object?> args) => Rows(sql, args, r => r.GetString(0));

    internal List<TRow> Rows<TRow>(string sql, IReadOnlyList<object?> args, Func<NpgsqlDataReader, TRow> row)
    {
        var found = new List<TRow>();
        Execute(sql, args, r => { while (r.Read()) found.Add(row(r)); });
        return found;
    }

    /// <summary>
    /// Waits for the key's lock, held by this scope's transaction until it ends: work of several instances on one key
    /// (a chat's turns) runs one at a time.
    /// </summary>
    internal void LockInTransaction(string key) => LockAndRead(key, []);

    /// <summary>
    /// A document to read with a lock: of <paramref name="Collection"/>, by its id, or (no id) the one the
    /// <paramref name="Field"/> of the document before it in the list names (a member by the identity's MemberId).
    /// </summary>
    internal readonly record struct ReadAhead(string Collection, string? Id = null, string? Field = null);

    /// <summary>
    /// Waits for the key's lock (as <see cref="LockInTransaction"/>), then reads the documents, in one round trip with the
    /// writes deferred so far: each is then known to the transaction as if read by its id (one asked by id and not
    /// found, as missing). Documents the transaction knows already are kept as it knows them.
    /// </summary>
    internal void LockAndRead(string key, IReadOnlyList<ReadAhead> documents)
    {
        if (_scope.Value is not { } scope) throw new InvalidOperationException("A transaction lock needs a transaction.");
        using var batch = new NpgsqlBatch(scope.Connection, scope.Transaction);
        var sent = TakeDeferred(scope, batch);
        batch.BatchCommands.Add(BatchCommand("SELECT pg_advisory_xact_lock(hashtextextended(@0, 0))", [Schema + ":" + key]));
        var asked = new List<(string Collection, string? Id)>();
        var (idSql, root, from) = ("", (object?)null, "");
        foreach (var read in documents)
        {
            if (read.Id is { } id) (idSql, root) = ("@0", id);
            else if (read.Field is { } field && field.All(char.IsAsciiLetter) && from != "") idSql = $"(SELECT doc ->> '{field}' FROM {Table(from)} WHERE id = {idSql})";
            else throw new ArgumentException("A document read ahead needs an id, or a field of the one before it.", nameof(documents));
            from = read.Collection;
            if (read.Id is not null && scope.Documents.ContainsKey((read.Collection, read.Id))) continue;
            batch.BatchCommands.Add(BatchCommand($"SELECT id, xmin::text, doc::text FROM {Table(read.Collection)} WHERE id = {idSql}", [root]));
            asked.Add((read.Collection, read.Id));
        }
        using (var reader = batch.ExecuteReader())
            // Each statement here gives a result but the deferred writes: the lock's first, then one per document asked.
            foreach (var (collection, id) in asked)
            {
                reader.NextResult();
                if (reader.Read())
                    scope.Documents.TryAdd((collection, reader.GetString(0)), new KnownDocument(reader.GetString(2), reader.GetString(1)));
                else if (id is not null) scope.Documents[(collection, id)] = new KnownDocument(null, null);
            }
        Check(sent);
    }

    /// <summary>
    /// The key's lock if no one holds it, kept on a connection of its own until disposed (or the process dies: the
    /// server then releases it); null when another instance holds it.
    /// </summary>
    internal HeldLock? TryHold(string key)
    {
        var conn = _source.OpenConnection();
        try
        {
            using var cmd = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", conn);
            cmd.Parameters.Add(new NpgsqlParameter { Value = Schema + ":" + key });
            if ((bool)cmd.ExecuteScalar()!) return new HeldLock(conn); // closing the session releases the lock
        }
        catch
        {
            conn.Dispose();
            throw;
        }
        conn.Dispose();
        return null;
    }

    /// <summary>A session lock, held while its connection lives.</summary>
    public sealed class HeldLock(NpgsqlConnection connection) : IDisposable
    {
        /// <summary>False when the connection broke: the server has released the lock, another may hold it now.</summary>
        public bool Alive()
        {
            try
            {
                using var cmd = new NpgsqlCommand("SELECT 1", connection);
                cmd.ExecuteScalar();
                return true;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException) { return false; }
        }

        public void Dispose()
        {
            try
            {
                using var cmd = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                cmd.ExecuteNonQuery(); // a pooled connection is not closed on the server: release explicitly
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException) { } // the connection broke: the server released the lock with the session
            finally { connection.Dispose(); }
        }
    }

    /// <summary>The channel on which commits that add outbox messages notify (this schema's).</summary>
    string OutboxChannel => $"chibo_outbox_{Schema}";

    /// <summary>This process's mark on its outbox notices: its sender tells other instances' commits from its own.</summary>
    readonly string _instance = Guid.NewGuid().ToString("N");

    /// <summary>In the current transaction: tells the listening sender, when the transaction commits, that messages wait.</summary>
    internal void NotifyOutbox()
    {
        var notify = $"NOTIFY \"{OutboxChannel}\", '{_instance}'";
        if (!Defer(notify, [])) NonQuery(notify);
    }

    /// <summary>
    /// Calls <paramref name="notified"/> each time a commit of any instance added outbox messages, with true when it was
    /// another instance's, until cancelled; <paramref name="listening"/> once it listens (a commit from then on is not missed).
    /// </summary>
    public async Task ListenOutboxAsync(Action<bool> notified, Action listening, CancellationToken ct)
    {
        await using var conn = await _source.OpenConnectionAsync(ct);
        conn.Notification += (_, e) => notified(e.Payload != _instance);
        await using (var listen = new NpgsqlCommand($"LISTEN \"{OutboxChannel}\"", conn)) await listen.ExecuteNonQueryAsync(ct);
        listening();
        while (!ct.IsCancellationRequested) await conn.WaitAsync(ct);
    }

    /// <summary>The collections with a table (for copies and checks).</summary>
    public List<string> Collections()
    {
        using var conn = _source.OpenConnection();
        using var cmd = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'schema_version' ORDER BY 1", conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = Schema });
        using var reader = cmd.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>Drops the schema and everything in it (tests that start from nothing).</summary>
    public void DropSchema()
    {
        using var conn = _source.OpenConnection();
        Execute(conn, null, $"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
        _tables.Clear();
    }

    public void Dispose() => _source.Dispose();
}
