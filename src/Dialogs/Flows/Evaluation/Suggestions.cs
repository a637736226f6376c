using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Flows.Evaluation;

/// <summary>
/// Points a criterion would get from what /sinhhoat recorded ("auto-check" in domain.md §2.3): a share of its
/// maximum (0–1) and what was recorded. The secretary confirms or types another score.
/// </summary>
public static class Suggestions
{
    public sealed record Facts(Domain.Meeting Meeting, ProcedureRules Rules, Domain.Cell? Cell = null);

    static readonly Dictionary<string, Func<Facts, (decimal Share, string Why)>> Rules = new()
    {
        ["committee_met"] = f => f.Meeting.CommitteeMet ? (1, "chi ủy đã họp") : (0, "chi ủy chưa họp"),
        ["notice_sent"] = f => f.Meeting.NoticeSent ? (1, "đã thông báo") : (0, "chưa thông báo"),
        ["draft_prepared"] = f => f.Meeting.DraftPrepared ? (1, "có dự thảo") : (0, "chưa có dự thảo"),
        ["documents_ahead"] = f => f.Meeting.Documents switch
        {
            DocumentsAhead.OneDayOrMore => (1, "tài liệu gửi trước ít nhất 1 ngày"),
            DocumentsAhead.SameDay => (0.5m, "tài liệu gửi trong ngày họp"),
            _ => (0, "không gửi tài liệu trước"),
        },
        ["attendance_rate"] = f =>
        {
            var rate = f.Meeting.AttendanceRate;
            var threshold = f.Rules.AttendanceThresholdPercent / 100.0;
            var why = $"tỷ lệ dự {VnText.Percent(rate)}";
            return ChiBo.Rules.MeetingRules.AttendanceMet(f.Meeting.Present, f.Meeting.Summoned, f.Rules.AttendanceThresholdPercent) ? (1, why) : ((decimal)(rate / threshold), why + $", chưa đạt yêu cầu trên {f.Rules.AttendanceThresholdPercent}%");
        },
        ["no_unexcused"] = f => f.Meeting.UnexcusedAbsent == 0 ? (1, "không có ai vắng không lý do")
            : (0, $"{f.Meeting.UnexcusedAbsent} đảng viên vắng không lý do"),
        ["procedure_complete"] = f => f.Meeting.AgendaApproved && f.Meeting.MinutesApproved ? (1, "đủ các bước, chương trình và biên bản được thông qua")
            : (0.5m, "chương trình hoặc biên bản chưa được thông qua"),
        ["news_given"] = f => f.Meeting.News != "" ? (1, "có thông tin thời sự") : (0, "không có thông tin thời sự"),
        ["review_done"] = f => f.Meeting.Review.Count > 0 ? (1, $"đánh giá {f.Meeting.Review.Count} nhiệm vụ tháng trước")
            : f.Meeting.ReviewSummary != "" ? (1, "có đánh giá kết quả tháng trước") : (0, "chưa đánh giá"),
        ["tasks_with_owner"] = f => f.Meeting.NextTasks.Any(t => t.Owner is not null)
            ? (1, $"{f.Meeting.NextTasks.Count(t => t.Owner is not null)}/{f.Meeting.NextTasks.Count} nhiệm vụ có người phụ trách")
            : (0.5m, "nhiệm vụ chưa ghi người phụ trách"),
        ["discussion_share"] = f => Share(f.Meeting.Speakers, f.Meeting.Present),
        ["duration_ok"] = f =>
        {
            var min = f.Rules.MinimumFor(f.Cell, f.Meeting.Kind);
            return ChiBo.Rules.MeetingRules.LongEnough(f.Meeting.DurationMinutes, min) ? (1, $"{f.Meeting.DurationMinutes} phút, đủ tối thiểu {min}")
                : (0, $"{f.Meeting.DurationMinutes} phút, chưa đủ tối thiểu {min}");
        },
        ["vote_valid"] = f => f.Meeting.ResolutionPassed ? (1, $"{f.Meeting.VotesFor}/{f.Meeting.VoteBase} tán thành")
            : (0, $"chỉ {f.Meeting.VotesFor}/{f.Meeting.VoteBase} tán thành, nghị quyết không được thông qua"),
        ["topic_approved"] = f => f.Meeting.TopicApproved ? (1, "dự thảo chuyên đề được thông qua, gửi trước") : (0, "dự thảo chuyên đề chưa được thông qua, gửi trước"),
        ["presenter_assigned"] = f => f.Meeting.Presenter != "" ? (1, $"đồng chí {f.Meeting.Presenter} trình bày") : (0, "chưa ghi người trình bày"),
        ["purpose_stated"] = f => f.Meeting.Purpose != "" ? (1, "chủ trì nêu mục đích, yêu cầu") : (0, "chưa ghi mục đích, yêu cầu"),
        ["topic_presented"] = f => f.Meeting.Presentation != "" ? (1, "chuyên đề được trình bày") : (0, "chưa ghi nội dung trình bày"),
        ["topic_discussion_share"] = f => Share(f.Meeting.TopicSpeakers, f.Meeting.Present),
        ["topic_concluded"] = f => f.Meeting.TopicConclusion != "" ? (1, "chủ trì kết luận chuyên đề") : (0, "chưa ghi kết luận chuyên đề"),
        ["minutes_approved"] = f => f.Meeting.MinutesApproved ? (1, "biên bản đã được thông qua") : (0, "biên bản chưa được thông qua"),
    };

    /// <summary>Half of those present speaking or more: full points; fewer, in proportion.</summary>
    static (decimal, string) Share(int speakers, int present)
    {
        var share = present == 0 ? 0 : (double)speakers / present;
        var why = $"{speakers}/{present} đảng viên phát biểu";
        return share >= 0.5 ? (1, why) : ((decimal)(share * 2), why + ", chưa tới một nửa");
    }

    /// <summary>
    /// Criteria the meeting record decides (attendance, unexcused absences, duration, documents ahead): a score above
    /// the suggestion needs a reason, kept with the score and printed in the minutes.
    /// </summary>
    static readonly HashSet<string> Decided = ["attendance_rate", "no_unexcused", "duration_ok", "documents_ahead"];

    public static bool RecordDecides(RubricCriterion c) => c.Suggest is { } s && Decided.Contains(s);

    public static IEnumerable<string> Names => Rules.Keys;
    public static bool Known(string name) => Rules.ContainsKey(name);

    /// <summary>The suggested points (rounded down to half points) and the reason, or null when the criterion has no rule.</summary>
    public static (decimal Points, string Why)? For(RubricCriterion c, Facts f)
    {
        if (c.Suggest is null) return null;
        var (share, why) = Rules[c.Suggest](f);
        return (Math.Floor(Math.Clamp(share, 0, 1) * c.Max * 2) / 2, why);
    }
}
