using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Tax;

namespace BillingDashboard.Features.TaxIds;

/// <summary>/v1/customers/{id}/tax_ids: the TaxIdService the tax card uses, formats checked by TaxIdFormats.</summary>
public static class TaxIdsApi
{
    public static void MapTaxIdsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/customers/{customerId}/tax_ids", CreateAsync);
        v1.MapGet("/customers/{customerId}/tax_ids", ListAsync);
        v1.MapGet("/customers/{customerId}/tax_ids/{id}", RetrieveAsync);
        v1.MapDelete("/customers/{customerId}/tax_ids/{id}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(string customerId, HttpRequest request, TaxIdService taxIds)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var input = new TaxIdInput(
            parameters.String("type") ?? throw ApiRequestException.Missing("type"),
            parameters.String("value") ?? throw ApiRequestException.Missing("value"));
        parameters.EnsureNoneUnknown();
        return Results.Json(ApiObjects.TaxId(await taxIds.AddAsync(customerId, input)));
    }

    private static async Task<IResult> ListAsync(string customerId, HttpRequest request, TaxIdService taxIds)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        parameters.EnsureNoneUnknown();
        return Results.Json(await ListObjectAsync(customerId, cursor, taxIds));
    }

    /// <summary>A customer's tax IDs as a list object, newest first: this route's answer, and a customer's expanded <c>tax_ids</c>.</summary>
    public static async Task<object> ListObjectAsync(string customerId, ListCursor cursor, TaxIdService taxIds)
    {
        var newestFirst = (await taxIds.ListAsync(customerId)).Reverse().ToList();
        return ApiObjects.List($"/v1/customers/{customerId}/tax_ids", CursorPaging.Page(newestFirst, taxId => taxId.Id, cursor, "tax_id"), ApiObjects.TaxId);
    }

    private static async Task<IResult> RetrieveAsync(string customerId, string id, HttpRequest request, TaxIdService taxIds)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        var taxId = (await taxIds.ListAsync(customerId)).FirstOrDefault(candidate => candidate.Id == id) ?? throw new NotFoundException("tax_id", id);
        return Results.Json(ApiObjects.TaxId(taxId));
    }

    private static async Task<IResult> DeleteAsync(string customerId, string id, HttpRequest request, TaxIdService taxIds)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        await taxIds.RemoveAsync(customerId, id);
        return Results.Json(ApiObjects.Deleted(id, "tax_id"));
    }
}
