namespace ChiBo.Bot.Channels.Telegram;

/// <summary>Telegram__* configuration.</summary>
public sealed class TelegramOptions
{
    public string? BotToken { get; set; }
    /// <summary>scheme://host:port of the Bot API (tests point it at a loopback fake).</summary>
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";
    /// <summary>Public HTTPS address Telegram posts updates to; when set, webhook mode replaces long polling.</summary>
    public string? WebhookUrl { get; set; }
    /// <summary>Required with a webhook: Telegram sends it in X-Telegram-Bot-Api-Secret-Token.</summary>
    public string? WebhookSecret { get; set; }
    public int PollTimeoutSeconds { get; set; } = 30;
    public SendLimits Limits { get; set; } = new();

    public bool UseWebhook => !string.IsNullOrWhiteSpace(WebhookUrl);

    /// <summary>Start-up check; returns what is wrong, in Vietnamese, or null.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(BotToken)) return "thiếu Telegram__BotToken.";
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out _)) return $"Telegram__ApiBaseUrl \"{ApiBaseUrl}\" không phải địa chỉ hợp lệ.";
        if (!UseWebhook) return null;
        if (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out _)) return "Telegram__WebhookUrl không phải địa chỉ hợp lệ.";
        if (string.IsNullOrEmpty(WebhookSecret) || WebhookSecret.Length > 256 || WebhookSecret.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
            return "Telegram__WebhookSecret là bắt buộc khi dùng webhook: 1–256 ký tự A-Z, a-z, 0-9, _ hoặc -.";
        return null;
    }
}
