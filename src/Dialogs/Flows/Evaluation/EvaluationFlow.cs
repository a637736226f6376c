using System.Globalization;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Flows.Evaluation;

/// <summary>/danhgia — scores the cell's last meeting against the rubric of its cell type.</summary>
public sealed class EvaluationFlow : StepFlow
{
    public override string Command => "danhgia";
    public override string Title => "chấm điểm chất lượng buổi sinh hoạt";
    public override int Version => 1;

    const string MeetingKey = "_meeting";
    const string ExistingKey = "_existing";
    const string Editing = "_sua";
    const string Part = "Chấm điểm";

    public override void Start(Turn turn, Cell cell)
    {
        // Extraordinary meetings are not scored: the latest regular or thematic one is.
        var meeting = turn.Store.MeetingsLatestFirst(cell.Id).FirstOrDefault(m => m.Kind != MeetingKind.EXTRAORDINARY);
        if (meeting is null)
        {
            turn.Say(turn.Store.LatestMeeting(cell.Id) is null
                ? "Chi bộ chưa có buổi sinh hoạt nào được ghi. Đồng chí gõ /sinhhoat để ghi buổi sinh hoạt trước, rồi chấm điểm."
                : "Sinh hoạt bất thường không chấm điểm chất lượng; chi bộ chưa ghi buổi thường kỳ hay chuyên đề nào để chấm.");
            return;
        }
        var rubric = turn.Templates.RubricFor(cell.Type, meeting.Kind);
        var s = NewSession(turn, cell, rubric);
        s.Answers[MeetingKey] = meeting.Id;
        if (turn.Store.Evaluations.FindOne(e => e.MeetingId == meeting.Id) is not null) s.Answers[ExistingKey] = "1";
        Begin(turn, s,
            $"Chấm điểm chất lượng buổi sinh hoạt {MeetingKinds.Label(meeting.Kind).ToLowerInvariant()} ngày {VnText.Date(meeting.Date)} — " +
            $"{rubric.Name}, {rubric.Groups.Count} nhóm tiêu chí.\n" +
            "Với mỗi mục: chọn số điểm gợi ý hoặc gõ số điểm khác. /quaylai sửa mục trước · /tamdung · /huy.");
    }

    static RubricTemplate Rubric(StepContext ctx) =>
        TemplateOf<RubricTemplate>(ctx);

    static Domain.Meeting MeetingOf(StepContext ctx) =>
        ctx.Turn.Store.Meetings.FindById(ctx.Get(MeetingKey)) ?? throw new InvalidOperationException("Meeting not found.");

    static Dictionary<string, decimal> Scores(StepContext ctx, RubricTemplate r) =>
        r.Criteria.Where(c => ctx.Has(c.Code)).ToDictionary(c => c.Code, c => decimal.Parse(ctx.Answers[c.Code], CultureInfo.InvariantCulture));

    protected override IReadOnlyList<Step> StepsOf(StepContext ctx)
    {
        var rubric = Rubric(ctx);
        var meeting = MeetingOf(ctx);
        var facts = new Suggestions.Facts(meeting, ctx.Turn.Templates.ProcedureFor(ctx.Cell.Type).Rules, ctx.Cell);
        var steps = new List<Step> { Rescore(meeting) };
        steps.AddRange(rubric.Criteria.Select(c => CriterionStep(c, rubric, facts)));
        steps.Add(Confirm(rubric, meeting));
        return steps;
    }

    static Step Rescore(Domain.Meeting meeting)
    {
        Choice[] choices = [new("again", "Chấm lại"), new("stop", "Thôi")];
        return new Step
        {
            Id = "cham_lai", Part = Part, Label = "Chấm lại", Help = "Buổi này đã được chấm; chấm lại sẽ thay kết quả cũ (có lưu vết).",
            Applies = c => c.Has(ExistingKey),
            Ask = c =>
            {
                var old = c.Turn.Store.Evaluations.FindOne(e => e.MeetingId == meeting.Id);
                return new Reply($"Buổi ngày {VnText.Date(meeting.Date)} đã được chấm: {VnText.Number(old?.Total ?? 0)} điểm, {old?.LevelWithWhy}. Chấm lại?", choices);
            },
            // "Chấm lại?" answered "có" or "không" (the menu's "Thôi") as well as by its labels.
            Read = (c, input) => (Inputs.MatchAnswer(input, choices)?.Key
                ?? (input.ChoiceKey is null ? Inputs.YesOrNo(input.Text) switch { true => "again", false => "stop", null => null } : null)) switch
            {
                "again" => new StepResult.Ok("yes"),
                "stop" => Stop(c),
                _ => new StepResult.Error($"Đồng chí chọn một trong: {Inputs.Menu(choices)}."),
            },
        };
    }

    static StepResult Stop(StepContext c)
    {
        c.Session.Finished = true;
        c.Turn.Say("Giữ nguyên kết quả chấm cũ. Xem lại bằng /ketqua.");
        return new StepResult.Complete();
    }

    static Step CriterionStep(RubricCriterion cr, RubricTemplate r, Suggestions.Facts facts)
    {
        var suggestion = Suggestions.For(cr, facts);
        return new Step
        {
            Id = cr.Code, Part = Part, Label = $"{cr.Code}. {cr.Title}", Help = $"{cr.Code}. {cr.Title} (tối đa {VnText.Number(cr.Max)}): {cr.Hint}",
            Ask = c =>
            {
                var scores = Scores(c, r);
                var text = $"{cr.Group}. {cr.Code}. {cr.Title} (tối đa {VnText.Number(cr.Max)})?";
                if (suggestion is { } s) text += $" Đã ghi nhận: {s.Why}.";
                else text += $" {cr.Hint}";
                text += $"\nTạm tính: {VnText.Number(scores.Where(x => x.Key != cr.Code).Sum(x => x.Value))}/{VnText.Number(r.Total)}.";
                var options = new List<decimal>();
                if (suggestion is { } sg) options.Add(sg.Points);
                if (suggestion is null || !Suggestions.RecordDecides(cr)) options.Add(cr.Max); // above the record needs a reason, typed
                options.Add(0);
                return new Reply(text, [.. options.Distinct().Select(v => new Choice(VnText.Number(v), VnText.Number(v)))], ChoicesOnly: false);
            },
            Read = (c, input) =>
            {
                var t = VnText.Clean(input.Text).Replace(',', '.');
                var word = t.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                if (!decimal.TryParse(word, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
                    return new StepResult.Error($"\"{Inputs.Preview(VnText.Clean(input.Text))}\" không phải số điểm. Gõ số từ 0 đến {VnText.Number(cr.Max)}.");
                if (v < 0 || v > cr.Max) return new StepResult.Error($"Điểm mục {cr.Code} phải từ 0 đến {VnText.Number(cr.Max)}.");
                if (v * 2 != Math.Floor(v * 2)) return new StepResult.Error("Điểm chấm theo bước 0,5 (ví dụ 4 hoặc 4,5).");
                string? overridden = null;
                if (suggestion is { } sg && Suggestions.RecordDecides(cr) && v > sg.Points)
                {
                    // The record decides this item: more than it allows needs a reason ("15 vì …").
                    var reason = ReasonAfterScore(VnText.Clean(input.Text));
                    if (reason is null)
                        return new StepResult.Error($"Buổi sinh hoạt đã ghi: {sg.Why}; mục {cr.Code} được tối đa {VnText.Number(sg.Points)} điểm theo ghi nhận. " +
                                                    $"Muốn chấm {VnText.Number(v)} điểm, đồng chí ghi kèm lý do, ví dụ \"{VnText.Number(v)} vì …\" (lý do được ghi vào kết quả chấm và biên bản).");
                    overridden = $"{VnText.Number(v)} điểm (theo ghi nhận {VnText.Number(sg.Points)}: {sg.Why}), lý do: {reason}";
                }
                if (overridden is null) c.Answers.Remove(OverrideKey(cr.Code));
                else c.Answers[OverrideKey(cr.Code)] = overridden;
                return new StepResult.Ok(v.ToString(CultureInfo.InvariantCulture));
            },
            Show = (_, v) => VnText.Number(decimal.Parse(v, CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>Where a criterion's reason for scoring above the record is kept in the session (not a step id).</summary>
    static string OverrideKey(string code) => $"{code}#ly_do";

    /// <summary>"15 vì đồng chí Tuấn đi công tác được chi ủy đồng ý" → the reason; null when there is none.</summary>
    static string? ReasonAfterScore(string text)
    {
        var rest = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries) is [_, var r] ? r.Trim() : "";
        foreach (var lead in new[] { "điểm", "vì", "do", "lý do:", "lý do", ":", "-", "–" })
            if (rest.StartsWith(lead, StringComparison.OrdinalIgnoreCase)) rest = rest[lead.Length..].TrimStart(' ', ':');
        if (!VnText.HasWords(rest)) return null;
        return rest.Length > 300 ? rest[..300] : rest;
    }

    static Dictionary<string, string> Overrides(StepContext ctx, RubricTemplate r) =>
        r.Criteria.Where(c => ctx.Has(c.Code) && ctx.Has(OverrideKey(c.Code))).ToDictionary(c => c.Code, c => ctx.Answers[OverrideKey(c.Code)]);

    static Step Confirm(RubricTemplate r, Domain.Meeting meeting)
    {
        Choice[] choices = [new("save", "Lưu"), new("edit", "Sửa một mục")];
        return new Step
        {
            Id = "xac_nhan", Part = Part, Label = "Xác nhận", IsConfirm = true,
            Help = "Chọn \"Lưu\" để lưu kết quả; \"Sửa một mục\" rồi gõ mã mục (ví dụ B1) để chấm lại mục đó.",
            Ask = c =>
            {
                if (c.Has(Editing))
                    return new Reply($"Gõ mã mục cần sửa ({r.Criteria.First().Code}…{r.Criteria.Last().Code}), hoặc chọn Lưu.", [choices[0]], ChoicesOnly: false);
                var result = RubricScoring.Score(r, Scores(c, r));
                var why = result.Explanation.Count == 0 ? "" : $" ({string.Join("; ", result.Explanation)})";
                var lines = r.Groups.Select(g => $"{g.Code}. {g.Title}: {VnText.Number(g.Criteria.Sum(x => Scores(c, r).GetValueOrDefault(x.Code)))}/{VnText.Number(g.Max)}");
                var overrides = Overrides(c, r).Select(o => $"\n⚠ {o.Key} chấm {o.Value}.");
                return new Reply($"Kết quả chấm:\n{string.Join('\n', lines)}\nTổng: {VnText.Number(result.Total)}/{VnText.Number(r.Total)} điểm — {result.Level.Label}{why}.{string.Concat(overrides)}\nXác nhận lưu kết quả?", choices);
            },
            Read = (c, input) =>
            {
                // Asked for an item, a typed number is a step (never the menu's "1. Lưu" or "2. Sửa một mục").
                var choice = c.Has(Editing) && input.ChoiceKey is null && int.TryParse(VnText.Clean(input.Text), out _) ? null : Inputs.Match(input, choices);
                if (c.Has(Editing) && choice is null)
                {
                    var code = VnText.Clean(input.Text).ToUpperInvariant();
                    var target = r.Criteria.FirstOrDefault(x => x.Code == code)?.Code
                        ?? (int.TryParse(code, out var n) ? c.StepByNumber(n) : null);
                    if (target is null) return new StepResult.Error($"Không có mục \"{Inputs.Preview(code)}\". Gõ mã mục, ví dụ B1.");
                    c.Answers.Remove(Editing);
                    return new StepResult.GoTo(target);
                }
                if (choice?.Key == "edit") { c.Answers[Editing] = "1"; return new StepResult.Again(); }
                if (choice?.Key == "save") { c.Answers.Remove(Editing); return new StepResult.Complete(); }
                return new StepResult.Error($"Đồng chí chọn một trong: {Inputs.Menu(choices)}.");
            },
        };
    }

    /// <summary>A meeting's evaluation on a rubric (not yet voted on by the cell).</summary>
    public static Domain.Evaluation NewEvaluation(Domain.Meeting meeting, RubricTemplate r, Dictionary<string, decimal> scores,
        Dictionary<string, string> overrides, string by, DateTime atUtc, string? id)
    {
        var result = RubricScoring.Score(r, scores);
        return new Domain.Evaluation
        {
            Id = id ?? LiteDB.ObjectId.NewObjectId().ToString(),
            MeetingId = meeting.Id, CellId = meeting.CellId, CellPath = meeting.CellPath, Month = meeting.Month,
            RubricId = r.Id, RubricVersion = r.Version, Scores = scores, Total = result.Total,
            Level = result.Level.Code, LevelLabel = result.Level.Label, GatesMissed = [.. result.GatesMissed], Overrides = overrides,
            EvaluatedBy = by, EvaluatedAtUtc = atUtc, NeedsVote = true,
        };
    }

    protected override (string Message, string StepId)? Complete(StepContext ctx)
    {
        var r = Rubric(ctx);
        var meeting = MeetingOf(ctx);
        var scores = Scores(ctx, r);
        var result = RubricScoring.Score(r, scores);
        var turn = ctx.Turn;
        var old = turn.Store.Evaluations.FindOne(e => e.MeetingId == meeting.Id);
        // A score given after the meeting is not the cell's until a meeting votes on it (the next one asks).
        var evaluation = NewEvaluation(meeting, r, scores, Overrides(ctx, r), turn.Member!.Id, turn.UtcNow, old?.Id);
        turn.Store.Evaluations.Upsert(evaluation);
        Summaries.CellMonth.Refresh(turn.Store, turn.Templates, evaluation.CellId, evaluation.Month);
        var what = old is null ? "evaluation.filed" : "evaluation.corrected";
        var before = old is null ? "" : $" (trước: {VnText.Number(old.Total)}, {old.LevelLabel})";
        turn.Audit(what, meeting.CellId, $"Chấm buổi sinh hoạt ngày {VnText.Date(meeting.Date)}: {VnText.Number(result.Total)} điểm, {result.Level.Label}{before}");
        ctx.Session.Finished = true;
        var overridden = evaluation.Overrides.Count == 0 ? ""
            : $"\nChấm khác ghi nhận (ghi vào biên bản): {string.Join("; ", evaluation.Overrides.Select(o => $"{o.Key} {o.Value}"))}.";
        var approval = old?.Vote is { Passed: true }
            ? $"Điểm chi bộ đã thông qua ({VnText.Number(old.Total)}) được thay bằng điểm chấm lại, chưa được chi bộ thông qua: buổi sinh hoạt tới sẽ biểu quyết lại."
            : "Điểm chấm sau buổi họp chưa được chi bộ thông qua: buổi sinh hoạt tới sẽ đưa ra biểu quyết.";
        turn.Say($"Đã lưu kết quả chấm điểm buổi sinh hoạt ngày {VnText.Date(meeting.Date)}: {VnText.Number(result.Total)}/{VnText.Number(r.Total)} điểm — xếp loại {result.Level.Label}.{overridden}\n" +
                 $"{approval}\nXem các buổi gần đây: /ketqua");
        return null;
    }
}
