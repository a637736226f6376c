namespace ChiBo.Bot.Channels.Zalo;

/// <summary>Zalo__* configuration.</summary>
public sealed class ZaloOptions
{
    public string? BotToken { get; set; }
    /// <summary>scheme://host:port of the Zalo Bot API (tests point it at a loopback fake).</summary>
    public string ApiBaseUrl { get; set; } = "https://bot-api.zaloplatforms.com";
    /// <summary>Public HTTPS address Zalo posts updates to; when set, webhook mode replaces long polling.</summary>
    public string? WebhookUrl { get; set; }
    /// <summary>Required with a webhook (8–256 characters): Zalo sends it in X-Bot-Api-Secret-Token.</summary>
    public string? WebhookSecret { get; set; }
    public int PollTimeoutSeconds { get; set; } = 30;
    /// <summary>Send reminders into Zalo groups (groups are in beta: a bot may not be allowed to post unprompted).
    /// Off: a group's reminder goes to the cell's secretary privately.</summary>
    public bool GroupReminders { get; set; }
    public SendLimits Limits { get; set; } = new();

    public bool UseWebhook => !string.IsNullOrWhiteSpace(WebhookUrl);

    /// <summary>Start-up check; returns what is wrong, in Vietnamese, or null.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(BotToken)) return "thiếu Zalo__BotToken.";
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out _)) return $"Zalo__ApiBaseUrl \"{ApiBaseUrl}\" không phải địa chỉ hợp lệ.";
        if (!UseWebhook) return null;
        if (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out _)) return "Zalo__WebhookUrl không phải địa chỉ hợp lệ.";
        if (string.IsNullOrEmpty(WebhookSecret) || WebhookSecret.Length is < 8 or > 256)
            return "Zalo__WebhookSecret là bắt buộc khi dùng webhook: 8–256 ký tự.";
        return null;
    }
}
