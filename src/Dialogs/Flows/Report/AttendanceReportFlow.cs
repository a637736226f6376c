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
    public override int Version => 2;

    const string MeetingKey = "_buoi";
    const string DueKey = "_han";
    /// <summary>Set when the session only confirms a score (the meeting was reported already).</summary>
    const string ScoreOnlyKey = "_chi_xac_nhan_diem";
    const string Part = "Báo cáo dự sinh hoạt";
    public const int NoteMaxLength = 1000;

    public override bool MayStart(Turn turn) => turn.Store.Assignments.Exists(a => a.StaffId == turn.Member!.Id);

    public override Cell? CellFor(Turn turn, string args)
    {
        var member = turn.Member!;
        if (!MayStart(turn))
        {
            turn.Say("Đồng chí chưa được phân công dự sinh hoạt chi bộ nào, nên không có gì cần báo cáo. " +
                     (member.Has(Role.Staff) ? "Gõ /theodoi <tên chi bộ> để nhận theo dõi một chi bộ." : "Việc này dành cho cán bộ cấp trên được phân công."));
            return null;
        }
        var pending = StaffReports.Pending(turn.Store, member.Id, turn.Now.Date);
        // Besides reports: scores the cells approved that wait for the staff member's confirmation.
        var scores = StaffReports.ScoresToConfirm(turn.Store, member.Id).Where(d => !pending.Any(p => p.Cell.Id == d.Cell.Id && p.Meeting.Date == d.Meeting.Date.Date)).ToList();
        var cells = pending.Select(p => p.Cell).Concat(scores.Select(d => d.Cell)).DistinctBy(c => c.Id).ToList();
        if (cells.Count == 0)
        {
            turn.Say("Không có buổi sinh hoạt nào đang chờ đồng chí báo cáo. Gõ /theodoi để xem lịch các chi bộ đồng chí theo dõi.");
            return null;
        }
        if (args != "")
            return CellPicker.Named(turn, cells, args, Command, "các chi bộ đang chờ đồng chí báo cáo hoặc xác nhận điểm");
        if (cells.Count == 1) return cells[0];
        CellPicker.Offer(turn, cells,
            "Đồng chí báo cáo buổi sinh hoạt của chi bộ nào?\n" + string.Join('\n', pending.Select(Describe).Concat(scores.Select(DescribeScore))), Command);
        return null;
    }

    static string DescribeScore(StaffReports.ScoreDue d) =>
        $"• {d.Cell.Name}: xác nhận điểm buổi ngày {VnText.Date(d.Meeting.Date)} ({VnText.Number(d.Evaluation.Total)} điểm, {d.Evaluation.LevelLabel})";

    static string Describe(StaffReports.Due d) =>
        $"• {d.Cell.Name}: buổi ngày {VnText.Date(d.Meeting)}, hạn báo cáo {VnText.Date(d.DueDate)}";

    public override void Start(Turn turn, Cell cell)
    {
        // The oldest unreported meeting of that cell goes first; with none, the oldest score waiting for confirmation.
        var due = StaffReports.Pending(turn.Store, turn.Member!.Id, turn.Now.Date).FirstOrDefault(d => d.Cell.Id == cell.Id);
        var s = NewSession(turn, cell, null);
        if (due is null)
        {
            var score = StaffReports.ScoresToConfirm(turn.Store, turn.Member.Id).First(d => d.Cell.Id == cell.Id);
            s.Answers[MeetingKey] = score.Meeting.Date.ToString("yyyy-MM-dd");
            s.Answers[ScoreOnlyKey] = "1";
            Begin(turn, s, $"Xác nhận điểm chất lượng buổi sinh hoạt ngày {VnText.Date(score.Meeting.Date)} của {cell.Name}. /huy để hủy.");
            return;
        }
        s.Answers[MeetingKey] = due.Meeting.ToString("yyyy-MM-dd");
        s.Answers[DueKey] = due.DueDate.ToString("yyyy-MM-dd");
        Begin(turn, s, $"Báo cáo dự sinh hoạt thường kỳ tháng {VnText.MonthOf(due.Meeting)} của {cell.Name} (buổi ngày {VnText.Date(due.Meeting)}, " +
                       $"hạn {VnText.Date(due.DueDate)}). /huy để hủy.");
    }

    static DateTime DateOf(StepContext ctx, string key) => DateTime.ParseExact(ctx.Get(key)!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    static DateTime MeetingOf(StepContext ctx) => DateOf(ctx, MeetingKey);

    static StaffReports.ScoreDue? ScoreOf(StepContext ctx) =>
        StaffReports.ScoreToConfirm(ctx.Turn.Store, ctx.Turn.Member!.Id, ctx.Cell, MeetingOf(ctx));

    static bool Reporting(StepContext c) => !c.Has(ScoreOnlyKey);

    /// <summary>The score is asked about: there is one to confirm, and the staff member attended (or confirms alone).</summary>
    static bool ConfirmsScore(StepContext c) => ScoreOf(c) is not null && (!Reporting(c) || c.Get("du") == "yes");

    /// <summary>The assigned staff member confirms the score the cell approved (only having attended, or when confirming alone).</summary>
    static Step ConfirmScore(StepContext ctx)
    {
        Choice[] choices = [new("yes", "Xác nhận"), new("no", "Chưa đồng ý")];
        return CommonSteps.With(CommonSteps.Choose("xac_nhan_diem", Part, "", "Cấp ủy viên cấp trên được phân công dự họp xác nhận mức điểm chi bộ đã biểu quyết; chưa đồng ý thì ghi lý do.",
            c => ScoreOf(c) is { } d
                ? $"Chi bộ đã biểu quyết thông qua mức chất lượng buổi này: {VnText.Number(d.Evaluation.Total)} điểm, xếp loại {d.Evaluation.LevelLabel} " +
                  $"({d.Evaluation.Vote!.For}/{d.Evaluation.Vote.Base} tán thành). Đồng chí xác nhận?"
                : "Đồng chí xác nhận mức điểm?", choices,
                (text, cs) => Inputs.YesOrNo(text) == true ? cs[0] : null), "Xác nhận điểm",
            ConfirmsScore);
    }

    /// <summary>The cell has recorded no regular meeting that month: the staff member may report that it did not meet.</summary>
    static bool Unrecorded(StepContext c) => !c.Turn.Store.RegularMeetingMonths(c.Cell.Id).Contains(Summaries.Period.KeyOf(MeetingOf(c)));

    /// <summary>Attended, or not; for a meeting the cell has not recorded, also that the cell did not meet.</summary>
    static Step Attendance(StepContext ctx)
    {
        var prompt = $"Đồng chí có dự buổi sinh hoạt ngày {VnText.Date(MeetingOf(ctx))} của {ctx.Cell.Name} không?";
        const string help = "Chọn Có dự nếu đồng chí đã dự buổi sinh hoạt; Không dự được nếu vắng (ghi lý do ở bước sau).";
        if (!Reporting(ctx) || !Unrecorded(ctx))
            return CommonSteps.With(CommonSteps.YesNo("du", Part, prompt, help, "Có dự", "Không dự được"), "Dự sinh hoạt", Reporting);
        Choice[] choices = [new("yes", "Có dự"), new("no", "Không dự được"), new(NotHeld, "Chi bộ không họp")];
        return CommonSteps.With(CommonSteps.Choose("du", Part, "", help + " Chi bộ không họp buổi này: chọn Chi bộ không họp (ghi lý do ở bước sau).",
            _ => $"{prompt}\n(Chi bộ chưa ghi buổi sinh hoạt thường kỳ tháng {VnText.MonthOf(MeetingOf(ctx))}.)", choices,
            (text, cs) => NotMet(text) ? cs[2] : Inputs.YesOrNo(text) switch { true => cs[0], false => cs[1], _ => null }), "Dự sinh hoạt", Reporting);
    }

    /// <summary>"chi bộ không họp ạ", "chưa họp": the cell did not meet ("tôi không họp được" is not that: the staff member was away).</summary>
    static bool NotMet(string text)
    {
        var said = string.Join(' ', Inputs.AnswerWords(text));
        return said is "khong hop" or "chua hop" || said.Contains("chi bo khong hop") || said.Contains("chi bo chua hop");
    }

    const string NotHeld = "notheld";

    protected override IReadOnlyList<Step> StepsOf(StepContext ctx) =>
    [
        Attendance(ctx),
        CommonSteps.With(CommonSteps.Text("nhan_xet", Part,
            "Nhận xét ngắn về buổi sinh hoạt: nội dung, chất lượng, kiến nghị với chi bộ (hoặc chọn Không có).",
            "Vài câu ngắn, tối đa 1.000 ký tự. Ví dụ: \"Chi bộ sinh hoạt đúng quy trình, thảo luận sôi nổi; đề nghị bổ sung chỉ tiêu thu quỹ.\"",
            NoteMaxLength, optional: true), "Nhận xét", c => Reporting(c) && c.Get("du") is null or "yes"),
        CommonSteps.With(CommonSteps.Text("ly_do", Part,
            "Lý do không dự được, và đồng chí nắm kết quả buổi sinh hoạt thế nào (nếu có)?",
            "Vài câu ngắn, tối đa 1.000 ký tự. Ví dụ: \"Trùng lịch họp Đảng ủy; đã nắm kết quả qua bí thư chi bộ.\"",
            NoteMaxLength, optional: false), "Lý do không dự", c => Reporting(c) && c.Get("du") == "no"),
        CommonSteps.With(CommonSteps.Text("ly_do_khong_hop", Part,
            "Vì sao chi bộ không họp buổi này, và chi bộ dự kiến họp bù khi nào (nếu đồng chí biết)?",
            "Vài câu ngắn, tối đa 1.000 ký tự. Ví dụ: \"Trùng lịch tiêm phòng; bí thư dự kiến họp bù ngày 10/12.\" Bí thư, phó bí thư chi bộ được báo.",
            NoteMaxLength, optional: false), "Lý do chi bộ không họp", c => Reporting(c) && c.Get("du") == NotHeld),
        ConfirmScore(ctx),
        CommonSteps.With(CommonSteps.Text("ly_do_diem", Part, "Lý do đồng chí chưa đồng ý với mức điểm (chi bộ sẽ được báo)?",
            "Vài câu ngắn, ví dụ \"Tỷ lệ dự chưa đạt trên 85% nên chưa đủ điều kiện xếp loại Tốt\".", NoteMaxLength, optional: false),
            "Lý do chưa đồng ý", c => ConfirmsScore(c) && c.Get("xac_nhan_diem") == "no"),
        CommonSteps.Confirm("xac_nhan", Part, "Chọn Lưu để gửi báo cáo, hoặc Sửa một bước rồi gõ số bước.",
            c => $"Kiểm tra báo cáo trước khi lưu:\n{c.Summary()}"),
    ];

    /// <summary>Records the staff member's word on the approved score, tells the cell's leaders; what to say back, or null.</summary>
    static string? FileConfirmation(StepContext ctx)
    {
        // An answer given before "Không dự được" was chosen instead is not a confirmation.
        if (!ConfirmsScore(ctx) || ctx.Get("xac_nhan_diem") is not { } answer || ScoreOf(ctx) is not { } due) return null;
        var turn = ctx.Turn;
        var agreed = answer == "yes";
        var e = due.Evaluation;
        e.Confirmation = new ScoreConfirmation
        {
            StaffId = turn.Member!.Id, StaffName = turn.Member.Name, AtUtc = turn.UtcNow, Agreed = agreed, Note = agreed ? "" : ctx.Get("ly_do_diem") ?? "",
        };
        turn.Store.Evaluations.Update(e);
        var date = VnText.Date(due.Meeting.Date);
        turn.Audit("evaluation.confirmed", ctx.Cell.Id,
            $"Đ/c {turn.Member.Name} {(agreed ? "xác nhận" : "chưa đồng ý")} điểm buổi ngày {date}: {VnText.Number(e.Total)}, {e.LevelLabel}{(agreed ? "" : $" — {e.Confirmation.Note}")}");
        var told = agreed
            ? $"Đồng chí {turn.Member.Name} (cấp trên) đã xác nhận điểm chất lượng buổi sinh hoạt ngày {date}: {VnText.Number(e.Total)} điểm, {e.LevelLabel}."
            : $"Đồng chí {turn.Member.Name} (cấp trên) chưa đồng ý mức điểm buổi sinh hoạt ngày {date} ({VnText.Number(e.Total)} điểm, {e.LevelLabel}): {e.Confirmation.Note}\nChi ủy xem lại bằng /danhgia; điểm chấm lại đưa ra buổi sinh hoạt sau.";
        turn.TellLeaders(ctx.Cell, new Reply($"{ctx.Cell.Name}: {told}", Notice: true));
        return agreed ? $"Đã xác nhận điểm {VnText.Number(e.Total)} ({e.LevelLabel}); chi bộ được báo." : "Đã ghi ý kiến chưa đồng ý về mức điểm; chi bộ được báo.";
    }

    protected override (string Message, string StepId)? Complete(StepContext ctx)
    {
        var turn = ctx.Turn;
        var meeting = MeetingOf(ctx);
        var confirmed = FileConfirmation(ctx);
        if (!Reporting(ctx))
        {
            ctx.Session.Finished = true;
            turn.Say(confirmed ?? "Điểm buổi này không còn chờ xác nhận.");
            return null;
        }
        var attended = ctx.Get("du") == "yes";
        var notHeld = ctx.Get("du") == NotHeld;
        if (notHeld && !Unrecorded(ctx)) // recorded meanwhile: asked afresh ("Chi bộ không họp" is no longer an answer)
        {
            ctx.Answers.Remove("du");
            ctx.Answers.Remove("ly_do_khong_hop");
            return ($"{ctx.Cell.Name} vừa ghi buổi sinh hoạt thường kỳ tháng {VnText.MonthOf(meeting)}. Đồng chí chọn lại: có dự hay không.", "du");
        }
        var report = new AttendanceReport
        {
            Id = AttendanceReport.KeyOf(ctx.Cell.Id, Summaries.Period.KeyOf(meeting), turn.Member!.Id), CellId = ctx.Cell.Id,
            Month = Summaries.Period.KeyOf(meeting), StaffId = turn.Member.Id, MeetingDate = meeting, Attended = attended, NotHeld = notHeld,
            Note = (attended ? ctx.Get("nhan_xet") : notHeld ? ctx.Get("ly_do_khong_hop") : ctx.Get("ly_do")) ?? "", FiledAtUtc = turn.UtcNow,
        };
        turn.Store.AttendanceReports.Upsert(report);
        turn.Audit("attendance.reported", ctx.Cell.Id,
            $"Đ/c {turn.Member.Name} báo cáo buổi ngày {VnText.Date(meeting)}: {(attended ? "có dự" : notHeld ? $"chi bộ không họp — {report.Note}" : "không dự được")}");
        // The cell's leaders hear it: the month still wants its meeting, moved to a day to come and recorded.
        if (notHeld)
            turn.TellLeaders(ctx.Cell, new Reply(
                $"{ctx.Cell.Name}: đồng chí {turn.Member.Name} (cấp trên) ghi nhận chi bộ không họp buổi sinh hoạt thường kỳ tháng {VnText.MonthOf(meeting)} " +
                $"(ngày {VnText.Date(meeting)}): {report.Note}\n" + ((meeting.Year, meeting.Month) == (turn.Now.Year, turn.Now.Month) && MeetingSchedule.MakeUpExample(ctx.Cell, turn.Now) is { } move
                    ? $"Họp bù trong tháng: dời buổi họp, ví dụ {move}, rồi ghi buổi họp bằng /sinhhoat." : "Chi bộ đã họp thì ghi buổi họp bằng /sinhhoat."), Notice: true));
        ctx.Session.Finished = true;
        var dueDate = DateOf(ctx, DueKey);
        var late = turn.Now.Date > dueDate ? $" (sau hạn {VnText.Date(dueDate)})" : "";
        var more = StaffReports.Pending(turn.Store, turn.Member.Id, turn.Now.Date);
        var saved = notHeld
            ? $"Đã lưu báo cáo: {ctx.Cell.Name} không họp buổi ngày {VnText.Date(meeting)}{late}; bí thư, phó bí thư chi bộ được báo."
            : $"Đã lưu báo cáo dự sinh hoạt của {ctx.Cell.Name}, buổi ngày {VnText.Date(meeting)}{late}.{(confirmed is null ? "" : " " + confirmed)}";
        turn.Say(more.Count == 0
            ? new Reply($"{saved} Cảm ơn đồng chí.")
            : new Reply($"{saved} Còn {more.Count} buổi chờ báo cáo.", [new Choice("cmd:/baocao", "Báo cáo tiếp (/baocao)")]));
        return null;
    }
}
