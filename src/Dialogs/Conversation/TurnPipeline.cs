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

    /// <summary>Handles one update. False when it was a duplicate.</summary>
    public async Task<bool> HandleAsync(IncomingUpdate update, CancellationToken ct = default)
    {
        using var scope = log.BeginScope(new Dictionary<string, object> { ["ChatId"] = update.ChatKey, ["UpdateId"] = update.UpdateId });
        using var _ = await _locks.AcquireAsync(update.ChatKey, ct);
        return await ProcessAsync(update); // the store hands the committed replies to the outbox sender
    }

    /// <summary>Times a turn may ask for files to be rendered outside the transaction before the last attempt renders inside.</summary>
    const int RenderRounds = 2;

    /// <summary>
    /// The turn in one transaction, committed together with the turns of other chats that arrive meanwhile. A file the
    /// turn makes (a report, a chart, minutes) is rendered outside the transaction and the turn run again
    /// (<see cref="RenderScope"/>), so no chat waits while another chat's file is drawn.
    /// </summary>
    async Task<bool> ProcessAsync(IncomingUpdate update)
    {
        for (var round = 1; ; round++)
        {
            Action? render;
            try { return await TurnAsync(update, defer: round <= RenderRounds); }
            catch (RenderOutside later) { render = later.Render; }
            catch (Exception ex) when (ex is not OperationCanceledException) { return await ApologiseAsync(update, ex); }
            try { await Task.Run(render); }
            catch (Exception ex) { return await ApologiseAsync(update, ex); }
        }
    }

    Task<bool> TurnAsync(IncomingUpdate update, bool defer) =>
        store.InTransactionAsync(() =>
        {
            using var files = RenderScope.Begin($"{update.ChatKey}:{update.UpdateId}", defer);
            store.LockChat(update.ChatKey); // other instances' turns of this chat (PostgreSQL); then the duplicate check sees them
            if (store.ProcessedUpdates.Contains(update.Channel, update.UpdateId, update.Sequence)) return false;
            var turn = new Turn(update, store, templates, clock);
            router.Handle(turn);
            if (update.TappedMessageId is { } tapped && update.ButtonData?.StartsWith(Outbox.CommandPrefix) != true)
            {
                // The tapped message loses its buttons (no replay) and shows what was chosen.
                var chosen = turn.ChosenLabel is null ? "" : $"\n\n✔ {turn.ChosenLabel}";
                Outbox.Edit(store, update.Channel, update.ChatId, update.ChatKind, tapped, (update.TappedMessageText ?? "") + chosen, turn.UtcNow);
            }
            Outbox.Put(store, update.Channel, update.ChatId, update.ChatKind, turn.Replies, turn.UtcNow);
            foreach (var chat in turn.Elsewhere.GroupBy(e => (e.ChatId, e.Kind)))
                Outbox.Put(store, update.Channel, chat.Key.ChatId, chat.Key.Kind, chat.Select(e => e.Reply).ToList(), turn.UtcNow);
            store.ProcessedUpdates.Add(update.Channel, update.UpdateId, update.Sequence, turn.UtcNow);
            return true;
        });

    /// <summary>Nothing of the turn was kept; record the update and apologise so the user is not left waiting.</summary>
    async Task<bool> ApologiseAsync(IncomingUpdate update, Exception ex)
    {
        log.LogError(ex, "Turn failed");
        return await store.InTransactionAsync(() =>
        {
            store.LockChat(update.ChatKey);
            if (store.ProcessedUpdates.Contains(update.Channel, update.UpdateId, update.Sequence)) return false;
            var now = clock.GetUtcNow().UtcDateTime;
            Outbox.Put(store, update.Channel, update.ChatId, update.ChatKind,
                [new Reply("Xin lỗi, bot gặp lỗi khi xử lý tin nhắn này; không có gì bị thay đổi. Đồng chí thử lại, hoặc gõ /tieptuc để xem câu hỏi đang dở.")], now);
            store.ProcessedUpdates.Add(update.Channel, update.UpdateId, update.Sequence, now);
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
