using ChiBo.Dialogs.Commands;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Flows.Report;

/// <summary>/baocao [chi bộ] — a staff member assigned to a cell reports on its meeting: attended or not, and a short comment.</summary>
public sealed class AttendanceReportFlow : StepFlow
{
    public override string Command => "baocao";
    public override string Title => "báo cáo dự sinh hoạt chi bộ";
    public override int Version => 1;

    const string MeetingKey = "_buoi";
    const string DueKey = "_han";
    const string Part = "Báo cáo dự sinh hoạt";
    public const int NoteMaxLength = 1000;

    public override Cell? CellFor(Turn turn, string args)
    {
        var member = turn.Member!;
        if (!turn.Store.Assignments.Exists(a => a.StaffId == member.Id))
        {
            turn.Say("Đồng chí chưa được phân công dự sinh hoạt chi bộ nào, nên không có gì cần báo cáo. " +
                     (member.Has(Role.Staff) ? "Gõ /theodoi <tên chi bộ> để nhận theo dõi một chi bộ." : "Việc này dành cho cán bộ cấp trên được phân công."));
            return null;
        }
        var pending = StaffReports.Pending(turn.Store, member.Id, turn.Now.Date);
        if (pending.Count == 0)
        {
            turn.Say("Không có buổi sinh hoạt nào đang chờ đồng chí báo cáo. Gõ /theodoi để xem lịch các chi bộ đồng chí theo dõi.");
            return null;
        }
        if (args != "")
            return CellPicker.Named(turn, pending.Select(p => p.Cell).DistinctBy(c => c.Id).ToList(), args, Command, "các chi bộ đang chờ đồng chí báo cáo");
        if (pending.Select(p => p.Cell.Id).Distinct().Count() == 1) return pending[0].Cell;
        CellPicker.Offer(turn, pending.Select(p => p.Cell).DistinctBy(c => c.Id),
            "Đồng chí báo cáo buổi sinh hoạt của chi bộ nào?\n" + string.Join('\n', pending.Select(Describe)), Command);
        return null;
    }

    static string Describe(StaffReports.Due d) =>
        $"• {d.Cell.Name}: buổi ngày {VnText.Date(d.Meeting)}, hạn báo cáo {VnText.Date(d.DueDate)}";

    public override void Start(Turn turn, Cell cell)
    {
        // The oldest unreported meeting of that cell goes first.
        var due = StaffReports.Pending(turn.Store, turn.Member!.Id, turn.Now.Date).First(d => d.Cell.Id == cell.Id);
        var s = NewSession(turn, cell, null);
        s.Answers[MeetingKey] = due.Meeting.ToString("yyyy-MM-dd");
        s.Answers[DueKey] = due.DueDate.ToString("yyyy-MM-dd");
        Begin(turn, s, $"Báo cáo dự sinh hoạt thường kỳ tháng {VnText.MonthOf(due.Meeting)} của {cell.Name} (buổi ngày {VnText.Date(due.Meeting)}, " +
                       $"hạn {VnText.Date(due.DueDate)}). /huy để hủy.");
    }

    static DateTime DateOf(StepContext ctx, string key) => DateTime.ParseExact(ctx.Get(key)!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    static DateTime MeetingOf(StepContext ctx) => DateOf(ctx, MeetingKey);

    protected override IReadOnlyList<Step> StepsOf(StepContext ctx) =>
    [
        CommonSteps.With(CommonSteps.YesNo("du", Part, $"Đồng chí có dự buổi sinh hoạt ngày {VnText.Date(MeetingOf(ctx))} của {ctx.Cell.Name} không?",
            "Chọn Có dự nếu đồng chí đã dự buổi sinh hoạt; Không dự được nếu vắng (ghi lý do ở bước sau).", "Có dự", "Không dự được"), "Dự sinh hoạt"),
        CommonSteps.With(CommonSteps.Text("nhan_xet", Part,
            "Nhận xét ngắn về buổi sinh hoạt: nội dung, chất lượng, kiến nghị với chi bộ (hoặc chọn Không có).",
            "Vài câu ngắn, tối đa 1.000 ký tự. Ví dụ: \"Chi bộ sinh hoạt đúng quy trình, thảo luận sôi nổi; đề nghị bổ sung chỉ tiêu thu quỹ.\"",
            NoteMaxLength, optional: true), "Nhận xét", c => c.Get("du") != "no"),
        CommonSteps.With(CommonSteps.Text("ly_do", Part,
            "Lý do không dự được, và đồng chí nắm kết quả buổi sinh hoạt thế nào (nếu có)?",
            "Vài câu ngắn, tối đa 1.000 ký tự. Ví dụ: \"Trùng lịch họp Đảng ủy; đã nắm kết quả qua bí thư chi bộ.\"",
            NoteMaxLength, optional: false), "Lý do không dự", c => c.Get("du") == "no"),
        CommonSteps.Confirm("xac_nhan", Part, "Chọn Lưu để gửi báo cáo, hoặc Sửa một bước rồi gõ số bước.",
            c => $"Kiểm tra báo cáo trước khi lưu:\n{c.Summary()}"),
    ];

    protected override (string Message, string StepId)? Complete(StepContext ctx)
    {
        var turn = ctx.Turn;
        var meeting = MeetingOf(ctx);
        var attended = ctx.Get("du") == "yes";
        var report = new AttendanceReport
        {
            Id = AttendanceReport.KeyOf(ctx.Cell.Id, meeting.ToString("yyyy-MM"), turn.Member!.Id), CellId = ctx.Cell.Id,
            Month = meeting.ToString("yyyy-MM"), StaffId = turn.Member.Id, MeetingDate = meeting, Attended = attended,
            Note = (attended ? ctx.Get("nhan_xet") : ctx.Get("ly_do")) ?? "", FiledAtUtc = turn.UtcNow,
        };
        turn.Store.AttendanceReports.Upsert(report);
        turn.Audit("attendance.reported", ctx.Cell.Id,
            $"Đ/c {turn.Member.Name} báo cáo buổi ngày {VnText.Date(meeting)}: {(attended ? "có dự" : "không dự được")}");
        ctx.Session.Finished = true;
        var dueDate = DateOf(ctx, DueKey);
        var late = turn.Now.Date > dueDate ? $" (sau hạn {VnText.Date(dueDate)})" : "";
        var more = StaffReports.Pending(turn.Store, turn.Member.Id, turn.Now.Date);
        var saved = $"Đã lưu báo cáo dự sinh hoạt của {ctx.Cell.Name}, buổi ngày {VnText.Date(meeting)}{late}.";
        turn.Say(more.Count == 0
            ? new Reply($"{saved} Cảm ơn đồng chí.")
            : new Reply($"{saved} Còn {more.Count} buổi chờ báo cáo.", [new Choice("cmd:/baocao", "Báo cáo tiếp (/baocao)")]));
        return null;
    }
}
