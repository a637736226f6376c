using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Templates;

namespace ChiBo.Dialogs.Conversation;

/// <summary>Everything one turn works with. Runs synchronously inside the turn's transaction.</summary>
public sealed class Turn(IncomingUpdate update, ChiBoStore store, TemplateCatalog templates, TimeProvider clock, ChatState? chat = null)
{
    ChatState? _chat = chat;

    /// <summary>
    /// The chat's state (what the bot last offered, its task), read once per turn (the duplicate check may have read it
    /// already); the turn's replies update this object when they are stored (<see cref="Outbox.Put"/>), and so it is
    /// written once, at the end of the turn. Read it; its task changes through <see cref="SetSession"/>.
    /// </summary>
    public ChatState Chat => _chat ??= Store.ChatStates.FindById(ChatKey) ?? new ChatState { Id = ChatKey };

    /// <summary>The task under way in this chat (a flow's session): private chats only.</summary>
    public DialogSession? Session => InGroup ? null : Chat.Session;

    /// <summary>
    /// Makes <paramref name="session"/> the chat's task (null: none) or, when it already is, records that it changed;
    /// <paramref name="parked"/>: the task set aside paused instead. Kept with the chat's state, written at the end of the turn.
    /// </summary>
    public void SetSession(DialogSession? session, bool parked = false)
    {
        if (parked) Chat.Parked = session; else Chat.Session = session;
        TaskChanged = true;
    }

    /// <summary>The chat's task changed this turn: its state is written even when the turn says nothing.</summary>
    public bool TaskChanged { get; private set; }

    /// <summary>The task under way in a chat of this channel ("channel:chatId"): this turn's own as it stands now.</summary>
    public DialogSession? SessionOf(string chatKey) =>
        Chat.IsOf(chatKey) ? Chat.Session : Store.SessionOf(chatKey);

    public IncomingUpdate Update { get; } = update;
    public ChiBoStore Store { get; } = store;
    public TemplateCatalog Templates { get; } = templates;
    public TimeProvider Clock { get; } = clock;
    public Member? Member { get; set; }
    public List<Reply> Replies { get; } = [];
    /// <summary>Replies to other chats of this channel (a member's private chat, asked from a group).</summary>
    public List<(string ChatId, ChatKind Kind, Reply Reply)> Elsewhere { get; } = [];
    /// <summary>
    /// The command's argument is free text typed after a question of the bot outside any task (its
    /// <see cref="Reply.AnswerCommand"/>), not a command the user typed: it may have been answered elsewhere since.
    /// </summary>
    public bool AnswersQuestion { get; set; }
    /// <summary>Label of the button the user tapped, when the tap was accepted.</summary>
    public string? ChosenLabel { get; set; }

    /// <summary>The turn's one instant: everything a turn records carries the same time.</summary>
    public DateTime UtcNow { get; } = clock.GetUtcNow().UtcDateTime;
    public DateTime Now => VnClock.Local(UtcNow);
    public string ChatKey => Update.ChatKey;
    public bool InGroup => Update.ChatKind == ChatKind.Group;

    public void Say(string text) => Replies.Add(new Reply(text));
    public void Say(Reply reply) => Replies.Add(reply);
    public void SayTo(string chatId, ChatKind kind, Reply reply) => Elsewhere.Add((chatId, kind, reply));

    /// <summary>A notice to a member in their private chats on this channel, unless it is the one who typed.</summary>
    public void TellMember(string memberId, Reply notice)
    {
        if (memberId == Member?.Id) return;
        foreach (var identity in Store.Identities.Find(i => i.MemberId == memberId && i.Channel == Update.Channel))
            SayTo(identity.PlatformUserId, ChatKind.Private, notice);
    }

    /// <summary>A notice to the cell's secretary and deputies in their private chats on this channel, but not to the one who typed.</summary>
    public void TellLeaders(Cell cell, Reply notice)
    {
        foreach (var leader in Authorizer.LeaderIdentities(Store, cell, Update.Channel).Where(i => i.MemberId != Member?.Id))
            SayTo(leader.PlatformUserId, ChatKind.Private, notice);
    }

    public void Audit(string action, string? cellId, string details) =>
        Store.Audit.Insert(new AuditEntry
        {
            AtUtc = UtcNow,
            ActorId = Member?.Id ?? Update.UserId,
            Action = action,
            CellId = cellId,
            Details = details,
        });
}
