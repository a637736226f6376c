using ChiBo.Dialogs.Domain;
using LiteDB;

namespace ChiBo.Dialogs.Storage;

/// <summary>
/// The bot's documents and their collections: one LiteDB file of the process (the default), or a PostgreSQL schema
/// (<see cref="OnPostgres"/>). Either way work that writes runs in <see cref="InTransaction{T}"/>, one at a time in this
/// process, and reads outside it in <see cref="Read{T}"/>.
/// </summary>
public sealed class ChiBoStore : IDisposable
{
    volatile LiteDatabase _db = null!;
    bool _disposed; // under the write gate: a closed store opens its file no more
    readonly BsonMapper _mapper;
    readonly Postgres.PgDatabase? _pg;

    /// <summary>The open LiteDB database; a new one after the engine closed on a fault (<see cref="Reopened"/>).</summary>
    public LiteDatabase Db => _pg is null ? _db : throw new InvalidOperationException("The store is on PostgreSQL: there is no LiteDB file.");
    /// <summary>The LiteDB file, or "postgres:&lt;schema&gt;".</summary>
    public string Path { get; }
    /// <summary>The store keeps its documents in PostgreSQL.</summary>
    public bool OnPostgresDatabase => _pg is not null;
    /// <summary>The PostgreSQL database, when the store is on one.</summary>
    public Postgres.PgDatabase? Postgres => _pg;

    /// <summary>Raised (under the write gate) after the engine was found closed and the file opened again; the fault is given.</summary>
    public event Action<Exception>? Reopened;
    /// <summary>Raised when the engine closed and the file could not be opened again: the process cannot go on.</summary>
    public event Action<Exception>? Dead;
    /// <summary>The engine closed and the file could not be opened again: nothing more can be stored or confirmed.</summary>
    public bool IsDead { get; private set; }
    /// <summary>How many times the file was opened again after a fault.</summary>
    public int Reopens { get; private set; }

    public IDocuments<OrgUnit> OrgUnits => Collection<OrgUnit>("org_units");
    // Read by id on every turn: kept in memory too (see CachedCollection).
    public IDocuments<Cell> Cells { get; }
    public IDocuments<Member> Members { get; }
    public IDocuments<ChatIdentity> Identities { get; }
    public IDocuments<GroupChat> GroupChats { get; }
    /// <summary>A chat's offer and its task under way (<see cref="ChatState.Session"/>).</summary>
    public IDocuments<ChatState> ChatStates { get; }
    public IDocuments<Meeting> Meetings => Collection<Meeting>("meetings");
    public IDocuments<Evaluation> Evaluations => Collection<Evaluation>("evaluations");
    public IDocuments<SelfReview> SelfReviews => Collection<SelfReview>("self_reviews");
    public IDocuments<CellReview> CellReviews => Collection<CellReview>("cell_reviews");
    public IDocuments<OutboxMessage> Outbox => Collection<OutboxMessage>("outbox");
    public IDocuments<ProcessedUpdate> Processed => Collection<ProcessedUpdate>("processed_updates");
    /// <summary>Lookups and records of handled updates, as turns make them (see ProcessedUpdates).</summary>
    public ProcessedUpdates ProcessedUpdates { get; }
    public IDocuments<AuditEntry> Audit => Collection<AuditEntry>("audit");
    public IDocuments<Rsvp> Rsvps => Collection<Rsvp>("rsvps");
    public IDocuments<AttendanceAssignment> Assignments => Collection<AttendanceAssignment>("attendance_assignments");
    public IDocuments<AttendanceReport> AttendanceReports => Collection<AttendanceReport>("attendance_reports");
    public IDocuments<Invite> Invites => Collection<Invite>("invites");
    public IDocuments<JoinAttempt> JoinAttempts => Collection<JoinAttempt>("join_attempts");
    public IDocuments<ContestEntry> ContestEntries => Collection<ContestEntry>("contest_entries");
    public IDocuments<PendingImport> PendingImports => Collection<PendingImport>("pending_imports");
    public IDocuments<LinkRequest> LinkRequests => Collection<LinkRequest>("link_requests");
    public IDocuments<TemplateSnapshot> Templates => Collection<TemplateSnapshot>("template_snapshots");
    public IDocuments<DuesPayment> DuesPayments => Collection<DuesPayment>("dues_payments");
    public IDocuments<HandbookPoints> HandbookPoints => Collection<HandbookPoints>("handbook_points");
    public IDocuments<Transfer> Transfers => Collection<Transfer>("transfers");
    public IDocuments<Candidate> Candidates => Collection<Candidate>("candidates");
    public IDocuments<TopicPlan> TopicPlans => Collection<TopicPlan>("topic_plans");

    readonly Dictionary<(string, Type), object> _collections = [];

    /// <summary>The collection of that name (one object per name; the named properties above are the usual way in).</summary>
    public IDocuments<T> Collection<T>(string name) where T : class
    {
        lock (_collections)
        {
            if (!_collections.TryGetValue((name, typeof(T)), out var found))
            {
                MapperReady<T>();
                IDocuments<T> inner = _pg is null ? new LiteDocuments<T>(this, name) : new Postgres.PgDocuments<T>(_pg, _mapper, name);
                _collections[(name, typeof(T))] = found = new StoreDocuments<T>(this, inner, _mapper, _keys);
            }
            return (IDocuments<T>)found;
        }
    }

    /// <summary>The store's own collection under the view turns use (<see cref="StoreDocuments{T}"/>): for tests and diagnostics.</summary>
    public static IDocuments<T> Beneath<T>(IDocuments<T> documents) where T : class =>
        documents is StoreDocuments<T> view ? view.Inner : documents;

    /// <summary>How documents are mapped, for both stores; <paramref name="hotMappings"/>: with <see cref="HotMappings"/> (tests compare without).</summary>
    public static BsonMapper NewMapper(bool hotMappings = true)
    {
        var mapper = new BsonMapper { EmptyStringToNull = false, TrimWhitespace = false };
        // Dates are kept exactly as given: UTC instants (…Utc) and Vietnam calendar dates (Meeting.Date) alike.
        // LiteDB would otherwise convert through the server's time zone and read back Kind=Local.
        static BsonValue StoredDate(DateTime d) => new(DateTime.SpecifyKind(d, DateTimeKind.Utc));
        static DateTime ReadDate(BsonValue b) => DateTime.SpecifyKind(b.AsDateTime.ToUniversalTime(), DateTimeKind.Unspecified);
        mapper.RegisterType<DateTime>(StoredDate, ReadDate);
        mapper.Entity<Meeting>().Ignore(m => m.AttendanceRate).Ignore(m => m.ResolutionPassed);
        if (hotMappings) HotMappings.Register(mapper, StoredDate, ReadDate);
        return mapper;
    }

    /// <summary>The store on a PostgreSQL database, in <paramref name="schema"/> (created and migrated here).</summary>
    public static ChiBoStore OnPostgres(string connectionString, string schema = "chibo") => new(new Postgres.PgDatabase(connectionString, schema));

    ChiBoStore(Postgres.PgDatabase pg)
    {
        _pg = pg;
        Path = $"postgres:{pg.Schema}";
        _mapper = NewMapper();
        _keys = StringComparer.Ordinal;
        _log = new WriteLog(_keys);
        Cells = Collection<Cell>("cells");
        Members = Collection<Member>("members");
        Identities = Collection<ChatIdentity>("identities");
        GroupChats = Collection<GroupChat>("group_chats");
        ChatStates = Collection<ChatState>("chat_states");
        ProcessedUpdates = new(this);
        _cached = [];
        MoveOldSessions();
    }

    readonly HashSet<Type> _mapped = [];
    static readonly System.Reflection.MethodInfo EntityOf = typeof(BsonMapper).GetMethod(nameof(BsonMapper.Entity))!;

    /// <summary>
    /// Builds the mapper's entries for a document type and the types in it, on one thread, before any reader uses
    /// them: LiteDB 5 adds an entity's entry before filling its members, so two threads meeting a type for the first
    /// time at once can map it without members ("Member Year not found", fields read as defaults).
    /// </summary>
    void MapperReady<T>()
    {
        void Walk(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type.IsGenericType) { foreach (var arg in type.GetGenericArguments()) Walk(arg); return; }
            if (type.IsArray) { Walk(type.GetElementType()!); return; }
            if (!type.IsClass || type == typeof(string) || type.Namespace?.StartsWith("ChiBo", StringComparison.Ordinal) != true) return;
            if (!_mapped.Add(type)) return;
            // The type's own entry (its id, its members): a type mapped by HotMappings is never built by ToDocument, yet
            // LiteDB reads the entry when a collection of it is opened (which field is the id, numbered on insert).
            EntityOf.MakeGenericMethod(type).Invoke(_mapper, null);
            if (type.GetConstructor(Type.EmptyTypes) is { } make)
                try { _mapper.ToDocument(type, make.Invoke(null)); }
                catch (Exception ex) when (ex is System.Reflection.TargetInvocationException or LiteException or NotSupportedException) { } // mapped when first used, as before
            foreach (var property in type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
                Walk(property.PropertyType);
        }
        lock (_mapped) Walk(typeof(T));
    }

    public ChiBoStore(string path)
    {
        Path = path;
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir) && !Directory.Exists(dir)) PrivateFiles.Folder(dir);
        _mapper = NewMapper();
        _db = Open();
        PrivateFiles.Database(path); // older databases were created 0644
        var ids = new IdComparer(StringComparer.Create(Db.Collation.Culture, Db.Collation.SortOptions)); // as the database compares ids
        _keys = ids;
        _log = new WriteLog(ids);
        CachedCollection<T> Cached<T>(string name, out IDocuments<T> seen, string? partField = null, bool keepsById = true) where T : class
        {
            MapperReady<T>();
            var cached = new CachedCollection<T>(this, name, ids, partField, keepsById);
            lock (_collections) _collections[(name, typeof(T))] = seen = new StoreDocuments<T>(this, cached, _mapper, ids);
            return cached;
        }
        IDocuments<Cell> cells; IDocuments<Member> members; IDocuments<ChatIdentity> identities;
        IDocuments<GroupChat> groups; IDocuments<ChatState> states;
        _cached =
        [
            Cached("cells", out cells), Cached("members", out members, nameof(Member.CellId)), Cached("identities", out identities),
            Cached("group_chats", out groups), Cached("chat_states", out states),
            Cached<Evaluation>("evaluations", out _, nameof(Evaluation.CellId)), // a cell's scores awaiting a vote: asked by every meeting step
            // The heads of a cell's meetings (MeetingHeads), asked at many meeting steps; the meetings themselves are large and not kept.
            Cached<Meeting>("meetings", out _, nameof(Meeting.CellId), keepsById: false),
        ];
        (Cells, Members, Identities, GroupChats, ChatStates) = (cells, members, identities, groups, states);
        ProcessedUpdates = new(this);
        EnsureIndexes();
        MoveOldSessions();
    }

    /// <summary>The task under way in a chat ("channel:chatId"), if any.</summary>
    public DialogSession? SessionOf(string chatKey) => ChatStates.FindById(chatKey)?.Session;

    /// <summary>
    /// Databases made before 2026-12-06 keep each chat's task, and one set aside, as documents of their own ("sessions");
    /// they are moved into the chat's state (a turn then writes one document fewer). Nothing to do once moved.
    /// </summary>
    void MoveOldSessions()
    {
        var old = Collection<DialogSession>("sessions");
        if (old.Count() == 0) return;
        InTransaction(() =>
        {
            foreach (var session in old.FindAll())
            {
                var parked = session.Id.EndsWith(DialogSession.ParkedSuffix, StringComparison.Ordinal);
                var key = parked ? session.Id[..^DialogSession.ParkedSuffix.Length] : session.Id;
                var state = ChatStates.FindById(key) ?? new ChatState { Id = key };
                if (parked) state.Parked = session; else state.Session = session;
                ChatStates.Upsert(state);
                old.Delete(session.Id);
            }
            return true;
        });
    }

    void EnsureIndexes()
    {
        foreach (var collection in StoreIndexes.Collections)
            foreach (var field in StoreIndexes.Of(collection))
            {
                var documents = Db.GetCollection(collection);
                if (StoreIndexes.ListedAs(collection, field) is not { } list)
                {
                    documents.EnsureIndex(field, "$." + field); // the name and expression a lambda gives
                    continue;
                }
                // Databases made before 2026-12-05 index the field itself, and their documents have no list: the ones with
                // a value are written again with it before that index goes.
                if (Db.GetCollection("$indexes").Exists(LiteQueries.Where("$.collection=@0 AND $.name=@1", collection, field)))
                {
                    foreach (var doc in documents.Find(LiteQueries.Where($"$.{field}!=null")).ToList())
                    {
                        doc[list] = new BsonArray(doc[field]);
                        documents.Update(doc);
                    }
                    documents.DropIndex(field);
                }
                documents.EnsureIndex(list, $"$.{list}[*]");
            }
        foreach (var collection in StoreIndexes.Collections)
            foreach (var (name, path) in StoreIndexes.NestedDatesOf(collection))
                Db.GetCollection(collection).EnsureIndex(name, "$." + path);
        // Databases made before 2026-12-01 index the outbox's Status (see StoreIndexes).
        Db.GetCollection("outbox").DropIndex(nameof(OutboxMessage.Status));
    }

    readonly ICachedCollection[] _cached;
    // How ids compare (the database's collation), and the writes by version, for turns computed outside (UnitOfWork).
    readonly IEqualityComparer<string> _keys;
    readonly WriteLog _log;
    void ForgetDocuments() { foreach (var c in _cached) c.Forget(); }
    readonly object _writeGate = new();
    bool _inWriteTransaction;
    internal object WriteGate => _writeGate;
    /// <summary>This thread runs the store's write transaction (the only one using the cached collections' memory).</summary>
    internal bool InWriteTransaction => _pg is null ? _inWriteTransaction && Monitor.IsEntered(_writeGate) : _pg.InWriteScope;

    /// <summary>
    /// Drops the documents kept in memory and the highest update numbers. Only for code that writes those collections
    /// around the store (raw documents through <see cref="Db"/>), as a test harness restoring a snapshot does.
    /// </summary>
    public void ForgetCached()
    {
        lock (_writeGate)
        {
            ForgetDocuments();
            ProcessedUpdates.Forget();
            _log.EverythingChanged();
        }
    }

    /// <summary>
    /// Runs synchronous work in one LiteDB transaction: all of it is committed, or none. Write transactions run
    /// one at a time (they last milliseconds): LiteDB's concurrent transactions have open reports of duplicate
    /// auto-ids (litedb-org/LiteDB#2043), and our outbox and audit use auto-ids.
    /// </summary>
    public T InTransaction<T>(Func<T> work)
    {
        if (_pg is not null) return InPostgresTransaction(work);
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            bool began;
            try { began = Db.BeginTrans(); }
            catch (Exception fault) when (ReopenIfClosed(fault))
            {
                began = Db.BeginTrans(); // the work has not run: it runs on the file opened again
            }
            if (!began) throw new InvalidOperationException("A transaction is already open on this thread.");
            _inWriteTransaction = true;
            try
            {
                var result = work();
                _inWriteTransaction = false;
                ForgetStoredNow();
                Db.Commit();
                Interlocked.Increment(ref _commits);
                foreach (var written in _writtenNow) Counted(written);
                _writtenNow.Clear();
                lock (PublishGate)
                {
                    foreach (var c in _cached) c.Committed(); // with the log's publishing of the commit (see CachedCollection)
                    _log.Committed();
                }
                ReportOutbox();
                return result;
            }
            catch (Exception fault)
            {
                _inWriteTransaction = false;
                _outboxInserted.Clear();
                _writtenNow.Clear();
                _log.RolledBack();
                ForgetStoredNow();
                try { Db.Rollback(); }
                catch (Exception) when (!EngineAnswers()) { } // closed under the work: nothing to roll back
                // The memory may hold what the rollback undid. (The highest update number stays: too high costs a
                // read, and reading it again would scan every processed update.)
                ForgetDocuments();
                ReopenIfClosed(fault); // the caller sees the fault; the next transaction finds the store working
                throw;
            }
        }
    }

    public void InTransaction(Action work) => InTransaction(() => { work(); return 0; });

    /// <summary>Times work that met a conflict (PostgreSQL) is run again before its caller sees the failure.</summary>
    const int ConflictRetries = 3;

    /// <summary>
    /// On PostgreSQL transactions run at once, each on its own connection (a chat's turns are kept in order by the
    /// pipeline and, across instances, by <see cref="LockChat"/>); an update made on a read another transaction has
    /// changed since fails (<see cref="StoreConflictException"/>) instead of undoing the other's, and the work is run
    /// again (it reads the change then), up to <see cref="ConflictRetries"/> times: work must be re-runnable, as the group
    /// commit's already is.
    /// </summary>
    T InPostgresTransaction<T>(Func<T> work)
    {
        if (_pg!.InScopeNow) return InPostgresTransactionOnce(work); // nested: a conflict ends the outer transaction
        for (var attempt = 1; ; attempt++)
        {
            try { return InPostgresTransactionOnce(work); }
            catch (Exception ex) when (attempt <= ConflictRetries && global::ChiBo.Dialogs.Storage.Postgres.PgDatabase.IsConflict(ex)) { } // rolled back: run again, reading the change
        }
    }

    T InPostgresTransactionOnce<T>(Func<T> work)
    {
        List<OutboxMessage>? inserted = null;
        var result = _pg!.InScope(() =>
        {
            var result = work();
            inserted = _pg.OutboxInserted;
            if (inserted?.Count > 0) _pg.NotifyOutbox(); // wakes the sending instance when this commits
            return result;
        }, readOnly: false);
        if (inserted?.Count > 0) Report([.. inserted]);
        return result;
    }

    /// <summary>
    /// Raised after each commit with the outbox messages it inserted, in id order: on LiteDB under the write gate
    /// (commits are reported in their order), on PostgreSQL as each transaction commits (several at once: the sender
    /// there reads all pending messages). The outbox sender takes new messages from here instead of reading them back.
    /// </summary>
    public event Action<IReadOnlyList<OutboxMessage>>? OutboxCommitted;

    /// <summary>
    /// Whether so many replies to a chat (channel, chat id; and whether its messages are being set aside already) wait to
    /// be sent that its new messages are set aside (<see cref="Conversation.TurnPipeline"/>): asked of the outbox sender,
    /// which holds them. Null where nothing sends.
    /// </summary>
    public Func<string, string, bool, bool>? ChatBacklogged { get; set; }
    readonly List<OutboxMessage> _outboxInserted = [];

    /// <summary>Called by <see cref="Outbox"/> for each message it inserts; reported when the transaction commits.</summary>
    internal void OutboxInserted(OutboxMessage message)
    {
        if (UnitOfWork.Of(this) is { } turn) turn.Then(() => OutboxInserted(message)); // numbered when applied
        else if (_pg is not null) _pg.OutboxInserted?.Add(message);
        else if (InWriteTransaction) _outboxInserted.Add(message);
    }

    /// <summary>Held while a commit's documents and version are published, and while a document a turn computed outside read is kept.</summary>
    internal object PublishGate { get; } = new();

    /// <summary>The write log's version the turn this thread computes outside the write transaction began at; null when none.</summary>
    internal long? DetachedSince() => UnitOfWork.Of(this)?.Version;

    // Asked by turns computed outside, on their own threads: published commits only (the running transaction's writes
    // are the writer's; they overwrite what is kept when it commits).
    internal bool WrittenSince(string collection, string key, long version) => _log.Changed(collection, key, version, running: false);
    internal bool WrittenSince(string collection, long version) => _log.AnyChanged(collection, version, running: false);
    internal void EverythingChanged() => _log.EverythingChanged();

    // Writes committed per collection, and the collections the running write transaction wrote (counted when it commits).
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _collectionWrites = new(StringComparer.Ordinal);
    readonly HashSet<string> _writtenNow = new(StringComparer.Ordinal);

    /// <summary>A document of the collection was written (inserted, updated or deleted).</summary>
    internal void Changed(string collection)
    {
        if (_pg is not null) return;
        if (InWriteTransaction) _writtenNow.Add(collection);
        else Counted(collection); // a write outside a transaction has committed when it returns
    }

    void Counted(string collection) => _collectionWrites.AddOrUpdate(collection, 1, (_, n) => n + 1);

    /// <summary>
    /// A number that changes whenever a write to one of the collections commits, counted after the commit (on
    /// PostgreSQL by the server, for every instance, and only for <see cref="Postgres.PgDatabase.CountedCollections"/>: null for
    /// others). Read before a snapshot (<see cref="Read"/>) begins, it lets what was read there be kept while the number
    /// stays the same: a write committed before the snapshot began is in it, one after changes the number (the reminder
    /// planner's members and their chats).
    /// </summary>
    public long? CommittedWritesTo(params string[] collections) =>
        _pg is not null ? _pg.CommittedWrites(collections) : collections.Sum(c => _collectionWrites.GetValueOrDefault(c));

    /// <summary>A write to a collection (key null: many documents), for the write log.</summary>
    internal void Wrote(string collection, string? key)
    {
        if (!ComputesOutside) return;
        if (InWriteTransaction)
        {
            _log.Uncommitted(collection, key);
            if (_storedNow.TryGetValue(collection, out var known))
                if (key is null) known.Clear(); else known.Remove(key);
        }
        else _log.Committed(collection, key);
    }

    // Documents read by the running write transaction to check turns computed outside (many check the same), by
    // collection and key; a write in the transaction drops its key, the end of the transaction all.
    readonly Dictionary<string, Dictionary<string, LiteDB.BsonDocument?>> _storedNow = new(StringComparer.Ordinal);

    /// <summary>In the write transaction: the document as stored now, read once per transaction unless written.</summary>
    internal LiteDB.BsonDocument? StoredNow(string collection, string key, Func<LiteDB.BsonDocument?> read)
    {
        if (!_storedNow.TryGetValue(collection, out var known)) _storedNow[collection] = known = new(_keys);
        if (!known.TryGetValue(key, out var doc)) known[key] = doc = read();
        return doc;
    }

    void ForgetStoredNow()
    {
        foreach (var known in _storedNow.Values) known.Clear();
    }

    /// <summary>
    /// Runs work that goes with the writes made so far (forgetting what they make stale): now, and when a turn computed
    /// outside the write transaction is applied.
    /// </summary>
    public void WithWrites(Action work)
    {
        work();
        UnitOfWork.Of(this)?.Then(work);
    }

    /// <summary>This thread computes a turn outside the write transaction (its reads are noted, its writes not made yet).</summary>
    public bool Detaching => UnitOfWork.Of(this) is not null;

    /// <summary>
    /// The pipeline computes turns outside the write transaction (<see cref="Detached"/>; Storage__ComputeOutside, off
    /// by default: on two cores it measured slower, see bench/README.md). LiteDB only: on PostgreSQL turns run in
    /// their transaction.
    /// </summary>
    public bool ComputeOutside { get; init; }

    /// <summary>Turns are computed outside the write transaction: asked for, and on the LiteDB file.</summary>
    public bool ComputesOutside => _pg is null && ComputeOutside;

    /// <summary>
    /// Computes work outside the write transaction: each read sees what was committed by then, at least the write log's
    /// version when the work began, and is noted; writes are collected, not made. Null on PostgreSQL (turns run in their
    /// transaction there). Apply it with <see cref="Apply"/>, which refuses it when anything read was written after that
    /// version (so reads need no common snapshot: whatever they saw of later commits is seen as a change).
    /// </summary>
    public UnitOfWork? Detached(Action work)
    {
        if (_pg is not null) return null;
        if (!ComputeOutside) throw new InvalidOperationException("Turns are computed outside only with ComputeOutside (the write log is kept then).");
        var unit = new UnitOfWork(this, _log.Version); // before any read: each sees at least this version
        Interlocked.Increment(ref _computingOutside);
        try { unit.Run(work); }
        catch (Exception)
        {
            ComputedOutside(unit);
            throw;
        }
        return unit;
    }

    // Turns being computed outside the write transaction, whose writes will soon be queued (see CommitQueued).
    int _computingOutside;

    /// <summary>The unit's writes are queued, or will never be: one less to wait for. Once per unit.</summary>
    void ComputedOutside(UnitOfWork unit)
    {
        if (!unit.Settle()) return;
        if (Interlocked.Decrement(ref _computingOutside) == 0)
            lock (_queued) Monitor.PulseAll(_queued);
    }

    /// <summary>
    /// Like <see cref="InTransactionAsync{T}"/> for work that applies <paramref name="unit"/> (calling <see cref="Apply"/>):
    /// the unit is no longer counted among the turns being computed once its work is queued.
    /// </summary>
    public Task<T> ApplyAsync<T>(UnitOfWork unit, Func<T> work)
    {
        var queued = InTransactionAsync(work);
        ComputedOutside(unit);
        return queued;
    }


    /// <summary>
    /// In the write transaction: makes the writes of work computed by <see cref="Detached"/> when nothing it read was
    /// written after the version it began at; false (nothing made) when something was.
    /// </summary>
    public bool Apply(UnitOfWork unit)
    {
        if (!InWriteTransaction) throw new InvalidOperationException("Apply runs in the write transaction.");
        if (!ReferenceEquals(unit.Store, this)) throw new ArgumentException("The work was computed on another store.", nameof(unit));
        ComputedOutside(unit); // applied without ApplyAsync too: no longer awaited by commits
        if (!unit.Unchanged(_log)) return false;
        unit.Apply();
        return true;
    }

    void ReportOutbox()
    {
        if (_outboxInserted.Count == 0) return;
        OutboxMessage[] committed = [.. _outboxInserted];
        _outboxInserted.Clear();
        Report(committed);
    }

    void Report(OutboxMessage[] committed)
    {
        // Committed already: a subscriber's failure must not look like the transaction's (it would run again). The
        // sender reads the outbox itself when the ids it was given leave a gap, and at start.
        try { OutboxCommitted?.Invoke(committed); }
        catch (Exception) { }
    }

    readonly Queue<QueuedWork> _queued = new();
    int _committers;
    /// <summary>
    /// Group commits running at once: one on LiteDB (its single writer); on PostgreSQL several, each a transaction on its
    /// own connection, so one batch's round trips and commit wait do not hold up the next.
    /// </summary>
    int MaxCommitters => _pg is null ? 1 : PostgresCommitters;
    /// <summary>Group commits at once on PostgreSQL (1, 4 and 8 measured alike on two cores; bench/README.md).</summary>
    const int PostgresCommitters = 4;
    /// <summary>Most pieces of work committed together: bounds the wait of the first one in a batch.</summary>
    const int MaxBatch = 64;
    /// <summary>The longest a commit waits for turns being computed outside to join it.</summary>
    const int GatherMilliseconds = 1;

    sealed record QueuedWork(Func<object?> Work, TaskCompletionSource<object?> Done);

    /// <summary>
    /// Group commit: like <see cref="InTransaction{T}"/>, but work queued while a commit is running is committed
    /// together in the next transaction, one commit for many. Each caller's task completes only after its work is
    /// committed, so nothing is acknowledged before it is durable. Work that throws fails alone: the batch is
    /// rolled back and its pieces run again one transaction each. Work must be re-runnable (read, then write to
    /// the store), as turns are.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool lead;
        lock (_queued)
        {
            _queued.Enqueue(new QueuedWork(() => work(), done));
            lead = _committers < MaxCommitters;
            if (lead) _committers++;
            else if (_queued.Count >= MaxBatch) Monitor.PulseAll(_queued);
        }
        if (lead) _ = Task.Run(CommitQueued);
        return (T)(await done.Task)!;
    }

    /// <summary>
    /// Writes begun on this thread, whatever their store (<see cref="StoreDocuments{T}"/> counts each before it starts): a
    /// piece of a group commit that stops to have something done outside (<see cref="NeededOutside"/>) having begun none
    /// leaves the transaction as it found it. (A fault may leave it otherwise even before a write: a PostgreSQL transaction
    /// is aborted by any failed statement.)
    /// </summary>
    [ThreadStatic] static long t_writesBegun;
    internal static void WriteBegins() => t_writesBegun++;

    /// <summary>A piece of a group commit that stopped having written nothing: the others' writes stand.</summary>
    sealed record FailedAlone(Exception Fault);

    /// <summary>
    /// The batch's pieces in one transaction. One that stops before it writes anything to have something done outside the
    /// transaction (a turn asking for a summary, <c>RenderOutside</c>) fails alone and the rest commit; any other fault, or
    /// one after a write, ends the transaction (rolled back, and each piece run again alone).
    /// </summary>
    static object?[] RunPieces(List<QueuedWork> batch)
    {
        var results = new object?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var before = t_writesBegun;
            try { results[i] = batch[i].Work(); }
            catch (NeededOutside outside) when (t_writesBegun == before) { results[i] = new FailedAlone(outside); }
        }
        return results;
    }

    void CommitQueued()
    {
        while (true)
        {
            var batch = new List<QueuedWork>();
            lock (_queued)
            {
                // Turns computed outside finish within a fraction of a millisecond: committed with these, one commit
                // carries many turns (a commit costs as much as several turns' writes).
                if (_queued.Count < MaxBatch && Volatile.Read(ref _computingOutside) > 0) Monitor.Wait(_queued, GatherMilliseconds);
                while (_queued.Count > 0 && batch.Count < MaxBatch) batch.Add(_queued.Dequeue());
                if (batch.Count == 0) { _committers--; return; }
            }
            object?[]? results = null;
            try { results = InTransaction(() => RunPieces(batch)); }
            catch (Exception) when (batch.Count > 1) { } // one piece failed: run each alone below
            catch (Exception ex) { batch[0].Done.SetException(ex); continue; }
            if (results is not null)
            {
                for (var i = 0; i < batch.Count; i++)
                    if (results[i] is FailedAlone failed) batch[i].Done.SetException(failed.Fault);
                    else batch[i].Done.SetResult(results[i]);
                continue;
            }
            foreach (var b in batch)
            {
                try { b.Done.SetResult(InTransaction(b.Work)); }
                catch (Exception ex) { b.Done.SetException(ex); }
            }
        }
    }

    /// <summary>
    /// Writes a consistent copy of every collection to a new database file while the bot keeps running: the
    /// documents are read in one read transaction (a snapshot; writers are not held up), written to
    /// "&lt;path&gt;.part", then moved into place. Returns the number of documents copied.
    /// </summary>
    public long BackupTo(string path)
    {
        if (_pg is not null) throw new NotSupportedException("The store is on PostgreSQL: back it up with pg_dump (docs/operations.md).");
        var part = path + ".part";
        File.Delete(part);
        long copied = 0;
        using (var target = new LiteDatabase($"Filename={part};Connection=direct"))
        {
            PrivateFiles.Database(part); // before any document is in it
            if (!Db.BeginTrans()) throw new InvalidOperationException("A transaction is already open on this thread.");
            try
            {
                foreach (var name in Db.GetCollectionNames().Order(StringComparer.Ordinal))
                {
                    var into = target.GetCollection(name);
                    foreach (var chunk in Db.GetCollection(name).FindAll().Chunk(1000)) copied += into.InsertBulk(chunk);
                }
            }
            finally { Db.Rollback(); }
            target.Checkpoint();
        }
        File.Move(part, path, overwrite: true);
        return copied;
    }

    public bool IsEmpty => OrgUnits.Count() == 0;

    /// <summary>
    /// Whether a write commits now (one small record rewritten): asked when an update could not be stored, to tell a
    /// failing store (PostgreSQL restarting, a full disk) from an update that fails on its own.
    /// </summary>
    public bool Writes(DateTime utcNow)
    {
        try
        {
            InTransaction(() => Collection<StoreProbe>("store_probe").Upsert(new StoreProbe { Id = "probe", AtUtc = utcNow }));
            return true;
        }
        catch (Exception) { return false; }
    }

    /// <summary>The member a platform user is, by their chat identity (removed ones too; callers decide).</summary>
    public Member? MemberOf(string channel, string userId) =>
        Identities.FindById(ChatIdentity.KeyOf(channel, userId)) is { } identity ? Members.FindById(identity.MemberId) : null;

    /// <summary>
    /// Records that the person blocked the bot (<paramref name="sinceUtc"/>) or no longer does (null), on their identity if
    /// they have one; an earlier block's time is kept. In the caller's transaction. True when something changed.
    /// </summary>
    public bool MarkBlocked(string channel, string userId, DateTime? sinceUtc)
    {
        if (Identities.FindById(ChatIdentity.KeyOf(channel, userId)) is not { } identity || (identity.BlockedAtUtc is null) == (sinceUtc is null)) return false;
        identity.BlockedAtUtc = sinceUtc;
        Identities.Update(identity);
        return true;
    }

    /// <summary>
    /// Called first in a turn's transaction: on PostgreSQL waits until no other instance runs a turn of this chat (the
    /// lock ends with the transaction). In one process the pipeline's chat locks already do that.
    /// </summary>
    public void LockChat(string chatKey)
    {
        if (_pg is not null) _pg.LockInTransaction("chat:" + chatKey);
    }

    /// <summary>
    /// <see cref="LockChat"/> for a turn of the update: on PostgreSQL the documents every turn reads first — the update's
    /// record (a duplicate?), the sender's identity, member and cell, the chat's state (its offer and task) — are read with
    /// the lock, in one round trip instead of six.
    /// </summary>
    public void LockChatFor(Conversation.IncomingUpdate update)
    {
        if (_pg is null) return;
        _pg.LockAndRead("chat:" + update.ChatKey,
        [
            new(Processed.Name, global::ChiBo.Dialogs.Storage.ProcessedUpdates.Key(update.Channel, update.UpdateId)),
            new(Identities.Name, ChatIdentity.KeyOf(update.Channel, update.UserId)),
            new(Members.Name, Field: nameof(ChatIdentity.MemberId)),
            new(Cells.Name, Field: nameof(Member.CellId)),
            new(ChatStates.Name, update.ChatKey),
        ]);
    }

    /// <summary>
    /// On PostgreSQL, the right to be the one sender of all instances (so the platform's global limit, paced in one
    /// process, holds for all), null when another instance has it (and on LiteDB, where there is one process). Check
    /// <see cref="Postgres.PgDatabase.HeldLock.Alive"/> now and then: a broken connection has lost it.
    /// </summary>
    public Postgres.PgDatabase.HeldLock? TryLeadOutbox() => _pg?.TryHold("outbox-sender");

    /// <summary>The cell's members (not the removed ones, nor one transferred here who has not arrived yet).</summary>
    public List<Member> CellMembers(string cellId) =>
        ((StoreDocuments<Member>)Members).FindKept(cellId, "members", OfCell(cellId), () => m => m.CellId == cellId).FindAll(OnRoll);

    /// <summary>
    /// The cell's members as <see cref="CellMembers"/> finds them, made once and shared by every reader until a member
    /// of the cell is next written (a meeting step reads the roster every turn): read them, never change them.
    /// </summary>
    public IReadOnlyList<Member> CellRoster(string cellId) =>
        [.. ((StoreDocuments<Member>)Members).FindKeptShared(cellId, "members", OfCell(cellId), () => m => m.CellId == cellId).Where(OnRoll)];

    static BsonExpression OfCell(string cellId) => LiteQueries.FieldEquals(nameof(Member.CellId), cellId);
    /// <summary>On the cell's roll: not gone, not still arriving on a transfer whose letter is not presented.</summary>
    public static bool OnRoll(Member m) => !m.Removed && m.ArrivingBy is null;

    /// <summary>The cell's scores given after their meeting and not yet put to a meeting's vote (few; most cells none).</summary>
    public List<Evaluation> ScoresAwaitingVote(string cellId) =>
        ((StoreDocuments<Evaluation>)Evaluations).FindKept(cellId, "awaiting vote", LiteQueries.Where("$.CellId=@0 AND $.NeedsVote=true AND $.Vote=null", cellId),
            () => e => e.CellId == cellId && e.NeedsVote && e.Vote == null).FindAll(e => e.AwaitsVote);

    /// <summary>The member has a chat identity on some channel (they joined the bot).</summary>
    public bool IsConnected(string memberId) => Identities.Exists(i => i.MemberId == memberId);

    /// <summary>The cell's meetings, latest first (by date, then by when recorded), each read when reached.</summary>
    /// <remarks>
    /// Ordered here, not by LiteDB: its OrderBy allocates an 800 KiB sort buffer per query (large-object heap) even
    /// for no result, and a cell holds a dozen meetings a year.
    /// </remarks>
    public IEnumerable<Meeting> MeetingsLatestFirst(string cellId) =>
        CellMeetings(cellId, _ => true, latestFirst: true);

    /// <summary>
    /// What the meeting steps ask of a cell's meetings without reading them whole (each holds its attendance list): when,
    /// which kind, and the tasks it set. Shared by every reader while kept: never change them.
    /// </summary>
    public sealed record MeetingHead(string Id, DateTime Date, string Month, DateTime RecordedAtUtc, MeetingKind Kind, IReadOnlyList<TaskItem> NextTasks)
    {
        public static MeetingHead Of(Meeting m) => new(m.Id, m.Date, m.Month, m.RecordedAtUtc, m.Kind, m.NextTasks);
    }

    /// <summary>
    /// The cell's meetings that <paramref name="which"/> chooses by their heads, in no set order or latest first. On
    /// LiteDB only the heads of all the cell's meetings are read, then each chosen meeting when reached: a cell in use
    /// for years holds dozens, each with its attendance list and tasks, and the meeting steps ask for the latest ones or
    /// a month's at many turns (reading them whole made a turn of a cell with two years of meetings ~0.8 ms slower).
    /// </summary>
    public IEnumerable<Meeting> CellMeetings(string cellId, Func<MeetingHead, bool> which, bool latestFirst = false)
    {
        var heads = MeetingHeads(cellId).Where(which);
        if (latestFirst) heads = heads.OrderByDescending(h => h.Date).ThenByDescending(h => h.RecordedAtUtc);
        return heads.ToList().Select(h => Meetings.FindById(h.Id)).OfType<Meeting>();
    }

    /// <summary>The months ("yyyy-MM") with a regular meeting of the cell recorded.</summary>
    public HashSet<string> RegularMeetingMonths(string cellId) =>
        MeetingHeads(cellId).Where(m => MeetingKinds.IsRegular(m.Kind)).Select(m => m.Month).ToHashSet();

    /// <summary>
    /// The heads of the cell's meetings: on LiteDB read alone and kept until a meeting of the cell is next written (the
    /// meeting steps ask at many turns); elsewhere made from the meetings found.
    /// </summary>
    public IReadOnlyList<MeetingHead> MeetingHeads(string cellId)
    {
        // Each field as the mapper reads it into the entity.
        T Field<T>(BsonDocument d, string name) => d[name].IsNull ? default! : _mapper.Deserialize<T>(d[name]);
        return ((StoreDocuments<Meeting>)Meetings).FindKeptSelected(cellId, "heads", LiteQueries.FieldEquals(nameof(Meeting.CellId), cellId),
            LiteQueries.Where("{ _id, Date, Month, RecordedAtUtc, Kind, NextTasks }"),
            d => new MeetingHead(d["_id"].AsString, Field<DateTime>(d, "Date"), Field<string>(d, "Month") ?? "", Field<DateTime>(d, "RecordedAtUtc"),
                Field<MeetingKind>(d, "Kind"), Field<List<TaskItem>>(d, "NextTasks") ?? []),
            () => m => m.CellId == cellId, MeetingHead.Of);
    }

    /// <summary>
    /// The members who filed a self-review for the year. On LiteDB only their ids are read out of the documents: mapping
    /// the reviews whole (each member's texts) took 1.4–3 s and ~0.5 GiB for a province's year, every reminder run. For
    /// reads outside turns (the reminder planner): it reads the file, not what a turn computed outside has yet to write.
    /// </summary>
    public HashSet<string> SelfReviewedMembers(int year) => _pg is not null
        ? SelfReviews.Find(r => r.Year == year).Select(r => r.MemberId).ToHashSet()
        : Fields(SelfReviews.Name, LiteQueries.FieldEquals(nameof(SelfReview.Year), year), nameof(SelfReview.MemberId))
            .Select(d => d[nameof(SelfReview.MemberId)].AsString).ToHashSet();

    /// <summary>How many self-reviews of the year each cell holds, by cell id (as <see cref="SelfReviewedMembers"/>, their cells' ids only: a province's year-end summary).</summary>
    public Dictionary<string, int> SelfReviewsPerCell(int year) => _pg is not null
        ? SelfReviews.Find(r => r.Year == year).CountBy(r => r.CellId).ToDictionary()
        : Fields(SelfReviews.Name, LiteQueries.FieldEquals(nameof(SelfReview.Year), year), nameof(SelfReview.CellId))
            .CountBy(d => d[nameof(SelfReview.CellId)].AsString).ToDictionary();

    /// <summary>Some fields of the documents <paramref name="filter"/> finds (all without one), read out of them by LiteDB: no document is mapped whole.</summary>
    List<BsonDocument> Fields(string collection, BsonExpression? filter, params string[] fields)
    {
        var query = Db.GetCollection(collection).Query();
        if (filter is not null) query = query.Where(filter);
        return query.Select(LiteQueries.Where("{ " + string.Join(", ", fields) + " }")).ToList();
    }

    /// <summary>The cell's meeting with the latest date.</summary>
    public Meeting? LatestMeeting(string cellId) => MeetingsLatestFirst(cellId).FirstOrDefault();

    LiteDatabase Open() => new(new ConnectionString { Filename = Path, Connection = ConnectionType.Direct }, _mapper);

    /// <summary>
    /// True while the engine answers. LiteDB closes its engine for good on some internal faults (a collection changed
    /// under an open query, a page read while written); every call after that fails.
    /// </summary>
    bool EngineAnswers()
    {
        try
        {
            _ = _db.GetCollectionNames().Take(1).ToList();
            return true;
        }
        catch (Exception) { return false; }
    }

    /// <summary>
    /// After a failed transaction: when the engine no longer answers, the file is opened again (committed work is in
    /// it; what was in memory is dropped) and <see cref="Reopened"/> raised. Under the write gate. False when it still
    /// answers (the failure was the work's own). If the file cannot be opened, that exception is thrown.
    /// </summary>
    bool ReopenIfClosed(Exception fault)
    {
        if (_disposed || EngineAnswers()) return false;
        RetiredEngines.Retire(_db); // already closed: nothing to release but the file handle, and what other threads left
        try { _db = Open(); }
        catch (Exception cannot)
        {
            IsDead = true;
            Dead?.Invoke(new AggregateException("The database engine closed and the file cannot be opened again", fault, cannot));
            throw;
        }
        Reopens++;
        ForgetDocuments();
        ProcessedUpdates.Forget();
        _log.EverythingChanged();
        Reopened?.Invoke(fault);
        return true;
    }

    /// <summary>
    /// Reads outside the write transaction (the outbox sender, the reminder planner) in one read-only LiteDB
    /// transaction of this thread: a consistent snapshot, never a query racing a commit. The work must materialise
    /// what it reads (ToList), nothing lazy may escape. Inside the write transaction it simply runs.
    /// </summary>
    public T Read<T>(Func<T> work)
    {
        if (InWriteTransaction) return work();
        if (_pg is not null) return _pg.InScope(work, readOnly: true);
        var db = _db;
        var since = Commits; // before the snapshot begins: it sees at least these
        if (!db.BeginTrans()) return work(); // this thread is in a transaction of its own already
        var outer = t_snapshot;
        t_snapshot = (this, since);
        try { return work(); }
        finally
        {
            t_snapshot = outer;
            try { db.Rollback(); } catch (Exception) { } // a closed engine: the next write finds it and reopens
        }
    }

    long _commits;
    /// <summary>Write transactions committed on the file so far.</summary>
    internal long Commits => Interlocked.Read(ref _commits);
    [ThreadStatic] static (ChiBoStore Store, long Since)? t_snapshot;

    /// <summary>
    /// Every write transaction committed up to this number is seen by what this thread reads now (in the write
    /// transaction, not the running one's own writes; in a <see cref="Read"/>, what its snapshot sees; else, as each
    /// read begins). Memory kept beside the file checks with it that a read missed no change (<c>CellMonth.OfMonth</c>).
    /// </summary>
    internal long SeesCommitsUpTo => InWriteTransaction ? Commits : t_snapshot is { } s && s.Store == this ? s.Since : Commits;

    public void Dispose()
    {
        if (_pg is not null) _pg.Dispose();
        else lock (_writeGate) // after a write under way; reads under way end at their next read
        {
            if (_disposed) return;
            _disposed = true;
            RetiredEngines.Retire(_db);
        }
    }
}
