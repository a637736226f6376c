using ChiBo.Bot.Hosting;
using ChiBo.Bot.Tests.Scheduling;
using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Storage;
using Microsoft.Extensions.Configuration;

namespace ChiBo.Bot.Tests.Storage;

/// <summary><c>migrate &lt;chibo.db&gt;</c> copies a LiteDB database into PostgreSQL, every document as it was.</summary>
public sealed class MigrateTests(PostgresFixture pg) : IClassFixture<PostgresFixture>, IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-migrate").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    IConfiguration Config(PostgresTarget target) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:ChiBo"] = target.ConnectionString,
        ["Storage:Schema"] = target.Schema,
    }).Build();

    [PostgresFact]
    public async Task A_database_with_months_of_meetings_is_copied_whole_and_the_bot_goes_on_there()
    {
        var file = Path.Combine(_dir, "chibo.db");
        var now = ScriptRunner.DefaultStart.UtcDateTime;
        using (var lite = new ChiBoStore(file))
        {
            DemoData.SeedIfEmpty(lite, now);
            DemoData.SeedHistory(lite, ScriptHost.Templates, now);
            lite.InTransaction(() => lite.Audit.Insert(new ChiBo.Dialogs.Domain.AuditEntry { AtUtc = now, Action = "x" })); // a numbered id
        }
        var target = PostgresTarget.Fresh(pg.Server.ConnectionString);
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.Equal(0, Migrate.Run(file, Config(target), output, error));
            Assert.Equal("", error.ToString());
            Assert.Contains("Xong: số tài liệu khớp", output.ToString());
            Assert.Matches(@"meetings\s+(\d+)\s+\1", output.ToString());

            using (var lite = new ChiBoStore(file))
            using (var copy = ChiBoStore.OnPostgres(target.ConnectionString, target.Schema))
            {
                foreach (var name in lite.Db.GetCollectionNames())
                {
                    var a = lite.Collection<LiteDB.BsonDocument>(name).FindAll().ToDictionary(d => d["_id"].ToString(), d => Canonical(d));
                    var b = copy.Collection<LiteDB.BsonDocument>(name).FindAll().ToDictionary(d => d["_id"].ToString(), d => Canonical(d));
                    Assert.Equal(a, b);
                }
                // Numbered ids go on after the copied ones.
                copy.InTransaction(() => copy.Audit.Insert(new ChiBo.Dialogs.Domain.AuditEntry { AtUtc = now, Action = "y" }));
                Assert.Equal(lite.Audit.Latest(1)[0].Id + 1, copy.Audit.Latest(1)[0].Id);
            }

            // Copying again into the same schema is refused: nothing is doubled.
            error = new StringWriter();
            Assert.Equal(1, Migrate.Run(file, Config(target), new StringWriter(), error));
            Assert.Contains("đã có dữ liệu", error.ToString());

            // The bot runs on the copy: the secretary's results are there.
            using var host = new ScriptHost(ScriptRunner.DefaultStart, demo: false, postgres: target with { });
            await host.SendAsync("an", "an", false, "/ketqua");
            Assert.Contains("Chi bộ thôn Đông", Assert.Single(host.TakeNew()).Text);
        }
        finally { target.Drop(); }
    }

    /// <summary>The document as JSON with its fields in name order (PostgreSQL's jsonb keeps its own order).</summary>
    static string Canonical(LiteDB.BsonValue v) => v.Type switch
    {
        LiteDB.BsonType.Document => "{" + string.Join(",", v.AsDocument.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":{Canonical(p.Value)}")) + "}",
        LiteDB.BsonType.Array => "[" + string.Join(",", v.AsArray.Select(Canonical)) + "]",
        _ => LiteDB.JsonSerializer.Serialize(v),
    };

    [Fact]
    public void Without_a_connection_string_it_says_what_to_set()
    {
        var error = new StringWriter();
        var file = Path.Combine(_dir, "chibo.db");
        using (new ChiBoStore(file)) { }
        Assert.Equal(2, Migrate.Run(file, new ConfigurationBuilder().Build(), new StringWriter(), error));
        Assert.Contains("ConnectionStrings__ChiBo", error.ToString());
        Assert.Equal(1, Migrate.Run(Path.Combine(_dir, "khong-co.db"), new ConfigurationBuilder().Build(), new StringWriter(), error));
    }
}
