using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Summaries;

/// <summary>One cell over the last 12 months: each month's meetings, scores and what was missing.</summary>
public static class CellHistory
{
    public const int Months = 12;

    /// <summary>"12 tháng gần nhất", or the period's label.</summary>
    public static string Span(Period? period) => period?.Label ?? "12 tháng gần nhất";

    /// <summary>The cell's months: the period's (up to this month), or the last 12.</summary>
    public static (CellStats Stats, ScopeData Data, List<string> Months) Load(ChiBoStore store, TemplateCatalog templates, Cell cell, DateTime now, Period? period = null)
    {
        var first = new DateTime(now.Year, now.Month, 1).AddMonths(-(Months - 1));
        var thisMonth = Period.KeyOf(now);
        var months = period is null ? Enumerable.Range(0, Months).Select(i => Period.KeyOf(first.AddMonths(i))).ToList()
            : period.Months.Where(m => string.CompareOrdinal(m, thisMonth) <= 0).ToList();
        // The thematic rule asks of whole quarters: their other months are read too (what is listed stays the period's), so a
        // thematic meeting of October counts for a summary of November.
        var last = QuarterOf(months[^1]).LastMonth;
        var data = ScopeData.Load(store, cell.Path, QuarterOf(months[0]).FirstMonth, string.CompareOrdinal(last, thisMonth) <= 0 ? last : thisMonth, meetings: true);
        return (CellStats.Of(cell, data, months, now, templates), data, months);
    }

    /// <summary>The quarter of a month ("2026-11": quý IV/2026).</summary>
    static Period QuarterOf(string month) => Period.Of(PeriodKind.Quarter, new DateTime(int.Parse(month[..4]), int.Parse(month[5..]), 1));

    public static string Text(ChiBoStore store, TemplateCatalog templates, Cell cell, DateTime now, Period? period = null)
    {
        var (stats, data, months) = Load(store, templates, cell, now, period);
        var rules = templates.ProcedureFor(cell.Type).Rules;
        var lines = new List<string> { $"{cell.Name} — {Span(period)} (đến {VnText.Date(period is null || now < period.End ? now : period.End.AddDays(-1))}):" };
        lines.Add("Đảng viên: " + Roster(store, cell));
        if (Commands.Members.TooFewFullMembers(store.CellMembers(cell.Id), advise: false) is { } few) lines.Add(few);
        foreach (var month in Enumerable.Reverse(months))
        {
            var start = DateTime.ParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var label = $"{start.Month:00}/{start.Year}";
            var held = data.Meetings[cell.Id].Where(m => m.Month == month).OrderBy(m => m.Date).ToList();
            if (held.Count == 0)
            {
                if (stats.LateMonths.Contains(month))
                    lines.Add(month == Period.KeyOf(now)
                        ? $"• {label}: ⚠ đã qua lịch {VnText.Date(cell.MeetingIn(start.Year, start.Month))}, chưa ghi buổi sinh hoạt"
                        : $"• {label}: ⚠ không ghi buổi sinh hoạt nào");
                else if (stats.NotYetDue.Contains(month)) lines.Add($"• {label}: chưa đến lịch ({VnText.Date(cell.MeetingIn(start.Year, start.Month))})");
                continue; // before the cell existed
            }
            foreach (var m in held)
            {
                var gaps = new List<string>();
                if (!ChiBo.Rules.MeetingRules.AttendanceMet(m.Present, m.Summoned, rules.AttendanceThresholdPercent)) gaps.Add($"dự chưa trên {rules.AttendanceThresholdPercent}%");
                if (m.UnexcusedAbsent > 0) gaps.Add($"{m.UnexcusedAbsent} vắng không lý do");
                if (CellMonth.IsShort(m, cell, rules)) gaps.Add($"ngắn ({m.DurationMinutes} phút)");
                var e = data.EvaluationOf.GetValueOrDefault(m.Id);
                if (e is null) gaps.Add("chưa chấm điểm");
                var score = e is null ? "" : $", {VnText.Number(e.Total)} điểm {e.LevelWithWhy}";
                lines.Add($"• {label}: {m.Date:dd/MM} {MeetingKinds.Label(m.Kind)}, dự {m.Present}/{m.Summoned} ({VnText.Percent(m.AttendanceRate)}){score}" +
                          (gaps.Count == 0 ? "" : $" — ⚠ {string.Join(", ", gaps)}"));
            }
        }
        if (stats.DueMonths == 0 && stats.HeldMonths.Count == 0 && stats.NotYetDue.Count == 0 && !data.Meetings[cell.Id].Any(m => months.Contains(m.Month)))
        {
            // A period before the bot has data for the cell: said so, not "0/0".
            lines.Add($"Không có số liệu cho {Span(period)} (số liệu của chi bộ từ {stats.TrackedFrom:MM/yyyy}).");
            return string.Join('\n', lines);
        }
        // A period that begins before the bot tracked the cell: the counts are of the months it has, and it says from when.
        var since = Period.KeyOf(stats.TrackedFrom);
        var summary = (months.Any(m => string.CompareOrdinal(m, since) < 0) ? $"Tổng (số liệu từ {stats.TrackedFrom:MM/yyyy})" : "Tổng") +
                      $": sinh hoạt thường kỳ {stats.HeldMonths.Count}/{stats.DueMonths} tháng";
        if (stats.Attendance is { } a) summary += $", dự bình quân {VnText.Percent(a)}";
        if (stats.AverageScore is { } avg) summary += $", điểm bình quân {VnText.Number(VnText.Round1(avg))} ({stats.Levels})";
        var thematic = CellStats.Thematic(cell, data, months, now);
        var missed = thematic.Missed;
        // Which quarters went without one, as the unit's summary names them.
        var missedText = missed.Count == 0 ? "" : $", thiếu {Period.Quarters(missed, withYear: missed.Any(q => q.Year != now.Year))}";
        summary += $", chuyên đề {thematic.Held}/{thematic.Held + missed.Count} quý{missedText}" + (!thematic.NotYetDue ? "." : cell.ThematicCalledThisQuarter(now) is { } called
            ? $" (quý này chưa có, đã báo lịch {called.When():dd/MM})." : " (quý này chưa có, quý chưa hết).");
        lines.Add(summary);
        // The meetings are already read: who was absent without reason comes from them, not from a second read.
        var absent = UnitSummary.AbsentWithoutReason(cell, data.Meetings[cell.Id].Where(m => months.Contains(m.Month)));
        if (absent.Count > 0) lines.Add("Vắng không lý do: " + string.Join(", ", absent.Select(a => $"{a.Name} {a.Times} lần")) + ".");
        if (Handbook(store, templates, cell, months, now, period) is { } handbook) lines.Add(handbook);
        return string.Join('\n', lines);
    }

    /// <summary>
    /// "Điểm Sổ tay (từ 30 điểm/tháng, 06/2026–11/2026): ghi đủ 4/6 tháng; dưới mức: Ngô Văn Hải 2 lần": for a cell whose type
    /// asks a minimum, over the months that have ended (as the unit's summary counts them); null for another cell.
    /// </summary>
    static string? Handbook(ChiBoStore store, TemplateCatalog templates, Cell cell, List<string> months, DateTime now, Period? period)
    {
        if (templates.CellType(cell.Type).HandbookPoints is not { } min) return null;
        var span = Period.Between(Period.FirstDayOf(months[0]), Period.FirstDayOf(months[^1]));
        if (UnitSummary.HandbookOf(store, templates, [cell], span, now) is not { } hb) return null;
        var range = Period.MonthText(hb.Months[0]) + (hb.Months.Count == 1 ? "" : "–" + Period.MonthText(hb.Months[^1]));
        var (_, missing) = hb.Cells.Single();
        var under = hb.Under.GroupBy(u => u.Member).Select(g => $"{g.Key} {g.Count()} lần").ToList();
        return $"Điểm Sổ tay đảng viên điện tử (từ {min} điểm/tháng, {range}): " +
               (missing is null ? "chưa ghi điểm tháng nào (/sotay)." : (missing == 0 ? "đã ghi đủ" : $"còn thiếu {missing} lượt") +
                   (under.Count == 0 ? "; không ai dưới mức." : $"; dưới mức: {string.Join(", ", under)}."));
    }

    /// <summary>The cell's members on the roll today, by status; and how many of them are suspended from Party activities (on the roll, whatever their status).</summary>
    public static (int Full, int Probationary, int Exempt, int Suspended) Statuses(ChiBoStore store, Cell cell)
    {
        var members = store.CellMembers(cell.Id);
        return (members.Count(m => m.Status == MemberStatus.Full), members.Count(m => m.Status == MemberStatus.Probationary), members.Count(m => m.Status == MemberStatus.Exempt),
            members.Count(m => m.Suspended));
    }

    /// <summary>"7 (chính thức 6, dự bị 1; 1 đang bị đình chỉ sinh hoạt đảng)".</summary>
    static string Roster(ChiBoStore store, Cell cell)
    {
        var (full, probationary, exempt, suspended) = Statuses(store, cell);
        var parts = new List<string> { $"chính thức {full}" };
        if (probationary > 0) parts.Add($"dự bị {probationary}");
        if (exempt > 0) parts.Add($"miễn sinh hoạt {exempt}");
        return $"{full + probationary + exempt} ({string.Join(", ", parts)}{Suspended(suspended)})";
    }

    static string Suspended(int count) => count > 0 ? $"; {count} đang bị đình chỉ sinh hoạt đảng" : "";

    /// <summary>The cell's workbook: its meetings over the months, and each member's attendance, with totals.</summary>
    public static List<ReportSheet> Sheets(ChiBoStore store, TemplateCatalog templates, Cell cell, DateTime now, Period? period, string preparedBy)
    {
        var (stats, data, months) = Load(store, templates, cell, now, period);
        var rules = templates.ProcedureFor(cell.Type).Rules;
        var meetings = data.Meetings[cell.Id].Where(m => months.Contains(m.Month)).OrderBy(m => m.Date).ToList();
        var rows = meetings.Select(m =>
        {
            var e = data.EvaluationOf.GetValueOrDefault(m.Id);
            return (IReadOnlyList<object?>)[m.Date.Date, MeetingKinds.Label(m.Kind), m.Summoned, m.Present, VnText.Round1(m.AttendanceRate * 100), m.ExcusedAbsent, m.UnexcusedAbsent,
                m.DurationMinutes, e?.Total, e?.LevelLabel ?? "Chưa chấm", CellMonth.IsShort(m, cell, rules) ? "Ngắn" : null];
        }).ToList();
        var late = stats.LateMonths.Select(m => (IReadOnlyList<object?>)[cell.MeetingIn(int.Parse(m[..4]), int.Parse(m[5..])), "Không sinh hoạt (chậm)", null, null, null, null, null, null, null, null, null]);
        rows = [.. rows.Concat(late).OrderBy(r => (DateTime)r[0]!)];
        var evaluated = stats.Evaluated;
        IReadOnlyList<object?> totals = [$"Tổng cộng ({meetings.Count} buổi)", $"Thường kỳ {stats.HeldMonths.Count}/{stats.DueMonths} tháng", meetings.Sum(m => m.Summoned), meetings.Sum(m => m.Present),
            stats.Attendance is { } a ? VnText.Round1(a * 100) : null, meetings.Sum(m => m.ExcusedAbsent), meetings.Sum(m => m.UnexcusedAbsent), null,
            stats.AverageScore is { } avg ? VnText.Round1(avg) : null, null, stats.Short > 0 ? $"{stats.Short} buổi ngắn" : null];

        // Each member of the roll, and anyone recorded at these meetings since gone: times summoned, present, absent.
        var seats = meetings.SelectMany(m => m.Attendance).GroupBy(x => x.MemberId ?? x.Name).ToDictionary(g => g.Key, g => g.ToList());
        var roll = VnText.SortedByGivenName(store.CellMembers(cell.Id), m => m.Name);
        var people = roll.Select(m => (Key: m.Id, m.Name, Status: Commands.Members.StatusLabel(m.Status) + (m.Suspended ? ", đình chỉ sinh hoạt đảng" : "")))
            .Concat(seats.Where(x => roll.All(m => m.Id != x.Key)).Select(x => (x.Key, x.Value[0].Name, Status: x.Value[0].Temporary ? "sinh hoạt tạm thời" : "không còn trong danh sách")));
        var memberRows = people.Select(p =>
        {
            var at = seats.GetValueOrDefault(p.Key) ?? [];
            int Count(ChiBo.Rules.Presence x) => at.Count(s => s.Presence == x);
            // An exempt member who stayed away was not summoned (Điều lệ: miễn sinh hoạt); one who came counts as summoned and present.
            return (IReadOnlyList<object?>)[p.Name, p.Status, at.Count(s => s.Presence != ChiBo.Rules.Presence.NotSummoned),
                Count(ChiBo.Rules.Presence.Present), Count(ChiBo.Rules.Presence.Excused), Count(ChiBo.Rules.Presence.Unexcused)];
        }).ToList();
        var (full, probationary, exempt, suspended) = Statuses(store, cell);

        var span = char.ToUpper(Span(period)[0], VnText.Culture) + Span(period)[1..] + $" (số liệu đến ngày {VnText.Date(now)})";
        ReportHeading Heading(string title) =>
            new(store.OrgUnits.FindById(cell.OrgUnitId)?.Name, cell.Name, title, span, now.Date, preparedBy);
        List<ReportSheet> handbook = HandbookSheet(store, templates, cell, roll, months, now) is { } book ? [book with { Heading = Heading($"ĐIỂM SỔ TAY ĐẢNG VIÊN ĐIỆN TỬ (TỪ {templates.CellType(cell.Type).HandbookPoints} ĐIỂM/THÁNG)") }] : [];
        return
        [
            new("Buổi sinh hoạt", ["Ngày", "Loại", "Triệu tập", "Có mặt", "Tỷ lệ dự (%)", "Vắng có lý do", "Vắng không lý do", "Thời lượng (phút)", "Điểm", "Xếp loại", "Ghi chú"], rows)
                { Heading = Heading("TÌNH HÌNH SINH HOẠT CHI BỘ"), Totals = totals },
            new("Đảng viên", ["Họ và tên", "Tình trạng", "Số buổi được triệu tập", "Có mặt", "Vắng có lý do", "Vắng không lý do"], memberRows)
            {
                Heading = Heading("ĐẢNG VIÊN DỰ SINH HOẠT CHI BỘ"),
                Totals = [$"Tổng cộng: {full + probationary + exempt} đảng viên (chính thức {full}, dự bị {probationary}, miễn sinh hoạt {exempt}{Suspended(suspended)})", null,
                    memberRows.Sum(r => (int)r[2]!), memberRows.Sum(r => (int)r[3]!), memberRows.Sum(r => (int)r[4]!), memberRows.Sum(r => (int)r[5]!)],
            },
            .. handbook,
        ];
    }

    /// <summary>
    /// For a cell whose type asks a minimum of Sổ tay points a month: each member's points over the period's ended months
    /// (a column a month, empty where none is recorded) and the months under the minimum; null for another cell.
    /// </summary>
    static ReportSheet? HandbookSheet(ChiBoStore store, TemplateCatalog templates, Cell cell, List<Member> roll, List<string> months, DateTime now)
    {
        if (templates.CellType(cell.Type).HandbookPoints is not { } min) return null;
        var thisMonth = Period.KeyOf(now);
        var since = Period.KeyOf(VnClock.Local(cell.CreatedAtUtc));
        var ended = months.Where(m => string.CompareOrdinal(m, thisMonth) < 0 && string.CompareOrdinal(m, since) >= 0).ToList();
        if (ended.Count == 0) return null;
        var rows = roll.Select(m =>
        {
            var points = ended.Select(month => store.HandbookPoints.FindById(HandbookPoints.KeyOf(m.Id, month))?.Points).ToList();
            // Under the minimum in the months the member was asked (as the text and the unit's summary count).
            return (IReadOnlyList<object?>)[m.Name, .. points.Cast<object?>(), points.Where((p, i) => HandbookPoints.Asked(m, Period.FirstDayOf(ended[i]))).Count(p => p < min)];
        }).ToList();
        return new ReportSheet("Điểm Sổ tay", ["Họ và tên", .. ended.Select(m => $"Tháng {Period.MonthText(m)}"), $"Số tháng dưới {min} điểm"], rows)
        {
            Totals = [$"Tổng cộng ({roll.Count} đồng chí)", .. ended.Select((_, i) => rows.Count(r => r[1 + i] is not null) is var n && n > 0 ? (object?)$"{n} đã ghi" : null),
                rows.Sum(r => (int)r[^1]!)],
        };
    }
}
