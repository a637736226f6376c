using System.Text.RegularExpressions;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>/lichhop [ngày N hằng tháng, HH:mm] — the cell's regular meeting day and time, which reminders follow.</summary>
public static partial class MeetingSchedule
{
    public static void Set(Turn turn, string args)
    {
        if (VnText.Fold(args).Replace(" ", "").Contains("thoiluong")) { MinimumLength(turn, VnText.Clean(args)); return; }
        // A member (not a leader) sees the schedule and the next meeting; only leaders change it.
        if (VnText.Clean(args).Length == 0 && Authorizer.LedCell(turn.Store, turn.Member!) is null && turn.Member!.CellId is { } own
            && turn.Store.Cells.FindById(own) is { } mine)
        {
            var next = mine.MeetingIn(turn.Now.Year, turn.Now.Month);
            if (next < turn.Now) next = mine.MeetingIn(turn.Now.AddMonths(1).Year, turn.Now.AddMonths(1).Month);
            turn.Say($"Lịch sinh hoạt thường kỳ của {mine.Name}: ngày {mine.MeetingDay} hằng tháng, {mine.MeetingTime}" +
                     (mine.Venue == "" ? "" : $", tại {mine.Venue}") + $". Buổi tới: {next:HH:mm} ngày {VnText.Date(next)}. Đổi lịch do bí thư, phó bí thư.");
            return;
        }
        var cell = Authorizer.LedCellOrRefuse(turn, "đặt lịch sinh hoạt");
        if (cell is null) return;
        var current = $"ngày {cell.MeetingDay} hằng tháng, {cell.MeetingTime}";
        if (VnText.Clean(args).Length == 0)
        {
            turn.Say($"Lịch sinh hoạt thường kỳ của {cell.Name}: {current}. Nhắc lịch gửi vào nhóm chi bộ trước 3 ngày, 1 ngày và sáng hôm họp.\n" +
                     (cell.MinMinutes is { } min ? $"Thời lượng tối thiểu: {min} phút ({Templates.ProcedureRules.MinimumSource(cell)}).\n" : "") +
                     "Đổi lịch: /lichhop ngày 5, 19:30");
            return;
        }
        var folded = VnText.Fold(VnText.Clean(args));
        int? time;
        var day = 0;
        if (TimeOnly().Match(folded) is { Success: true } only) // "/lichhop 19:30": the day stays, the time changes
        {
            time = Inputs.Time(only.Groups["time"].Value);
            day = cell.MeetingDay;
        }
        else
        {
            var m = Schedule().Match(folded);
            time = m.Success && m.Groups["time"].Success ? Inputs.Time(m.Groups["time"].Value) : Inputs.Time(cell.MeetingTime);
            if (m.Success) day = int.Parse(m.Groups["day"].Value);
        }
        if (day is < 1 or > 31 || time is null)
        {
            turn.Say($"Chưa hiểu lịch \"{Inputs.Preview(VnText.Clean(args))}\". Gõ ví dụ: /lichhop ngày 3 hằng tháng, 19:30 (ngày từ 1 đến 31; tháng ít ngày hơn thì họp ngày cuối tháng).");
            return;
        }
        cell.MeetingDay = day;
        cell.MeetingTime = Inputs.FormatTime(time.Value);
        turn.Store.Cells.Update(cell);
        var now = $"ngày {cell.MeetingDay} hằng tháng, {cell.MeetingTime}";
        turn.Audit("cell.schedule", cell.Id, $"Lịch sinh hoạt: {current} → {now}");
        turn.Say($"Đã đặt lịch sinh hoạt thường kỳ của {cell.Name}: {now}." + (day > 28 ? " Tháng ít ngày hơn thì họp ngày cuối tháng." : ""));
    }

    /// <summary>
    /// /lichhop &lt;chi bộ&gt;: thời lượng &lt;phút&gt; &lt;căn cứ&gt; — the shorter minimum length the competent committee set for a small
    /// cell (42-HD/BTCTW), with its decision; "thời lượng bỏ" returns to the procedure's. Staff and admins only (audited).
    /// </summary>
    static void MinimumLength(Turn turn, string text)
    {
        var store = turn.Store;
        var me = turn.Member!;
        var colon = text.IndexOf(':');
        var cell = colon > 0 ? CellPicker.Named(turn, Authorizer.VisibleCells(store, me).ToList(), text[..colon].Trim(), "lichhop", "phạm vi đồng chí được xem")
            : Authorizer.LedCell(store, me);
        if (cell is null)
        {
            if (colon <= 0) turn.Say("Gõ: /lichhop <tên chi bộ>: thời lượng 60 <số, ngày văn bản của cấp ủy> (cán bộ cấp trên, quản trị).");
            return;
        }
        if (!Authorizer.CanManageLeaders(store, me, cell))
        {
            turn.Say($"Thời lượng tối thiểu ngắn hơn cho chi bộ ít đảng viên do cấp ủy có thẩm quyền quy định (42-HD/BTCTW); cán bộ cấp trên ghi: /lichhop {cell.Name}: thời lượng <phút> <căn cứ>.");
            return;
        }
        var rest = (colon > 0 ? text[(colon + 1)..] : text).Trim();
        var m = MinimumPattern().Match(VnText.Fold(rest));
        if (m.Success && m.Groups["clear"].Success)
        {
            var before = cell.MinMinutes;
            (cell.MinMinutes, cell.MinMinutesBasis) = (null, "");
            store.Cells.Update(cell);
            Refresh(turn, cell);
            turn.Audit("cell.min_minutes", cell.Id, $"Thời lượng tối thiểu: {before} phút → theo quy trình chung");
            turn.Say($"Đã bỏ mức riêng: {cell.Name} theo thời lượng tối thiểu của quy trình chung (42-HD/BTCTW).");
            return;
        }
        var basis = m.Success ? rest[Math.Min(rest.Length, m.Length)..].Trim(' ', ',', ';', '-', '(', ')') : "";
        if (!m.Success || !int.TryParse(m.Groups["min"].Value, out var minutes) || minutes is < 30 or > 240 || !VnText.HasWords(basis) || basis.Length > 200)
        {
            turn.Say($"Gõ số phút (từ 30 đến 240) và căn cứ, ví dụ: /lichhop {cell.Name}: thời lượng 60 theo Công văn 15-CV/ĐU ngày 02/12/2026. Bỏ mức riêng: /lichhop {cell.Name}: thời lượng bỏ.");
            return;
        }
        (cell.MinMinutes, cell.MinMinutesBasis) = (minutes, basis);
        store.Cells.Update(cell);
        Refresh(turn, cell);
        turn.Audit("cell.min_minutes", cell.Id, $"Thời lượng tối thiểu {minutes} phút ({basis})");
        turn.Say($"Đã ghi: buổi sinh hoạt của {cell.Name} tối thiểu {minutes} phút ({basis}); bot đối chiếu thời lượng, chấm điểm và tổng hợp theo mức này.");
    }

    /// <summary>The cell's monthly roll-ups count short meetings: read again with the new minimum.</summary>
    static void Refresh(Turn turn, Domain.Cell cell)
    {
        foreach (var month in turn.Store.Meetings.Find(m => m.CellId == cell.Id).Select(m => m.Month).Distinct().ToList())
            Summaries.CellMonth.Refresh(turn.Store, turn.Templates, cell.Id, month);
    }

    [GeneratedRegex(@"^thoi\s*luong\s*(?:(?<clear>bo|mac dinh|chung)\b|(?<min>\d{1,3})\s*(?:phut)?)")]
    private static partial Regex MinimumPattern();

    /// <summary>"ngày 5 hằng tháng, 19:30", "5, 7 giờ tối", "ngày 5": a day not run into a time ("25:00" is no day 2 at 5:00).</summary>
    [GeneratedRegex(@"^(?:ngay\s*)?(?<day>\d{1,2})(?![\d:h.])(?:\s*hang thang)?\s*(?:[,;]|luc\b|vao\b)?\s*(?<time>\S.*?)?\s*$")]
    private static partial Regex Schedule();

    /// <summary>A time alone: "19:30", "lúc 19h", "7 giờ tối" (a time has ":", "h", "giờ" or a part of the day).</summary>
    [GeneratedRegex(@"^(?:luc\s*)?(?<time>\d{1,2}(?:\s*[:h.]\s*\d{0,2}|\s*gio(?:\s*\d{1,2})?(?:\s*ruoi)?)(?:\s*(?:p|phut))?(?:\s*(?:buoi\s+)?(?:sang|trua|chieu|toi|dem))?)\s*$")]
    private static partial Regex TimeOnly();
}
