using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Meeting;
using ChiBo.Dialogs.Text;
using ChiBo.Dialogs.Flows.Steps;

namespace ChiBo.Dialogs.Commands;

/// <summary>/ketqua [chi bộ] — the cell's recent meetings with their scores and levels.</summary>
public static class Results
{
    public const int Count = 6;

    public static void Show(Turn turn, string args)
    {
        var store = turn.Store;
        var member = turn.Member!;
        var visible = Authorizer.VisibleCells(store, member).ToList();
        Cell? cell;
        if (args != "")
        {
            cell = CellPicker.Named(turn, visible, args, "ketqua", "phạm vi đồng chí được xem");
            if (cell is null) return;
        }
        else
        {
            cell = Authorizer.LedCell(store, member);
            if (cell is null && visible.Count > 0)
            {
                CellPicker.Offer(turn, visible, "Đồng chí muốn xem chi bộ nào? (hoặc gõ /ketqua <tên chi bộ>)", "ketqua");
                return;
            }
        }
        if (cell is null || !Authorizer.Can(store, member, Permission.ViewCellResults, cell))
        {
            turn.Say("Chỉ bí thư, phó bí thư và cán bộ cấp trên phụ trách mới xem được kết quả sinh hoạt.");
            return;
        }
        var meetings = store.MeetingsLatestFirst(cell.Id).Take(Count).ToList();
        if (meetings.Count == 0)
        {
            turn.Say($"{cell.Name} chưa có buổi sinh hoạt nào được ghi.");
            return;
        }
        var procedure = turn.Templates.ProcedureFor(cell.Type);
        var lines = new List<string> { $"Kết quả sinh hoạt — {cell.Name} ({meetings.Count} buổi gần nhất):" };
        foreach (var m in meetings)
        {
            var e = store.Evaluations.FindOne(x => x.MeetingId == m.Id);
            var topic = m.Topic is null ? "" : $" \"{Inputs.Preview(m.Topic)}\"";
            var score = m.Kind == MeetingKind.EXTRAORDINARY ? "không chấm điểm"
                : e is null ? "chưa chấm (/danhgia)" : Score(e);
            lines.Add($"• {VnText.Date(m.Date)} {MeetingKinds.Label(m.Kind)}{topic}: {MeetingRecord.Figures(m, procedure, cell)} — {score}");
        }
        turn.Say(string.Join('\n', lines));
    }

    /// <summary>"90 điểm, Khá (mục B1 chưa đạt tối đa; chưa được chi bộ thông qua)".</summary>
    static string Score(Domain.Evaluation e)
    {
        var notes = string.Join("; ", new[] { e.WhyNotHigher, e.Unapproved ? e.Standing : "" }.Where(n => n != ""));
        return $"{VnText.Number(e.Total)} điểm, {e.LevelLabel}" + (notes == "" ? "" : $" ({notes})");
    }
}
