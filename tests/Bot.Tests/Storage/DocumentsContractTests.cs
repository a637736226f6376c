using ChiBo.Bot.Tests.Scheduling;
using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Bot.Tests.Storage;

/// <summary>
/// The same calls give the same answers on both stores: what is written comes back as it was, and each predicate
/// shape the code uses finds the same documents in the LiteDB file and in PostgreSQL.
/// </summary>
public sealed class DocumentsContractTests(PostgresFixture pg) : IClassFixture<PostgresFixture>
{
    public static TheoryData<string> Stores()
    {
        var data = new TheoryData<string> { "litedb" };
        if (PostgresServer.Unavailable is null) data.Add("postgres"); // else only LiteDB (the PostgreSQL tests say why they skip)
        return data;
    }

    sealed class Opened(ChiBoStore store, Action cleanup) : IDisposable
    {
        public ChiBoStore Store { get; } = store;
        public void Dispose()
        {
            Store.Dispose();
            cleanup();
        }
    }

    Opened Open(string kind)
    {
        if (kind == "postgres")
        {
            var target = PostgresTarget.Fresh(pg.Server.ConnectionString);
            return new Opened(ChiBoStore.OnPostgres(target.ConnectionString, target.Schema), target.Drop);
        }
        var dir = Directory.CreateTempSubdirectory("chibo-docs").FullName;
        return new Opened(new ChiBoStore(Path.Combine(dir, "chibo.db")), () => Directory.Delete(dir, true));
    }

    static readonly DateTime Day = new(2026, 12, 3);
    static readonly DateTime At = new(2026, 12, 2, 23, 30, 15, 123, DateTimeKind.Utc);

    [Theory, MemberData(nameof(Stores))]
    public void A_member_comes_back_as_it_was_written(string kind)
    {
        using var s = Open(kind);
        var member = new Member
        {
            Id = "m1", Name = "Nguyễn Văn An", CellId = "c1", Status = MemberStatus.Probationary, BirthDate = new DateTime(1980, 1, 31),
            Roles = [new RoleGrant { Role = Role.Secretary, ScopeId = "c1" }], DuesPerMonth = 35_000,
            Departure = new Departure { Reason = LeavingReason.TransferredOut, CellId = "c1", OnDate = Day, RecordedAtUtc = At },
            History = [new MemberEvent { AtUtc = At, What = "\"quoted\" 'single' \\ back", CellId = "c1" }],
        };
        s.Store.Members.Insert(member);
        var back = s.Store.Members.FindById("m1")!;
        Assert.Equal(Json(s.Store, member), Json(s.Store, back));
        Assert.Equal(DateTimeKind.Unspecified, back.Departure!.RecordedAtUtc.Kind);
        Assert.Null(s.Store.Members.FindById("khong-co"));
        Assert.Null(s.Store.Members.FindById((string?)null));
    }

    [Theory, MemberData(nameof(Stores))]
    public void Decimal_scores_and_whole_numbers_stored_as_doubles_keep_their_type(string kind)
    {
        using var s = Open(kind);
        var e = new Evaluation { Id = "e1", MeetingId = "m1", CellId = "c1", Month = "2026-12", Total = 99.5m, Scores = new() { ["a"] = 5m, ["b"] = 0.25m } };
        s.Store.Evaluations.Insert(e);
        var back = s.Store.Evaluations.FindById("e1")!;
        Assert.Equal(99.5m, back.Total);
        Assert.Equal(0.25m, back.Scores["b"]);
        Assert.Single(s.Store.Evaluations.Find(x => x.Total > 99m));
    }

    [Theory, MemberData(nameof(Stores))]
    public void Each_predicate_shape_the_code_uses_finds_the_same_documents(string kind)
    {
        using var s = Open(kind);
        var t = s.Store.Transfers;
        t.Insert(new Transfer { Id = "t1", FromCellId = "a", ToCellId = "b", State = TransferState.Pending, IssuedOn = Day, RecordedAtUtc = At });
        t.Insert(new Transfer { Id = "t2", FromCellId = "b", ToCellId = "c", State = TransferState.Arrived, IssuedOn = Day.AddDays(1), ArrivedOn = Day.AddDays(2) });
        t.Insert(new Transfer { Id = "t3", FromCellId = "c", ToCellId = "a", State = TransferState.Pending, IssuedOn = Day.AddDays(-1), Temporary = true });
        Ids(["t1", "t3"], t.Find(x => x.State == TransferState.Pending));
        Ids(["t2"], t.Find(x => x.State != TransferState.Pending));
        Ids(["t1", "t2"], t.Find(x => x.ToCellId == "b" || x.FromCellId == "b"));
        Ids(["t1", "t3"], t.Find(x => x.ArrivedOn == null));
        Ids(["t2"], t.Find(x => x.ArrivedOn != null && !x.Temporary));
        Ids(["t3"], t.Find(x => x.Temporary));
        Ids(["t1", "t2"], t.Find(x => x.IssuedOn >= Day));
        Ids(["t1"], t.Find(x => x.IssuedOn == Day));
        var cell = new Cell { Id = "a" };
        Ids(["t3"], t.Find(x => x.ToCellId == cell.Id)); // a captured object's field
        var wanted = new List<string> { "t2", "t3" };
        Ids(["t2", "t3"], t.Find(x => wanted.Contains(x.Id)));
        Assert.Equal(2, t.Count(x => x.State == TransferState.Pending));
        Assert.True(t.Exists(x => x.FromCellId == "c"));
        Assert.Equal("t2", t.FindOne(x => x.State == TransferState.Arrived)?.Id);
    }

    [Theory, MemberData(nameof(Stores))]
    public void Lists_nested_fields_and_years_are_searched_too(string kind)
    {
        using var s = Open(kind);
        s.Store.Members.Insert(new Member { Id = "m1", CellId = "c1", History = [new MemberEvent { What = "x" }] });
        s.Store.Members.Insert(new Member { Id = "m2", CellId = "c1", Removed = true, Departure = new Departure { CellId = "c1" } });
        s.Store.Members.Insert(new Member { Id = "m3", CellId = null });
        Ids(["m1"], s.Store.Members.Find(m => m.History.Count > 0));
        Ids(["m2"], s.Store.Members.Find(m => m.Departure!.CellId == "c1"));
        Ids(["m1"], s.Store.Members.Find(m => !m.Removed && m.CellId != null));
        Ids(["m3"], s.Store.Members.Find(m => m.CellId == null));
        s.Store.TopicPlans.Insert(new TopicPlan { Id = "p1", CellId = "c1", Year = 2026 });
        s.Store.TopicPlans.Insert(new TopicPlan { Id = "p2", CellId = "c1", Year = 2025 });
        Ids(["p1"], s.Store.TopicPlans.Find(p => p.Year >= 2026));
    }

    [Theory, MemberData(nameof(Stores))]
    public void Suspended_members_are_found_by_their_suspensions_first_day(string kind)
    {
        using var s = Open(kind);
        s.Store.Members.Insert(new Member { Id = "m1", CellId = "c1", Suspension = new Suspension { Decision = "QĐ 1", Since = Day } });
        s.Store.Members.Insert(new Member { Id = "m2", CellId = "c1", PastSuspensions = [new Suspension { Since = Day.AddYears(-1), Until = Day.AddMonths(-6) }] });
        s.Store.Members.Insert(new Member { Id = "m3", CellId = "c2" });
        Ids(["m1"], s.Store.Members.Find(m => m.Suspension!.Since >= new DateTime(1930, 1, 1)));
        if (kind == "litedb") // read through the index made for it (StoreIndexes), not a scan of every member
        {
            var plan = s.Store.Db.GetCollection<Member>("members").Query().Where(m => m.Suspension!.Since >= new DateTime(1930, 1, 1)).GetPlan();
            Assert.Equal("SuspensionSince", plan["index"]["name"].AsString);
        }
    }

    [Theory, MemberData(nameof(Stores))]
    public void Ranges_prefixes_and_the_latest_numbered_documents(string kind)
    {
        using var s = Open(kind);
        foreach (var m in new[] { "2026-10", "2026-11", "2026-12", "2027-01" })
            s.Store.AttendanceReports.Insert(new AttendanceReport { Id = $"r-{m}", Month = m, CellId = "c1", StaffId = "dung" });
        Assert.Equal(["r-2026-11", "r-2026-12"], s.Store.AttendanceReports.FindBetween(r => r.Month, "2026-11", "2026-12").Select(r => r.Id).Order());
        s.Store.Cells.Insert(new Cell { Id = "c1", Path = "/tinh/xa/c1/" });
        s.Store.Cells.Insert(new Cell { Id = "c2", Path = "/tinh/xb/c2/" });
        Ids(["c1"], s.Store.Cells.FindStartingWith(c => c.Path, "/tinh/xa/"));
        for (var i = 0; i < 3; i++) s.Store.Audit.Insert(new AuditEntry { AtUtc = At, Action = $"a{i}", CellId = i == 1 ? "c1" : "c2" });
        var all = s.Store.Audit.FindAll();
        Assert.Equal([1L, 2L, 3L], all.Select(a => a.Id).Order());
        Assert.Equal("a2", Assert.Single(s.Store.Audit.Latest(1)).Action);
        Assert.Equal(["a1"], s.Store.Audit.Latest(5, a => a.CellId == "c1").Select(a => a.Action));
        Assert.Equal(["a2"], s.Store.Audit.Find(a => a.Id > 2).Select(a => a.Action));
    }

    [Theory, MemberData(nameof(Stores))]
    public void Writes_answer_what_they_did_and_a_failed_transaction_leaves_nothing(string kind)
    {
        using var s = Open(kind);
        var plans = s.Store.Cells; // kept in memory too on LiteDB
        Assert.True(plans.Upsert(new Cell { Id = "p1", Name = "một" }));
        Assert.False(plans.Upsert(new Cell { Id = "p1", Name = "hai" }));
        Assert.Equal("hai", plans.FindById("p1")!.Name);
        Assert.False(plans.Update(new Cell { Id = "khong-co" }));
        Assert.Throws<InvalidOperationException>(() => s.Store.InTransaction(() =>
        {
            plans.Insert(new Cell { Id = "p2" });
            plans.Update(new Cell { Id = "p1", Name = "ba" });
            Assert.Equal("ba", plans.FindById("p1")!.Name); // the transaction reads its own writes
            throw new InvalidOperationException("the turn failed");
        }));
        Assert.Null(plans.FindById("p2"));
        Assert.Equal("hai", s.Store.Read(() => plans.FindById("p1"))!.Name);
        s.Store.InTransaction(() => plans.Insert(new Cell { Id = "p3", Name = "bốn" }));
        Assert.Equal(1, plans.DeleteMany(p => p.Name == "bốn"));
        Assert.True(plans.Delete("p1"));
        Assert.False(plans.Delete("p1"));
        Assert.Equal(0, plans.Count());
    }

    [PostgresFact]
    public void On_PostgreSQL_a_search_by_an_indexed_field_uses_its_index()
    {
        using var s = Open("postgres");
        var meetings = (ChiBo.Dialogs.Storage.Postgres.PgDocuments<Meeting>)ChiBo.Dialogs.Storage.ChiBoStore.Beneath(s.Store.Meetings);
        var cellId = "c1";
        Assert.Contains("meetings_CellId", meetings.Plan(m => m.CellId == cellId && m.Month == "2026-12"));
        var members = (ChiBo.Dialogs.Storage.Postgres.PgDocuments<Member>)ChiBo.Dialogs.Storage.ChiBoStore.Beneath(s.Store.Members);
        Assert.Contains("members_Status", members.Plan(m => m.Status == MemberStatus.Probationary));
        Assert.Contains("members_SuspensionSince", members.Plan(m => m.Suspension!.Since >= new DateTime(1930, 1, 1)));
        var cells = (ChiBo.Dialogs.Storage.Postgres.PgDocuments<Cell>)ChiBo.Dialogs.Storage.ChiBoStore.Beneath(s.Store.Cells);
        Assert.Contains("cells_Path", cells.Plan(c => c.Path.StartsWith("/tinh/")));
        var outbox = (ChiBo.Dialogs.Storage.Postgres.PgDocuments<OutboxMessage>)ChiBo.Dialogs.Storage.ChiBoStore.Beneath(s.Store.Outbox);
        Assert.Contains("outbox_pending", outbox.Plan(o => o.Status == OutboxStatus.Pending));
        // The sender asks for the latest message at every scan: read from the index on the number, not by sorting the table.
        var latest = outbox.PlanLatest(1);
        Assert.Contains("outbox__n", latest);
        Assert.DoesNotContain("Sort", latest);
    }

    [Theory, MemberData(nameof(Stores))]
    public void In_a_transaction_a_document_read_again_is_as_the_transaction_last_wrote_it(string kind)
    {
        using var s = Open(kind);
        var members = s.Store.Members;
        s.Store.InTransaction(() =>
        {
            Assert.Null(members.FindById("m1"));
            members.Insert(new Member { Id = "m1", Name = "An", CellId = "c1" });
            Assert.Equal("An", members.FindById("m1")!.Name);
            var m = members.FindById("m1")!;
            m.Name = "Bình";
            members.Update(m);
            Assert.Equal("Bình", members.FindById("m1")!.Name);
            Assert.Equal(1, members.DeleteMany(x => x.CellId == "c1"));
            Assert.Null(members.FindById("m1"));
            Assert.True(members.Upsert(new Member { Id = "m2", Name = "Chi", CellId = "c1" })); // added
            Assert.True(members.Delete("m2"));
            Assert.Null(members.FindById("m2"));
        });
        Assert.Equal(0, members.Count());
    }

    [PostgresFact(Timeout = 60_000)]
    public async Task On_PostgreSQL_an_update_made_on_a_read_another_transaction_changed_since_is_made_again_on_the_change()
    {
        using var s = Open("postgres");
        var members = s.Store.Members;
        members.Insert(new Member { Id = "m1", Name = "An", CellId = "c1", DuesPerMonth = 10_000 });
        using var read = new SemaphoreSlim(0);
        using var changed = new SemaphoreSlim(0);
        var runs = 0;
        var late = Task.Run(() => s.Store.InTransaction(() =>
        {
            var m = members.FindById("m1")!;
            if (++runs == 1)
            {
                read.Release();
                changed.Wait(); // the other transaction changes and commits it meanwhile
            }
            m.Name = "An (sửa sau)";
            members.Update(m);
        }));
        await read.WaitAsync();
        s.Store.InTransaction(() =>
        {
            var m = members.FindById("m1")!;
            m.DuesPerMonth = 20_000;
            members.Update(m);
        });
        changed.Release();
        await late;
        Assert.Equal(2, runs); // refused once (its read was old), then made on what the other wrote
        var stored = members.FindById("m1")!;
        Assert.Equal(("An (sửa sau)", (long?)20_000), (stored.Name, stored.DuesPerMonth)); // both changes kept
    }

    [PostgresFact(Timeout = 60_000)]
    public async Task On_PostgreSQL_a_document_read_as_missing_and_made_by_another_transaction_meanwhile_is_written_again_on_it()
    {
        using var s = Open("postgres");
        var members = s.Store.Members;
        using var read = new SemaphoreSlim(0);
        using var made = new SemaphoreSlim(0);
        var runs = 0;
        var late = Task.Run(() => s.Store.InTransaction(() =>
        {
            var m = members.FindById("m2") ?? new Member { Id = "m2", Name = "Bình", CellId = "c1" };
            if (++runs == 1)
            {
                read.Release();
                made.Wait(); // the other transaction makes it and commits meanwhile
            }
            m.DuesPerMonth = 5_000;
            return members.Upsert(m);
        }));
        await read.WaitAsync();
        s.Store.InTransaction(() => members.Insert(new Member { Id = "m2", Name = "Bình (đã có)", CellId = "c1" }));
        made.Release();
        Assert.False(await late); // refused once (it read nothing there), then an update of what the other made
        Assert.Equal(2, runs);
        var stored = members.FindById("m2")!;
        Assert.Equal(("Bình (đã có)", (long?)5_000), (stored.Name, stored.DuesPerMonth));
    }

    [PostgresTheory(Timeout = 60_000)]
    [InlineData("session")]
    [InlineData("member")]
    [InlineData("cell")]
    public async Task On_PostgreSQL_the_documents_read_with_a_turn_s_lock_are_as_the_lock_found_them_and_checked_when_written(string changed)
    {
        using var s = Open("postgres");
        var store = s.Store;
        store.Cells.Insert(new Cell { Id = "c1", Name = "Chi bộ 1" });
        store.Members.Insert(new Member { Id = "m1", Name = "An", CellId = "c1" });
        store.Identities.Insert(new ChatIdentity { Id = "console:an", Channel = "console", PlatformUserId = "an", MemberId = "m1" });
        store.ChatStates.Insert(new ChatState { Id = "console:an", Session = new DialogSession { Id = "console:an", Flow = "sinhhoat", Step = "ngay" } });
        var update = new IncomingUpdate("console", "7", "an", ChatKind.Private, "an", "An", "03/12/2026");
        using var locked = new SemaphoreSlim(0);
        using var meanwhile = new SemaphoreSlim(0);
        var runs = 0;
        (string Step, string Member, string Cell)? seen = null;
        var turn = Task.Run(() => store.InTransaction(() =>
        {
            store.LockChatFor(update); // its session, the sender's member and cell are read here, with the lock
            if (++runs == 1)
            {
                locked.Release();
                meanwhile.Wait(); // another transaction (not a turn of this chat) changes one of them
            }
            var chat = store.ChatStates.FindById("console:an")!;
            var session = chat.Session!;
            var member = store.MemberOf("console", "an")!;
            var cell = store.Cells.FindById(member.CellId)!;
            seen ??= (session.Step, member.Name, cell.Name);
            session.Answers["ngay"] = "03/12/2026";
            member.DuesPerMonth = 12_000;
            cell.MeetingDay = 5;
            store.ChatStates.Update(chat);
            store.Members.Update(member);
            store.Cells.Update(cell);
            return 0;
        }));
        await locked.WaitAsync();
        store.InTransaction(() =>
        {
            switch (changed)
            {
                case "session": var chat = store.ChatStates.FindById("console:an")!; chat.Session!.Step = "loai"; store.ChatStates.Update(chat); break;
                case "member": var member = store.Members.FindById("m1")!; member.Name = "Nguyễn Văn An"; store.Members.Update(member); break;
                default: var cell = store.Cells.FindById("c1")!; cell.Name = "Chi bộ Thôn 1"; store.Cells.Update(cell); break;
            }
        });
        meanwhile.Release();
        await turn;
        Assert.Equal((("ngay", "An", "Chi bộ 1"), 2), (seen, runs)); // the first run read them as locked, was refused, and ran again on the change
        var after = (store.SessionOf("console:an")!, store.Members.FindById("m1")!, store.Cells.FindById("c1")!);
        Assert.Equal(("03/12/2026", (long?)12_000, 5), (after.Item1.Answers["ngay"], after.Item2.DuesPerMonth, after.Item3.MeetingDay)); // its writes, on
        Assert.Equal(changed switch { "session" => "loai", "member" => "Nguyễn Văn An", _ => "Chi bộ Thôn 1" },   // the other's change
            changed switch { "session" => after.Item1.Step, "member" => after.Item2.Name, _ => after.Item3.Name });
    }

    [Theory, MemberData(nameof(Stores))]
    public void Tasks_stored_as_documents_of_their_own_move_into_their_chats_when_the_store_opens(string kind)
    {
        Func<ChiBoStore> open;
        Action cleanup;
        if (kind == "postgres")
        {
            var target = PostgresTarget.Fresh(pg.Server.ConnectionString);
            (open, cleanup) = (() => ChiBoStore.OnPostgres(target.ConnectionString, target.Schema), target.Drop);
        }
        else
        {
            var dir = Directory.CreateTempSubdirectory("chibo-docs").FullName;
            (open, cleanup) = (() => new ChiBoStore(Path.Combine(dir, "chibo.db")), () => Directory.Delete(dir, true));
        }
        try
        {
            using (var store = open())
            {
                // As databases made before 2026-12-06 keep them: each chat's task, and one set aside paused, a document in "sessions".
                var old = store.Collection<DialogSession>("sessions");
                old.Insert(new DialogSession { Id = "console:an", Flow = "danhgia", Step = "B1", Answers = { ["B0"] = "đạt" } });
                old.Insert(new DialogSession { Id = "console:an" + DialogSession.ParkedSuffix, Flow = "sinhhoat", Step = "loai", Paused = true });
                old.Insert(new DialogSession { Id = "console:minh", Flow = "luyenthi", Step = "q0" });
                store.ChatStates.Insert(new ChatState { Id = "console:an", PromptSeq = 4, AnswerCommand = "vang 2026-12-03" });
            }
            using (var store = open())
            {
                Assert.Equal(0, store.Collection<DialogSession>("sessions").Count());
                var an = store.ChatStates.FindById("console:an")!;
                Assert.Equal((4L, "vang 2026-12-03"), (an.PromptSeq, an.AnswerCommand)); // the chat's offer stays
                Assert.Equal(("danhgia", "B1", "đạt"), (an.Session!.Flow, an.Session.Step, an.Session.Answers["B0"]));
                Assert.Equal(("sinhhoat", "loai", true), (an.Parked!.Flow, an.Parked.Step, an.Parked.Paused));
                Assert.Equal("luyenthi", store.SessionOf("console:minh")!.Flow);
                Assert.Null(store.ChatStates.FindById("console:minh")!.Parked);
            }
        }
        finally { cleanup(); }
    }

    [PostgresFact]
    public void On_PostgreSQL_a_query_in_a_transaction_finds_what_the_transaction_just_wrote()
    {
        using var s = Open("postgres");
        var members = s.Store.Members;
        members.Insert(new Member { Id = "m1", Name = "An", CellId = "c1" });
        var (found, counted, gone) = s.Store.InTransaction(() =>
        {
            var m = members.FindById("m1")!;
            m.CellId = "c2";
            members.Update(m);                                                   // sent with the next statement
            members.Upsert(new Member { Id = "m3", Name = "Cúc", CellId = "c2" }); // likewise (read as missing: none)
            members.Insert(new Member { Id = "m4", Name = "Dũng", CellId = "c2" });
            var found = members.Find(x => x.CellId == "c2").Select(x => x.Id).ToList();
            var counted = members.Count(x => x.CellId == "c2");
            members.Delete("m4");
            return (found, counted, members.Exists(x => x.Id == "m4"));
        });
        Assert.Equal(["m1", "m3", "m4"], found);
        Assert.Equal((3, false), (counted, gone));
        Assert.Equal(["m1", "m3"], members.Find(x => x.CellId == "c2").Select(x => x.Id));
    }

    [PostgresFact(Timeout = 120_000)]
    public async Task On_PostgreSQL_work_of_many_chats_changing_one_document_at_once_loses_none_of_its_changes()
    {
        using var s = Open("postgres");
        var members = s.Store.Members;
        members.Insert(new Member { Id = "m1", Name = "An", CellId = "c1", DuesPerMonth = 0 });
        // Group commits run at once on PostgreSQL: each adds 1 to the same document, read and written in its transaction.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => Task.Run(async () =>
        {
            try
            {
                await s.Store.InTransactionAsync(() =>
                {
                    var m = members.FindById("m1")!;
                    Thread.Sleep(2); // a turn's work between its read and its write, while other commits run
                    m.DuesPerMonth = (m.DuesPerMonth ?? 0) + 1;
                    members.Update(m);
                    return 0;
                });
                return true;
            }
            catch (Exception ex) when (ChiBo.Dialogs.Storage.Postgres.PgDatabase.IsConflict(ex)) { return false; } // refused, nothing made
        })));
        var made = outcomes.Count(done => done);
        Assert.True(made >= 30, $"only {made} of 60 were made");
        Assert.Equal(made, members.FindById("m1")!.DuesPerMonth);
    }

    [Fact]
    public void A_predicate_PostgreSQL_cannot_be_asked_is_refused_with_the_expression_not_run_in_memory()
    {
        var args = new List<object?>();
        var refused = Assert.Throws<NotSupportedException>(() =>
            ChiBo.Dialogs.Storage.Postgres.PgPredicate.Translate<Member>(m => m.Roles.Any(r => r.Role == Role.Secretary), args));
        Assert.Contains("Roles.Any", refused.Message);
        var sql = ChiBo.Dialogs.Storage.Postgres.PgPredicate.Translate<Member>(m => m.CellId == "c'1" && m.Status != MemberStatus.Exempt, args);
        Assert.DoesNotContain("c'1", sql); // values travel as parameters, never in the SQL text
        Assert.Equal(["c'1", "Exempt"], args);
    }

    static void Ids<T>(string[] expected, List<T> found) where T : class =>
        Assert.Equal(expected, found.Select(x => (string)typeof(T).GetProperty("Id")!.GetValue(x)!).Order(StringComparer.Ordinal));

    static string Json<T>(ChiBoStore store, T entity) => LiteDB.JsonSerializer.Serialize(LiteDB.BsonMapper.Global.ToDocument(entity));
}
