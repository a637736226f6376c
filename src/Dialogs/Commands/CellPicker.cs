using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>Finds the cell a user named after a command ("/ketqua thôn Đông"), forgiving about case and diacritics.</summary>
public static class CellPicker
{
    /// <summary>
    /// The one candidate whose name holds the typed words (an exact name wins), or null after saying why: none
    /// found, or several, offered as buttons that repeat the command with the full name.
    /// </summary>
    public static Cell? Named(Turn turn, IReadOnlyList<Cell> candidates, string typed, string command, string scope)
    {
        var matches = VnText.NameMatches(candidates, typed, c => c.Name, c => c.Id);
        if (matches.Count == 1) return matches[0];
        if (matches.Count == 0) turn.Say($"Không tìm thấy chi bộ \"{Inputs.Preview(typed)}\" trong {scope}.");
        else Offer(turn, matches, "Có nhiều chi bộ khớp. Đồng chí chọn:", command);
        return null;
    }

    /// <summary>Asks which cell, with one button per cell (at most 8) repeating the command with its name.</summary>
    public static void Offer(Turn turn, IEnumerable<Cell> cells, string question, string command) =>
        turn.Say(new Reply(question, [.. cells.Take(8).Select(c => new Choice($"cmd:/{command} {c.Name}", c.Name))]));
}
