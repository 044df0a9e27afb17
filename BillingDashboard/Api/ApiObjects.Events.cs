using System.Text.Json;
using BillingDashboard.Domain.Events;
using BillingDashboard.Domain.Webhooks;

namespace BillingDashboard.Api;

public static partial class ApiObjects
{
    /// <summary>The event as the hosted API sends it, with the object as it was stored when the change was made.</summary>
    /// <param name="pendingWebhooks">How many of its deliveries to webhook endpoints have not been acknowledged.</param>
    public static object Event(Event @event, int pendingWebhooks) => new
    {
        id = @event.Id,
        @object = "event",
        api_version = Domain.Events.Event.ApiVersion,
        created = Unix(@event.Created),
        data = new
        {
            @object = JsonElement.Parse(@event.Data),
            previous_attributes = @event.PreviousAttributes is { } previous ? JsonElement.Parse(previous) : (JsonElement?)null,
        },
        livemode = false,
        pending_webhooks = pendingWebhooks,
        request = new { id = @event.RequestId, idempotency_key = @event.IdempotencyKey },
        type = @event.Type,
    };

    /// <summary>An endpoint as the hosted API shows it; never its secret, which only its creation answers with.</summary>
    public static object WebhookEndpoint(WebhookEndpoint endpoint, string? secret = null) => new
    {
        id = endpoint.Id,
        @object = "webhook_endpoint",
        api_version = (string?)null,
        application = (string?)null,
        created = Unix(endpoint.Created),
        description = endpoint.Description,
        enabled_events = endpoint.EnabledEvents,
        livemode = false,
        metadata = endpoint.Metadata,
        secret,
        status = endpoint.Disabled ? "disabled" : "enabled",
        url = endpoint.Url,
    };
}
