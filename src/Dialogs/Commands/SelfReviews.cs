using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Documents;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Templates;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// /bantukiemdiem [tên] — the Word form of a year-end self-review (one's own; a leader: a member's of their cell).
/// /kiemdiem — a cell leader sees who has filed their self-review this year and who has not.
/// </summary>
public sealed class SelfReviews(Summaries.IReportFiles? files)
{
    const string FormId = "ban-tu-kiem-diem";

    /// <summary>
    /// Whose self-review a command means: with no name, the user's own (in their cell); with a name, a member of the cell
    /// the user leads. Otherwise says why not and returns null.
    /// </summary>
    public static (Cell Cell, Member Member)? Whose(Turn turn, string args, string leaderAction, string ownHint)
    {
        var me = turn.Member!;
        var text = VnText.Clean(args);
        var year = SelfReview.YearOn(turn.Now);
        if (text == "")
        {
            if (me.CellId is null || turn.Store.Cells.FindById(me.CellId) is not { } own)
            {
                turn.Say("Bản tự kiểm điểm dành cho đảng viên sinh hoạt ở một chi bộ trên bot.");
                return null;
            }
            if (SelfReview.NotReviewed(me, year) is { } why)
            {
                turn.Say($"Đồng chí không phải viết bản tự kiểm điểm năm {year}: {why} ({SelfReview.NotReviewedRule}).");
                return null;
            }
            return (own, me);
        }
        var led = Authorizer.LedCellOrRefuse(turn, leaderAction, ownHint);
        if (led is null || Members.FindOne(turn, led, text) is not { } member) return null;
        if (SelfReview.NotReviewed(member, year) is { } reason)
        {
            turn.Say($"Đ/c {member.Name} không phải kiểm điểm năm {year}: {reason} ({SelfReview.NotReviewedRule}).");
            return null;
        }
        return (led, member);
    }

    public void Form(Turn turn, string args)
    {
        var me = turn.Member!;
        var year = SelfReview.YearOn(turn.Now);
        if (Whose(turn, args, "lấy bản tự kiểm điểm của đảng viên khác", "Đồng chí gõ /bantukiemdiem để lấy bản của mình.") is not var (cell, member)) return;
        var review = turn.Store.SelfReviews.FindById(SelfReview.KeyOf(member.Id, year));
        var writing = Flows.Review.SelfReviewFlow.Writing(turn, member.Id, year);
        var whose = member.Id == me.Id ? "của đồng chí" : $"của Đ/c {member.Name}";
        if (review is null && writing is { } paused)
        {
            turn.Say($"Bản tự kiểm điểm năm {year} {whose} đang viết dở{(paused ? " (tạm dừng, gõ /tieptuc để viết tiếp)" : "")}, chưa nộp: " +
                     "viết xong các phần và chọn Lưu, rồi gõ /bantukiemdiem để lấy bản Word.");
            return;
        }
        if (review is null)
        {
            turn.Say(member.Id == me.Id ? $"Đồng chí chưa nộp bản tự kiểm điểm năm {year}. Gõ /tukiemdiem để viết."
                : $"Đ/c {member.Name} chưa nộp bản tự kiểm điểm năm {year}. Ghi thay: /tukiemdiem {member.Name}");
            return;
        }
        if (files is null) { turn.Say("Bot này chưa được cấu hình để ghi tệp."); return; }
        var form = turn.Templates.Get<DocumentTemplate>(FormId);
        var draft = DocumentDraftBuilder.Fill(form, SelfReviewFields.Of(turn.Store, review, turn.Now));
        var path = files.SaveDocument($"{form.FileName}-{member.Id}-{year}", draft.Model);
        var missing = draft.Missing.Count == 0 ? "" : $"\nHồ sơ chưa có: {string.Join(", ", draft.Missing)} — văn bản để \"[chưa ghi: …]\", đồng chí viết tay khi in, hoặc báo quản trị viên bổ sung hồ sơ.";
        var editing = writing is null ? "" : "\nĐây là bản đã nộp; những phần đang sửa chưa có trong bản này cho đến khi chọn Lưu.";
        turn.Say(new Reply($"Bản kiểm điểm cá nhân năm {year} của Đ/c {member.Name} (Word, khổ A4, mẫu {form.Id} phiên bản {form.Version}). In, ký rồi nộp chi bộ.{missing}{editing}", FilePath: path));
    }

    public static void Status(Turn turn, string args)
    {
        var year = SelfReview.YearOn(turn.Now);
        Cell? cell;
        if (ReviewDecisions.Decides(turn))
        {
            // Staff and admins: a cell they oversee, by name.
            var named = VnText.Clean(args);
            var cells = Authorizer.VisibleCells(turn.Store, turn.Member!).ToList();
            if (named == "")
            {
                CellPicker.Offer(turn, VnText.SortedByName(cells, c => c.Name), $"Gõ /kiemdiem <chi bộ> để xem ai đã nộp bản tự kiểm điểm năm {year}; cả đơn vị: /tonghop năm {year} xếp loại.", "kiemdiem");
                return;
            }
            cell = CellPicker.Named(turn, cells, named, "kiemdiem", "phạm vi đồng chí được xem");
        }
        else cell = Authorizer.LedCellOrRefuse(turn, "xem tình hình nộp bản tự kiểm điểm", "Đồng chí gõ /tukiemdiem để viết bản của mình.");
        if (cell is null) return;
        var leads = Authorizer.Can(turn.Store, turn.Member!, Permission.RunMeeting, cell);
        var members = VnText.SortedByGivenName(turn.Store.CellMembers(cell.Id), m => m.Name).Select(m => (Member: m, Why: SelfReview.NotReviewed(m, year))).ToList();
        var roster = members.Where(x => x.Why is null).Select(x => x.Member).ToList();
        var excused = members.Where(x => x.Why is not null).ToList();
        var filed = turn.Store.SelfReviews.Find(r => r.CellId == cell.Id && r.Year == year).ToDictionary(r => r.MemberId);
        var done = roster.Where(m => filed.ContainsKey(m.Id)).ToList();
        var missing = roster.Where(m => !filed.ContainsKey(m.Id)).ToList();
        var lines = new List<string> { $"Bản tự kiểm điểm năm {year} — {cell.Name}: đã nộp {done.Count}/{roster.Count}." };
        foreach (var m in done)
            lines.Add($"✔ {m.Name}: tự nhận {filed[m.Id].ProposedLevelLabel}" + (filed[m.Id].EnteredBy != m.Id ? " (bí thư ghi thay)" : ""));
        if (missing.Count > 0)
            lines.Add($"Chưa nộp: {string.Join(", ", missing.Select(m => m.Name + (turn.Store.IsConnected(m.Id) ? "" : leads ? " (chưa dùng bot: /tukiemdiem " + m.Name + ")" : " (chưa dùng bot)")))}.");
        if (excused.Count > 0)
            lines.Add($"Không phải kiểm điểm ({SelfReview.NotReviewedRule}): {string.Join(", ", excused.Select(x => $"{x.Member.Name} ({x.Why})"))}.");
        turn.Say(string.Join('\n', lines));
    }
}
