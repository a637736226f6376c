using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// /lienket and /golienket — a cell's secretary or deputy links the group chat the bot was added to (in private,
/// /lienket shows the linked group). A group another cell has moves only when that cell's leader agrees.
/// </summary>
public static class GroupLink
{
    public static readonly TimeSpan RequestValidFor = TimeSpan.FromDays(7);

    public static void Link(Turn turn, string args)
    {
        var words = VnText.Fold(args).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words is [var answer and ("dongy" or "tuchoi"), var id])
        {
            Decide(turn, id, agree: answer == "dongy");
            return;
        }
        if (!turn.InGroup)
        {
            Show(turn);
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
            Request(turn, existing, cell);
            return;
        }
        var replaced = Relink(turn, turn.Update.Channel, turn.Update.ChatId, cell, linkedBy: turn.Member!.Id, title: turn.Update.ChatTitle);
        turn.Say($"Đã liên kết nhóm này với {cell.Name}. Nhắc lịch sinh hoạt sẽ gửi vào đây" + (replaced ? " (thay cho nhóm cũ)." : "."));
    }

    /// <summary>Links the group to the cell (a cell has one group per channel: an older one is let go). True when it replaced one.</summary>
    static bool Relink(Turn turn, string channel, string chatId, Cell cell, string linkedBy, string? title)
    {
        var store = turn.Store;
        var groupKey = GroupChat.KeyOf(channel, chatId);
        var before = store.GroupChats.FindById(groupKey);
        var previous = store.GroupChats.FindOne(g => g.CellId == cell.Id && g.Channel == channel);
        if (previous is not null) store.GroupChats.Delete(previous.Id);
        if (before is not null) store.GroupChats.Delete(before.Id);
        store.GroupChats.Insert(new GroupChat
        {
            Id = groupKey, Channel = channel, ChatId = chatId, CellId = cell.Id, LinkedBy = linkedBy, LinkedAtUtc = turn.UtcNow,
            Title = title ?? before?.Title, QuietFromMinutes = before?.QuietFromMinutes, QuietUntilMinutes = before?.QuietUntilMinutes,
        });
        var from = before is null ? "" : $" (trước thuộc {store.Cells.FindById(before.CellId)?.Name ?? before.CellId})";
        turn.Audit("group.linked", cell.Id, $"Liên kết nhóm {Describe(groupKey, title ?? before?.Title)}{from}" + (previous is null ? "" : $" (thay nhóm {Describe(previous.Id, previous.Title)})"));
        return previous is not null;
    }

    /// <summary>
    /// The platform gave the group a new id (Telegram, when a group becomes a supergroup): its link to the cell, title
    /// and quiet hours follow it. Nothing when the old id was linked to no cell or the new one is linked already. In the
    /// caller's transaction. Returns the cell's id, or null.
    /// </summary>
    public static string? Moved(Storage.ChiBoStore store, string channel, string fromChatId, string toChatId, DateTime utcNow)
    {
        var old = store.GroupChats.FindById(GroupChat.KeyOf(channel, fromChatId));
        var key = GroupChat.KeyOf(channel, toChatId);
        if (old is null || store.GroupChats.FindById(key) is not null) return null;
        store.GroupChats.Delete(old.Id);
        store.GroupChats.Insert(new GroupChat
        {
            Id = key, Channel = channel, ChatId = toChatId, CellId = old.CellId, Title = old.Title, LinkedBy = old.LinkedBy, LinkedAtUtc = old.LinkedAtUtc,
            QuietFromMinutes = old.QuietFromMinutes, QuietUntilMinutes = old.QuietUntilMinutes,
        });
        store.Audit.Insert(new AuditEntry
        {
            AtUtc = utcNow, ActorId = channel, Action = "group.moved", CellId = old.CellId,
            Details = $"Nhóm {Describe(old.Id, old.Title)} được nền tảng đổi mã thành {key} (nâng cấp nhóm); liên kết giữ nguyên",
        });
        return old.CellId;
    }

    /// <summary>
    /// The bot was removed from a group: if it is a cell's, its leaders are told at once (not at the next reminder) that
    /// reminders go to them privately until the bot is added back and the group linked again. The link stays.
    /// </summary>
    public static void BotRemoved(Turn turn)
    {
        var store = turn.Store;
        if (store.GroupChats.FindById(GroupChat.KeyOf(turn.Update.Channel, turn.Update.ChatId)) is not { } group || store.Cells.FindById(group.CellId) is not { } cell) return;
        var by = turn.Member is { } m ? $"Đ/c {m.Name}" : "Một người";
        var name = group.Title is { Length: > 0 } t ? $"nhóm \"{t}\"" : "nhóm chat";
        foreach (var leader in Authorizer.LeaderIdentities(store, cell, turn.Update.Channel))
            turn.SayTo(leader.PlatformUserId, ChatKind.Private, new Reply(
                $"{by} đã xóa bot khỏi {name} của {cell.Name}. Nhắc lịch của chi bộ sẽ gửi riêng cho bí thư, phó bí thư. " +
                "Muốn nhắc vào nhóm lại: thêm bot vào nhóm rồi gõ /lienket trong nhóm.", Notice: true));
        turn.Audit("group.bot_removed", cell.Id, $"Bot bị xóa khỏi {Describe(group.Id, group.Title)}");
    }

    static string Describe(string groupKey, string? title) => title is { Length: > 0 } ? $"\"{title}\" ({groupKey})" : groupKey;

    /// <summary>The group belongs to another cell: ask that cell's leaders, privately, whether it may move.</summary>
    static void Request(Turn turn, GroupChat existing, Cell to)
    {
        var store = turn.Store;
        var from = store.Cells.FindById(existing.CellId);
        var leaders = from is null ? [] : Authorizer.LeaderIdentities(store, from, turn.Update.Channel);
        var fromName = from?.Name ?? existing.CellId;
        if (leaders.Count == 0)
        {
            turn.Say($"Nhóm này đang liên kết với {fromName}, nhưng chi bộ đó chưa có bí thư, phó bí thư nào dùng bot để đồng ý chuyển. " +
                     "Đề nghị quản trị viên gõ /golienket trong nhóm này, rồi đồng chí gõ lại /lienket.");
            return;
        }
        var request = store.LinkRequests.FindOne(r => r.GroupId == existing.Id && r.ToCellId == to.Id)
                      ?? new LinkRequest { Id = LiteDB.ObjectId.NewObjectId().ToString(), GroupId = existing.Id, ToCellId = to.Id };
        request.FromCellId = existing.CellId;
        request.RequestedBy = turn.Member!.Id;
        request.RequesterChatId = turn.Update.UserId;
        request.AtUtc = turn.UtcNow;
        store.LinkRequests.Upsert(request);
        var title = existing.Title ?? turn.Update.ChatTitle;
        var group = title is { Length: > 0 } ? $"nhóm \"{title}\"" : "nhóm chat";
        foreach (var leader in leaders)
            turn.SayTo(leader.PlatformUserId, ChatKind.Private, new Reply(
                $"Đ/c {turn.Member.Name} ({to.Name}) đề nghị chuyển {group} đang liên kết với {fromName} sang {to.Name}. " +
                $"Nếu đồng ý, nhắc lịch của {fromName} sẽ không gửi vào nhóm đó nữa.",
                [new Choice($"{Storage.Outbox.CommandPrefix}/lienket dongy {request.Id}", "Đồng ý chuyển"), new Choice($"{Storage.Outbox.CommandPrefix}/lienket tuchoi {request.Id}", "Không đồng ý")],
                Notice: true));
        turn.Audit("group.link_requested", to.Id, $"Xin chuyển nhóm {Describe(existing.Id, existing.Title)} từ {fromName} sang {to.Name}");
        turn.Say($"Nhóm này đang liên kết với {fromName}. Đã gửi đề nghị tới bí thư, phó bí thư {fromName}; khi đồng chí ấy đồng ý, nhóm sẽ chuyển sang {to.Name}.");
    }

    /// <summary>/lienket dongy|tuchoi &lt;id&gt;: the leader of the cell that has the group answers a request.</summary>
    static void Decide(Turn turn, string id, bool agree)
    {
        var store = turn.Store;
        var request = store.LinkRequests.FindById(id);
        var from = request is null ? null : store.Cells.FindById(request.FromCellId);
        if (request is null || from is null || turn.UtcNow - request.AtUtc > RequestValidFor)
        {
            if (request is not null) store.LinkRequests.Delete(request.Id);
            turn.Say("Đề nghị chuyển nhóm này không còn (đã trả lời, hết hạn hoặc bị thay). Không có gì thay đổi.");
            return;
        }
        if (!Authorizer.Can(store, turn.Member!, Permission.RunMeeting, from))
        {
            turn.Say($"Chỉ bí thư hoặc phó bí thư {from.Name} mới trả lời đề nghị này.");
            return;
        }
        store.LinkRequests.Delete(request.Id);
        var group = store.GroupChats.FindById(request.GroupId);
        var to = store.Cells.FindById(request.ToCellId);
        if (group?.CellId != from.Id || to is null)
        {
            turn.Say("Nhóm đó đã thay đổi liên kết từ lúc có đề nghị; không có gì thay đổi.");
            return;
        }
        var requester = store.Members.FindById(request.RequestedBy);
        var name = Describe(group.Id, group.Title);
        if (!agree)
        {
            turn.Audit("group.link_refused", from.Id, $"Không đồng ý chuyển nhóm {name} sang {to.Name}");
            turn.Say($"Đã trả lời không đồng ý. Nhóm vẫn liên kết với {from.Name}.");
            turn.SayTo(request.RequesterChatId, ChatKind.Private, new Reply($"Bí thư, phó bí thư {from.Name} không đồng ý chuyển nhóm chat sang {to.Name}. Đồng chí trao đổi trực tiếp với chi bộ đó, hoặc tạo nhóm riêng cho {to.Name}.", Notice: true));
            return;
        }
        Relink(turn, group.Channel, group.ChatId, to, linkedBy: request.RequestedBy, title: group.Title);
        turn.Say($"Đã chuyển nhóm chat sang {to.Name}. Nhắc lịch của {from.Name} sẽ không gửi vào nhóm đó nữa; liên kết nhóm mới: /lienket trong nhóm đó.");
        turn.SayTo(request.RequesterChatId, ChatKind.Private, new Reply($"{from.Name} đã đồng ý: nhóm chat nay liên kết với {to.Name}.", Notice: true));
        turn.SayTo(group.ChatId, ChatKind.Group, new Reply($"Nhóm này nay liên kết với {to.Name} (theo đề nghị của Đ/c {requester?.Name ?? "bí thư"}, {from.Name} đã đồng ý). Nhắc lịch sinh hoạt của {to.Name} sẽ gửi vào đây.", Notice: true));
    }

    /// <summary>/lienket in private: which group the member's cell has, and how to change it.</summary>
    static void Show(Turn turn)
    {
        var cell = Authorizer.LedCell(turn.Store, turn.Member!);
        if (cell is null)
        {
            turn.Say("Lệnh /lienket dùng trong nhóm chat của chi bộ: thêm bot vào nhóm, rồi bí thư hoặc phó bí thư gõ /lienket trong nhóm đó.");
            return;
        }
        var groups = turn.Store.GroupChats.Find(g => g.CellId == cell.Id).ToList();
        if (groups.Count == 0)
        {
            turn.Say($"{cell.Name} chưa liên kết nhóm chat nào. Thêm bot vào nhóm chat của chi bộ, rồi gõ /lienket trong nhóm đó.");
            return;
        }
        var lines = groups.Select(g =>
        {
            var by = g.LinkedBy is null ? null : turn.Store.Members.FindById(g.LinkedBy)?.Name;
            return $"• {(g.Title is { Length: > 0 } t ? $"\"{t}\"" : "nhóm " + g.ChatId)} ({g.Channel}), liên kết ngày {VnText.Date(VnClock.Local(g.LinkedAtUtc))}{(by is null ? "" : $" bởi Đ/c {by}")}";
        });
        turn.Say($"Nhóm chat của {cell.Name}:\n{string.Join('\n', lines)}\nĐổi nhóm: gõ /lienket trong nhóm mới · gỡ: /golienket trong nhóm đang liên kết.");
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
        if (cell is null || (!Authorizer.Can(turn.Store, turn.Member!, Permission.RunMeeting, cell) && !turn.Member!.Has(Role.Admin)))
        {
            turn.Say($"Chỉ bí thư hoặc phó bí thư {cell?.Name ?? "chi bộ đã liên kết"} (hoặc quản trị viên) mới gỡ liên kết được.");
            return;
        }
        turn.Store.GroupChats.Delete(existing.Id);
        turn.Audit("group.unlinked", cell.Id, $"Gỡ liên kết nhóm {Describe(existing.Id, existing.Title)}");
        turn.Say($"Đã gỡ liên kết nhóm này với {cell.Name}. Nhắc lịch sẽ không gửi vào đây nữa.");
    }
}
