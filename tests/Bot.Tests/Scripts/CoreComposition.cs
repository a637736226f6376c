using Microsoft.Extensions.Logging;
using ChiBo.Bot.Hosting;
using ChiBo.Bot.Outbox;
using ChiBo.Scheduling.Housekeeping;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChiBo.Bot.Tests.Scripts;

/// <summary>
/// The bot's core composed as the program composes it (<see cref="ChiBoCore.AddChiBoCore"/>), for the test hosts: one
/// composition root, so a change in the wiring reaches the tests too. The tests' clock, the templates loaded once, a
/// folder of their own and the channel's sender are what differ.
/// </summary>
public static class CoreComposition
{
    public static ServiceProvider Build(string dir, TimeProvider clock, Action<IServiceCollection>? channel = null, TimeSpan? firstRetryDelay = null,
        PostgresTarget? postgres = null, bool computeOutside = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(dir, "chibo.db"),
            ["Reports:Path"] = Path.Combine(dir, "reports"),
        };
        if (computeOutside) settings["Storage:ComputeOutside"] = "true";
        if (postgres is not null)
        {
            settings["Storage:Provider"] = "postgres";
            settings["Storage:Schema"] = postgres.Schema;
            settings["ConnectionStrings:ChiBo"] = postgres.ConnectionString;
        }
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => { if (Environment.GetEnvironmentVariable("TEST_LOG") == "1") b.AddConsole(); }); // TEST_LOG=1: the hosts' logs on the console
        services.AddSingleton<IConfiguration>(config);
        services.AddChiBoCore(config, demo: false);
        // The last registration of a service is the one resolved: the test's clock and the shared templates.
        services.AddSingleton(clock);
        services.AddSingleton(ScriptHost.Templates);
        services.AddSingleton(sp => new Backups(sp.GetRequiredService<ChiBo.Dialogs.Storage.ChiBoStore>(), clock, new BackupRules(),
            Path.Combine(dir, "backups"), NullLogger<Backups>.Instance));
        if (firstRetryDelay is { } delay) services.Configure<OutboxOptions>(o => o.FirstRetryDelay = delay);
        channel?.Invoke(services);
        return services.BuildServiceProvider();
    }
}

/// <summary>A schema of its own on a test PostgreSQL server, for a host whose store lives there.</summary>
public sealed record PostgresTarget(string ConnectionString, string Schema)
{
    public static PostgresTarget Fresh(string connectionString) => new(connectionString, "t_" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Drops the schema and its tables.</summary>
    public void Drop()
    {
        using var db = new ChiBo.Dialogs.Storage.Postgres.PgDatabase(ConnectionString, Schema);
        db.DropSchema();
    }
}
