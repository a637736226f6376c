using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Summaries;

/// <summary>One cell over the last 12 months: each month's meetings, scores and what was missing.</summary>
public static class CellHistory
{
    public const int Months = 12;

    public static (CellStats Stats, ScopeData Data, List<string> Months) Load(ChiBoStore store, TemplateCatalog templates, Cell cell, DateTime now)
    {
        var first = new DateTime(now.Year, now.Month, 1).AddMonths(-(Months - 1));
        var months = Enumerable.Range(0, Months).Select(i => first.AddMonths(i).ToString("yyyy-MM")).ToList();
        var data = ScopeData.Load(store, cell.Path, months[0], months[^1], meetings: true);
        return (CellStats.Of(cell, data, months, now, templates), data, months);
    }

    public static string Text(ChiBoStore store, TemplateCatalog templates, Cell cell, DateTime now)
    {
        var (stats, data, months) = Load(store, templates, cell, now);
        var rules = templates.ProcedureFor(cell.Type).Rules;
        var lines = new List<string> { $"{cell.Name} — 12 tháng gần nhất (đến {VnText.Date(now)}):" };
        foreach (var month in Enumerable.Reverse(months))
        {
            var start = DateTime.ParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var label = $"{start.Month:00}/{start.Year}";
            var held = data.Meetings[cell.Id].Where(m => m.Month == month).OrderBy(m => m.Date).ToList();
            if (held.Count == 0)
            {
                if (stats.LateMonths.Contains(month))
                    lines.Add(month == now.ToString("yyyy-MM")
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
                if (CellMonth.IsShort(m, rules)) gaps.Add($"ngắn ({m.DurationMinutes} phút)");
                var e = data.EvaluationOf.GetValueOrDefault(m.Id);
                if (e is null) gaps.Add("chưa chấm điểm");
                var score = e is null ? "" : $", {VnText.Number(e.Total)} điểm {e.LevelLabel}";
                lines.Add($"• {label}: {m.Date:dd/MM} {MeetingKinds.Label(m.Kind)}, dự {m.Present}/{m.Summoned} ({VnText.Percent(m.AttendanceRate)}){score}" +
                          (gaps.Count == 0 ? "" : $" — ⚠ {string.Join(", ", gaps)}"));
            }
        }
        var summary = $"Tổng: sinh hoạt thường kỳ {stats.HeldMonths.Count}/{stats.DueMonths} tháng";
        if (stats.Attendance is { } a) summary += $", dự bình quân {VnText.Percent(a)}";
        if (stats.AverageScore is { } avg) summary += $", điểm bình quân {VnText.Number(VnText.Round1(avg))} ({stats.Levels})";
        var quarters = CellStats.ThematicQuarters(cell, data, months, now);
        var thematicHeld = quarters.Count(q => q == ChiBo.Rules.Standing.Held);
        var thematicDue = thematicHeld + quarters.Count(q => q == ChiBo.Rules.Standing.Late);
        summary += $", chuyên đề {thematicHeld}/{thematicDue} quý" + (quarters.Contains(ChiBo.Rules.Standing.NotYetDue) ? " (quý này chưa có, quý chưa hết)." : ".");
        lines.Add(summary);
        return string.Join('\n', lines);
    }
}
