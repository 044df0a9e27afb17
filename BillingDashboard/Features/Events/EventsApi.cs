using BillingDashboard.Api;
using BillingDashboard.Domain.Events;

namespace BillingDashboard.Features.Events;

/// <summary>/v1/events: list and retrieve, as the hosted API has them. Events are never created, changed or deleted here.</summary>
public static class EventsApi
{
    public static void MapEventsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/events", ListAsync);
        v1.MapGet("/events/{id}", RetrieveAsync);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, EventService events)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        var type = parameters.String("type");
        var types = parameters.List("types");
        if (type is not null && types is not null)
        {
            throw new ApiRequestException("Use type or types, not both.", "types");
        }
        var (from, before) = parameters.CreatedRange();
        parameters.EnsureNoneUnknown();
        var query = new EventQuery
        {
            Types = type is not null ? [type] : types ?? [],
            CreatedFrom = from,
            CreatedBefore = before,
        };
        var page = await events.ListAsync(query, cursor);
        var pending = await events.PendingWebhooksAsync([.. page.Rows.Select(@event => @event.Id)]);
        return Results.Json(ApiObjects.List("/v1/events", page, @event => ApiObjects.Event(@event, pending.GetValueOrDefault(@event.Id))));
    }

    private static async Task<IResult> RetrieveAsync(string id, HttpRequest request, EventService events)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        var @event = await events.GetAsync(id);
        return Results.Json(ApiObjects.Event(@event, (await events.PendingWebhooksAsync([@event.Id])).GetValueOrDefault(@event.Id)));
    }
}
