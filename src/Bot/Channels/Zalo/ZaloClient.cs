using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ChiBo.Bot.Channels.Zalo;

/// <summary>The Bot API refused a call: its error_code (or the HTTP status) and description, never the token.</summary>
public sealed class ZaloApiException(int code, string description) : Exception($"Zalo Bot API {code}: {description}")
{
    public int Code { get; } = code;
    public string Description { get; } = description;
}

/// <summary>
/// A small Zalo Bot API client: POST JSON to {base}/bot{token}/{method}, read the {ok, result | error_code,
/// description} envelope (HTTP 200 does not mean success). The token appears in no message or log.
/// </summary>
public sealed class ZaloClient(HttpClient http, ZaloOptions options)
{
    readonly string _token = options.BotToken ?? "";

    public async Task<JsonElement> CallAsync(string method, object body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{options.ApiBaseUrl.TrimEnd('/')}/bot{_token}/{method}")
        {
            Content = JsonContent.Create(body),
        };
        HttpResponseMessage response;
        try { response = await http.SendAsync(request, ct); }
        catch (HttpRequestException ex) { throw new HttpRequestException(Redact(ex.Message), null, ex.StatusCode); }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonElement root;
            try { root = JsonDocument.Parse(text).RootElement; }
            catch (JsonException)
            {
                throw new ZaloApiException((int)response.StatusCode, response.StatusCode == HttpStatusCode.OK ? "phản hồi không phải JSON" : Redact(response.ReasonPhrase ?? ""));
            }
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
                return root.TryGetProperty("result", out var result) ? result.Clone() : default;
            var code = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error_code", out var c) && c.TryGetInt32(out var n) ? n : (int)response.StatusCode;
            var description = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("description", out var d) ? d.ToString() : response.ReasonPhrase ?? "";
            throw new ZaloApiException(code, Redact(description));
        }
    }

    string Redact(string s) => _token.Length == 0 ? s : s.Replace(_token, "***");

    public Task<JsonElement> GetMeAsync(CancellationToken ct) => CallAsync("getMe", new { }, ct);

    /// <summary>The next update, or none when the long poll ended empty (408).</summary>
    public async Task<List<JsonElement>> GetUpdatesAsync(int timeoutSeconds, CancellationToken ct)
    {
        try
        {
            var result = await CallAsync("getUpdates", new { timeout = timeoutSeconds.ToString() }, ct);
            return result.ValueKind switch
            {
                JsonValueKind.Array => result.EnumerateArray().Select(e => e.Clone()).ToList(),
                JsonValueKind.Object => [result],
                _ => [],
            };
        }
        catch (ZaloApiException ex) when (ex.Code == 408) { return []; }
    }

    /// <summary>Sends text; returns the message id Zalo gave it (or "").</summary>
    public async Task<string> SendMessageAsync(string chatId, string text, CancellationToken ct)
    {
        var result = await CallAsync("sendMessage", new { chat_id = chatId, text }, ct);
        return result.ValueKind == JsonValueKind.Object && result.TryGetProperty("message_id", out var id) ? id.ToString() : "";
    }

    public Task SetWebhookAsync(string url, string secret, CancellationToken ct) => CallAsync("setWebhook", new { url, secret_token = secret }, ct);
    public Task DeleteWebhookAsync(CancellationToken ct) => CallAsync("deleteWebhook", new { }, ct);
}
