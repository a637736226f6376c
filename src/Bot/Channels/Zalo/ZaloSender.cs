using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Channels.Zalo;

/// <summary>What start-up learnt about the bot (getMe): its name, which group members type to mention it.</summary>
public sealed class ZaloBotInfo
{
    public string Name { get; set; } = "";
    public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Delivers outbox messages with sendMessage: plain text split at 2000 characters, choices as numbered lines
/// (Zalo has no buttons), command buttons as the command to type. Zalo cannot edit a message: edits (a tapped
/// message losing its buttons, a notice's tally) are skipped rather than re-posted. A group reminder goes to the cell's secretary privately when group reminders are off or the group
/// refuses it.
/// </summary>
public sealed class ZaloSender(ZaloClient client, IOptions<ZaloOptions> options, ZaloBotInfo bot, ChiBoStore store, TimeProvider clock, ILogger<ZaloSender> log)
    : IChannelSender
{
    public const int MaxText = 2000;
    readonly SendPacer _pacer = new(options.Value.Limits, clock);

    public string Channel => ZaloUpdates.Channel;

    public async Task SendAsync(OutboxMessage m, CancellationToken ct)
    {
        // Zalo cannot edit: a typed choice already shows in the conversation, and re-posting a notice for its new
        // tally would put one group message per answer (ux.md §3): the tally stays with the secretary (/sinhhoat).
        if (m.Kind == OutboxKind.Edit) return;
        if (m.IsGroup && m.Notice && !options.Value.GroupReminders)
        {
            ToSecretaries(m, "nhắc lịch vào nhóm Zalo đang tắt (Zalo__GroupReminders)");
            return;
        }
        try
        {
            var parts = Channels.TextParts.Split(Render(m, bot.Name), MaxText);
            for (var i = m.PartsSent; i < parts.Count; i++)
            {
                var part = parts[i];
                var id = await _pacer.RunAsync(m.ChatId, m.IsGroup, () => client.SendMessageAsync(m.ChatId, part, ct), ct);
                m.PlatformMessageIds.Add(id);
                m.PartsSent = i + 1;
            }
        }
        catch (ZaloApiException ex) when (ex.Code == 429)
        {
            throw new RetryAfterException(TimeSpan.FromSeconds(5), ex.Message);
        }
        catch (ZaloApiException ex) when (ex.Code >= 500)
        {
            throw new PlatformUnavailableException(ex.Message, ex);
        }
        catch (ZaloApiException ex) when (ex.Code is 400 or 401 or 403 or 404)
        {
            if (m.IsGroup && m.Notice) ToSecretaries(m, $"nhóm Zalo không nhận tin ({ex.Description})");
            throw new PermanentSendException(ex.Message, ex);
        }
    }

    /// <summary>The text as Zalo shows it: the message, then its choices as numbered lines or the commands to type.</summary>
    public static string Render(OutboxMessage m, string botName)
    {
        var lines = new List<string> { m.Text };
        if (m.FilePath is not null)
            lines.Add($"(Zalo chưa cho bot gửi tệp. Tệp {Path.GetFileName(m.FilePath)} đã lưu trên máy chủ; xem qua Telegram hoặc nhờ quản trị viên gửi.)");
        var commands = m.Choices.Where(c => ChiBo.Dialogs.Storage.Outbox.CommandOf(c) is not null).ToList();
        var choices = m.Choices.Except(commands).ToList();
        var mention = m.IsGroup && botName.Length > 0 ? $"@{botName} " : "";
        if (choices.Count > 0 && m.ChoicesOnly)
        {
            lines.Add("");
            lines.AddRange(choices.Select((c, i) => $"{i + 1}. {c.Label}"));
            lines.Add(m.IsGroup ? $"Trả lời: {mention}<số>." : "Trả lời bằng số.");
        }
        else if (choices.Count > 0 && m.NumberedSuggestions)
        {
            lines.Add("");
            lines.Add("Gợi ý (trả lời bằng số, hoặc gõ nội dung khác):");
            lines.AddRange(choices.Select((c, i) => $"{i + 1}. {c.Label}"));
        }
        else if (choices.Count > 0) lines.Add("Gợi ý: " + string.Join(" | ", choices.Select(c => c.Label)));
        foreach (var c in commands)
            lines.Add(TypedCommands.Line(c, mention));
        return string.Join('\n', lines);
    }

    /// <summary>A group reminder that cannot go to the group goes to the cell's leaders privately (the core's policy).</summary>
    void ToSecretaries(OutboxMessage m, string why)
    {
        var count = GroupNotices.ToLeaders(store, m, why);
        log.LogWarning("Zalo group reminder {OutboxId} not sent to the group ({Why}); {Count} leader(s) get it privately", m.Id, why, count);
    }
}
