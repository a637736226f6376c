using System.Globalization;
using System.Text.RegularExpressions;
using ChiBo.Dialogs.Storage;
using ChiBo.Scheduling.Reminders;
using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Scheduling;

/// <summary>Whatever the downtime, a reminder says what is true on the day it goes out.</summary>
public sealed partial class ReminderTruthTests
{
    static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    /// <summary>What one reminder text claims about a day, checked against the day it was sent.</summary>
    sealed record Claim(Regex Pattern, Func<Match, DateTime, bool> Holds, string Says);

    static DateTime Day(string ddMMyyyy) => DateTime.ParseExact(ddMMyyyy, "dd/MM/yyyy", CultureInfo.InvariantCulture);

    static readonly Claim[] Claims =
    [
        new(CountTo(), (m, today) => (Day(m.Groups["d"].Value) - today).Days == int.Parse(m.Groups["n"].Value), "Còn N ngày … (ngày họp)"),
        new(Tomorrow(), (m, today) => Day(m.Groups["d"].Value) == today.AddDays(1), "Ngày mai … (ngày họp)"),
        new(Today(), (m, today) => Day(m.Groups["d"].Value) == today, "Hôm nay … (ngày họp)"),
        new(ContestCount(), (m, today) => (Day(m.Groups["d"].Value) - today).Days == int.Parse(m.Groups["n"].Value), "hạn … (còn N ngày)"),
        new(ContestToday(), (m, today) => Day(m.Groups["d"].Value) == today, "hạn … (hôm nay là hạn cuối)"),
        new(ReportAhead(), (m, today) => Day(m.Groups["d"].Value) > today, "báo cáo …, hạn (sau hôm nay)"),
        new(ReportLate(), (m, today) => Day(m.Groups["d"].Value) < today, "đã quá hạn (trước hôm nay)"),
    ];

    [GeneratedRegex(@"^(?:📌 )?Còn (?<n>\d+) ngày.*?(?<d>\d\d/\d\d/\d{4})", RegexOptions.Singleline)]
    private static partial Regex CountTo();
    [GeneratedRegex(@"^(?:📅 |📌 )?Ngày mai\b.*?(?<d>\d\d/\d\d/\d{4})", RegexOptions.Singleline)]
    private static partial Regex Tomorrow();
    [GeneratedRegex(@"^(?:📅 |📌 )?Hôm nay (?!là hạn).*?(?<d>\d\d/\d\d/\d{4})", RegexOptions.Singleline)]
    private static partial Regex Today();
    [GeneratedRegex(@"hạn (?<d>\d\d/\d\d/\d{4}) \(còn (?<n>\d+) ngày\)")]
    private static partial Regex ContestCount();
    [GeneratedRegex(@"hạn (?<d>\d\d/\d\d/\d{4}) \(hôm nay là hạn cuối\)")]
    private static partial Regex ContestToday();
    [GeneratedRegex(@"^Đồng chí báo cáo kết quả .*, hạn (?<d>\d\d/\d\d/\d{4})\.$")]
    private static partial Regex ReportAhead();
    [GeneratedRegex(@"đã quá hạn \((?<d>\d\d/\d\d/\d{4})\)")]
    private static partial Regex ReportLate();

    [Fact]
    public void After_any_downtime_every_reminder_counts_the_days_from_the_day_it_goes_out()
    {
        var checkedClaims = 0;
        var late = 0; // counts that differ from every schedule's own offset: sent late, and still right
        // A start in 2026 and sweeps separated by 1 hour to 10 days: the bot down for any stretch, at any hour.
        Gen.Select(Gen.Int[0, 364], Gen.Int[1, 240].Array[40, 90]).Sample((start, gaps) =>
        {
            var dir = Directory.CreateTempSubdirectory("chibo-truth").FullName;
            try
            {
                var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 9, 0, 0, Vn).AddDays(start));
                using var store = new ChiBoStore(Path.Combine(dir, "t.db"));
                DemoData.SeedIfEmpty(store, clock.GetUtcNow().UtcDateTime);
                var sweep = new ReminderSweep(store, clock, new ReminderRules(), NullLogger<ReminderSweep>.Instance, Scripts.ScriptHost.Templates);
                foreach (var hours in gaps)
                {
                    sweep.Run();
                    clock.Advance(TimeSpan.FromHours(hours));
                }
                foreach (var message in store.Outbox.FindAll())
                {
                    var today = DateTime.SpecifyKind(message.CreatedAtUtc, DateTimeKind.Utc).Add(Vn).Date;
                    foreach (var claim in Claims)
                        if (claim.Pattern.Match(message.Text) is { Success: true } m)
                        {
                            checkedClaims++;
                            if (m.Groups["n"].Success && int.Parse(m.Groups["n"].Value) is not (5 or 30 or 14 or 7 or 1)) late++;
                            Assert.True(claim.Holds(m, today), $"Sent on {today:dd/MM/yyyy} ({claim.Says}): {message.Text}");
                        }
                }
            }
            finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
        }, iter: 12, threads: 1);
        Assert.True(checkedClaims > 100, $"only {checkedClaims} claims checked");
        Assert.True(late > 0, "no reminder went out late: the downtime never mattered");
    }
}
