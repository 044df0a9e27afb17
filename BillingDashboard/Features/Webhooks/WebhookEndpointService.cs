using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Events;
using BillingDashboard.Domain.Webhooks;
using BillingDashboard.Features.Events;
using BillingDashboard.Features.Users;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BillingDashboard.Features.Webhooks;

/// <summary>What an endpoint is to be; null fields are left as they are on an update.</summary>
public sealed record WebhookEndpointInput
{
    public string? Url { get; init; }

    public IReadOnlyList<string>? EnabledEvents { get; init; }

    public string? Description { get; init; }

    public bool? Disabled { get; init; }

    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }
}

/// <summary>A new endpoint and its signing secret, shown this once.</summary>
public sealed record CreatedWebhookEndpoint(WebhookEndpoint Endpoint, string Secret);

/// <summary>An endpoint and where its deliveries stand, for the Developers page.</summary>
public sealed record WebhookEndpointSummary(WebhookEndpoint Endpoint, int Pending, WebhookDelivery? LastFailure);

/// <summary>
/// Webhook endpoints: the Developers page and /v1/webhook_endpoints. Changing them is for those who may change data
/// (admins, write keys); their changes are events too. Resend queues a delivery again.
/// </summary>
public sealed class WebhookEndpointService(IDbContextFactory<BillingDbContext> databases, CurrentOperator currentOperator, EventLog events,
    WebhookTargets targets, IDataProtectionProvider protection, IOptions<WebhookSettings> settings, TimeProvider clock)
{
    private readonly IDataProtector _secrets = protection.CreateProtector(WebhookSender.SecretPurpose);

    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.WebhookEndpoints.AsNoTracking().OrderByDescending(endpoint => endpoint.Sequence).ToListAsync(cancellationToken);
    }

    public async Task<CursorPage<WebhookEndpoint>> ListPageAsync(ListCursor cursor, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.WebhookEndpoints.AsNoTracking().PageAsync(db, cursor, "webhook_endpoint", cancellationToken);
    }

    /// <summary>Each endpoint with its pending deliveries and its latest failed attempt, if its oldest pending one is failing.</summary>
    public async Task<IReadOnlyList<WebhookEndpointSummary>> SummariesAsync(CancellationToken cancellationToken = default)
    {
        var endpoints = await ListAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var summaries = new List<WebhookEndpointSummary>(endpoints.Count);
        foreach (var endpoint in endpoints)
        {
            var pending = db.WebhookDeliveries.AsNoTracking().Where(delivery => delivery.EndpointId == endpoint.Id && delivery.Status == WebhookDeliveryStatus.Pending);
            var head = await pending.OrderBy(delivery => delivery.Sequence).FirstOrDefaultAsync(cancellationToken);
            summaries.Add(new WebhookEndpointSummary(endpoint, await pending.CountAsync(cancellationToken), head is { Attempts: > 0 } ? head : null));
        }
        return summaries;
    }

    public async Task<WebhookEndpoint> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(endpoint => endpoint.Id == id, cancellationToken)
            ?? throw new NotFoundException("webhook_endpoint", id);
    }

    /// <summary>An endpoint's deliveries, newest first.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(string endpointId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.AsNoTracking().Where(delivery => delivery.EndpointId == endpointId)
            .OrderByDescending(delivery => delivery.Sequence).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<CreatedWebhookEndpoint> CreateAsync(WebhookEndpointInput input, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var errors = new List<FieldError>();
        var url = WebhookRules.ValidateUrl(input.Url, settings.Value.AllowLocalTargets, errors);
        var enabledEvents = WebhookRules.ValidateEvents(input.EnabledEvents, errors);
        var description = WebhookRules.ValidateDescription(input.Description, errors);
        var metadata = input.Metadata is null ? [] : Metadata.Merge(new Dictionary<string, string>(), input.Metadata, replace: true, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        var secret = WebhookSignature.NewSecret();
        var endpoint = new WebhookEndpoint
        {
            Id = ObjectIds.New(WebhookEndpoint.IdPrefix),
            Url = url,
            EnabledEvents = enabledEvents,
            Description = description,
            Metadata = metadata,
            Disabled = input.Disabled ?? false,
            ProtectedSecret = _secrets.Protect(secret),
            Created = clock.GetUtcNow(),
        };
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.WebhookEndpoints.Add(endpoint);
        events.Record(db, EventTypes.WebhookEndpointCreated, endpoint.Id, null, ApiObjects.WebhookEndpoint(endpoint));
        await db.SaveChangesAsync(cancellationToken);
        await targets.ReloadAsync(cancellationToken);
        return new CreatedWebhookEndpoint(endpoint, secret);
    }

    public async Task<WebhookEndpoint> UpdateAsync(string id, WebhookEndpointInput input, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(candidate => candidate.Id == id, cancellationToken)
            ?? throw new NotFoundException("webhook_endpoint", id);
        var before = ApiObjects.WebhookEndpoint(endpoint);
        var errors = new List<FieldError>();
        var url = input.Url is null ? endpoint.Url : WebhookRules.ValidateUrl(input.Url, settings.Value.AllowLocalTargets, errors);
        var enabledEvents = input.EnabledEvents is null ? endpoint.EnabledEvents : WebhookRules.ValidateEvents(input.EnabledEvents, errors);
        var description = input.Description is null ? endpoint.Description : WebhookRules.ValidateDescription(input.Description, errors);
        var metadata = input.Metadata is null ? endpoint.Metadata : Metadata.Merge(endpoint.Metadata, input.Metadata, replace: false, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        (endpoint.Url, endpoint.EnabledEvents, endpoint.Description, endpoint.Metadata) = (url, enabledEvents, description, metadata);
        endpoint.Disabled = input.Disabled ?? endpoint.Disabled;
        if (events.Record(db, EventTypes.WebhookEndpointUpdated, endpoint.Id, null, ApiObjects.WebhookEndpoint(endpoint), before))
        {
            endpoint.Version++;
        }
        await SaveAsync(db, id, cancellationToken);
        return endpoint;
    }

    /// <summary>The endpoint receives nothing more; it and its deliveries stay, for the record.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(candidate => candidate.Id == id, cancellationToken)
            ?? throw new NotFoundException("webhook_endpoint", id);
        endpoint.DeletedAt = clock.GetUtcNow();
        endpoint.Version++;
        events.Record(db, EventTypes.WebhookEndpointDeleted, endpoint.Id, null, ApiObjects.WebhookEndpoint(endpoint));
        await SaveAsync(db, id, cancellationToken);
    }

    /// <summary>Sends a delivery's event to its endpoint again, after whatever the endpoint has waiting.</summary>
    public async Task<WebhookDelivery> ResendAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var original = await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(delivery => delivery.Id == deliveryId, cancellationToken)
            ?? throw new NotFoundException("webhook delivery", deliveryId);
        if (!await db.WebhookEndpoints.AnyAsync(endpoint => endpoint.Id == original.EndpointId, cancellationToken))
        {
            throw new RuleViolationException("The endpoint of this delivery was deleted: there is nowhere to send it.");
        }
        var again = new WebhookDelivery
        {
            Id = ObjectIds.New(WebhookDelivery.IdPrefix),
            EndpointId = original.EndpointId,
            EventId = original.EventId,
            Created = clock.GetUtcNow(),
            IsResend = true,
        };
        db.WebhookDeliveries.Add(again);
        await db.SaveChangesAsync(cancellationToken);
        return again;
    }

    private async Task SaveAsync(BillingDbContext db, string id, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException($"Someone else changed webhook endpoint {id} at the same moment. Nothing was saved: reload and try again.");
        }
        await targets.ReloadAsync(cancellationToken);
    }
}
