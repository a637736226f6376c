using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Conversation;

/// <summary>
/// A reminder meant for a cell's group chat that cannot go there (the channel's group reminders are off, or the group
/// refused it: the bot was removed, the group closed): the cell's leaders get it privately on that channel, due at once
/// and no longer true when the reminder stops being. One policy for every channel.
/// </summary>
public static class GroupNotices
{
    /// <returns>How many leaders were given it.</returns>
    public static int ToLeaders(ChiBoStore store, OutboxMessage m, string why)
    {
        var group = store.GroupChats.FindById(GroupChat.KeyOf(m.Channel, m.ChatId));
        var cell = group is null ? null : store.Cells.FindById(group.CellId);
        var leaders = cell is null ? [] : Authorizer.LeaderIdentities(store, cell, m.Channel);
        if (leaders.Count == 0) return 0;
        store.InTransaction(() =>
        {
            foreach (var leader in leaders)
                Outbox.Put(store, m.Channel, leader.PlatformUserId, ChatKind.Private,
                    [new Reply($"(Nhắc lịch của nhóm chi bộ, gửi riêng cho đồng chí vì {why}.)\n{m.Text}", m.Choices, Notice: true)], m.CreatedAtUtc,
                    m.ExpiresAtUtc);
        });
        return leaders.Count;
    }
}
