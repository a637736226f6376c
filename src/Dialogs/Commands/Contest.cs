using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>The "Bí thư chi bộ giỏi" contest calendar: which editions apply where, and /hoithi.</summary>
public static class Contest
{
    public sealed record Applicable(ContestCalendarTemplate Calendar, ContestEdition Edition, OrgUnit Unit);

    /// <summary>Editions organised by a unit whose subtree contains <paramref name="path"/> (or, for staff, lies under it).</summary>
    public static IEnumerable<Applicable> For(ChiBoStore store, TemplateCatalog templates, string path) =>
        from calendar in templates.Contests
        from edition in calendar.Editions
        let unit = store.OrgUnits.FindById(edition.OrgUnit)
        where unit is not null && Covers(unit.Path, path)
        select new Applicable(calendar, edition, unit);

    /// <summary>An edition organised at <paramref name="unitPath"/> concerns a place under it, or a unit above it (its staff).</summary>
    public static bool Covers(string unitPath, string path) =>
        path.StartsWith(unitPath, StringComparison.Ordinal) || unitPath.StartsWith(path, StringComparison.Ordinal);

    /// <summary>Where the member stands in the organisation: their cell, else the unit they are staff of.</summary>
    public static string? PathOf(ChiBoStore store, Member m)
    {
        if (m.Has(Role.Admin)) return "/";
        if (m.CellId is not null && store.Cells.FindById(m.CellId) is { } cell) return cell.Path;
        var staff = m.Roles.FirstOrDefault(r => r.Role == Role.Staff && r.ScopeId is not null);
        return staff is null ? null : store.OrgUnits.FindById(staff.ScopeId)?.Path;
    }

    public static void Show(Turn turn, string args)
    {
        var path = PathOf(turn.Store, turn.Member!);
        var today = turn.Now.Date;
        var editions = path is null ? [] : For(turn.Store, turn.Templates, path)
            .Where(a => a.Edition.Year == today.Year || a.Edition.Year == today.Year + 1)
            .OrderBy(a => a.Edition.Year).ToList();
        // This year's edition while a round is still ahead; else the next year's.
        var current = editions.FirstOrDefault(a => a.Edition.Rounds.Any(r => r.Deadline >= today)) ?? editions.LastOrDefault();
        if (current is null)
        {
            turn.Say("Chưa có lịch Hội thi \"Bí thư chi bộ giỏi\" cho đơn vị của đồng chí.");
            return;
        }
        var next = current.Edition.Rounds.FirstOrDefault(r => r.Deadline >= today);
        var lines = new List<string> { $"🏆 {current.Calendar.Name} {current.Edition.Year} — {current.Unit.Name}:" };
        foreach (var r in current.Edition.Rounds)
        {
            var when = $"hạn {VnText.Date(r.Deadline)}";
            if (r.Deadline < today) lines.Add($"✔ {r.Name} — {when} (đã qua)");
            else if (r == next) lines.Add($"▶ {r.Name} — {when} (còn {(r.Deadline - today).Days} ngày). Việc cần làm: {r.Todo}");
            else lines.Add($"• {r.Name} — {when}");
        }
        turn.Say(string.Join('\n', lines));
    }
}
