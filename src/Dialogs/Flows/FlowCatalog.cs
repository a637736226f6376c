using ChiBo.Dialogs.Flows.Evaluation;
using ChiBo.Dialogs.Flows.Meeting;
using ChiBo.Dialogs.Flows.Report;

namespace ChiBo.Dialogs.Flows;

/// <summary>Every flow the bot offers: the one list the host and the tests wire.</summary>
public static class FlowCatalog
{
    public static IFlow[] Create() => [new MeetingFlow(), new EvaluationFlow(), new AttendanceReportFlow(), new Quiz.QuizFlow(), new Joining.IntroductionFlow(), new Review.SelfReviewFlow(), new Review.CellReviewFlow()];
}
