using BillingDashboard.Api;

namespace BillingDashboard.Features.Balance;

/// <summary>
/// /v1/customers/{id}/balance_transactions: the ledger of the balance card, through CustomerBalanceService. Entries
/// are immutable here (the card never edits one either), so there is no update.
/// </summary>
public static class BalanceTransactionsApi
{
    public static void MapBalanceTransactionsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/customers/{customerId}/balance_transactions", CreateAsync);
        v1.MapGet("/customers/{customerId}/balance_transactions", ListAsync);
        v1.MapGet("/customers/{customerId}/balance_transactions/{id}", RetrieveAsync);
    }

    /// <summary>A negative amount credits the customer; a positive one is owed. The first entry sets the customer's currency.</summary>
    private static async Task<IResult> CreateAsync(string customerId, HttpRequest request, CustomerBalanceService balance)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var amount = parameters.Long("amount") ?? throw ApiRequestException.Missing("amount");
        var currency = parameters.String("currency") ?? throw ApiRequestException.Missing("currency");
        var description = parameters.String("description");
        parameters.EnsureNoneUnknown();
        return Results.Json(ApiObjects.BalanceTransaction(await balance.AdjustAsync(customerId, amount, currency, description)));
    }

    private static async Task<IResult> ListAsync(string customerId, HttpRequest request, CustomerBalanceService balance)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        parameters.EnsureNoneUnknown();
        return Results.Json(ApiObjects.List($"/v1/customers/{customerId}/balance_transactions", await balance.ListPageAsync(customerId, cursor),
            ApiObjects.BalanceTransaction));
    }

    private static async Task<IResult> RetrieveAsync(string customerId, string id, HttpRequest request, CustomerBalanceService balance)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        return Results.Json(ApiObjects.BalanceTransaction(await balance.GetAsync(customerId, id)));
    }
}
