using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;

namespace ChiBo.Dialogs.Commands;

/// <summary>/lienket and /golienket — a cell's secretary or deputy links the group chat the bot was added to.</summary>
public static class GroupLink
{
    public static void Link(Turn turn, string args)
    {
        if (!turn.InGroup)
        {
            turn.Say("Lệnh /lienket dùng trong nhóm chat của chi bộ: thêm bot vào nhóm, rồi gõ /lienket trong nhóm đó.");
            return;
        }
        var store = turn.Store;
        var cell = Authorizer.LedCellOrRefuse(turn, "liên kết nhóm với chi bộ");
        if (cell is null) return;
        var key = GroupChat.KeyOf(turn.Update.Channel, turn.Update.ChatId);
        var existing = store.GroupChats.FindById(key);
        if (existing?.CellId == cell.Id)
        {
            turn.Say($"Nhóm này đã liên kết với {cell.Name}. Nhắc lịch sinh hoạt sẽ gửi vào đây.");
            return;
        }
        if (existing is not null)
        {
            var other = store.Cells.FindById(existing.CellId)?.Name ?? existing.CellId;
            turn.Say($"Nhóm này đang liên kết với {other}. Cần bí thư hoặc phó bí thư chi bộ đó gõ /golienket trong nhóm trước.");
            return;
        }
        var previous = store.GroupChats.FindOne(g => g.CellId == cell.Id && g.Channel == turn.Update.Channel);
        if (previous is not null) store.GroupChats.Delete(previous.Id);
        store.GroupChats.Insert(new GroupChat
        {
            Id = key, Channel = turn.Update.Channel, ChatId = turn.Update.ChatId, CellId = cell.Id,
            LinkedBy = turn.Member!.Id, LinkedAtUtc = turn.UtcNow,
        });
        turn.Audit("group.linked", cell.Id, $"Liên kết nhóm {turn.Update.Channel}:{turn.Update.ChatId}" + (previous is null ? "" : $" (thay nhóm {previous.ChatId})"));
        turn.Say($"Đã liên kết nhóm này với {cell.Name}. Nhắc lịch sinh hoạt sẽ gửi vào đây" +
                 (previous is null ? "." : " (thay cho nhóm cũ)."));
    }

    public static void Unlink(Turn turn, string args)
    {
        if (!turn.InGroup)
        {
            turn.Say("Lệnh /golienket dùng trong nhóm chat đang liên kết với chi bộ.");
            return;
        }
        var existing = turn.Store.GroupChats.FindById(GroupChat.KeyOf(turn.Update.Channel, turn.Update.ChatId));
        if (existing is null)
        {
            turn.Say("Nhóm này chưa liên kết với chi bộ nào.");
            return;
        }
        var cell = turn.Store.Cells.FindById(existing.CellId);
        if (cell is null || !Authorizer.Can(turn.Store, turn.Member!, Permission.RunMeeting, cell))
        {
            turn.Say($"Chỉ bí thư hoặc phó bí thư {cell?.Name ?? "chi bộ đã liên kết"} mới gỡ liên kết được.");
            return;
        }
        turn.Store.GroupChats.Delete(existing.Id);
        turn.Audit("group.unlinked", cell.Id, $"Gỡ liên kết nhóm {existing.Channel}:{existing.ChatId}");
        turn.Say($"Đã gỡ liên kết nhóm này với {cell.Name}. Nhắc lịch sẽ không gửi vào đây nữa.");
    }
}
