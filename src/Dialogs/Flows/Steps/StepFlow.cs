using System.Runtime.CompilerServices;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using Stateless;

namespace ChiBo.Dialogs.Flows.Steps;

/// <summary>
/// A flow that asks a list of steps in order. The current step is the state of a Stateless machine whose
/// state is read from and written to the session record, so it survives restarts.
/// </summary>
public abstract class StepFlow : IFlow
{
    public abstract string Command { get; }
    public abstract string Title { get; }
    public abstract int Version { get; }

    /// <summary>The steps of this session (built from the template version the session started with).</summary>
    protected abstract IReadOnlyList<Step> StepsOf(StepContext ctx);
    /// <summary>Files the record. Returns an error and the step to correct, or null when filed.</summary>
    protected abstract (string Message, string StepId)? Complete(StepContext ctx);
    public abstract void Start(Turn turn, Cell cell);

    /// <summary>Starts with what followed the command; flows that take an argument override this.</summary>
    public virtual void Start(Turn turn, Cell cell, string args) => Start(turn, cell);

    /// <summary>The template version the session started with (the loaded one, or its kept snapshot).</summary>
    protected static T TemplateOf<T>(StepContext ctx) where T : Templates.TemplateBase =>
        ctx.Turn.Templates.Resolve<T>(ctx.Session.TemplateId, ctx.Session.TemplateVersion, ctx.Turn.Store);

    /// <summary>By default a flow runs for the cell the user leads (secretary or deputy).</summary>
    public virtual bool MayStart(Turn turn) => Authorizer.LedCell(turn.Store, turn.Member!) is not null;

    public virtual Cell? CellFor(Turn turn, string args) =>
        Authorizer.LedCellOrRefuse(turn, Title, "Đồng chí theo dõi lịch sinh hoạt và trả lời nhắc lịch trong nhóm chi bộ.");

    public const string KeepKey = "_keep";
    const string Done = "_done";
    enum Trigger { Next, Back, Jump }

    protected StepContext Context(Turn turn, DialogSession s)
    {
        var ctx = new StepContext(turn, s, turn.Store.Cells.FindById(s.CellId) ?? throw new InvalidOperationException($"Cell {s.CellId} not found."));
        ctx.Steps = StepsOf(ctx);
        return ctx;
    }

    /// <summary>
    /// The flow's machine over the session's Step field (external state storage). A turn fires one trigger from
    /// the current step, so only that step is configured (configuring all of them cost a sixth of a turn). A machine is
    /// built once per thread for each step of a list of steps and reused by the turns that follow, each setting its own
    /// context: Stateless reads every guard's method by reflection as it is configured (two thirds of the building).
    /// </summary>
    static T WithMachine<T>(StepContext ctx, IReadOnlyList<Step> steps,
        Func<StateMachine<string, Trigger>, StateMachine<string, Trigger>.TriggerWithParameters<string>, T> use)
    {
        var index = -1;
        for (var i = 0; i < steps.Count; i++)
            if (steps[i].Id == ctx.Session.Step) { index = i; break; }
        var built = (_built ??= new()).GetOrCreateValue(steps);
        if (!built.TryGetValue(index, out var machine)) built[index] = machine = BuiltMachine.For(steps, index, ctx);
        machine.Context = ctx;
        try { return use(machine.Machine, machine.Jump); }
        finally { machine.Context = null!; } // the turn is not kept alive by the machine
    }

    // Per thread (turns of different chats run at once): the steps lists of templates live as long as their template.
    [ThreadStatic] static ConditionalWeakTable<IReadOnlyList<Step>, Dictionary<int, BuiltMachine>>? _built;

    /// <summary>The machine of one step (index -1: a step not in the list, which permits nothing), for the context set.</summary>
    sealed class BuiltMachine
    {
        public StepContext Context = null!;
        public StateMachine<string, Trigger> Machine = null!;
        public StateMachine<string, Trigger>.TriggerWithParameters<string> Jump = null!;

        public static BuiltMachine For(IReadOnlyList<Step> steps, int index, StepContext first)
        {
            var b = new BuiltMachine { Context = first }; // Stateless reads the state as it is made
            var m = b.Machine = new StateMachine<string, Trigger>(() => b.Context.Session.Step, s => b.Context.Session.Step = s);
            var jump = b.Jump = m.SetTriggerParameters<string>(Trigger.Jump);
            if (index >= 0)
            {
                var step = steps[index];
                m.Configure(step.Id)
                    .PermitDynamicIf(Trigger.Next, () => NextAfter(b.Context, steps, index), () => b.Context.Has(step.Id) || step.IsConfirm, "câu trả lời hợp lệ")
                    .PermitDynamicIf(Trigger.Back, () => PreviousBefore(b.Context, steps, index)!, () => PreviousBefore(b.Context, steps, index) is not null, "có bước trước")
                    .PermitDynamicIf(jump, target => target, target => steps.Any(s => s.Id == target && s.Applies(b.Context)), "bước tồn tại");
            }
            m.Configure(Done);
            return b;
        }
    }

    /// <summary>
    /// The first applicable step after <paramref name="index"/> that is unanswered or whose answer no longer
    /// fits the others; else the step to return to after a correction; else the confirm step.
    /// </summary>
    static string NextAfter(StepContext ctx, IReadOnlyList<Step> steps, int index)
    {
        for (var i = index + 1; i < steps.Count; i++)
        {
            var s = steps[i];
            if (!s.Applies(ctx)) continue;
            if (s.IsConfirm || !ctx.Has(s.Id) || s.Recheck(ctx, ctx.Answers[s.Id]) is not null) return s.Id;
        }
        return Done;
    }

    static string? PreviousBefore(StepContext ctx, IReadOnlyList<Step> steps, int index)
    {
        for (var i = index - 1; i >= 0; i--)
            if (steps[i].Applies(ctx)) return steps[i].Id;
        return null;
    }

    /// <summary>A new session of this flow for the turn's chat, on the given template version (if it follows one).</summary>
    protected DialogSession NewSession(Turn turn, Cell cell, Templates.TemplateBase? template) => new()
    {
        Id = turn.ChatKey, Flow = Command, FlowVersion = Version, TemplateId = template?.Id ?? "",
        TemplateVersion = template?.Version ?? "", MemberId = turn.Member!.Id, CellId = cell.Id,
        StartedAtUtc = turn.UtcNow, UpdatedAtUtc = turn.UtcNow,
    };

    protected void Begin(Turn turn, DialogSession s, string intro)
    {
        var ctx = Context(turn, s);
        var steps = ctx.Steps;
        s.Step = steps.First(x => x.Applies(ctx)).Id;
        Ask(ctx, steps, intro);
        turn.SetSession(s);
    }

    public void Handle(Turn turn, DialogSession s, UserInput input)
    {
        var ctx = Context(turn, s);
        var steps = ctx.Steps;
        var step = steps.FirstOrDefault(x => x.Id == s.Step);
        if (step is null)
        {
            Ask(ctx, steps, null); // restarts at the first step, saying why
            return;
        }
        var result = input.ChoiceKey == KeepKey && ctx.Has(step.Id)
            ? step.Recheck(ctx, ctx.Answers[step.Id]) is { } stale ? new StepResult.Error(stale) : new StepResult.Ok(ctx.Answers[step.Id])
            : step.Read(ctx, input);
        Apply(ctx, steps, step, result);
    }

    /// <summary>Steps from which a flow's change of length is worth a word.</summary>
    const int LongFlow = 10;

    void Apply(StepContext ctx, IReadOnlyList<Step> steps, Step step, StepResult result)
    {
        var s = ctx.Session;
        switch (result)
        {
            case StepResult.Error e:
                s.Retries++;
                var hint = s.Retries >= 3 ? "\n(Gõ /trogiup để xem hướng dẫn bước này, /tamdung để tạm dừng.)" : "";
                Ask(ctx, steps, e.Message + hint, again: true);
                break;
            case StepResult.Again a:
                s.Retries = 0;
                Ask(ctx, steps, a.Note);
                break;
            case StepResult.Ok ok:
                s.Retries = 0;
                var total = step.Reshapes ? steps.Count(x => x.Counts(ctx)) : 0;
                ctx.Answers[step.Id] = ok.Value;
                WithMachine(ctx, steps, (m, _) => { m.Fire(Trigger.Next); return true; });
                if (s.Step == Done) s.Step = steps.Last(x => x.IsConfirm).Id;
                // An answer that changes a long procedure's length (a thematic meeting has its own steps): said once, not left
                // to be noticed in the header. A short flow's header says enough. Counted only after a step that may reshape
                // the flow: a step's condition may read the store.
                var now = step.Reshapes ? steps.Count(x => x.Counts(ctx)) : 0;
                Ask(ctx, steps, WithRecheck(ctx, steps, now == total || total < LongFlow ? ok.Note
                    : Join(ok.Note, $"Với câu trả lời này, tổng cộng {now} bước (thay vì {total}).")));
                break;
            case StepResult.GoTo g:
                s.Retries = 0;
                WithMachine(ctx, steps, (m, jump) => { m.Fire(jump, g.StepId); return true; });
                Ask(ctx, steps, null);
                break;
            case StepResult.Complete when s.Finished:
                break; // the step closed the flow itself (e.g. "keep the old result")
            case StepResult.Complete:
                var problem = FirstInvalid(ctx, steps);
                if (problem is not null)
                {
                    s.Step = problem.Value.StepId;
                    Ask(ctx, steps, problem.Value.Message);
                    return;
                }
                var failed = Complete(ctx);
                if (failed is not null)
                {
                    s.Step = failed.Value.StepId;
                    Ask(ctx, steps, failed.Value.Message);
                }
                break;
        }
    }

    /// <summary>When the next step was chosen because its stored answer no longer fits, say why.</summary>
    static string? WithRecheck(StepContext ctx, IReadOnlyList<Step> steps, string? note)
    {
        var current = steps.First(x => x.Id == ctx.Session.Step);
        if (!ctx.Has(current.Id)) return note;
        var why = current.Recheck(ctx, ctx.Answers[current.Id]);
        return why is null ? note : Join(note, why);
    }

    static (string? Message, string StepId)? FirstInvalid(StepContext ctx, IReadOnlyList<Step> steps)
    {
        foreach (var s in steps.Where(x => !x.IsConfirm && x.Applies(ctx)))
        {
            // A step not counted in the total is a check that applies only while something is wrong: its question says what.
            if (!ctx.Has(s.Id)) return (s.Counts(ctx) ? "Bước này chưa có câu trả lời." : null, s.Id);
            var why = s.Recheck(ctx, ctx.Answers[s.Id]);
            if (why is not null) return (why, s.Id);
        }
        return null;
    }

    public void Back(Turn turn, DialogSession s)
    {
        var ctx = Context(turn, s);
        var steps = ctx.Steps;
        var wentBack = WithMachine(ctx, steps, (m, _) =>
        {
            if (!m.CanFire(Trigger.Back)) return false;
            m.Fire(Trigger.Back);
            return true;
        });
        if (!wentBack)
        {
            Ask(ctx, steps, "Đây là bước đầu tiên, không còn bước trước để quay lại.");
            return;
        }
        s.Retries = 0;
        Ask(ctx, steps, "Quay lại bước trước để sửa.");
    }

    public void Reprompt(Turn turn, DialogSession s, string? preface = null)
    {
        var ctx = Context(turn, s);
        Ask(ctx, StepsOf(ctx), preface);
    }

    public string Position(Turn turn, DialogSession s)
    {
        var ctx = Context(turn, s);
        var steps = ctx.Steps;
        return Header(ctx, steps, steps.FirstOrDefault(x => x.Id == s.Step) ?? steps[0]);
    }

    public string Help(Turn turn, DialogSession s)
    {
        var ctx = Context(turn, s);
        var steps = ctx.Steps;
        var step = steps.FirstOrDefault(x => x.Id == s.Step) ?? steps[0];
        return $"{Header(ctx, steps, step)}\n{step.Help}";
    }

    static string Header(StepContext ctx, IReadOnlyList<Step> steps, Step step)
    {
        var numbered = steps.Where(x => x.Counts(ctx)).ToList();
        var at = numbered.IndexOf(step);
        // A step not counted (a check that applies while something is wrong) takes the number of the step it comes
        // before: the total stays the same through the flow.
        if (at < 0) at = Math.Min(steps.TakeWhile(x => x != step).Count(x => x.Counts(ctx)), Math.Max(0, numbered.Count - 1));
        return $"Bước {at + 1}/{numbered.Count} — {step.Part}";
    }

    /// <summary>
    /// Asks the current step: header, optional preface, the question (<paramref name="again"/>: after a wrong answer, as
    /// <see cref="Step.AskAgain"/>), what was recorded before.
    /// </summary>
    protected static void Ask(StepContext ctx, IReadOnlyList<Step> steps, string? preface, bool again = false)
    {
        var step = steps.FirstOrDefault(x => x.Id == ctx.Session.Step);
        if (step is null)
        {
            // The steps changed under the session (a template, the roster) and its step is gone: the first step again.
            step = steps.First(x => x.Applies(ctx));
            ctx.Session.Step = step.Id;
            preface = Join("Bước đang dở không còn trong danh sách các bước; bắt đầu lại từ bước đầu, các câu trả lời cũ vẫn được giữ.", preface);
        }
        var asked = again && step.AskAgain is { } shorter ? shorter(ctx) : step.Ask(ctx);
        var text = Join(preface, $"{Header(ctx, steps, step)}. {asked.Text}");
        var choices = asked.Choices?.ToList() ?? [];
        if (!step.IsConfirm && ctx.Has(step.Id))
        {
            // A value that no longer fits the other answers (a sum, a count) is shown, not offered to keep.
            if (step.Recheck(ctx, ctx.Answers[step.Id]) is { } stale)
                text += $"\n(Đã ghi: {Shorten(step.Show(ctx, ctx.Answers[step.Id]))} — không còn khớp, cần ghi lại{(preface?.Contains(stale) == true ? "" : $": {stale}")})";
            else
            {
                text += $"\n(Đã ghi: {Shorten(step.Show(ctx, ctx.Answers[step.Id]))})";
                choices.Add(new Choice(KeepKey, "Giữ nguyên"));
            }
        }
        ctx.Turn.Say(new Reply(text, choices, asked.ChoicesOnly, NumberedSuggestions: asked.NumberedSuggestions));
    }

    static string Shorten(string s) => s.Length <= 120 ? s : s[..117] + "…";

    protected static string Join(string? a, string? b) =>
        string.IsNullOrEmpty(a) ? b ?? "" : string.IsNullOrEmpty(b) ? a : $"{a}\n{b}";
}
