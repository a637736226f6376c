using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Scheduling.Reminders;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Scheduling;

/// <summary>The reminder sweep on PostgreSQL, where another instance may change the members it keeps between two runs.</summary>
public sealed class PostgresReminderTests(PostgresFixture pg) : IClassFixture<PostgresFixture>
{
    static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    [PostgresFact]
    public void A_member_added_by_another_instance_is_reminded_at_the_next_sweep()
    {
        var target = Scripts.PostgresTarget.Fresh(pg.Server.ConnectionString);
        try
        {
            // 5 December, a self-review reminder day: every member of a cell with a chat is reminded.
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 9, 0, 0, Vn));
            using var here = ChiBoStore.OnPostgres(target.ConnectionString, target.Schema);
            using var there = ChiBoStore.OnPostgres(target.ConnectionString, target.Schema);
            DemoData.SeedIfEmpty(here, clock.GetUtcNow().UtcDateTime);
            var sweep = new ReminderSweep(here, clock, new ReminderRules(), NullLogger<ReminderSweep>.Instance, Scripts.ScriptHost.Templates);
            Assert.True(sweep.Run() > 0);
            var before = here.CommittedWritesTo(here.Members.Name, here.Identities.Name);
            Assert.NotNull(before);
            Assert.Null(here.CommittedWritesTo(here.Members.Name, here.Outbox.Name)); // the outbox's writes are not counted

            // The other instance adds a member with a chat; until it commits, nothing counts.
            there.InTransaction(() =>
            {
                there.Members.Insert(new Member { Id = "moi", Name = "Nguyễn Văn Mới", CellId = "cb-thon-dong" });
                there.Identities.Insert(new ChatIdentity { Id = ChatIdentity.KeyOf(DemoData.Channel, "moi"), Channel = DemoData.Channel, PlatformUserId = "moi", MemberId = "moi" });
                Assert.Equal(before, here.CommittedWritesTo(here.Members.Name, here.Identities.Name));
            });
            Assert.NotEqual(before, here.CommittedWritesTo(here.Members.Name, here.Identities.Name));

            clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(1, sweep.Run());
            Assert.Contains(here.Outbox.Find(o => o.ChatId == "moi").ToList(), o => o.Text.StartsWith("📝 Đồng chí Nguyễn Văn Mới chưa nộp bản tự kiểm điểm năm 2026"));
            clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(0, sweep.Run());
        }
        finally { target.Drop(); }
    }

    [PostgresFact]
    public void A_database_of_schema_version_1_counts_member_writes_once_this_version_opens_it()
    {
        var target = Scripts.PostgresTarget.Fresh(pg.Server.ConnectionString);
        try
        {
            using (var first = ChiBoStore.OnPostgres(target.ConnectionString, target.Schema))
                DemoData.SeedIfEmpty(first, DateTime.UtcNow);
            // As version 1 left it: the members' table there, no counter, no trigger.
            using (var conn = new Npgsql.NpgsqlConnection(target.ConnectionString))
            {
                conn.Open();
                using var cmd = new Npgsql.NpgsqlCommand($"""
                    DROP TRIGGER count_writes ON "{target.Schema}".members; DROP TRIGGER count_writes ON "{target.Schema}".identities;
                    DROP TABLE "{target.Schema}".collection_writes; DROP FUNCTION "{target.Schema}".count_writes();
                    DELETE FROM "{target.Schema}".schema_version WHERE version > 1;
                    """, conn);
                cmd.ExecuteNonQuery();
            }
            using var store = ChiBoStore.OnPostgres(target.ConnectionString, target.Schema);
            var before = store.CommittedWritesTo(store.Members.Name);
            var minh = store.Members.FindById("minh")!;
            minh.Name = "Trần Văn Mạnh";
            store.Members.Update(minh);
            Assert.NotEqual(before, store.CommittedWritesTo(store.Members.Name));
        }
        finally { target.Drop(); }
    }
}
