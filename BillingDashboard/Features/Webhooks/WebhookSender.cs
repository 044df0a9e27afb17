using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain.Webhooks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BillingDashboard.Features.Webhooks;

/// <summary>
/// Delivers events to webhook endpoints. Each endpoint is claimed by one sender at a time (a lease, so that several
/// instances never deliver to it at once) and sent its pending deliveries strictly in order: the oldest must be
/// answered 2xx before the next goes, and one that fails is retried (<see cref="WebhookSettings.Retry"/>) while the
/// rest wait behind it. Each outcome is committed before the next is sent, so a delivery acknowledged is never sent
/// again, and one not yet recorded as acknowledged is sent again after a restart (with the same event id, which
/// receivers use to recognise it). Up to <see cref="EndpointsAtOnce"/> endpoints are served side by side.
/// </summary>
public sealed class WebhookSender(IDbContextFactory<BillingDbContext> databases, WebhookTargets targets, IOptions<WebhookSettings> options,
    IDataProtectionProvider protection, TimeProvider clock, ILogger<WebhookSender> logger) : BackgroundService
{
    public const string SecretPurpose = "BillingDashboard.WebhookSecrets";
    private const int EndpointsAtOnce = 8;
    private const int DeliveriesPerClaim = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly WebhookSettings _settings = options.Value;
    private readonly HttpClient _http = CreateClient(options.Value);
    private readonly IDataProtector _secrets = protection.CreateProtector(SecretPurpose);
    private readonly JsonSerializerOptions _json = CreateJsonOptions();

    /// <summary>How long a claim holds: longer than two attempts take, renewed as the deliveries go.</summary>
    private TimeSpan Lease => (_settings.Timeout * 2) + TimeSpan.FromSeconds(5);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await targets.ReloadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DeliverDueAsync(stoppingToken) == 0)
                {
                    await Task.Delay(PollInterval, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                logger.LogWarning(failure, "The webhook deliveries could not be read; trying again in {Seconds} s", PollInterval.TotalSeconds);
                await Task.Delay(PollInterval, clock, stoppingToken);
            }
        }
    }

    /// <summary>Claims the endpoints whose oldest pending delivery is due and delivers to each; returns how many deliveries were tried.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken stoppingToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var claimed = await ClaimAsync(token, stoppingToken);
        var tried = await Task.WhenAll(claimed.Select(endpointId => DeliverToAsync(endpointId, token, stoppingToken)));
        return tried.Sum();
    }

    private async Task<List<string>> ClaimAsync(string token, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var pending = WebhookDeliveryStatus.Pending;
        var due = await db.WebhookEndpoints
            .Where(endpoint => !endpoint.Disabled && (endpoint.LeaseUntil == null || endpoint.LeaseUntil < now)
                && db.WebhookDeliveries.Where(delivery => delivery.EndpointId == endpoint.Id && delivery.Status == pending)
                    .OrderBy(delivery => delivery.Sequence).Select(delivery => (DateTimeOffset?)delivery.NextAttemptAt).FirstOrDefault() <= now)
            .Select(endpoint => endpoint.Id).Take(EndpointsAtOnce).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return [];
        }
        var until = now + Lease;
        await db.WebhookEndpoints.Where(endpoint => due.Contains(endpoint.Id) && (endpoint.LeaseUntil == null || endpoint.LeaseUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(endpoint => endpoint.LeaseToken, token).SetProperty(endpoint => endpoint.LeaseUntil, until), cancellationToken);
        return await db.WebhookEndpoints.Where(endpoint => endpoint.LeaseToken == token).Select(endpoint => endpoint.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The endpoint's due deliveries, oldest first, until one fails or the claim's share is done; then the claim is given back.</summary>
    private async Task<int> DeliverToAsync(string endpointId, string token, CancellationToken stoppingToken)
    {
        var tried = 0;
        await using var db = await databases.CreateDbContextAsync(CancellationToken.None);
        try
        {
            var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleAsync(candidate => candidate.Id == endpointId, CancellationToken.None);
            var secret = _secrets.Unprotect(endpoint.ProtectedSecret);
            var leaseUntil = clock.GetUtcNow() + Lease;
            while (tried < DeliveriesPerClaim && !stoppingToken.IsCancellationRequested)
            {
                var now = clock.GetUtcNow();
                var delivery = await db.WebhookDeliveries
                    .Where(candidate => candidate.EndpointId == endpointId && candidate.Status == WebhookDeliveryStatus.Pending)
                    .OrderBy(candidate => candidate.Sequence).FirstOrDefaultAsync(CancellationToken.None);
                if (delivery is null || delivery.NextAttemptAt > now)
                {
                    break;
                }
                tried++;
                await AttemptAsync(db, endpoint, secret, delivery);
                if (leaseUntil - clock.GetUtcNow() < Lease / 2)
                {
                    leaseUntil = clock.GetUtcNow() + Lease;
                    await db.WebhookEndpoints.Where(candidate => candidate.Id == endpointId && candidate.LeaseToken == token)
                        .ExecuteUpdateAsync(set => set.SetProperty(candidate => candidate.LeaseUntil, leaseUntil), CancellationToken.None);
                }
                if (delivery.Status != WebhookDeliveryStatus.Succeeded)
                {
                    // The rest wait behind it: an endpoint receives its events in order.
                    break;
                }
            }
        }
        finally
        {
            await db.WebhookEndpoints.Where(candidate => candidate.Id == endpointId && candidate.LeaseToken == token)
                .ExecuteUpdateAsync(set => set.SetProperty(candidate => candidate.LeaseToken, (string?)null)
                    .SetProperty(candidate => candidate.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
        return tried;
    }

    /// <summary>One POST of the event, signed; its outcome committed before anything else is sent. Never cancelled half-way.</summary>
    private async Task AttemptAsync(BillingDbContext db, WebhookEndpoint endpoint, string secret, WebhookDelivery delivery)
    {
        var @event = await db.Events.AsNoTracking().SingleAsync(candidate => candidate.Id == delivery.EventId);
        var pendingWebhooks = await db.WebhookDeliveries.CountAsync(other => other.EventId == @event.Id && other.Status == WebhookDeliveryStatus.Pending);
        var payload = JsonSerializer.Serialize(ApiObjects.Event(@event, pendingWebhooks), _json);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(payload, secret, clock.GetUtcNow()));
        try
        {
            using var timeout = new CancellationTokenSource(_settings.Timeout);
            using var response = await _http.SendAsync(request, timeout.Token);
            var body = await ReadStartAsync(response, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                delivery.MarkDelivered(clock.GetUtcNow(), (int)response.StatusCode, body);
            }
            else
            {
                delivery.MarkAttemptFailed(clock.GetUtcNow(), (int)response.StatusCode, body, _settings.Retry);
            }
        }
        catch (Exception failure) when (failure is HttpRequestException or OperationCanceledException or WebhookTargetRefusedException)
        {
            var reason = failure switch
            {
                OperationCanceledException => $"No answer within {_settings.Timeout.TotalSeconds:0} seconds.",
                HttpRequestException { InnerException: WebhookTargetRefusedException refused } => refused.Message,
                _ => failure.Message,
            };
            delivery.MarkAttemptFailed(clock.GetUtcNow(), null, reason, _settings.Retry);
        }
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Webhook {Delivery} of {Event} to {Endpoint}: {Status} ({Outcome})", delivery.Id, delivery.EventId, endpoint.Id,
            delivery.LastStatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer", delivery.Status);
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[WebhookDelivery.MaxResponseLength * 4];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return text.Length > WebhookDelivery.MaxResponseLength ? text[..WebhookDelivery.MaxResponseLength] : text;
    }

    /// <summary>
    /// The client that posts webhooks: it connects only to the addresses it has checked (each name is resolved here,
    /// so a name that resolves to this machine is refused at the moment of connecting, not only when it was
    /// registered), follows no redirects and sends no cookies.
    /// </summary>
    private static HttpClient CreateClient(WebhookSettings settings) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            if (!settings.AllowLocalTargets && addresses.FirstOrDefault(WebhookRules.IsLocal) is { } local)
            {
                throw new WebhookTargetRefusedException($"Refused: {context.DnsEndPoint.Host} is this machine's own address ({local}).");
            }
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { { "User-Agent", "BillingDashboard-Webhooks/1.0" } },
    };

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(json);
        return json;
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}

/// <summary>An endpoint whose address is this machine's own, refused when connecting.</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);
