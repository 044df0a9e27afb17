using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Features.Balance;
using BillingDashboard.Features.Coupons;
using BillingDashboard.Features.CreditNotes;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Events;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Features.Payments;
using BillingDashboard.Features.TaxIds;
using BillingDashboard.Features.TaxRates;
using BillingDashboard.Features.Users;
using BillingDashboard.Features.Webhooks;
using BillingDashboard.Pdf;
using Microsoft.AspNetCore.Authorization;

namespace BillingDashboard.Api;

/// <summary>
/// The /v1 route group: authenticated by API key only, every refusal in the hosted API's error envelope, and the
/// key recorded as the operator so that services check permissions and authors exactly as for the pages.
/// </summary>
public static class V1Api
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    public static void MapV1Api(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/v1")
            .RequireAuthorization(new AuthorizationPolicyBuilder(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser().Build())
            .DisableAntiforgery()
            .AddEndpointFilter(async (context, next) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<CurrentOperator>().ActAs(context.HttpContext.User);
                try
                {
                    return await next(context);
                }
                catch (Exception refusal) when (refusal is ApiRequestException or RuleViolationException or PermissionDeniedException or MissingFontException)
                {
                    return ApiErrors.ToResult(refusal);
                }
            })
            .AddEndpointFilter((context, next) => context.HttpContext.RequestServices.GetRequiredService<ApiRateLimit>().FilterAsync(context, next))
            .AddEndpointFilter(Idempotency.FilterAsync);
        v1.MapCustomersApi();
        v1.MapPaymentsApi();
        v1.MapPaymentMethodsApi();
        v1.MapTaxIdsApi();
        v1.MapTaxRatesApi();
        v1.MapCouponsApi();
        v1.MapBalanceTransactionsApi();
        v1.MapInvoicesApi();
        v1.MapCreditNotesApi();
        v1.MapEventsApi();
        v1.MapWebhookEndpointsApi();
        v1.Map("{**path}", (string path) => ApiErrors.Result(StatusCodes.Status404NotFound,
            new ApiError("invalid_request_error", $"Unrecognized request URL: /v1/{path}.")));
    }

    /// <summary><c>limit</c>: 1 to 100, 10 when left out.</summary>
    public static int Limit(ApiParameters parameters)
    {
        var limit = parameters.Int("limit") ?? DefaultLimit;
        return limit is >= 1 and <= MaxLimit ? limit
            : throw new ApiRequestException($"Invalid limit: must be between 1 and {MaxLimit}.", "limit");
    }

    /// <summary><c>limit</c>, <c>starting_after</c> and <c>ending_before</c>; only one of the cursors at a time.</summary>
    public static ListCursor Cursor(ApiParameters parameters)
    {
        var cursor = new ListCursor(Limit(parameters), parameters.String("starting_after"), parameters.String("ending_before"));
        return cursor.StartingAfter is not null && cursor.EndingBefore is not null
            ? throw new ApiRequestException("Use starting_after or ending_before, not both.", "ending_before")
            : cursor;
    }
}
