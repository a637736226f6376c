using System.Text.RegularExpressions;
using ChiBo.Dialogs.Commands;

namespace ChiBo.Bot.Tests.Scripts;

/// <summary>/nhatky names every change in Vietnamese: no action the code records is shown to an admin as its code.</summary>
public sealed class AuditLabelTests
{
    [Fact]
    public void Every_action_the_code_records_has_a_Vietnamese_name()
    {
        // Actions are dotted lower-case literals ("dues.paid", "member.probation.vote"); the same shape elsewhere is a
        // file name or a log event, left out by their ends.
        var actions = Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), "\"([a-z_]+(?:\\.[a-z_]+)+)\"").Select(m => m.Groups[1].Value))
            .Where(a => !a.EndsWith(".db") && !a.EndsWith(".received"))
            .Distinct().Order().ToList();
        Assert.Contains("dues.paid", actions);
        Assert.All(actions, a => Assert.NotEqual(a, AuditLog.Label(a)));
    }
}
