using ChiBo.Dialogs.Conversation;

namespace ChiBo.Dialogs.Storage;

/// <summary>
/// A flow in progress in one chat. Its state lives here, not in memory (Stateless external state); it is kept in the
/// chat's state (<see cref="ChatState.Session"/>), written with the turn's replies.
/// </summary>
public sealed class DialogSession
{
    /// <summary>"channel:chatId"; a task set aside paused: that and <see cref="ParkedSuffix"/>.</summary>
    public string Id { get; set; } = "";
    public string Flow { get; set; } = "";
    public int FlowVersion { get; set; }
    public string TemplateId { get; set; } = "";
    public string TemplateVersion { get; set; } = "";
    public string MemberId { get; set; } = "";
    public string CellId { get; set; } = "";
    /// <summary>Current step id (the Stateless state).</summary>
    public string Step { get; set; } = "";
    public Dictionary<string, string> Answers { get; set; } = [];
    public int Retries { get; set; }
    public bool Paused { get; set; }
    public bool ConfirmingCancel { get; set; }
    public DateTime StartedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    /// <summary>Set when the flow filed its record: the session is deleted at the end of the turn.</summary>
    [LiteDB.BsonIgnore] public bool Finished { get; set; }

    /// <summary>Ends the id of a task set aside paused while another runs (<see cref="ChatState.Parked"/>).</summary>
    public const string ParkedSuffix = "#tamdung";
}

/// <summary>
/// What the bot last offered in a chat, so a typed number or label, or a tapped button, maps back to a choice; and the
/// chat's task under way. One document a chat: a turn writes it once, with its replies.
/// </summary>
public sealed class ChatState
{
    public string Id { get; set; } = "";
    public long PromptSeq { get; set; }
    public List<Choice> Offered { get; set; } = [];
    public bool ChoicesOnly { get; set; }
    /// <summary>The last question's <see cref="Reply.NumberedSuggestions"/>: a typed number picks one of its suggestions.</summary>
    public bool NumberedSuggestions { get; set; }
    /// <summary>The last question's <see cref="Reply.AnswerCommand"/>, if any.</summary>
    public string? AnswerCommand { get; set; }
    /// <summary>
    /// The number of the last update of this chat handled, for updates handed over in chat order
    /// (<see cref="IncomingUpdate.InChatOrder"/>): they are recorded here, written with the turn's replies, instead of
    /// one processed-update record each (<see cref="ProcessedUpdates"/>).
    /// </summary>
    public long? LastUpdate { get; set; }
    /// <summary>When <see cref="LastUpdate"/> was handled: an older number is not compared (<see cref="ProcessedUpdates.RepeatWindow"/>).</summary>
    public DateTime? LastUpdateAtUtc { get; set; }
    /// <summary>The task under way in this chat (a flow's session), if any: private chats only.</summary>
    public DialogSession? Session { get; set; }
    /// <summary>A paused task set aside while another runs (one at most); the chat's task again when that one ends.</summary>
    public DialogSession? Parked { get; set; }
    /// <summary>
    /// The chat was told its messages are set aside while too many replies to it wait to be sent (<see cref="ChiBoStore.ChatBacklogged"/>):
    /// they are until those replies have gone; cleared by the next message read. Told once a time.
    /// </summary>
    public bool Backlogged { get; set; }

    /// <summary>This is the state of the chat "channel:chatId" (ids compare ignoring case, as the store's).</summary>
    public bool IsOf(string chatKey) => string.Equals(Id, chatKey, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Expired: a notice that could not go out while it was still true (see <see cref="OutboxMessage.ExpiresAtUtc"/>).</summary>
public enum OutboxStatus { Pending, Sent, Failed, Expired }

/// <summary>Send a new message, or edit one the bot sent (show what was chosen and remove its buttons, or update a notice's tally keeping them).</summary>
public enum OutboxKind { Send, Edit }

/// <summary>A reply waiting to be delivered; written in the same transaction as the change that caused it.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public string Channel { get; set; } = "";
    public string ChatId { get; set; } = "";
    public OutboxKind Kind { get; set; }
    public bool IsGroup { get; set; }
    /// <summary>For an edit: the platform id of the message to edit.</summary>
    public string? TargetMessageId { get; set; }
    public string Text { get; set; } = "";
    /// <summary>Choices with their button data ("seq:index") already set.</summary>
    public List<Choice> Choices { get; set; } = [];
    public bool ChoicesOnly { get; set; }
    /// <summary>Suggestions numbered on text channels (<see cref="Reply.NumberedSuggestions"/>).</summary>
    public bool NumberedSuggestions { get; set; }
    public string? FilePath { get; set; }
    /// <summary>The reply's <see cref="Reply.Tag"/>: lets a later turn find this message to edit it. An edit's is "sua:…" (see Outbox.Edit).</summary>
    public string? Tag { get; set; }
    /// <summary>The tag as LiteDB indexes it: none for an untagged message, which then has no index entry (StoreIndexes.Listed).</summary>
    public string[] TagKeys => Tag is null ? [] : [Tag];
    /// <summary>Sent by the bot on its own (a reminder), not in answer to a message.</summary>
    public bool Notice { get; set; }
    /// <summary>
    /// A notice not delivered by then is dropped (<see cref="OutboxStatus.Expired"/>), never sent late: a reminder
    /// saying "tomorrow" queued before the bot or the platform went down must not arrive on the day.
    /// </summary>
    public DateTime? ExpiresAtUtc { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public DateTime? SentAtUtc { get; set; }
    public string? LastError { get; set; }
    /// <summary>Parts of a long text already delivered, so a retry does not repeat them.</summary>
    public int PartsSent { get; set; }
    /// <summary>Platform ids of the delivered parts.</summary>
    public List<string> PlatformMessageIds { get; set; } = [];
    /// <summary>A delivered notice's text as last edited (its tally), so the same text is not edited in again.</summary>
    public string? EditedText { get; set; }
}

/// <summary>The store's own write probe (<see cref="ChiBoStore.Writes"/>): one record, when it was last written.</summary>
public sealed class StoreProbe
{
    public string Id { get; set; } = "";
    public DateTime AtUtc { get; set; }
}

/// <summary>An update id already handled: a redelivered update is dropped.</summary>
public sealed class ProcessedUpdate
{
    /// <summary>"channel:updateId"</summary>
    public string Id { get; set; } = "";
    public DateTime AtUtc { get; set; }
}

/// <summary>The text of every template version ever loaded, so a session started on an old version can finish on it.</summary>
public sealed class TemplateSnapshot
{
    /// <summary>"id@version"</summary>
    public string Id { get; set; } = "";
    public string File { get; set; } = "";
    public string Yaml { get; set; } = "";
}
