using ChiBo.Dialogs.Conversation;

namespace ChiBo.Dialogs.Flows.Steps;

/// <summary>One question of a step flow: how to ask it, how to read the answer, when it applies.</summary>
public sealed class Step
{
    public required string Id { get; init; }
    public required string Part { get; init; }
    public required string Help { get; init; }
    /// <summary>Short name used in summaries.</summary>
    public string Label { get; init; } = "";
    public required Func<StepContext, Reply> Ask { get; init; }
    /// <summary>
    /// How the question is asked again after a wrong answer, when it is long (a roster) and still just above: nothing
    /// changed since. By default <see cref="Ask"/>.
    /// </summary>
    public Func<StepContext, Reply>? AskAgain { get; init; }
    public required Func<StepContext, UserInput, StepResult> Read { get; init; }
    public Func<StepContext, bool> Applies { get; init; } = _ => true;
    /// <summary>
    /// Whether the step counts in "Bước n/N": by default when it applies; a step decided by a later answer counts by its
    /// expected outcome instead, so the total stays the same through the flow.
    /// </summary>
    public Func<StepContext, bool>? Counted { get; init; }
    public bool Counts(StepContext c) => (Counted ?? Applies)(c);
    /// <summary>An answer here may add or drop other steps (a meeting's kind): the flow then says its new total once.</summary>
    public bool Reshapes { get; init; }
    /// <summary>Checks a stored answer against the other answers (they may have changed since).</summary>
    public Func<StepContext, string, string?> Recheck { get; init; } = (_, _) => null;
    /// <summary>How a stored answer reads back to the user.</summary>
    public Func<StepContext, string, string> Show { get; init; } = (_, v) => v;
    /// <summary>The final step: its answer files the record instead of being stored.</summary>
    public bool IsConfirm { get; init; }
}

public abstract record StepResult
{
    /// <summary>Store the value and go on; Note is shown before the next question.</summary>
    public sealed record Ok(string Value, string? Note = null) : StepResult;
    /// <summary>Reject: nothing changes, the same question is asked again after Message.</summary>
    public sealed record Error(string Message) : StepResult;
    /// <summary>Stay on the step (multi-part steps), showing Note first.</summary>
    public sealed record Again(string? Note = null) : StepResult;
    /// <summary>Jump to another step (to correct it) and come back afterwards.</summary>
    public sealed record GoTo(string StepId) : StepResult;
    /// <summary>The user confirmed: file the record.</summary>
    public sealed record Complete : StepResult;
}
