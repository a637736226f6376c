using ChiBo.Bot.Tests.Console;
using ChiBo.Bot.Tests.Scheduling;
using ChiBo.Bot.Tests.Scripts;

namespace ChiBo.Bot.Tests.Storage;

/// <summary>The program's console on PostgreSQL, as a developer tries the store: every reply shown after its line.</summary>
public sealed class ConsoleOnPostgresTests(PostgresFixture pg) : IClassFixture<PostgresFixture>, IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("chibo-console-pg").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [PostgresFact(Timeout = 180_000)]
    public async Task A_piped_demo_on_PostgreSQL_shows_every_reply_before_the_input_ends()
    {
        var target = PostgresTarget.Fresh(pg.Server.ConnectionString);
        try
        {
            using var bot = new BotProcess(_dir, new Dictionary<string, string>
            {
                ["Storage__Provider"] = "postgres", ["ConnectionStrings__ChiBo"] = target.ConnectionString, ["Storage__Schema"] = target.Schema,
            });
            await bot.SendAsync(ConsoleProgramTests.Demo); // the README's demo input
            Assert.Equal(0, await bot.EndInputAsync());
            var o = bot.Output;
            // The sender's place is taken at start and held for a pause (another instance may have just sent): the
            // console's first reply waits for it instead of being left in the outbox when the input ends.
            Assert.Contains("Đã lưu buổi sinh hoạt thường kỳ tháng", o);
            Assert.Contains("Điểm chất lượng: 99,5 điểm, Khá (mục B1 chưa đạt tối đa) — chi bộ thông qua 5/5", o);
            Assert.Contains("Kết quả sinh hoạt — Chi bộ thôn Đông", o);
        }
        finally { target.Drop(); }
    }
}
