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
        var (named, membersOf) = MembersPart((colon < 0 ? text : text[..colon]).Trim());
        var cells = Authorizer.VisibleCells(turn.Store, turn.Member!).Where(c => Authorizer.CanManageLeaders(turn.Store, turn.Member!, c)).ToList();
        if (named == "")
        {
            var waiting = VnText.SortedByName(cells.Select(c => (Cell: c, Awaiting: turn.Store.CellReviews.FindById(CellReview.KeyOf(c.Id, year)) is { } r ? Summaries.ReviewRollup.Awaiting(r) : ""))
                .Where(x => x.Awaiting != ""), x => x.Cell.Name);
            turn.Say(new Reply($"Ghi quyết định xếp loại chi bộ năm {year} của cấp ủy cấp trên: /xeploai <chi bộ>: <mức> <số, ngày quyết định>, " +
                               $"ví dụ /xeploai thôn Đông: hoàn thành tốt, QĐ 30-QĐ/ĐU ngày 22/12/2026. Kết quả các chi bộ: /tonghop năm {year} xếp loại." +
                               (waiting.Count == 0 ? "" : $"\nĐã thông qua, chờ cấp trên quyết định: {string.Join("; ", waiting.Select(x => $"{x.Cell.Name} ({x.Awaiting})"))}."),
                [.. waiting.Take(8).Select(x => new Choice($"cmd:/xeploai {x.Cell.Name}", x.Cell.Name))]));
            // Staff who are themselves members of a cell: their own level too (a member's /xeploai).
            if (Flows.Review.CellReviewFlow.OwnLevel(turn, year) is { } own) turn.Say(own);
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
        if (membersOf is not null)
        {
            DecideMembers(turn, cell, review, membersOf, colon < 0 ? null : text[(colon + 1)..].Trim());
            return;
        }
        if (colon < 0)
        {
            turn.Say($"{cell.Name} — kết quả kiểm điểm, xếp loại năm {year}, chi bộ thông qua {review.VotesFor}/{review.VoteBase} ngày {VnText.Date(VnClock.Local(review.RecordedAtUtc))}:\n" +
                     Flows.Review.CellReviewFlow.Describe(review) +
                     (review.DecidedLevel == "" ? $"\nCấp trên chưa quyết định. Ghi: /xeploai {cell.Name}: <mức> <số, ngày quyết định>."
                         : $"\nSửa quyết định: /xeploai {cell.Name}: <mức> <số, ngày quyết định>.") +
                     (Summaries.ReviewRollup.MembersAwait(review) ? $"\nXếp loại đảng viên chờ cấp trên quyết định: /xeploai {cell.Name} đảng viên." : ""));
            return;
        }
        Decide(turn, cell, review, text[(colon + 1)..].Trim());
    }

    static void Decide(Turn turn, Cell cell, CellReview review, string rest)
    {
        var t = turn.Templates.Get<SelfReviewTemplate>(Flows.Review.SelfReviewFlow.TemplateId);
        var usage = $"Gõ: /xeploai {cell.Name}: <mức> <số, ngày quyết định>, mức là một trong: {string.Join("; ", t.Levels.Select(l => l.Label))}. " +
                    $"Ví dụ: /xeploai {cell.Name}: hoàn thành tốt, QĐ 30-QĐ/ĐU ngày 22/12/{review.Year}.";
        if (LevelAndDecision(turn, review, rest, t, usage) is not var (level, decision)) return;
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
        turn.TellLeaders(cell, new Reply($"🏅 Cấp ủy cấp trên {(before is null ? "đã quyết định" : "đã sửa quyết định")} xếp loại {cell.Name} năm {review.Year}: {level.Label} ({decision}){differs}.", Notice: true));
        turn.Say($"{(before is null ? "Đã ghi" : "Đã sửa")}: {cell.Name} năm {review.Year} — cấp trên quyết định {level.Label} ({decision}){differs}." +
                 (before is null ? "" : $" Trước đó: {before}.") + " Đã báo bí thư, phó bí thư chi bộ." + CapAmongCells(turn, cell, review.Year, t));
    }

    /// <summary>
    /// Once every cell of the deciding unit has its decision: a warning when "xuất sắc" cells are over the cap (QĐ 124-QĐ/TW
    /// counts collectives as members). Before then the decisions so far prove nothing; the roll-up shows them.
    /// </summary>
    static string CapAmongCells(Turn turn, Cell cell, int year, SelfReviewTemplate t)
    {
        var cells = turn.Store.Cells.Find(c => c.OrgUnitId == cell.OrgUnitId);
        var levels = cells.Select(c => turn.Store.CellReviews.FindById(CellReview.KeyOf(c.Id, year))?.DecidedLevel ?? "").ToList();
        if (levels.Any(l => l == "") || Summaries.ReviewRollup.CellsOverCap(levels, t) is not { } over) return "";
        var unit = turn.Store.OrgUnits.FindById(cell.OrgUnitId)?.Name ?? "đơn vị";
        return $"\n⚠ Cả {cells.Count} chi bộ thuộc {unit} đã có quyết định: {over}. Sửa: /xeploai <chi bộ>: <mức> <số, ngày quyết định>.";
    }

    /// <summary>
    /// "thôn Đông đảng viên Minh": the cell's name, and what follows "đảng viên" (a member's name, or "" for all of them);
    /// null when the text does not speak of the members.
    /// </summary>
    static (string Cell, string? Members) MembersPart(string named)
    {
        var words = named.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < words.Length; i++)
            if (VnText.Fold(words[i]) == "dang" && VnText.Fold(words[i + 1]) == "vien")
                return (string.Join(' ', words.Take(i)), string.Join(' ', words.Skip(i + 2)));
        return (named, null);
    }

    /// <summary>
    /// The committee's decision on the members' levels (QĐ 124-QĐ/TW: the cell proposes, the committee above decides):
    /// "/xeploai thôn Đông đảng viên: QĐ …" — every level as the cell proposed (a member decided otherwise keeps that);
    /// "/xeploai thôn Đông đảng viên Minh: hoàn thành nhiệm vụ, QĐ …" — one member's; without a colon, where they stand.
    /// </summary>
    static void DecideMembers(Turn turn, Cell cell, CellReview review, string who, string? rest)
    {
        var t = turn.Templates.Get<SelfReviewTemplate>(Flows.Review.SelfReviewFlow.TemplateId);
        var rated = review.Ratings.Where(r => r.Level != "").ToList();
        var form = $"/xeploai {cell.Name} đảng viên: <số, ngày quyết định> (như chi bộ đề nghị) · một người khác đề nghị: /xeploai {cell.Name} đảng viên <tên>: <mức> <số, ngày quyết định>";
        if (rest is null)
        {
            turn.Say($"{cell.Name} — xếp loại đảng viên năm {review.Year}:\n" + string.Join('\n', rated.Select(r => $"• {r.Name}: chi bộ đề nghị {r.LevelLabel}" +
                (r.DecidedLevel == "" ? "" : r.DecidedLevel == r.Level ? "; cấp trên quyết định như đề nghị" : $"; cấp trên quyết định {r.DecidedLevelLabel}"))) +
                (review.MembersDecision == "" ? $"\nCấp trên chưa quyết định. Ghi: {form}." : $"\nQuyết định: {review.MembersDecision}."));
            return;
        }
        var usage = $"Gõ: {form}.";
        string text;
        List<MemberRating> told; // the members whose level or decision this sets: each is told their own
        var replaced = rated.DistinctBy(r => r.MemberId).ToDictionary(r => r.MemberId, r => r.Decision); // each one's decision before this one
        if (who == "")
        {
            // "như đề nghị" may be typed before the decision.
            var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            if (words.Count >= 3 && VnText.Fold(string.Join(' ', words.Take(3))).Trim(',', ';') == "nhu de nghi") words.RemoveRange(0, 3);
            if (Checked(turn, review, string.Join(' ', words).Trim(' ', ',', ';', ':', '-'), usage) is not { } decision) return;
            var before = review.MembersDecision;
            // Typed again (a correction): the members it decided before take the new number and date.
            var kept = rated.Where(r => r.DecidedLevel != "" && !(before != "" && r.Decision == before && r.DecidedLevel == r.Level)).ToList();
            // Told: those it decides now, and those it renumbers (their level stands, the decision to cite changed).
            told = rated.Except(kept).Where(r => r.DecidedLevel == "" || r.Decision != decision).ToList();
            foreach (var r in rated.Except(kept)) (r.DecidedLevel, r.DecidedLevelLabel, r.Decision) = (r.Level, r.LevelLabel, decision);
            (review.MembersDecision, review.MembersDecidedBy, review.MembersDecidedAtUtc) = (decision, turn.Member!.Id, turn.UtcNow);
            turn.Store.CellReviews.Update(review);
            turn.Audit("cell_review.members_decided", cell.Id, $"Xếp loại đảng viên {cell.Name} năm {review.Year} như đề nghị ({decision})" + (before == "" ? "" : $"; trước: {before}"));
            var others = kept.Count == 0 ? "" : $" (trừ {string.Join(", ", kept.Select(r => $"Đ/c {r.Name}: {r.DecidedLevelLabel}"))}, đã ghi riêng)";
            text = $"xếp loại {rated.Count} đảng viên {cell.Name} năm {review.Year} như chi bộ đề nghị{others} ({decision}{(before == "" || before == decision ? "" : $", thay {before}")})";
        }
        else
        {
            var matches = VnText.NameMatches(rated, who, r => r.Name, r => r.MemberId);
            if (matches.Count != 1)
            {
                turn.Say(matches.Count == 0 ? $"Không có \"{Inputs.Preview(who)}\" trong kết quả xếp loại năm {review.Year} của {cell.Name} (người không xếp loại thì không có quyết định)."
                    : $"Có {matches.Count} người khớp \"{Inputs.Preview(who)}\"; gõ tên đầy đủ hơn.");
                return;
            }
            var member = matches[0];
            if (LevelAndDecision(turn, review, rest, t, usage) is not var (level, decision)) return;
            var before = member.DecidedLevel == "" ? null : member.DecidedLevelLabel;
            (member.DecidedLevel, member.DecidedLevelLabel, member.Decision) = (level.Key, level.Label, decision);
            turn.Store.CellReviews.Update(review);
            turn.Audit("cell_review.member_decided", cell.Id, $"Xếp loại Đ/c {member.Name} ({cell.Name}) năm {review.Year}: {level.Label} ({decision}); chi bộ đề nghị: {member.LevelLabel}" +
                (before is null ? "" : $"; trước: {before}"));
            text = $"xếp loại Đ/c {member.Name} năm {review.Year}: {level.Label}" + (level.Key == member.Level ? " (như chi bộ đề nghị)" : $" (chi bộ đề nghị: {member.LevelLabel})") + $" ({decision})";
            told = [member];
        }
        turn.TellLeaders(cell, new Reply($"🏅 Cấp ủy cấp trên đã quyết định {text}.", Notice: true));
        foreach (var r in told)
            turn.TellMember(r.MemberId, new Reply($"🏅 Cấp ủy cấp trên đã quyết định xếp loại chất lượng năm {review.Year} của đồng chí: {r.DecidedLevelLabel} ({r.Decision}" +
                                                  (replaced[r.MemberId] is var was && was != "" && was != r.Decision ? $", thay {was})" : ")") +
                                                  (r.DecidedLevel == r.Level ? ", như chi bộ đề nghị." : $"; chi bộ đề nghị: {r.LevelLabel}."), Notice: true));
        // The committee's levels keep the cap too: said when they do not (the members not decided count as proposed).
        turn.Say($"Đã ghi: cấp trên quyết định {text}. Đã báo bí thư, phó bí thư chi bộ." +
                 (Flows.Review.CellReviewFlow.CapProblem(review.Ratings, t, final: true) is { } over
                     ? $"\n⚠ Theo các mức cấp trên quyết định (người chưa có quyết định tính theo chi bộ đề nghị): {over} Sửa: /xeploai {cell.Name} đảng viên <tên>: <mức> <số, ngày quyết định>." : ""));
    }

    /// <summary>"hoàn thành tốt, QĐ 30… ngày …": the level and the decision, or null after saying what is missing or wrong.</summary>
    static (Choice Level, string Decision)? LevelAndDecision(Turn turn, CellReview review, string rest, SelfReviewTemplate t, string usage)
    {
        if (rest == "") { turn.Say(usage); return null; }
        var (level, typed) = LevelFirst(rest, [.. t.Levels.Select(l => new Choice(l.Code, l.Label))]);
        if (level is null) { turn.Say($"Không rõ mức \"{Inputs.Preview(rest)}\". {usage}"); return null; }
        return Checked(turn, review, typed, usage) is { } decision ? (level, decision) : null;
    }

    /// <summary>
    /// The decision's number and date as typed, or null after saying why not: none, too long, a day that does not exist or
    /// is to come, or a day before the cell passed its review (<paramref name="usage"/>: how to type it).
    /// </summary>
    static string? Checked(Turn turn, CellReview review, string decision, string usage)
    {
        if (!VnText.HasWords(decision)) { turn.Say($"Cần số, ngày quyết định của cấp ủy cấp trên. {usage}"); return null; }
        if (decision.Length > 200) { turn.Say("Số, ngày quyết định dài quá 200 ký tự."); return null; }
        if (Members.DayOfDecision(turn, decision, "quyết định xếp loại") is not { } decided) return null;
        var passed = VnClock.Local(review.RecordedAtUtc).Date;
        if (decided >= passed) return decision;
        turn.Say($"Ngày {VnText.Date(decided)} trong quyết định trước ngày chi bộ thông qua kết quả ({VnText.Date(passed)}). Đồng chí kiểm tra lại số, ngày quyết định.");
        return null;
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
