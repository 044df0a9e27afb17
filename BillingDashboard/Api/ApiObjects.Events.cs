using System.Text.Json;
using BillingDashboard.Domain.Events;

namespace BillingDashboard.Api;

public static partial class ApiObjects
{
    /// <summary>The event as the hosted API sends it, with the object as it was stored when the change was made.</summary>
    public static object Event(Event @event) => new
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
        pending_webhooks = 0,
        request = new { id = @event.RequestId, idempotency_key = @event.IdempotencyKey },
        type = @event.Type,
    };
}
