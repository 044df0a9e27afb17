using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Features.Customers;

namespace BillingDashboard.Features.Payments;

/// <summary>/v1/sources, /v1/customers/{id}/sources and /v1/charges: the rules of PaymentService, in the seed's calls.</summary>
public static class PaymentsApi
{
    public static void MapPaymentsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/sources", CreateSourceAsync);
        v1.MapGet("/sources/{id}", RetrieveSourceAsync);
        v1.MapPost("/sources/{id}", UpdateSourceAsync);
        v1.MapPost("/customers/{customerId}/sources", AttachAsync);
        v1.MapGet("/customers/{customerId}/sources", ListCustomerSourcesAsync);
        v1.MapGet("/customers/{customerId}/sources/{id}", RetrieveCustomerSourceAsync);
        v1.MapDelete("/customers/{customerId}/sources/{id}", DetachAsync);
        v1.MapPost("/charges", ChargeAsync);
        v1.MapGet("/charges/{id}", RetrieveChargeAsync);
        v1.MapPost("/charges/{id}", UpdateChargeAsync);
        v1.MapGet("/charges", ListChargesAsync);
    }

    private static async Task<IResult> CreateSourceAsync(HttpRequest request, PaymentService payments)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var type = parameters.String("type");
        var input = new SourceInput
        {
            Type = type,
            Usage = parameters.String("usage"),
            Amount = parameters.Long("amount"),
            Currency = parameters.String("currency"),
            OwnerName = parameters.String("owner[name]"),
            OwnerEmail = parameters.String("owner[email]"),
            Metadata = parameters.Dictionary("metadata", out _) ?? new Dictionary<string, string?>(),
            CardBrand = parameters.String("card[brand]"),
            ExpMonth = parameters.Int("card[exp_month]"),
            ExpYear = parameters.Int("card[exp_year]"),
            BankCode = parameters.String("sepa_debit[bank_code]"),
            MandateReference = parameters.String("sepa_debit[mandate_reference]"),
            Last4 = type == "sepa_debit" ? parameters.String("sepa_debit[last4]") : parameters.String("card[last4]"),
        };
        parameters.EnsureNoneUnknown();
        return Results.Json(ApiObjects.Source(await payments.CreateSourceAsync(input)));
    }

    private static async Task<IResult> RetrieveSourceAsync(string id, HttpRequest request, PaymentService payments)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        return Results.Json(ApiObjects.Source(await payments.GetSourceAsync(id)));
    }

    private static async Task<IResult> UpdateSourceAsync(string id, HttpRequest request, PaymentService payments)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var metadata = parameters.Dictionary("metadata", out var replaceMetadata);
        var update = new SourceUpdate
        {
            OwnerName = parameters.String("owner[name]"),
            OwnerEmail = parameters.String("owner[email]"),
            Metadata = metadata,
            ReplaceMetadata = replaceMetadata,
        };
        parameters.EnsureNoneUnknown();
        return Results.Json(ApiObjects.Source(await payments.UpdateSourceAsync(id, update)));
    }

    /// <summary>Rules 1 and 2: attaching never replaces an existing default.</summary>
    private static async Task<IResult> AttachAsync(string customerId, HttpRequest request, PaymentService payments)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var source = parameters.String("source") ?? throw ApiRequestException.Missing("source");
        parameters.EnsureNoneUnknown();
        return Results.Json(ApiObjects.Source(await payments.AttachAsync(customerId, source)));
    }

    private static async Task<IResult> ListCustomerSourcesAsync(string customerId, HttpRequest request, PaymentService payments)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        parameters.EnsureNoneUnknown();
        var attached = (await payments.ListCustomerSourcesAsync(customerId)).Where(source => source.IsAttached).ToList();
        return Results.Json(ApiObjects.List($"/v1/customers/{customerId}/sources", CursorPaging.Page(attached, source => source.Id, cursor, "source"), ApiObjects.Source));
    }

    private static async Task<IResult> RetrieveCustomerSourceAsync(string customerId, string id, HttpRequest request, PaymentService payments)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        var source = await payments.GetSourceAsync(id);
        return source.IsAttached && source.CustomerId == customerId
            ? Results.Json(ApiObjects.Source(source))
            : throw new Domain.NotFoundException("source", id);
    }

    /// <summary>Rule 8: the detached source comes back consumed.</summary>
    private static async Task<IResult> DetachAsync(string customerId, string id, HttpRequest request, PaymentService payments)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        return Results.Json(ApiObjects.Source(await payments.DetachAsync(customerId, id)));
    }

    /// <summary>What a charge can expand: its source and its customer.</summary>
    private static readonly string[] ChargeExpandable = ["source", "customer"];

    /// <summary>Rules 4 to 9. A declined charge is stored and answered with 402 and the charge's id, as the hosted API does.</summary>
    private static async Task<IResult> ChargeAsync(HttpRequest request, PaymentService payments, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var input = new ChargeInput
        {
            Amount = parameters.Long("amount") ?? throw ApiRequestException.Missing("amount"),
            Currency = parameters.String("currency") ?? throw ApiRequestException.Missing("currency"),
            CustomerId = parameters.String("customer"),
            SourceId = parameters.String("source"),
            Description = parameters.String("description"),
            Metadata = parameters.Dictionary("metadata", out _) ?? new Dictionary<string, string?>(),
        };
        var expand = parameters.Expand(ChargeExpandable);
        parameters.EnsureNoneUnknown();
        var charge = await payments.ChargeAsync(input);
        return charge.Paid
            ? await RenderChargeAsync(charge, expand, payments, customers)
            : ApiErrors.CardDeclined(charge);
    }

    private static async Task<IResult> RetrieveChargeAsync(string id, HttpRequest request, PaymentService payments, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var expand = parameters.Expand(ChargeExpandable);
        parameters.EnsureNoneUnknown();
        return await RenderChargeAsync(await payments.GetChargeAsync(id), expand, payments, customers);
    }

    private static async Task<IResult> UpdateChargeAsync(string id, HttpRequest request, PaymentService payments, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var description = parameters.String("description");
        var metadata = parameters.Dictionary("metadata", out var replaceMetadata);
        var expand = parameters.Expand(ChargeExpandable);
        parameters.EnsureNoneUnknown();
        return await RenderChargeAsync(await payments.UpdateChargeAsync(id, description, metadata, replaceMetadata), expand, payments, customers);
    }

    private static async Task<IResult> RenderChargeAsync(Charge charge, IReadOnlySet<string> expand, PaymentService payments, CustomerService customers) =>
        Results.Json(await RenderChargeObjectAsync(charge, expand, payments, customers));

    private static async Task<object> RenderChargeObjectAsync(Charge charge, IReadOnlySet<string> expand, PaymentService payments, CustomerService customers)
    {
        var source = expand.Contains("source") ? ApiObjects.Source(await payments.GetSourceAsync(charge.SourceId)) : null;
        var customer = expand.Contains("customer") && charge.CustomerId is { } customerId ? ApiObjects.Customer(await customers.GetAsync(customerId)) : null;
        return ApiObjects.Charge(charge, source, customer);
    }

    private static async Task<IResult> ListChargesAsync(HttpRequest request, PaymentService payments, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        var customer = parameters.String("customer");
        var expand = parameters.ExpandListed(ChargeExpandable);
        parameters.EnsureNoneUnknown();
        var page = await payments.ListChargesPageAsync(customer, cursor);
        var rendered = new List<object>(page.Rows.Count);
        foreach (var charge in page.Rows)
        {
            rendered.Add(await RenderChargeObjectAsync(charge, expand, payments, customers));
        }
        return Results.Json(ApiObjects.List("/v1/charges", rendered, page.HasMore, charge => charge));
    }
}
