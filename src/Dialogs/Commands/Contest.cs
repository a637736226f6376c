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

    /// <summary>How a round's deadline stands on <paramref name="today"/> (Vietnam dates): "còn 3 ngày", "hôm nay là hạn cuối", "đã qua".</summary>
    public static string TimeLeft(DateTime deadline, DateTime today) => (deadline.Date - today.Date).Days switch
    {
        < 0 => "đã qua",
        0 => "hôm nay là hạn cuối",
        var days => $"còn {days} ngày",
    };

    /// <summary>An edition organised at <paramref name="unitPath"/> concerns a place under it, or a unit above it (its staff).</summary>
    public static bool Covers(string unitPath, string path) =>
        ChiBo.Rules.OrgTree.Holds(unitPath, path) || ChiBo.Rules.OrgTree.Holds(path, unitPath);

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
        var action = VnText.Fold(VnText.Clean(args)).Replace(" ", "");
        if (action is "dangky") { Register(turn, true); return; }
        if (action is "huydangky" or "huy" or "rutdangky") { Register(turn, false); return; }
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
            else if (r == next) lines.Add($"▶ {r.Name} — {when} ({TimeLeft(r.Deadline, today)}). Việc cần làm: {r.Todo}");
            else lines.Add($"• {r.Name} — {when}");
        }
        lines.AddRange(Registrations(turn, current));
        turn.Say(string.Join('\n', lines));
    }

    /// <summary>
    /// /hoithi for someone not on the bot yet: the contests organised this year and next (organiser, rounds and deadlines),
    /// and that their own unit's calendar and the practice quiz come with joining.
    /// </summary>
    public static void ForNewcomer(Turn turn)
    {
        var today = turn.Now.Date;
        var lines = new List<string> { "🏆 Hội thi \"Bí thư chi bộ giỏi\" do cấp ủy tổ chức theo kế hoạch từng năm." };
        foreach (var calendar in turn.Templates.Contests)
            foreach (var e in calendar.Editions.Where(e => e.Year == today.Year || e.Year == today.Year + 1).OrderBy(e => e.Year))
            {
                var organiser = turn.Store.OrgUnits.FindById(e.OrgUnit)?.Name ?? e.OrgUnit;
                lines.Add($"{calendar.Name} {e.Year} — {organiser}: " + string.Join("; ", e.Rounds.Select(r => $"{r.Name} hạn {VnText.Date(r.Deadline)}{(r.Deadline < today ? " (đã qua)" : "")}")));
            }
        lines.Add("Khi đã tham gia bot (xin bí thư chi bộ mã mời, rồi gõ /start <mã mời>), đồng chí xem lịch của đơn vị mình, việc cần làm tiếp theo và luyện câu hỏi trắc nghiệm (/hoithi luyện).");
        turn.Say(string.Join('\n', lines));
    }

    /// <summary>The edition a cell can still register for: this year's while its first round is ahead.</summary>
    static Applicable? Open(Turn turn, Cell cell) =>
        For(turn.Store, turn.Templates, cell.Path)
            .Where(a => a.Edition.Rounds.Count > 0 && a.Edition.Rounds[0].Deadline >= turn.Now.Date)
            .OrderBy(a => a.Edition.Year).FirstOrDefault();

    /// <summary>What the member sees of registrations: their cell's, or for staff and admins the cells of their scope.</summary>
    static IEnumerable<string> Registrations(Turn turn, Applicable edition)
    {
        var store = turn.Store;
        var member = turn.Member!;
        var entries = store.ContestEntries.Find(e => e.Year == edition.Edition.Year).ToList();
        if (Authorizer.LedCell(store, member) is { } cell)
        {
            var entry = entries.FirstOrDefault(e => e.CellId == cell.Id);
            var first = edition.Edition.Rounds[0].Deadline;
            if (entry is not null) yield return $"✔ {cell.Name} đã đăng ký: Đ/c {entry.ContestantName} dự thi (ngày {VnText.Date(VnClock.Local(entry.RegisteredAtUtc))}). Rút đăng ký: /hoithi hủy";
            else if (first >= turn.Now.Date) yield return $"Chi bộ chưa đăng ký dự thi. Đăng ký: /hoithi đăng ký (trước {VnText.Date(first)}).";
        }
        if (member.Has(Role.Staff) || member.Has(Role.Admin))
        {
            var visible = Authorizer.VisibleCells(store, member).Select(c => c.Id).ToHashSet();
            var mine = entries.Where(e => visible.Contains(e.CellId)).OrderBy(e => e.ContestantName).ToList();
            yield return mine.Count == 0 ? "Chưa có chi bộ nào trong phạm vi đồng chí đăng ký dự thi."
                : $"Đã đăng ký: {mine.Count}/{visible.Count} chi bộ — " + string.Join(", ", mine.Take(8).Select(e => $"Đ/c {e.ContestantName} ({store.Cells.FindById(e.CellId)?.Name})")) + (mine.Count > 8 ? "…" : "");
        }
    }

    /// <summary>/hoithi đăng ký, /hoithi hủy: the cell's secretary or deputy registers the secretary, or withdraws, before the first round's deadline.</summary>
    static void Register(Turn turn, bool register)
    {
        var cell = Authorizer.LedCellOrRefuse(turn, register ? "đăng ký dự thi" : "rút đăng ký dự thi");
        if (cell is null) return;
        var edition = Open(turn, cell);
        if (edition is null)
        {
            turn.Say("Hiện không có kỳ Hội thi \"Bí thư chi bộ giỏi\" nào còn nhận đăng ký cho chi bộ (đã qua hạn vòng đầu). Xem lịch: /hoithi");
            return;
        }
        var year = edition.Edition.Year;
        var key = ContestEntry.KeyOf(year, cell.Id);
        var existing = turn.Store.ContestEntries.FindById(key);
        var deadline = VnText.Date(edition.Edition.Rounds[0].Deadline);
        if (!register)
        {
            if (existing is null) { turn.Say($"{cell.Name} chưa đăng ký dự thi năm {year}."); return; }
            turn.Store.ContestEntries.Delete(key);
            turn.Audit("contest.withdrawn", cell.Id, $"Rút đăng ký Hội thi {year}: Đ/c {existing.ContestantName}");
            turn.Say($"Đã rút đăng ký dự thi năm {year} của {cell.Name}. Có thể đăng ký lại trước {deadline}: /hoithi đăng ký");
            return;
        }
        if (existing is not null)
        {
            turn.Say($"{cell.Name} đã đăng ký Đ/c {existing.ContestantName} dự thi năm {year} (ngày {VnText.Date(VnClock.Local(existing.RegisteredAtUtc))}).");
            return;
        }
        var secretary = turn.Store.Members.Find(m => m.CellId == cell.Id && !m.Removed).FirstOrDefault(m => m.Has(Role.Secretary, cell.Id));
        if (secretary is null)
        {
            turn.Say($"{cell.Name} chưa có bí thư trong danh sách của bot, nên chưa đăng ký dự thi được.");
            return;
        }
        turn.Store.ContestEntries.Insert(new ContestEntry
        {
            Id = key, Year = year, OrgUnitId = edition.Unit.Id, CellId = cell.Id, CellPath = cell.Path, ContestantId = secretary.Id,
            ContestantName = secretary.Name, RegisteredBy = turn.Member!.Id, RegisteredAtUtc = turn.UtcNow,
        });
        turn.Audit("contest.registered", cell.Id, $"Đăng ký Hội thi {year}: Đ/c {secretary.Name}");
        turn.Say($"Đã đăng ký Đ/c {secretary.Name} ({cell.Name}) dự {edition.Calendar.Name} {year}. Vòng đầu: {edition.Edition.Rounds[0].Name}, hạn {deadline}. Bot sẽ nhắc trước mỗi vòng.");
    }
}
