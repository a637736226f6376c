using System.Text.Json;
using global::Telegram.Bot;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Channels.Telegram;

/// <summary>
/// POST endpoint for Telegram's webhook. A missing or wrong secret is 401. The answer is 200 only after the
/// update's turn is committed; a failure answers 500 so Telegram delivers it again.
/// </summary>
public static class TelegramWebhook
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static void MapTelegramWebhook(this IEndpointRouteBuilder app, TelegramOptions options)
    {
        var path = new Uri(options.WebhookUrl!).AbsolutePath;
        app.MapPost(path, HandleAsync);
    }

    static async Task<IResult> HandleAsync(HttpContext http, TelegramUpdateHandler handler, TelegramBotInfo bot,
        IOptions<TelegramOptions> options, ILoggerFactory logs, CancellationToken ct)
    {
        if (!Receiving.SecretMatches(http.Request.Headers[SecretHeader].ToString(), options.Value.WebhookSecret!))
            return Results.Unauthorized();
        ReadUpdate? update;
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
            update = TelegramUpdateReader.Read(body.RootElement); // one Telegram's types cannot hold is still answered and confirmed
        }
        catch (JsonException) { return Results.BadRequest(); }
        if (update is null) return Results.BadRequest();
        await bot.Ready.Task.WaitAsync(ct);
        try
        {
            await handler.HandleAsync(update, inChatOrder: false, ct); // calls may overlap and come again out of order
            return Results.Ok();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logs.CreateLogger("TelegramWebhook").LogError(ex, "Webhook update {UpdateId} failed", update.Id);
            return Results.StatusCode(500);
        }
    }
}
