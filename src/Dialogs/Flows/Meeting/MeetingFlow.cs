using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Flows.Meeting;

/// <summary>/sinhhoat — the secretary records the monthly meeting step by step, following the procedure template.</summary>
public sealed class MeetingFlow : StepFlow
{
    public override string Command => "sinhhoat";
    public override string Title => "ghi nhận buổi sinh hoạt chi bộ";
    public override int Version => 1;

    static ProcedureTemplate Template(StepContext ctx) => TemplateOf<ProcedureTemplate>(ctx);

    protected override IReadOnlyList<Step> StepsOf(StepContext ctx) =>
        MeetingSteps.For(Template(ctx));

    public override void Start(Turn turn, Cell cell)
    {
        var template = turn.Templates.ProcedureFor(cell.Type);
        var s = NewSession(turn, cell, template);
        var role = turn.Member!.Has(Role.Secretary, cell.Id) ? "Bí thư" : "Phó Bí thư";
        Begin(turn, s,
            $"Chào đồng chí {turn.Member.Name}, {role} {cell.Name}.\n" +
            $"Bắt đầu ghi nhận buổi sinh hoạt chi bộ (theo {template.ShortGuideline}).\n" +
            "Khi trả lời: /quaylai sửa câu trước · /tamdung tạm dừng · /huy hủy · /trogiup hướng dẫn.");
    }

    protected override (string Message, string StepId)? Complete(StepContext ctx)
    {
        var template = Template(ctx);
        var turn = ctx.Turn;
        var meeting = MeetingRecord.Of(ctx, template);
        if (MeetingKinds.IsRegular(meeting.Kind) && MeetingSteps.Facts(ctx).RegularMeetingIn(meeting.Date) is { } other)
            return ($"Chi bộ đã có buổi thường kỳ tháng {VnText.MonthOf(meeting.Date)} (ngày {VnText.Date(other.Date)}), vừa được ghi. Đồng chí chọn lại loại sinh hoạt.", "loai");
        // The cell's other meetings are read before the insert, while the ones kept (their heads) are still good.
        // Duties the attendance raises (12-HD, Điều lệ Điều 8): told to the one recording and to the other leaders.
        var duties = AttendanceHistory.Duties(turn.Store, meeting, template.Rules);
        List<Domain.Meeting> sameMonth = [.. turn.Store.CellMeetings(ctx.Cell.Id, m => m.Month == meeting.Month), meeting];
        turn.Store.Meetings.Insert(meeting);
        turn.Audit("meeting.filed", ctx.Cell.Id,
            $"Ghi buổi sinh hoạt {MeetingKinds.Label(meeting.Kind).ToLowerInvariant()} ngày {VnText.Date(meeting.Date)}: {MeetingRecord.Figures(meeting, template, ctx.Cell)}");
        ctx.Session.Finished = true;
        var dues = template.Steps.Where(t => t.Kind == "dues").Select(t => DuesStep.Record(ctx, t.Id)).OfType<string>().ToList();
        var filed = ScoreSteps.File(ctx, template, meeting); // a new meeting has no score but the one voted now
        var scored = filed.Score is not null;
        // The month's roll-up after the score voted in the meeting is filed (what /tonghop reads).
        Summaries.CellMonth.Refresh(turn.Store, turn.Templates, ctx.Cell, meeting.Month, sameMonth, (meeting.Id, filed.Score));
        if (duties.Count > 0)
            turn.TellLeaders(ctx.Cell, new Reply($"{ctx.Cell.Name}, buổi sinh hoạt ngày {VnText.Date(meeting.Date)}:\n{string.Join('\n', duties)}", Notice: true));
        var dutyText = string.Concat(filed.Lines.Concat(dues).Concat(duties).Select(d => "\n" + d));
        turn.Say(new Reply(
            $"Đã lưu buổi sinh hoạt {MeetingKinds.Label(meeting.Kind).ToLowerInvariant()} tháng {VnText.MonthOf(meeting.Date)} " +
            $"(ngày {VnText.Date(meeting.Date)}) — {MeetingRecord.Figures(meeting, template, ctx.Cell)}.{dutyText}\nTiếp theo?",
            meeting.Kind == MeetingKind.EXTRAORDINARY || scored
                ? [new Choice("cmd:/bienban", "Biên bản (Word)"), new Choice("cmd:/later", "Để sau")]
                : [new Choice("cmd:/danhgia", "Chấm điểm ngay"), new Choice("cmd:/bienban", "Biên bản (Word)"), new Choice("cmd:/later", "Để sau")]));
        return null;
    }
}
