using System.Diagnostics;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Summaries;
using ChiBo.Dialogs.Templates;
using Microsoft.Extensions.Logging;

namespace ChiBo.Dialogs.Conversation;

/// <summary>
/// update → drop duplicates → one turn at a time per chat → router → ONE transaction holding the domain change,
/// the session, the processed update id and the replies in the outbox (group-committed with other chats' turns).
/// </summary>
public sealed class TurnPipeline(ChiBoStore store, TemplateCatalog templates, Router router, TimeProvider clock, ILogger<TurnPipeline> log)
{
    readonly ChatLocks _locks = new();
    // Files and figures made outside the write transaction, until their turn is done.
    readonly MadeForTurns _made = new();
    // Turns computed at once outside the write transaction: one per core (more only switch between them).
    readonly SemaphoreSlim _computing = new(Environment.ProcessorCount);

    /// <summary>Handles one update. False when it was a duplicate.</summary>
    public async Task<bool> HandleAsync(IncomingUpdate update, CancellationToken ct = default)
    {
        using var scope = log.BeginScope(new Dictionary<string, object> { ["ChatId"] = update.ChatKey, ["UpdateId"] = update.UpdateId });
        using var _ = await _locks.AcquireAsync(update.ChatKey, ct);
        return await ProcessAsync(update); // the store hands the committed replies to the outbox sender
    }

    /// <summary>
    /// Times a turn may ask for something to be made outside the transaction before the last attempt makes it inside: a
    /// summary's figures, then its file, and one more.
    /// </summary>
    const int RenderRounds = 3;

    /// <summary>Times a turn is computed outside the write transaction and found outdated before it runs inside it.</summary>
    const int DetachedRounds = 3;

    /// <summary>
    /// With <see cref="ChiBoStore.ComputesOutside"/> the turn is computed outside the write transaction while other
    /// chats' turns commit (<see cref="ChiBoStore.Detached"/>); its writes are made in the transaction if nothing it read
    /// changed meanwhile, else it is computed again. Otherwise (the default, PostgreSQL, or a turn outdated again and
    /// again) it runs in the transaction.
    /// </summary>
    async Task<bool> ProcessAsync(IncomingUpdate update)
    {
        if (store.ComputesOutside)
            for (var round = 1; round <= DetachedRounds; round++)
            {
                UnitOfWork computed;
                var at = default(DateTime);
                await _computing.WaitAsync();
                try { computed = store.Detached(() => at = Compute(update, defer: false).UtcNow)!; }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "Turn failed computed outside the transaction; running it in the transaction");
                    break;
                }
                finally { _computing.Release(); }
                Outcome outcome;
                try
                {
                    outcome = await store.ApplyAsync(computed, () =>
                    {
                        if (store.ProcessedUpdates.Contains(update, clock.GetUtcNow().UtcDateTime)) return Outcome.Duplicate;
                        if (!store.Apply(computed)) return Outcome.Outdated;
                        store.ProcessedUpdates.Add(update, at);
                        return Outcome.Done;
                    });
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "Turn computed outside the transaction could not be applied; running it in the transaction");
                    break;
                }
                if (outcome != Outcome.Outdated) return outcome == Outcome.Done;
            }
        return await InTransactionAsync(update);
    }

    enum Outcome { Done, Duplicate, Outdated }

    /// <summary>
    /// The turn in one transaction, committed together with the turns of other chats that arrive meanwhile. A file the
    /// turn makes (a report, a chart, minutes) is rendered outside the transaction and the turn run again
    /// (<see cref="RenderScope"/>), so no chat waits while another chat's file is drawn.
    /// </summary>
    async Task<bool> InTransactionAsync(IncomingUpdate update)
    {
        try
        {
            for (var round = 1; ; round++)
            {
                RenderOutside later;
                try { return await TurnAsync(update, defer: round <= RenderRounds); }
                catch (RenderOutside outside) { later = outside; }
                catch (Exception ex) when (ex is not OperationCanceledException) { return await ApologiseAsync(update, ex); }
                try { await Task.Run(() => MakeOutside(later)); }
                catch (Exception ex) { return await ApologiseAsync(update, ex); }
            }
        }
        finally { _made.Forget(TurnKey(update)); }
    }

    void MakeOutside(RenderOutside later)
    {
        log.LogDebug("Making {What} outside the write transaction", later.What);
        var started = Stopwatch.GetTimestamp();
        later.Render();
        log.LogDebug("Made {What} outside the write transaction in {Ms} ms", later.What, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>A turn's key for what is made outside the transaction for it.</summary>
    static string TurnKey(IncomingUpdate update) => $"{update.ChatKey}:{update.UpdateId}";

    Task<bool> TurnAsync(IncomingUpdate update, bool defer) =>
        store.InTransactionAsync(() =>
        {
            store.LockChatFor(update); // other instances' turns of this chat (PostgreSQL); then the duplicate check sees them
            if (store.ProcessedUpdates.Contains(update, clock.GetUtcNow().UtcDateTime, out var chat)) return false;
            var turn = Compute(update, defer, chat);
            store.ProcessedUpdates.Add(update, turn.UtcNow, turn.Chat);
            return true;
        });

    /// <summary>
    /// The turn's work: the router, the tapped message's edit, the replies into the outbox. <paramref name="chat"/>: the
    /// chat's state if already read in this transaction.
    /// </summary>
    Turn Compute(IncomingUpdate update, bool defer, ChatState? chat = null)
    {
        using var files = RenderScope.Begin(TurnKey(update), defer, _made);
        var turn = new Turn(update, store, templates, clock, chat);
        var backlogged = turn.Chat.Backlogged;
        var aside = update.ChatKind == ChatKind.Private && store.ChatBacklogged?.Invoke(update.Channel, update.ChatId, backlogged) == true;
        if (aside) SetAside(turn);
        else
        {
            turn.Chat.Backlogged = false;
            router.Handle(turn);
            if (update.TappedMessageId is { } tapped && update.ButtonData?.StartsWith(Outbox.CommandPrefix) != true)
            {
                // The tapped message loses its buttons (no replay) and shows what was chosen.
                var chosen = turn.ChosenLabel is null ? "" : $"\n\n✔ {turn.ChosenLabel}";
                Outbox.Edit(store, update.Channel, update.ChatId, update.ChatKind, tapped, (update.TappedMessageText ?? "") + chosen, turn.UtcNow);
            }
        }
        // The chat's state read once: the turn's object is the one its replies update (also if sent "elsewhere" to this chat);
        // written with them, or alone when only its task changed (the update recorded in it: no closing record of its own).
        Outbox.Put(store, update.Channel, update.ChatId, update.ChatKind, turn.Replies, turn.UtcNow, answering: update, state: turn.Chat,
            stateChanged: turn.TaskChanged || aside || backlogged != turn.Chat.Backlogged);
        foreach (var other in turn.Elsewhere.GroupBy(e => (e.ChatId, e.Kind)))
            Outbox.Put(store, update.Channel, other.Key.ChatId, other.Key.Kind, other.Select(e => e.Reply).ToList(), turn.UtcNow,
                state: other.Key.ChatId == update.ChatId ? turn.Chat : null);
        return turn;
    }

    /// <summary>
    /// Too many replies to this private chat wait to be sent (someone sends far faster than the platform lets the bot answer:
    /// a flood, a script): the message is not read, so nothing it says changes anything and it adds no reply; the chat is
    /// told so once, and its messages are set aside until those replies have gone. Keeps a flood from filling the outbox
    /// and the database. (The update is still recorded as handled, with the chat's state.)
    /// </summary>
    void SetAside(Turn turn)
    {
        if (turn.Chat.Backlogged) return;
        turn.Chat.Backlogged = true;
        turn.Say(new Reply(BackloggedText, Notice: true)); // a notice: the question under way stays the one to answer
        log.LogWarning("Chat {ChatKey}: too many replies wait to be sent; its messages are set aside until they are", turn.ChatKey);
    }

    public const string BackloggedText =
        "Đồng chí gửi nhiều tin nhắn liên tiếp khi bot chưa kịp trả lời. Bot tạm bỏ qua các tin nhắn mới (không ghi lại) cho đến khi gửi xong các trả lời đang chờ; sau đó đồng chí gửi lại điều cần.";

    /// <summary>Nothing of the turn was kept; record the update and apologise so the user is not left waiting.</summary>
    async Task<bool> ApologiseAsync(IncomingUpdate update, Exception ex)
    {
        log.LogError(ex, "Turn failed");
        return await store.InTransactionAsync(() =>
        {
            store.LockChat(update.ChatKey);
            if (store.ProcessedUpdates.Contains(update, clock.GetUtcNow().UtcDateTime)) return false;
            var now = clock.GetUtcNow().UtcDateTime;
            Outbox.Put(store, update.Channel, update.ChatId, update.ChatKind,
                [new Reply("Xin lỗi, bot gặp lỗi khi xử lý tin nhắn này; không có gì bị thay đổi. Đồng chí thử lại, hoặc gõ /tieptuc để xem câu hỏi đang dở.")], now,
                answering: update);
            store.ProcessedUpdates.Add(update, now);
            return true;
        });
    }
}

/// <summary>One lock per chat: turns of a chat run one at a time, chats in parallel.</summary>
public sealed class ChatLocks
{
    readonly Dictionary<string, (SemaphoreSlim Gate, int Users)> _gates = [];

    public async Task<IDisposable> AcquireAsync(string key, CancellationToken ct)
    {
        SemaphoreSlim gate;
        lock (_gates)
        {
            var entry = _gates.TryGetValue(key, out var e) ? e : (new SemaphoreSlim(1, 1), 0);
            _gates[key] = (entry.Item1, entry.Item2 + 1);
            gate = entry.Item1;
        }
        try { await gate.WaitAsync(ct); }
        catch { Release(key, false); throw; }
        return new Releaser(() => Release(key, true));
    }

    void Release(string key, bool held)
    {
        lock (_gates)
        {
            var (gate, users) = _gates[key];
            if (held) gate.Release();
            if (users == 1) _gates.Remove(key); else _gates[key] = (gate, users - 1);
        }
    }

    sealed class Releaser(Action release) : IDisposable
    {
        int _done;
        public void Dispose() { if (Interlocked.Exchange(ref _done, 1) == 0) release(); }
    }
}
