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
                     "Đổi lịch: /lichhop ngày 5, 19:30");
            return;
        }
        var m = Schedule().Match(VnText.Fold(args));
        var time = m.Success && m.Groups[2].Success ? Inputs.Time(m.Groups[2].Value) : Inputs.Time(cell.MeetingTime);
        if (!m.Success || !int.TryParse(m.Groups[1].Value, out var day) || day is < 1 or > 31 || time is null)
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

    [GeneratedRegex(@"^(?:ngay\s*)?(\d{1,2})(?:\s*hang thang)?\s*(?:[,;]|luc|vao)?\s*(\d{1,2}\s*(?:[:h.]\s*\d{0,2})?)?\s*$")]
    private static partial Regex Schedule();
}
