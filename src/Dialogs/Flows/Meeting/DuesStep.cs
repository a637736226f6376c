using ChiBo.Dialogs.Commands;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Flows.Meeting;

/// <summary>
/// "Thu đảng phí" at the meeting (the HD 09 summary puts it in the opening; optional per template, asked only where the
/// cell keeps its dues book here): who paid the meeting's month. The answer is the members' ids; the payments are
/// recorded when the meeting is filed (<see cref="Record"/>).
/// </summary>
public static class DuesStep
{
    const string None = "none";
    const string All = "all";

    static DateTime MonthOf(StepContext c) =>
        MeetingSteps.Day(c) is { } d ? new DateTime(d.Year, d.Month, 1) : new DateTime(c.Today.Year, c.Today.Month, 1);

    /// <summary>The roll as /dangphi numbers it, and who still owes the month (with an amount set).</summary>
    static (List<Member> Roll, List<Member> Owing) Owing(StepContext c)
    {
        var roll = PartyDues.Roll(c.Turn, c.Cell);
        var month = Summaries.Period.KeyOf(MonthOf(c));
        var paid = DuesBook.Between(c.Turn.Store, c.Cell.Id, month, month).Select(p => p.MemberId).ToHashSet();
        return (roll, roll.Where(m => m.DuesPerMonth != 0 && !paid.Contains(m.Id)).ToList());
    }

    public static Step Create(StepTemplate t) => new()
    {
        Id = t.Id, Part = t.Part, Help = t.Help,
        Ask = c =>
        {
            var (roll, owing) = Owing(c);
            var month = MonthOf(c);
            if (owing.Count == 0)
                return CommonSteps.Closed($"{t.Prompt} Tháng {VnText.MonthOf(month)}: cả chi bộ đã nộp đủ.", new Choice(None, "Tiếp tục"));
            var lines = owing.Select(m => $"{roll.IndexOf(m) + 1}. {m.Name} — {(m.DuesPerMonth is { } r ? VnText.Money(r) : "chưa ghi mức")}");
            return CommonSteps.Open($"{t.Prompt} Tháng {VnText.MonthOf(month)}, chưa nộp:\n{string.Join('\n', lines)}\nGõ số thứ tự những đồng chí nộp hôm nay (ví dụ 1, 3).",
                new Choice(All, "Tất cả đã nộp"), new Choice(None, "Không thu hôm nay"));
        },
        Read = (c, input) =>
        {
            var (roll, owing) = Owing(c);
            if (input.ChoiceKey == None || VnText.Fold(input.Text.Trim()) is "khong" or "khong thu" or "bo qua" or "chua") return new StepResult.Ok(None);
            var withRate = owing.Where(m => m.DuesPerMonth is not null).ToList();
            if (input.ChoiceKey == All || VnText.Fold(input.Text.Trim()) is "tat ca" or "tatca")
                return withRate.Count == 0 ? new StepResult.Error("Chưa ai có mức đảng phí để ghi; sau buổi họp ghi mức bằng /dangphi muc. Chọn \"Không thu hôm nay\".")
                    : new StepResult.Ok(string.Join(',', withRate.Select(m => m.Id)),
                        withRate.Count < owing.Count ? $"Chưa ghi được {string.Join(", ", owing.Except(withRate).Select(m => m.Name))} (chưa có mức; /dangphi nop <tên> <số tiền> sau buổi họp)." : null);
            var (who, error) = PartyDues.Whom(c.Cell, roll, input.Text, "nop");
            if (error is not null) return new StepResult.Error(error.Replace("/dangphi nop ", ""));
            if (who.FirstOrDefault(m => m.DuesPerMonth is null) is { } noRate)
                return new StepResult.Error($"Chưa có mức đảng phí của Đ/c {noRate.Name}: gõ những người khác, rồi sau buổi họp ghi bằng /dangphi nop {noRate.Name} <số tiền>.");
            if (who.FirstOrDefault(m => m.DuesPerMonth == 0) is { } exempt) return new StepResult.Error($"Đ/c {exempt.Name} được miễn đóng đảng phí.");
            return new StepResult.Ok(string.Join(',', who.Select(m => m.Id)));
        },
        Show = (c, v) => v == None ? "Không thu" : $"{v.Split(',').Length} đồng chí nộp",
    };

    /// <summary>When the meeting is filed: the payments the step named, at each member's amount; a line for the reply, or null.</summary>
    public static string? Record(StepContext c, string stepId)
    {
        if (c.Get(stepId) is not { } value || value == None) return null;
        var ids = value.Split(',').ToHashSet();
        var who = c.Turn.Store.CellMembers(c.Cell.Id).Where(m => ids.Contains(m.Id)).ToList();
        var month = MonthOf(c);
        var (recorded, _) = PartyDues.Record(c.Turn, c.Cell, who, [month]);
        return recorded.Count == 0 ? null : $"Đảng phí tháng {VnText.MonthOf(month)}: đã ghi {recorded.Count} đồng chí nộp (/dangphi).";
    }
}
