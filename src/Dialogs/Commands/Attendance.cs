using System.Globalization;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// /comat and /vang &lt;lý do&gt; — a member answers the notice of their cell's next meeting (the buttons of the
/// notice send the same commands). The group sees only the counts; a reason stays with the secretary.
/// </summary>
public static class Attendance
{
    public static void Present(Turn turn, string args) => Answer(turn, args, present: true);
    public static void Absent(Turn turn, string args) => Answer(turn, args, present: false);

    static void Answer(Turn turn, string args, bool present)
    {
        var member = turn.Member!;
        var cell = member.CellId is null ? null : turn.Store.Cells.FindById(member.CellId);
        if (cell is null)
        {
            turn.Say("Chỉ đảng viên của chi bộ mới trả lời thông báo sinh hoạt.");
            return;
        }
        // The notice's buttons name the meeting ("/comat 2026-12-03"); typed, it is the cell's next meeting.
        var rest = VnText.Clean(args);
        DateTime meeting;
        if (rest.Length >= 10 && DateTime.TryParseExact(rest[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var named))
        {
            meeting = named;
            rest = rest[10..].Trim();
        }
        else meeting = cell.NextMeeting(turn.Now).Date;
        if (meeting < turn.Now.Date)
        {
            turn.Say($"Buổi sinh hoạt ngày {VnText.Date(meeting)} đã qua.");
            return;
        }
        if (!present && rest.Length > 500) rest = rest[..500];
        var key = Rsvp.KeyOf(cell.Id, meeting, member.Id);
        turn.Store.Rsvps.Upsert(new Rsvp
        {
            Id = key, CellId = cell.Id, MeetingDate = meeting, MemberId = member.Id, Present = present,
            Reason = present ? "" : rest, AtUtc = turn.UtcNow,
        });
        var (yes, no, waiting) = Tally(turn, cell, meeting);
        var counts = $"Có mặt: {yes} · Vắng có lý do: {no} · Chưa trả lời: {waiting}";
        if (present)
            turn.Say($"✔ Đ/c {member.Name} sẽ có mặt buổi sinh hoạt ngày {VnText.Date(meeting)}. ({counts})");
        else if (rest.Length == 0 || !VnText.HasWords(rest))
            turn.Say($"Đã ghi Đ/c {member.Name} vắng buổi ngày {VnText.Date(meeting)}. ({counts})\n" +
                     "Đồng chí nhắn riêng cho bot \"/vang <lý do>\" để bí thư nắm lý do.");
        else
            turn.Say($"Đã ghi Đ/c {member.Name} vắng có lý do buổi ngày {VnText.Date(meeting)}. ({counts})");
    }

    /// <summary>Answers so far for a meeting: coming, absent, not yet answered (of the members who must attend).</summary>
    public static (int Yes, int No, int Waiting) Tally(Turn turn, Cell cell, DateTime meeting)
    {
        var answers = turn.Store.Rsvps.Find(r => r.CellId == cell.Id && r.MeetingDate == meeting).ToList();
        var roster = turn.Store.Members.Find(m => m.CellId == cell.Id && !m.Removed).Count(m => m.Status != MemberStatus.Exempt);
        var yes = answers.Count(a => a.Present);
        var no = answers.Count - yes;
        return (yes, no, Math.Max(0, roster - answers.Count));
    }
}
