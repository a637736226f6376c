using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Text;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;

namespace ChiBo.Bot.Channels.Telegram;

/// <summary>Translates Telegram updates into the bot's <see cref="IncomingUpdate"/>. No business logic here.</summary>
public static class TelegramUpdates
{
    public const string Channel = "telegram";

    /// <summary>Content a person sent that the bot cannot read: they get a hint.</summary>
    static readonly HashSet<MessageType> Unreadable =
    [
        MessageType.Photo, MessageType.Audio, MessageType.Video, MessageType.Voice, MessageType.Document, MessageType.Sticker,
        MessageType.Location, MessageType.Contact, MessageType.Venue, MessageType.VideoNote, MessageType.Animation, MessageType.Poll, MessageType.Dice,
    ];

    /// <summary>
    /// What a person who edited a message sent to the bot is told: the bot reads each message once, when it comes, so an
    /// edit changes nothing; the question under way is asked again after it.
    /// </summary>
    public const string EditIgnored =
        "Bot không đọc lại tin nhắn đã sửa, nên điều đã ghi không đổi. Sửa câu vừa trả lời: gõ /quaylai. Điều khác: gửi tin nhắn mới.";

    /// <summary>
    /// What a group admin who writes anonymously (Telegram shows the group as the sender) is told when addressing the bot:
    /// it cannot tell who they are, so a command such as /lienket would otherwise get no answer at all.
    /// </summary>
    public const string AnonymousAdmin =
        "Bot không biết ai gửi tin này: đồng chí đang ẩn danh trong nhóm (quyền quản trị \"Ẩn danh\"). Tắt ẩn danh trong quyền quản trị của mình, rồi gõ lại.";

    /// <summary>The update as the bot sees it, or null to ignore it (edits in groups, service messages, other bots' commands…).</summary>
    public static IncomingUpdate? ToIncoming(Update update, string botUsername)
    {
        switch (update.Type)
        {
            // An anonymous group admin: the sender is the group itself. Told so when addressing the bot, else ignored.
            case UpdateType.Message when update.Message is { SenderChat: { } sender, Text: { } said0 } m && sender.Id == m.Chat.Id && KindOf(m.Chat) == ChatKind.Group:
                var addressed = said0.StartsWith('/') && !IsForAnotherBot(said0, botUsername)
                                || said0.StartsWith($"@{botUsername}", StringComparison.OrdinalIgnoreCase)
                                || m.ReplyToMessage is { From.Username: { } to } && string.Equals(to, botUsername, StringComparison.OrdinalIgnoreCase);
                return addressed
                    ? new IncomingUpdate(Channel, update.Id.ToString(), m.Chat.Id.ToString(), ChatKind.Group, m.Chat.Id.ToString(), "", null,
                        Sequence: update.Id, Problem: AnonymousAdmin)
                    : null;
            case UpdateType.Message when update.Message is { From: { IsBot: false } from } m && KindOf(m.Chat) is { } kind:
                string? text;
                if (m.Type == MessageType.Document && kind == ChatKind.Private && m.Document is { } document)
                    return new IncomingUpdate(Channel, update.Id.ToString(), m.Chat.Id.ToString(), kind, from.Id.ToString(), NameOf(from), null,
                        File: new IncomingFile(document.FileName ?? "tep", ""), Sequence: update.Id); // the handler downloads it
                if (m.MigrateFromChatId is { } from0 && kind == ChatKind.Group) // the group became this supergroup: its link follows
                    return new IncomingUpdate(Channel, update.Id.ToString(), m.Chat.Id.ToString(), kind, from.Id.ToString(), NameOf(from), null,
                        ChatTitle: m.Chat.Title is { } t0 ? VnText.DisplayName(t0) : null, Sequence: update.Id, MovedFrom: from0.ToString());
                if (m.Type == MessageType.Text) text = m.Text;
                else if (Unreadable.Contains(m.Type)) text = null;
                else return null; // members joined, title changed…
                if (text is not null && IsForAnotherBot(text, botUsername)) return null;
                // A reply to one of the bot's own messages (a meeting notice answered "có mặt" in the group).
                var repliesTo = m.ReplyToMessage is { From: { IsBot: true, Username: { } replied } } r && string.Equals(replied, botUsername, StringComparison.OrdinalIgnoreCase)
                    ? r.Id.ToString() : null;
                // "@ChiBoBot có mặt" in a group: addressed to the bot, which message unknown (the router takes the latest notice).
                if (kind == ChatKind.Group && text is not null && text.StartsWith($"@{botUsername}", StringComparison.OrdinalIgnoreCase)
                    && text[(botUsername.Length + 1)..].TrimStart(' ', ',', ':') is var said && !said.StartsWith('/'))
                    (text, repliesTo) = (said, repliesTo ?? "");
                return new IncomingUpdate(Channel, update.Id.ToString(), m.Chat.Id.ToString(), kind, from.Id.ToString(), NameOf(from), text,
                    ChatTitle: m.Chat.Title is { } title ? VnText.DisplayName(title) : null, Sequence: update.Id, RepliesTo: repliesTo);
            // An edit in a private chat: the person believes the bot will read the new text; it says it does not.
            case UpdateType.EditedMessage when update.EditedMessage is { From: { IsBot: false } from, Chat.Type: ChatType.Private } e:
                return new IncomingUpdate(Channel, update.Id.ToString(), e.Chat.Id.ToString(), ChatKind.Private, from.Id.ToString(), NameOf(from), null,
                    Sequence: update.Id, Problem: EditIgnored);
            // The person blocked the bot ("kicked" it from their private chat) or unblocked it: the roster says so.
            case UpdateType.MyChatMember when update.MyChatMember is { Chat.Type: ChatType.Private, From: { IsBot: false } by } cm
                                              && cm.NewChatMember.Status is ChatMemberStatus.Kicked or ChatMemberStatus.Member:
                return new IncomingUpdate(Channel, update.Id.ToString(), cm.Chat.Id.ToString(), ChatKind.Private, by.Id.ToString(), NameOf(by), null,
                    Sequence: update.Id, BotBlocked: cm.NewChatMember.Status == ChatMemberStatus.Kicked);
            // The bot removed from a group (or added back): a linked group's leaders are told.
            case UpdateType.MyChatMember when update.MyChatMember is { From: { IsBot: false } by, NewChatMember.Status: var status } cm && KindOf(cm.Chat) == ChatKind.Group
                                              && status is ChatMemberStatus.Left or ChatMemberStatus.Kicked or ChatMemberStatus.Member or ChatMemberStatus.Administrator:
                return new IncomingUpdate(Channel, update.Id.ToString(), cm.Chat.Id.ToString(), ChatKind.Group, by.Id.ToString(), NameOf(by), null,
                    ChatTitle: cm.Chat.Title is { } t1 ? VnText.DisplayName(t1) : null, Sequence: update.Id, BotBlocked: status is ChatMemberStatus.Left or ChatMemberStatus.Kicked);
            case UpdateType.CallbackQuery when update.CallbackQuery is { Message: { } m, Data: { } data } q && KindOf(m.Chat) is { } kind:
                return new IncomingUpdate(Channel, update.Id.ToString(), m.Chat.Id.ToString(), kind, q.From.Id.ToString(), NameOf(q.From),
                    null, data, m.Id.ToString(), m.Text ?? m.Caption ?? "", Sequence: update.Id);
            default:
                return null; // edits in groups and everything else
        }
    }

    static ChatKind? KindOf(Chat chat) => chat.Type switch
    {
        ChatType.Private => ChatKind.Private,
        ChatType.Group or ChatType.Supergroup => ChatKind.Group,
        _ => null,
    };

    static string NameOf(User u) => VnText.DisplayName(string.Join(' ', new[] { u.FirstName, u.LastName }.Where(s => !string.IsNullOrWhiteSpace(s))));

    /// <summary>"/lienket@OtherBot" in a group is meant for another bot.</summary>
    static bool IsForAnotherBot(string text, string botUsername)
    {
        if (!text.StartsWith('/')) return false;
        var head = text.Split(' ', '\n')[0];
        var at = head.IndexOf('@');
        return at >= 0 && !string.Equals(head[(at + 1)..], botUsername, StringComparison.OrdinalIgnoreCase);
    }
}
