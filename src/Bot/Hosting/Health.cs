using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Outbox;
using ChiBo.Dialogs.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChiBo.Bot.Hosting;

/// <summary>The health check's settings (Health__…).</summary>
public sealed class HealthSettings
{
    /// <summary>An address to answer /healthz on even without a webhook (polling), e.g. http://127.0.0.1:8081; none by default.</summary>
    public string? Url { get; set; }
    /// <summary>A message waiting longer than this to be sent makes the outbox "Degraded".</summary>
    public int OutboxLagMinutes { get; set; } = 10;
    /// <summary>Polls failing (or set-up failing) for this long make receiving "Unhealthy".</summary>
    public int ReceivingFailMinutes { get; set; } = 2;

    public static HealthSettings From(IConfiguration config) => Settings.Read<HealthSettings>(config);

    public bool Listens => !string.IsNullOrWhiteSpace(Url);

    /// <summary>Why the settings cannot be used (in Vietnamese, for the start-up error), or null.</summary>
    public string? Problem() =>
        Listens && !(Uri.TryCreate(Url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && u.Port > 0)
            ? $"Health__Url \"{Url}\" không hợp lệ; ghi dạng http://127.0.0.1:8081."
            : OutboxLagMinutes < 1 || ReceivingFailMinutes < 1 ? "Health__OutboxLagMinutes và Health__ReceivingFailMinutes phải từ 1 (phút) trở lên."
            : null;

    public int Port => new Uri(Url!).Port;
}

/// <summary>
/// GET /healthz for a reverse proxy, a container or a monitor: 200 while the bot can store and send (Healthy, or Degraded
/// when replies wait long), 503 when it cannot (the database does not answer, receiving has failed for minutes), with
/// each check's state as JSON. It says nothing a stranger could use: no chat, no token, no address.
/// </summary>
public static class Health
{
    public const string Path = "/healthz";

    public static IServiceCollection AddChiBoHealth(this IServiceCollection services, IConfiguration config)
    {
        var settings = HealthSettings.From(config);
        services.AddSingleton(settings);
        services.AddSingleton<StoreHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store")
            .AddCheck<OutboxHealthCheck>("outbox")
            .AddCheck<ReceivingHealthCheck>("receiving");
        return services;
    }

    public static void MapChiBoHealth(this WebApplication app) =>
        app.MapHealthChecks(Path, new HealthCheckOptions { ResponseWriter = WriteAsync, AllowCachingResponses = false });

    static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All), WriteIndented = true };

    static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}

/// <summary>
/// The database answers a small read within three seconds. One read at a time, its answer reused for a second: a flood
/// of probes costs the database nothing more.
/// </summary>
public sealed class StoreHealthCheck(ChiBoStore store, TimeProvider clock) : IHealthCheck
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    static readonly TimeSpan Reuse = TimeSpan.FromSeconds(1);
    readonly object _gate = new();
    (Task<HealthCheckResult> Probe, DateTimeOffset At)? _last;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_last is { } last && (!last.Probe.IsCompleted || now - last.At < Reuse)) return last.Probe.WaitAsync(ct);
            var probe = ProbeAsync();
            _last = (probe, now);
            return probe.WaitAsync(ct);
        }
    }

    async Task<HealthCheckResult> ProbeAsync()
    {
        var kind = store.OnPostgresDatabase ? "PostgreSQL" : "tệp LiteDB";
        if (store.IsDead) return HealthCheckResult.Unhealthy($"{kind}: không mở lại được cơ sở dữ liệu; bot đang dừng.");
        try
        {
            await Task.Run(() => store.Read(() => store.Outbox.Latest(1).Count)).WaitAsync(Timeout, clock);
            return HealthCheckResult.Healthy($"{kind}: đọc được.");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"{kind}: không trả lời trong {Timeout.TotalSeconds:0} giây.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"{kind}: không đọc được ({ex.GetType().Name}).");
        }
    }
}

/// <summary>Replies go out: Degraded when the oldest one this instance holds has waited longer than Health__OutboxLagMinutes.</summary>
public sealed class OutboxHealthCheck(OutboxSender sender, HealthSettings settings, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!sender.Sends) return Task.FromResult(HealthCheckResult.Healthy("Phiên bản khác đang gửi tin (nhiều phiên bản trên một PostgreSQL)."));
        var (count, oldest) = sender.Backlog();
        if (count == 0 || oldest is not { } first) return Task.FromResult(HealthCheckResult.Healthy("Không có tin chờ gửi."));
        var waited = clock.GetUtcNow().UtcDateTime - first;
        var text = $"{count} tin chờ gửi, tin lâu nhất đã chờ {Minutes(waited)}.";
        return Task.FromResult(waited > TimeSpan.FromMinutes(settings.OutboxLagMinutes)
            ? HealthCheckResult.Degraded(text + " Nền tảng có thể đang giới hạn hoặc không nhận tin: xem nhật ký (Outbox message … failed).")
            : HealthCheckResult.Healthy(text));
    }

    static string Minutes(TimeSpan t) => t < TimeSpan.FromMinutes(1) ? $"{Math.Max(0, (int)t.TotalSeconds)} giây" : $"{(int)t.TotalMinutes} phút";
}

/// <summary>Each channel receives: Unhealthy when its set-up or its polls have failed for Health__ReceivingFailMinutes.</summary>
public sealed class ReceivingHealthCheck(ReceivingState receiving, HealthSettings settings, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var channels = receiving.Channels;
        if (channels.Count == 0) return Task.FromResult(HealthCheckResult.Healthy("Không có kênh Telegram, Zalo (console)."));
        var now = clock.GetUtcNow().UtcDateTime;
        var limit = TimeSpan.FromMinutes(settings.ReceivingFailMinutes);
        var failing = channels.Where(c => c.FailingSinceUtc is { } since && now - since >= limit).ToList();
        var text = string.Join("; ", channels.Select(c => Describe(c, now)));
        return Task.FromResult(failing.Count > 0 ? HealthCheckResult.Unhealthy(text) : HealthCheckResult.Healthy(text));
    }

    static string Describe(ChannelReceiving c, DateTime now)
    {
        var mode = c.Mode == "webhook" ? "webhook" : "long polling";
        if (c.FailingSinceUtc is { } since)
            return $"{c.Channel} ({mode}): lỗi từ {(int)(now - since).TotalSeconds} giây trước: {c.LastError}";
        if (!c.Ready) return $"{c.Channel} ({mode}): đang khởi động";
        return c.LastAnswerUtc is { } last ? $"{c.Channel} ({mode}): lần hỏi gần nhất {(int)(now - last).TotalSeconds} giây trước" : $"{c.Channel} ({mode}): sẵn sàng";
    }
}
