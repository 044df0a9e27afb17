using BillingDashboard.Api;

namespace BillingDashboard.Features.Webhooks;

/// <summary>/v1/webhook_endpoints, as the hosted API has it; the secret is in the creation's answer only.</summary>
public static class WebhookEndpointsApi
{
    public static void MapWebhookEndpointsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/webhook_endpoints", CreateAsync);
        v1.MapGet("/webhook_endpoints", ListAsync);
        v1.MapGet("/webhook_endpoints/{id}", RetrieveAsync);
        v1.MapPost("/webhook_endpoints/{id}", UpdateAsync);
        v1.MapDelete("/webhook_endpoints/{id}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, WebhookEndpointService endpoints)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var input = new WebhookEndpointInput
        {
            Url = parameters.String("url") ?? throw ApiRequestException.Missing("url"),
            EnabledEvents = parameters.List("enabled_events") ?? throw ApiRequestException.Missing("enabled_events"),
            Description = parameters.String("description"),
            Metadata = parameters.Dictionary("metadata", out _),
        };
        parameters.EnsureNoneUnknown();
        var created = await endpoints.CreateAsync(input);
        return Results.Json(ApiObjects.WebhookEndpoint(created.Endpoint, created.Secret));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, WebhookEndpointService endpoints)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        parameters.EnsureNoneUnknown();
        return Results.Json(ApiObjects.List("/v1/webhook_endpoints", await endpoints.ListPageAsync(cursor), endpoint => ApiObjects.WebhookEndpoint(endpoint)));
    }

    private static async Task<IResult> RetrieveAsync(string id, HttpRequest request, WebhookEndpointService endpoints)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        return Results.Json(ApiObjects.WebhookEndpoint(await endpoints.GetAsync(id)));
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, WebhookEndpointService endpoints)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var input = new WebhookEndpointInput
        {
            Url = parameters.String("url"),
            EnabledEvents = parameters.List("enabled_events"),
            Description = parameters.String("description"),
            Disabled = parameters.Bool("disabled"),
            Metadata = parameters.Dictionary("metadata", out _),
        };
        parameters.EnsureNoneUnknown();
        return Results.Json(ApiObjects.WebhookEndpoint(await endpoints.UpdateAsync(id, input)));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpRequest request, WebhookEndpointService endpoints)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        await endpoints.DeleteAsync(id);
        return Results.Json(ApiObjects.Deleted(id, "webhook_endpoint"));
    }
}
