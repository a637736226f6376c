using System.Text.RegularExpressions;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// /tatnhac, /batnhac — a member turns non-essential reminders off or on for themselves;
/// /giolang [HH:mm-HH:mm | tắt] — in a linked group, its secretary sets hours when no reminder is posted there.
/// </summary>
public static partial class ReminderSettings
{
    public static void Mute(Turn turn, string args) => SetMuted(turn, true);
    public static void Unmute(Turn turn, string args) => SetMuted(turn, false);

    static void SetMuted(Turn turn, bool muted)
    {
        var member = turn.Member!;
        if (member.MutedReminders != muted)
        {
            member.MutedReminders = muted;
            turn.Store.Members.Update(member);
            turn.Audit(muted ? "member.muted" : "member.unmuted", member.CellId, $"Đ/c {member.Name} {(muted ? "tắt" : "bật lại")} nhắc việc không bắt buộc");
        }
        turn.Say(muted
            ? "Đã tắt các nhắc việc không bắt buộc cho đồng chí (lịch hội thi, tự đánh giá cuối năm, danh sách chi bộ chậm sinh hoạt). " +
              "Nhắc về việc đồng chí phải làm (chuẩn bị, chấm điểm, dự họp, báo cáo) và thông báo sinh hoạt trong nhóm vẫn gửi. Bật lại: /batnhac."
            : "Đã bật lại mọi nhắc việc cho đồng chí. Tắt nhắc việc không bắt buộc: /tatnhac.");
    }

    public static void QuietHours(Turn turn, string args)
    {
        if (!turn.InGroup)
        {
            turn.Say("Lệnh /giolang dùng trong nhóm chat của chi bộ: gõ trong nhóm, ví dụ /giolang 21:00-07:00.");
            return;
        }
        var group = turn.Store.GroupChats.FindById(GroupChat.KeyOf(turn.Update.Channel, turn.Update.ChatId));
        var cell = group is null ? null : turn.Store.Cells.FindById(group.CellId);
        if (group is null || cell is null)
        {
            turn.Say("Nhóm này chưa liên kết với chi bộ nào, nên chưa nhận nhắc lịch. Bí thư gõ /lienket trong nhóm trước.");
            return;
        }
        var current = group.QuietFromMinutes is { } f && group.QuietUntilMinutes is { } u && f != u
            ? $"từ {Inputs.FormatTime(f)} đến {Inputs.FormatTime(u)}" : null;
        var text = VnText.Fold(VnText.Clean(args));
        if (text == "")
        {
            turn.Say((current is null ? "Nhóm chưa đặt giờ tạm ngừng nhắc; nhắc lịch chỉ tránh ban đêm (21:30–06:00)." : $"Giờ tạm ngừng nhắc của nhóm: {current} (không gửi nhắc lịch).") +
                     "\nĐặt: /giolang 21:00-07:00 · Bỏ: /giolang tắt");
            return;
        }
        if (!Authorizer.Can(turn.Store, turn.Member!, Permission.RunMeeting, cell))
        {
            turn.Say($"Chỉ bí thư hoặc phó bí thư {cell.Name} mới đặt giờ tạm ngừng nhắc cho nhóm.");
            return;
        }
        int? from = null, until = null;
        if (text is not ("tat" or "bo" or "khong"))
        {
            var m = Span().Match(text);
            from = m.Success ? Inputs.Time(m.Groups[1].Value) : null;
            until = m.Success ? Inputs.Time(m.Groups[2].Value) : null;
            if (from is null || until is null || from == until)
            {
                turn.Say($"Chưa hiểu \"{Inputs.Preview(VnText.Clean(args))}\". Gõ giờ bắt đầu và giờ kết thúc, ví dụ /giolang 21:00-07:00 (hoặc /giolang tắt để bỏ).");
                return;
            }
        }
        group.QuietFromMinutes = from;
        group.QuietUntilMinutes = until;
        turn.Store.GroupChats.Update(group);
        var now = from is null ? "không" : $"{Inputs.FormatTime(from.Value)}–{Inputs.FormatTime(until!.Value)}";
        turn.Audit("group.quiet_hours", cell.Id, $"Giờ tạm ngừng nhắc nhóm {group.ChatId}: {current ?? "không"} → {now}");
        turn.Say(from is null
            ? "Đã bỏ giờ tạm ngừng nhắc của nhóm. Nhắc lịch vẫn tránh ban đêm (21:30–06:00)."
            : $"Đã đặt giờ tạm ngừng nhắc cho nhóm: từ {Inputs.FormatTime(from.Value)} đến {Inputs.FormatTime(until!.Value)}. Nhắc lịch đến hạn trong khoảng này sẽ gửi khi hết giờ tạm ngừng nhắc (nếu vẫn còn cần).");
    }

    [GeneratedRegex(@"^(?:tu\s*)?(\d{1,2}\s*(?:[:h.]\s*\d{0,2})?)\s*(?:-|–|den|toi)\s*(\d{1,2}\s*(?:[:h.]\s*\d{0,2})?)$")]
    private static partial Regex Span();
}
