using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Flows;

/// <summary>A multi-turn conversation whose state lives in a <see cref="DialogSession"/>.</summary>
public interface IFlow
{
    /// <summary>Command that starts it, without the slash: "sinhhoat".</summary>
    string Command { get; }
    /// <summary>Short Vietnamese name: "ghi nhận buổi sinh hoạt".</summary>
    string Title { get; }
    /// <summary>Bumped when a change makes old sessions unreadable.</summary>
    int Version { get; }

    /// <summary>
    /// False when this user could not start it at all (a member asking for a leader's task): with another task under
    /// way, the refusal is then said, not "finish or cancel that one first".
    /// </summary>
    bool MayStart(Turn turn) => true;
    /// <summary>The cell the flow would run for (args: what followed the command), or null after telling the user why not.</summary>
    Cell? CellFor(Turn turn, string args);
    /// <summary>Starts the flow for a cell: creates the session and asks the first step, or refuses with a reason.</summary>
    void Start(Turn turn, Cell cell);
    /// <summary>The same, with what followed the command (a flow that takes an argument reads it here).</summary>
    void Start(Turn turn, Cell cell, string args) => Start(turn, cell);
    void Handle(Turn turn, DialogSession session, UserInput input);
    void Back(Turn turn, DialogSession session);
    /// <summary>Asks the current step again, after an optional preface.</summary>
    void Reprompt(Turn turn, DialogSession session, string? preface = null);
    string Help(Turn turn, DialogSession session);
    /// <summary>"Bước 9/27 — Nội dung".</summary>
    string Position(Turn turn, DialogSession session);
}
