using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Report;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// /theodoi — the cells a staff member attends (their meetings, reports due); /theodoi &lt;chi bộ&gt; takes on a cell
/// of their subtree; /theodoi bỏ &lt;chi bộ&gt; hands it back.
/// </summary>
public static class Following
{
    public static void Handle(Turn turn, string args)
    {
        var member = turn.Member!;
        var text = VnText.Clean(args);
        var folded = VnText.Fold(text);
        // "bỏ <chi bộ>" hands back one of the member's cells ("Bố Hạ" folds to "bo ha" too: then it is a cell to take).
        var rest = text.Length > 2 ? text[2..].Trim() : "";
        var handBack = (folded.StartsWith("bo ") || folded == "bo")
                       && (rest == "" || turn.Store.Assignments.Find(a => a.StaffId == member.Id && a.EndedAtUtc == null)
                           .Select(a => turn.Store.Cells.FindById(a.CellId)).Any(c => c is not null && VnText.Fold(c.Name).Contains(VnText.Fold(rest))));
        if (handBack) Stop(turn, rest);
        else if (text != "") Take(turn, text);
        else List(turn, member);
    }

    static bool IsStaff(Member m) => m.Has(Role.Staff) || m.Has(Role.Admin);

    static void List(Turn turn, Member member)
    {
        var store = turn.Store;
        var assigned = store.Assignments.Find(a => a.StaffId == member.Id && a.EndedAtUtc == null)
            .Select(a => store.Cells.FindById(a.CellId)).Where(c => c is not null).ToList();
        if (assigned.Count == 0)
        {
            turn.Say(IsStaff(member)
                ? "Đồng chí chưa theo dõi chi bộ nào. Gõ /theodoi <tên chi bộ> để nhận dự sinh hoạt và báo cáo về một chi bộ."
                : "Lệnh /theodoi dành cho cán bộ cấp trên được phân công dự sinh hoạt chi bộ.");
            return;
        }
        var pending = StaffReports.Pending(store, member.Id, turn.Now.Date);
        var lines = new List<string> { $"Đồng chí dự sinh hoạt và báo cáo về {assigned.Count} chi bộ:" };
        foreach (var cell in assigned.OrderBy(c => c!.Name))
        {
            var next = cell!.NextMeeting(turn.Now);
            var line = $"• {cell.Name}: họp tiếp theo {VnText.MeetingAt(next)}{MeetingSchedule.MovedFrom(cell, next)}";
            // Meetings the cell called besides before then (thematic, extraordinary).
            foreach (var called in (cell.Called ?? []).Where(c => c.CancelledAtUtc is null && c.When() > turn.Now && c.When() < next).OrderBy(c => c.When()))
                line += $"; {called.Title()} {VnText.MeetingAt(called.When())}";
            var due = pending.Where(p => p.Cell.Id == cell.Id).ToList();
            line += due.Count == 0 ? "; không còn báo cáo chờ."
                : "; chờ báo cáo buổi " + string.Join(", ", due.Select(d =>
                    $"{VnText.Date(d.Meeting)} (hạn {VnText.Date(d.DueDate)}{(turn.Now.Date > d.DueDate ? ", đã quá hạn" : "")})")) + ".";
            lines.Add(line);
        }
        lines.Add("Báo cáo sau buổi họp: /baocao · Thôi theo dõi: /theodoi bỏ <tên chi bộ>");
        turn.Say(pending.Count == 0 ? new Reply(string.Join('\n', lines)) : new Reply(string.Join('\n', lines), [new Choice("cmd:/baocao", "Báo cáo (/baocao)")]));
    }

    static void Take(Turn turn, string name)
    {
        var member = turn.Member!;
        if (!IsStaff(member))
        {
            turn.Say("Chỉ cán bộ cấp trên (hoặc quản trị) mới nhận dự sinh hoạt và báo cáo về một chi bộ.");
            return;
        }
        var cell = CellPicker.Named(turn, Authorizer.VisibleCells(turn.Store, member).ToList(), name, "theodoi", "phạm vi đồng chí phụ trách");
        if (cell is null) return;
        var key = AttendanceAssignment.KeyOf(member.Id, cell.Id);
        var existing = turn.Store.Assignments.FindById(key);
        if (existing is { EndedAtUtc: null })
        {
            turn.Say($"Đồng chí đã theo dõi {cell.Name}. Gõ /theodoi để xem lịch và báo cáo.");
            return;
        }
        // Taken up again: the earlier span is kept (its meetings' reports are still due), and what else it holds stays.
        var a = existing ?? new AttendanceAssignment { Id = key, StaffId = member.Id, CellId = cell.Id };
        if (existing?.EndedAtUtc is { } ended)
        {
            a.Earlier ??= [];
            a.Earlier.Add(new AssignmentSpan { FromUtc = existing.AssignedAtUtc, ToUtc = ended });
            // Bounded: spans ended over two years ago are past every report and summary (a year and the same period before).
            a.Earlier.RemoveAll(s => s.ToUtc < turn.UtcNow.AddYears(-2));
            if (a.Earlier.Count > AssignmentSpan.MaxKept) a.Earlier.RemoveRange(0, a.Earlier.Count - AssignmentSpan.MaxKept);
        }
        (a.AssignedBy, a.AssignedAtUtc, a.EndedAtUtc) = (member.Id, turn.UtcNow, null);
        turn.Store.Assignments.Upsert(a);
        turn.Audit("attendance.assigned", cell.Id, $"Đ/c {member.Name} nhận dự sinh hoạt và báo cáo về {cell.Name}");
        var next = cell.NextMeeting(turn.Now);
        turn.Say($"Đã ghi đồng chí dự sinh hoạt {cell.Name}. Buổi tiếp theo: {VnText.MeetingAt(next)}" +
                 (cell.Venue == "" ? "" : $" tại {cell.Venue}") +
                 $". Bot nhắc đồng chí trước buổi họp và nhắc báo cáo (hạn {StaffAttendance.DefaultReportDueDays} ngày sau buổi họp, gõ /baocao).");
    }

    static void Stop(Turn turn, string name)
    {
        var member = turn.Member!;
        var assigned = turn.Store.Assignments.Find(a => a.StaffId == member.Id && a.EndedAtUtc == null).ToList();
        var cells = assigned.Select(a => turn.Store.Cells.FindById(a.CellId)).Where(c => c is not null).Select(c => c!).ToList();
        if (cells.Count == 0)
        {
            turn.Say("Đồng chí không theo dõi chi bộ nào.");
            return;
        }
        if (name == "")
        {
            CellPicker.Offer(turn, cells, "Thôi theo dõi chi bộ nào? (gõ /theodoi bỏ <tên chi bộ>)", "theodoi bỏ");
            return;
        }
        var cell = CellPicker.Named(turn, cells, name, "theodoi bỏ", "các chi bộ đồng chí theo dõi");
        if (cell is null) return;
        var a = assigned.First(x => x.CellId == cell.Id);
        a.EndedAtUtc = turn.UtcNow;
        turn.Store.Assignments.Update(a);
        turn.Audit("attendance.unassigned", cell.Id, $"Đ/c {member.Name} thôi dự sinh hoạt và báo cáo về {cell.Name}");
        turn.Say($"Đồng chí đã thôi theo dõi {cell.Name}. Các báo cáo đã gửi vẫn được giữ.");
    }
}
