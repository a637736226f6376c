using ChiBo.Dialogs.Conversation;

namespace ChiBo.Dialogs.Storage;

/// <summary>The one way replies and reminders enter the outbox. Call inside the transaction of the change.</summary>
public static class Outbox
{
    /// <summary>Button data that is a command rather than a choice of the current question.</summary>
    public const string CommandPrefix = "cmd:";

    /// <summary>The command a button stands for ("/comat 2026-12-03"), or null for a choice of the question asked.</summary>
    public static string? CommandOf(Choice choice) =>
        choice.Key.StartsWith(CommandPrefix, StringComparison.Ordinal) ? choice.Key[CommandPrefix.Length..] : null;

    /// <summary>
    /// Queues replies for a chat. Choices get button data "seq:index" (short, never the payload); the chat
    /// remembers the last offer so a typed number or label, or a tapped button, maps back to it, and older
    /// buttons are recognised as stale. Notices among them not delivered by <paramref name="noticesExpireUtc"/> are
    /// dropped then (a reminder no longer true). <paramref name="answering"/>: the update of this chat the replies answer;
    /// one handed over in chat order is recorded in the same write (<see cref="ChatState.LastUpdate"/>).
    /// <paramref name="stateChanged"/>: the given state changed otherwise (its task): written even with no replies. Returns
    /// the ids of the messages queued.
    /// </summary>
    public static List<long> Put(ChiBoStore store, string channel, string chatId, ChatKind kind, IReadOnlyList<Reply> replies, DateTime utcNow,
        DateTime? noticesExpireUtc = null, IncomingUpdate? answering = null, ChatState? state = null, bool stateChanged = false)
    {
        if (replies.Count == 0 && !(stateChanged && state is not null)) return [];
        var ids = new List<long>(replies.Count);
        var key = $"{channel}:{chatId}";
        if (state is not null && !state.IsOf(key)) throw new ArgumentException($"The state of chat {state.Id} given for chat {key}.");
        state ??= store.ChatStates.FindById(key) ?? new ChatState { Id = key };
        foreach (var reply in replies)
        {
            var choices = new List<Choice>();
            if (reply.Notice)
            {
                // A notice's buttons are commands: short, always valid, never stale; the chat's offer stays.
                if (reply.Choices?.FirstOrDefault(c => !c.Key.StartsWith(CommandPrefix)) is { } bad)
                    throw new ArgumentException($"A notice's buttons must be commands: \"{bad.Key}\".");
                // Sent as the button's data itself: Telegram refuses more than 64 bytes (the whole message would fail).
                if (reply.Choices?.FirstOrDefault(c => System.Text.Encoding.UTF8.GetByteCount(c.Key) > 64) is { } long_)
                    throw new ArgumentException($"A notice's button command is over 64 bytes: \"{long_.Key}\".");
                choices = reply.Choices?.ToList() ?? [];
            }
            else if (reply.HasChoices)
            {
                state.PromptSeq++;
                choices = reply.Choices!.Select((c, i) => c with { Key = $"{state.PromptSeq}:{i}" }).ToList();
            }
            if (!reply.Notice)
            {
                state.Offered = reply.Choices?.ToList() ?? [];
                state.ChoicesOnly = reply.ChoicesOnly;
                state.NumberedSuggestions = reply.NumberedSuggestions && reply.HasChoices;
                state.AnswerCommand = reply.AnswerCommand;
            }
            var message = new OutboxMessage
            {
                Channel = channel, ChatId = chatId, IsGroup = kind == ChatKind.Group, Text = reply.Text, Choices = choices, ChoicesOnly = reply.ChoicesOnly,
                NumberedSuggestions = reply.NumberedSuggestions && !reply.ChoicesOnly && choices.Count > 0,
                FilePath = reply.FilePath, Tag = reply.Tag, Notice = reply.Notice, ExpiresAtUtc = reply.Notice ? noticesExpireUtc : null, Status = OutboxStatus.Pending, CreatedAtUtc = utcNow, NextAttemptUtc = utcNow,
            };
            Insert(store, message);
            ids.Add(message.Id);
        }
        if (answering is not null) ProcessedUpdates.Mark(state, answering, utcNow);
        store.ChatStates.Upsert(state);
        return ids;
    }

    /// <summary>
    /// Queues an edit of a message the bot sent: new text, and its buttons removed unless command buttons are
    /// given to keep (a notice's). An edit still waiting for the same message is dropped: only the latest matters.
    /// </summary>
    public static void Edit(ChiBoStore store, string channel, string chatId, ChatKind kind, string messageId, string text, DateTime utcNow,
        IReadOnlyList<Choice>? keepCommands = null)
    {
        if (keepCommands?.FirstOrDefault(c => !c.Key.StartsWith(CommandPrefix)) is { } bad)
            throw new ArgumentException($"Only command buttons can be kept on an edited message: \"{bad.Key}\".");
        var tag = EditTag(channel, chatId, messageId);
        foreach (var waiting in store.Outbox.Find(o => o.Tag == tag)) // by the tag alone: its index
            if (waiting is { Kind: OutboxKind.Edit, Status: OutboxStatus.Pending, Attempts: 0 }) store.Outbox.Delete(waiting.Id);
        Insert(store, new OutboxMessage
        {
            Kind = OutboxKind.Edit, Channel = channel, ChatId = chatId, IsGroup = kind == ChatKind.Group, TargetMessageId = messageId, Tag = tag,
            Text = text, Choices = keepCommands?.ToList() ?? [], ChoicesOnly = true, Status = OutboxStatus.Pending, CreatedAtUtc = utcNow, NextAttemptUtc = utcNow,
        });
    }

    /// <summary>
    /// An edit's tag: the edits of one message share it, so a newer one finds the one still waiting. It is dropped once
    /// the edit is done (<see cref="Finish"/>), so the tag index holds only waiting edits however often a message is edited.
    /// </summary>
    static string EditTag(string channel, string chatId, string messageId) => $"sua:{channel}:{chatId}:{messageId}";

    /// <summary>The sender is done with the message: sent, failed for good, or expired unsent. Store it afterwards.</summary>
    public static void Finish(OutboxMessage message, OutboxStatus status)
    {
        if (status == OutboxStatus.Pending) throw new ArgumentException("A finished message is sent, failed or expired.", nameof(status));
        message.Status = status;
        if (message.Kind == OutboxKind.Edit) message.Tag = null; // only a waiting edit is looked up by its tag
    }

    static void Insert(ChiBoStore store, OutboxMessage message)
    {
        store.Outbox.Insert(message); // sets its id
        store.OutboxInserted(message);
    }

    /// <summary>The delivered messages carrying this tag, newest first (the platform id of their last part is what an edit targets).</summary>
    public static List<OutboxMessage> Tagged(ChiBoStore store, string tag) =>
        store.Outbox.Find(o => o.Tag == tag).Where(o => o.Kind == OutboxKind.Send && o.Status == OutboxStatus.Sent && o.PlatformMessageIds.Count > 0)
            .OrderByDescending(o => o.Id).ToList();
}
