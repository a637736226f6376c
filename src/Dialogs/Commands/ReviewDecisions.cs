using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// /xeploai &lt;chi bộ&gt;: &lt;mức&gt; &lt;số, ngày quyết định&gt; — the staff of the level above record the competent committee's
/// decision on a cell's year-end level (QĐ 124-QĐ/TW: the cell rates itself and votes, the level above decides), once the
/// cell has passed its own review. /xeploai &lt;chi bộ&gt; shows where it stands. Audited; the cell's leaders are told.
/// </summary>
public static class ReviewDecisions
{
    const string Scope = "các chi bộ đồng chí phụ trách";

    /// <summary>Whether the member oversees cells (staff, admins) and leads none: their commands name the cell.</summary>
    public static bool Decides(Turn turn) =>
        Authorizer.LedCell(turn.Store, turn.Member!) is null && Oversees(turn);

    /// <summary>
    /// /xeploai as the level above's decision: from staff or an admin who leads no cell, or, from one who also leads a
    /// cell, when it names a cell before a colon ("/xeploai thôn Đông: …"; "/xeploai sửa …" stays the cell's own).
    /// </summary>
    public static bool Decides(Turn turn, string args) =>
        Decides(turn) || Oversees(turn) && VnText.Clean(args) is var text && text.IndexOf(':') > 0 && !VnText.Fold(text).StartsWith("sua");

    static bool Oversees(Turn turn) => turn.Member!.Has(Role.Staff) || turn.Member.Has(Role.Admin);

    public static void Handle(Turn turn, string args, int year)
    {
        var text = VnText.Clean(args);
        var colon = text.IndexOf(':');
        var named = (colon < 0 ? text : text[..colon]).Trim();
        var cells = Authorizer.VisibleCells(turn.Store, turn.Member!).Where(c => Authorizer.CanManageLeaders(turn.Store, turn.Member!, c)).ToList();
        if (named == "")
        {
            var waiting = cells.Select(c => (Cell: c, Review: turn.Store.CellReviews.FindById(CellReview.KeyOf(c.Id, year))))
                .Where(x => x.Review is { Approved: true, DecidedLevel: "" }).Select(x => x.Cell).ToList();
            turn.Say(new Reply($"Ghi quyết định xếp loại chi bộ năm {year} của cấp ủy cấp trên: /xeploai <chi bộ>: <mức> <số, ngày quyết định>, " +
                               $"ví dụ /xeploai thôn Đông: hoàn thành tốt, QĐ 30-QĐ/ĐU ngày 22/12/2026. Kết quả các chi bộ: /tonghop năm {year} xếp loại." +
                               (waiting.Count == 0 ? "" : $"\nĐã thông qua, chờ cấp trên quyết định: {string.Join(", ", VnText.SortedByName(waiting, c => c.Name).Select(c => c.Name))}."),
                [.. VnText.SortedByName(waiting, c => c.Name).Take(8).Select(c => new Choice($"cmd:/xeploai {c.Name}", c.Name))]));
            return;
        }
        if (CellPicker.Named(turn, cells, named, "xeploai", Scope) is not { } cell) return;
        var review = turn.Store.CellReviews.FindById(CellReview.KeyOf(cell.Id, year));
        if (review is not { Approved: true })
        {
            turn.Say($"{cell.Name} chưa thông qua kết quả kiểm điểm, xếp loại năm {year}" + (review is null ? "" : " (biểu quyết chưa được quá một nửa)") +
                     ". Bí thư ghi bằng /xeploai; cấp trên quyết định sau khi chi bộ thông qua.");
            return;
        }
        if (colon < 0)
        {
            turn.Say($"{cell.Name} — kết quả kiểm điểm, xếp loại năm {year}, chi bộ thông qua {review.VotesFor}/{review.VoteBase} ngày {VnText.Date(VnClock.Local(review.RecordedAtUtc))}:\n" +
                     Flows.Review.CellReviewFlow.Describe(review) +
                     (review.DecidedLevel == "" ? $"\nCấp trên chưa quyết định. Ghi: /xeploai {cell.Name}: <mức> <số, ngày quyết định>."
                         : $"\nSửa quyết định: /xeploai {cell.Name}: <mức> <số, ngày quyết định>."));
            return;
        }
        Decide(turn, cell, review, text[(colon + 1)..].Trim());
    }

    static void Decide(Turn turn, Cell cell, CellReview review, string rest)
    {
        var t = turn.Templates.Get<SelfReviewTemplate>(Flows.Review.SelfReviewFlow.TemplateId);
        var levels = t.Levels.Select(l => new Choice(l.Code, l.Label)).ToList();
        var (level, decision) = LevelFirst(rest, levels);
        var usage = $"Gõ: /xeploai {cell.Name}: <mức> <số, ngày quyết định>, mức là một trong: {string.Join("; ", t.Levels.Select(l => l.Label))}. " +
                    $"Ví dụ: /xeploai {cell.Name}: hoàn thành tốt, QĐ 30-QĐ/ĐU ngày 22/12/{review.Year}.";
        if (rest == "") { turn.Say(usage); return; }
        if (level is null) { turn.Say($"Không rõ mức \"{Inputs.Preview(rest)}\". {usage}"); return; }
        if (!VnText.HasWords(decision)) { turn.Say($"Cần số, ngày quyết định của cấp ủy cấp trên. {usage}"); return; }
        if (decision.Length > 200) { turn.Say("Số, ngày quyết định dài quá 200 ký tự."); return; }
        if (Members.DayOfDecision(turn, decision, "quyết định xếp loại") is not { } decided) return;
        var passed = VnClock.Local(review.RecordedAtUtc).Date;
        if (decided < passed)
        {
            turn.Say($"Ngày {VnText.Date(decided)} trong quyết định trước ngày chi bộ thông qua kết quả ({VnText.Date(passed)}). Đồng chí kiểm tra lại số, ngày quyết định.");
            return;
        }
        var before = review.DecidedLevel == "" ? null : $"{review.DecidedLevelLabel} ({review.Decision})";
        review.DecidedLevel = level.Key;
        review.DecidedLevelLabel = level.Label;
        review.Decision = decision;
        review.DecidedBy = turn.Member!.Id;
        review.DecidedAtUtc = turn.UtcNow;
        turn.Store.CellReviews.Update(review);
        turn.Audit(before is null ? "cell_review.decided" : "cell_review.decision_changed", cell.Id,
            $"Xếp loại {cell.Name} năm {review.Year}: {level.Label} ({decision})" + (before is null ? "" : $"; trước: {before}"));
        var differs = level.Key == review.CellLevel ? "" : $"; chi bộ tự nhận: {review.CellLevelLabel}";
        foreach (var leader in Authorizer.LeaderIdentities(turn.Store, cell, turn.Update.Channel).Where(i => i.MemberId != turn.Member.Id))
            turn.SayTo(leader.PlatformUserId, ChatKind.Private, new Reply(
                $"🏅 Cấp ủy cấp trên {(before is null ? "đã quyết định" : "đã sửa quyết định")} xếp loại {cell.Name} năm {review.Year}: {level.Label} ({decision}){differs}.", Notice: true));
        turn.Say($"{(before is null ? "Đã ghi" : "Đã sửa")}: {cell.Name} năm {review.Year} — cấp trên quyết định {level.Label} ({decision}){differs}." +
                 (before is null ? "" : $" Trước đó: {before}.") + " Đã báo bí thư, phó bí thư chi bộ.");
    }

    /// <summary>"hoàn thành tốt, QĐ 30…": the longest run of first words that names a level, and the rest.</summary>
    static (Choice? Level, string Decision) LevelFirst(string text, IReadOnlyList<Choice> levels)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var n = Math.Min(words.Length, 6); n >= 1; n--)
            if (Flows.Review.CellReviewFlow.Typed(string.Join(' ', words.Take(n)).Trim(',', ';', '-', '.'), levels) is { } level)
                return (level, string.Join(' ', words.Skip(n)).Trim(' ', ',', ';', ':', '-'));
        return (null, text);
    }
}
