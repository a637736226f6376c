using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Evaluation;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Flows.Meeting;

/// <summary>
/// The quality score approved in the meeting: the committee proposes it (from what was recorded, on the rubric of the
/// meeting's kind), the full members present vote on it; a score given after an earlier meeting (/danhgia) is voted on
/// at the next one. The assigned upper-level staff member confirms it in /baocao.
/// </summary>
public static class ScoreSteps
{
    const string Later = "later";
    /// <summary>Where the session keeps which earlier score was put to the vote.</summary>
    const string PreviousKey = "_diem_truoc";

    public sealed record Proposal(RubricTemplate Rubric, Dictionary<string, decimal> Scores, RubricScoring.Result Result);

    /// <summary>The rubric of this kind of meeting scores every criterion from the record (else the committee scores by /danhgia).</summary>
    public static bool Scorable(StepContext c) =>
        MeetingSteps.KindOf(c) is var kind && kind != MeetingKind.EXTRAORDINARY &&
        c.Turn.Templates.RubricFor(c.Cell.Type, kind ?? MeetingKind.REGULAR).Criteria.All(cr => cr.Suggest is not null);

    /// <summary>The score the record gives, criterion by criterion (the steps before this one are all answered).</summary>
    public static Proposal Propose(StepContext c, ProcedureTemplate p) => c.FromAnswers(x => ProposeNow(x, p));

    static Proposal ProposeNow(StepContext c, ProcedureTemplate p)
    {
        var meeting = MeetingRecord.Of(c, p);
        var rubric = c.Turn.Templates.RubricFor(c.Cell.Type, meeting.Kind);
        var facts = new Suggestions.Facts(meeting, p.Rules, c.Cell);
        var scores = rubric.Criteria.ToDictionary(cr => cr.Code, cr => Suggestions.For(cr, facts)?.Points ?? 0);
        return new Proposal(rubric, scores, RubricScoring.Score(rubric, scores));
    }

    /// <summary>
    /// The latest score of an earlier meeting (within the months a meeting can be recorded back) given after that meeting
    /// and not yet voted on.
    /// </summary>
    public static Domain.Evaluation? AwaitingVote(StepContext c)
    {
        if (c.Get("ngay") is not { } day) return null;
        // Read once per turn for the date answered (the date may be answered, or corrected, in this very turn).
        var memo = c.Memo(x => new AwaitingVoteOf(day, Find(x, day)));
        return memo.Day == day ? memo.Evaluation : Find(c, day);
    }

    static Domain.Evaluation? Find(StepContext c, string day)
    {
        var date = DateTime.Parse(day);
        var store = c.Turn.Store;
        var since = date.AddDays(-c.Turn.Templates.ProcedureFor(c.Cell.Type).Rules.MaxDaysBack);
        return store.ScoresAwaitingVote(c.Cell.Id)
            .Select(e => (Evaluation: e, Meeting: store.Meetings.FindById(e.MeetingId)))
            .Where(e => e.Meeting is { } m && m.Date < date && m.Date >= since)
            .OrderByDescending(e => e.Meeting!.Date).Select(e => e.Evaluation).FirstOrDefault();
    }

    sealed record AwaitingVoteOf(string Day, Domain.Evaluation? Evaluation);

    static string Figures(decimal total, decimal max, string level) => $"{VnText.Number(total)}/{VnText.Number(max)} điểm, xếp loại {level}";

    static Choice[] Choices(StepContext c, string later) =>
        [new($"{MeetingSteps.TallyOf(c).Voters} 0 0", $"{MeetingSteps.TallyOf(c).Voters} 0 0"), new(Later, later)];

    /// <summary>"để sau", "chấm sau", "biểu quyết sau", "lát nữa": the vote put off (words only: "5 0 0 sau" is a vote).</summary>
    static bool PutOff(string text) =>
        Inputs.AnswerWords(text) is { Count: > 0 } words && !words.Any(w => w.Any(char.IsDigit))
        && (words[^1] == "sau" || string.Join(' ', words) is "lat nua" or "de lat nua" or "hom khac" or "de hom khac");

    static StepResult ReadVote(StepContext c, UserInput input, string later, Func<int[], string> passed, Func<int[], string> failed, string stamp = "")
    {
        // A tap, a number or a label: either the unanimous vote offered or "later"; else typed votes.
        var choice = Inputs.MatchAnswer(input, Choices(c, later));
        if (choice?.Key == Later || input.ChoiceKey is null && PutOff(input.Text)) return new StepResult.Ok(Later);
        var (v, error) = MeetingSteps.ReadVotes(c, choice?.Key ?? input.Text);
        if (v is null) return new StepResult.Error($"{error} Hoặc chọn \"{later}\".");
        var tally = MeetingSteps.TallyOf(c);
        return new StepResult.Ok(string.Join(' ', v) + stamp, ChiBo.Rules.MeetingRules.Passes(v[0], tally.Counted) ? passed(v) : failed(v));
    }

    /// <summary>"5 0 0|95": the votes, and (for this meeting's score) the total they approved.</summary>
    static string VotesOf(string answer) => answer.Split('|')[0];

    static string? Recheck(StepContext c, string v) =>
        v == Later ? null : MeetingSteps.VotesProblem(c, VotesOf(v).Split(' ').Select(int.Parse).ToArray());

    static string Stamp(decimal total) => "|" + total.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The committee's proposed score for this meeting, voted on by the full members present.</summary>
    public static Step Score(StepTemplate t, ProcedureTemplate p)
    {
        const string later = "Chưa biểu quyết, chấm sau";
        return new Step
        {
            Id = t.Id, Part = t.Part, Help = t.Help,
            Ask = c =>
            {
                var proposal = Propose(c, p);
                var why = proposal.Result.Explanation.Count == 0 ? "" : $" ({string.Join("; ", proposal.Result.Explanation)})";
                var tally = MeetingSteps.TallyOf(c);
                return new Reply($"{t.Prompt}\nChi ủy đề xuất theo những gì vừa ghi: {Figures(proposal.Result.Total, proposal.Rubric.Total, proposal.Result.Level.Label)}{why}. " +
                                 $"Số tán thành, không tán thành, không biểu quyết? Đảng viên chính thức có mặt: {tally.Voters}{MeetingSteps.NotVoting(tally)}.",
                    Choices(c, later), ChoicesOnly: false, NumberedSuggestions: true);
            },
            Read = (c, input) => ReadVote(c, input, later,
                v => $"Mức điểm được chi bộ thông qua ({v[0]}/{MeetingSteps.TallyOf(c).Counted} tán thành); cấp ủy viên cấp trên dự họp xác nhận qua /baocao.",
                v => $"⚠ Mức điểm không được thông qua ({v[0]}/{MeetingSteps.TallyOf(c).Counted} tán thành, cần quá một nửa). Chi ủy chấm lại bằng /danhgia; điểm đó đưa ra buổi sinh hoạt sau.",
                Stamp(Propose(c, p).Result.Total)),
            // The vote was on a total: an answer corrected since that changes the proposal needs the vote again.
            Recheck = (c, v) => Recheck(c, v) ?? ProposalChanged(c, p, v),
            Show = (c, v) => v == Later ? later
                : $"{VnText.Number(v.Split('|') is [_, var voted] ? decimal.Parse(voted, System.Globalization.CultureInfo.InvariantCulture) : Propose(c, p).Result.Total)} điểm, biểu quyết {VotesOf(v)}",
        };
    }

    static string? ProposalChanged(StepContext c, ProcedureTemplate p, string v)
    {
        if (v == Later || v.Split('|') is not [_, var voted]) return null;
        var (before, now) = (decimal.Parse(voted, System.Globalization.CultureInfo.InvariantCulture), Propose(c, p).Result.Total);
        return before == now ? null
            : $"Điểm chi ủy đề xuất đã đổi ({VnText.Number(before)} → {VnText.Number(now)}) vì một câu trả lời vừa sửa; chi bộ biểu quyết lại mức mới.";
    }

    /// <summary>A score given after the previous meeting (/danhgia), put to this meeting's vote.</summary>
    public static Step Previous(StepTemplate t)
    {
        const string later = "Không đưa ra biểu quyết";
        return new Step
        {
            Id = t.Id, Part = t.Part, Help = t.Help,
            Ask = c =>
            {
                var e = AwaitingVote(c)!;
                var date = c.Turn.Store.Meetings.FindById(e.MeetingId)?.Date;
                var tally = MeetingSteps.TallyOf(c);
                return new Reply($"{t.Prompt}\nBuổi ngày {(date is { } d ? VnText.Date(d) : "trước")}: {VnText.Number(e.Total)} điểm, xếp loại {e.LevelLabel} (chấm sau buổi họp). " +
                                 $"Số tán thành, không tán thành, không biểu quyết? Đảng viên chính thức có mặt: {tally.Voters}{MeetingSteps.NotVoting(tally)}.",
                    Choices(c, later), ChoicesOnly: false, NumberedSuggestions: true);
            },
            Read = (c, input) =>
            {
                var result = ReadVote(c, input, later,
                    v => $"Điểm buổi trước được chi bộ thông qua ({v[0]}/{MeetingSteps.TallyOf(c).Counted} tán thành).",
                    v => $"⚠ Điểm buổi trước không được thông qua ({v[0]}/{MeetingSteps.TallyOf(c).Counted} tán thành); chi ủy xem lại bằng /danhgia.");
                if (result is StepResult.Ok) c.Answers[PreviousKey] = AwaitingVote(c)!.Id;
                return result;
            },
            Recheck = Recheck,
            Show = (_, v) => v == Later ? later : $"biểu quyết {v}",
        };
    }

    /// <summary>What filing the votes did: what to tell the secretary, and this meeting's score if it was voted.</summary>
    public sealed record Filed(List<string> Lines, Domain.Evaluation? Score);

    /// <summary>
    /// Files what the meeting voted: the proposed score of this meeting as its evaluation, and the vote on an earlier
    /// score.
    /// </summary>
    public static Filed File(StepContext c, ProcedureTemplate p, Domain.Meeting meeting)
    {
        var lines = new List<string>();
        Domain.Evaluation? score = null;
        var turn = c.Turn;
        var tally = meeting.Tally;
        ScoreVote VoteOf(string answer)
        {
            var v = VotesOf(answer).Split(' ').Select(int.Parse).ToArray();
            return new ScoreVote
            {
                AtMeetingId = meeting.Id, AtDate = meeting.Date, For = v[0], Against = v[1], Abstain = v[2], Base = tally.Counted,
                Passed = ChiBo.Rules.MeetingRules.Passes(v[0], tally.Counted),
            };
        }
        var applicable = c.Applicable.Select(a => a.Id).ToHashSet();
        foreach (var step in p.Steps.Where(s => applicable.Contains(s.Id) && c.Get(s.Id) is { } v && v != Later))
        {
            var answer = c.Get(step.Id)!;
            if (step.Kind == "score")
            {
                var proposal = Propose(c, p);
                var evaluation = EvaluationFlow.NewEvaluation(meeting, proposal.Rubric, new(proposal.Scores), [], turn.Member!.Id, turn.UtcNow, null);
                evaluation.Vote = VoteOf(answer);
                turn.Store.Evaluations.Insert(evaluation); // a new meeting's first score
                score = evaluation;
                turn.Audit("evaluation.voted", meeting.CellId,
                    $"Buổi ngày {VnText.Date(meeting.Date)}: chi ủy đề xuất {VnText.Number(evaluation.Total)} điểm, {evaluation.LevelLabel}; biểu quyết {VotesOf(answer)} ({(evaluation.Approved ? "thông qua" : "không thông qua")})");
                lines.Add(evaluation.Approved
                    ? $"Điểm chất lượng: {VnText.Number(evaluation.Total)} điểm, {evaluation.LevelWithWhy} — chi bộ thông qua {evaluation.Vote.For}/{evaluation.Vote.Base}; chờ cấp ủy viên cấp trên xác nhận (/baocao)."
                    : $"⚠ Điểm đề xuất {VnText.Number(evaluation.Total)} không được chi bộ thông qua; chấm lại bằng /danhgia.");
            }
            else if (step.Kind == "score_previous" && c.Get(PreviousKey) is { } id && turn.Store.Evaluations.FindById(id) is { Vote: null } earlier)
            {
                earlier.Vote = VoteOf(answer);
                turn.Store.Evaluations.Update(earlier);
                var date = turn.Store.Meetings.FindById(earlier.MeetingId)?.Date ?? meeting.Date;
                turn.Audit("evaluation.voted", meeting.CellId,
                    $"Điểm buổi ngày {VnText.Date(date)} ({VnText.Number(earlier.Total)}, {earlier.LevelLabel}) đưa ra buổi ngày {VnText.Date(meeting.Date)}: biểu quyết {answer}");
                lines.Add(earlier.Approved
                    ? $"Điểm buổi ngày {VnText.Date(date)} ({VnText.Number(earlier.Total)}, {earlier.LevelLabel}) đã được chi bộ thông qua."
                    : $"⚠ Điểm buổi ngày {VnText.Date(date)} không được chi bộ thông qua; chi ủy xem lại bằng /danhgia.");
            }
        }
        return new Filed(lines, score);
    }
}
