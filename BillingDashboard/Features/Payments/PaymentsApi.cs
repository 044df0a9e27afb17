using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain.Cards;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Invoices;

namespace BillingDashboard.Features.Payments;

/// <summary>
/// /v1/sources, /v1/customers/{id}/sources, /v1/tokens, /v1/charges and /v1/refunds: the rules of PaymentService,
/// in the seed's calls. Card numbers and IBANs are read here and passed on; nothing here keeps or logs them.
/// </summary>
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
        v1.MapPost("/charges/{id}/capture", CaptureAsync);
        v1.MapGet("/charges/{id}/refunds", ListChargeRefundsAsync);
        v1.MapPost("/refunds", RefundAsync);
        v1.MapGet("/refunds/{id}", RetrieveRefundAsync);
        v1.MapGet("/refunds", ListRefundsAsync);
        v1.MapPost("/tokens", CreateTokenAsync);
        v1.MapGet("/tokens/{id}", RetrieveTokenAsync);
    }

    /// <summary>A source from card[number]… or sepa_debit[iban], or from a token (token=tok_…), as the hosted API creates one.</summary>
    private static async Task<IResult> CreateSourceAsync(HttpRequest request, PaymentService payments)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        if (parameters.String("token") is { } token)
        {
            parameters.String("type");
            parameters.EnsureNoneUnknown();
            return Results.Json(ApiObjects.Source(await payments.CreateSourceFromTokenAsync(token)));
        }
        var input = new SourceInput
        {
            Type = parameters.String("type") ?? throw ApiRequestException.Missing("type"),
            Usage = parameters.String("usage"),
            Amount = parameters.Long("amount"),
            Currency = parameters.String("currency"),
            OwnerName = parameters.String("owner[name]"),
            OwnerEmail = parameters.String("owner[email]"),
            Metadata = parameters.Dictionary("metadata", out _) ?? new Dictionary<string, string?>(),
            Card = ReadCard(parameters),
            Iban = parameters.String("sepa_debit[iban]"),
            MandateReference = parameters.String("sepa_debit[mandate_reference]"),
        };
        parameters.EnsureNoneUnknown();
        return Results.Json(ApiObjects.Source(await payments.CreateSourceAsync(input)));
    }

    /// <summary>card[number], card[exp_month], card[exp_year], card[cvc]: the same on sources, tokens and payment methods.</summary>
    public static CardInput ReadCard(ApiParameters parameters) => new()
    {
        Number = parameters.String("card[number]"),
        ExpMonth = parameters.Int("card[exp_month]"),
        ExpYear = parameters.Int("card[exp_year]"),
        Cvc = parameters.String("card[cvc]"),
    };

    /// <summary>A single-use token of a card; only what identifies the card is kept.</summary>
    private static async Task<IResult> CreateTokenAsync(HttpRequest request, PaymentService payments)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var card = ReadCard(parameters);
        var name = parameters.String("card[name]");
        parameters.EnsureNoneUnknown();
        if (card.Number is null)
        {
            throw ApiRequestException.Missing("card[number]");
        }
        return Results.Json(ApiObjects.Token(await payments.CreateTokenAsync(card, name)));
    }

    private static async Task<IResult> RetrieveTokenAsync(string id, HttpRequest request, PaymentService payments)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        return Results.Json(ApiObjects.Token(await payments.GetTokenAsync(id)));
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

    /// <summary>What a charge can expand: its source, its customer and the invoice it paid.</summary>
    private static readonly string[] ChargeExpandable = ["source", "customer", "invoice"];

    /// <summary>What a refund can expand: its charge.</summary>
    private static readonly string[] RefundExpandable = ["charge"];

    /// <summary>
    /// Rules 4 to 9; capture=false only authorizes. A declined charge is stored and answered with 402 and the
    /// charge's id, as the hosted API does.
    /// </summary>
    private static async Task<IResult> ChargeAsync(HttpRequest request, PaymentService payments)
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
            Capture = parameters.Bool("capture") ?? true,
        };
        var expand = parameters.Expand(ChargeExpandable);
        parameters.EnsureNoneUnknown();
        var charge = await payments.ChargeAsync(input);
        return charge.Paid
            ? await RenderChargeAsync(charge, expand, request)
            : ApiErrors.CardDeclined(charge);
    }

    private static async Task<IResult> RetrieveChargeAsync(string id, HttpRequest request, PaymentService payments)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var expand = parameters.Expand(ChargeExpandable);
        parameters.EnsureNoneUnknown();
        return await RenderChargeAsync(await payments.GetChargeAsync(id), expand, request);
    }

    private static async Task<IResult> UpdateChargeAsync(string id, HttpRequest request, PaymentService payments)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var description = parameters.String("description");
        var metadata = parameters.Dictionary("metadata", out var replaceMetadata);
        var expand = parameters.Expand(ChargeExpandable);
        parameters.EnsureNoneUnknown();
        return await RenderChargeAsync(await payments.UpdateChargeAsync(id, description, metadata, replaceMetadata), expand, request);
    }

    /// <summary>Captures an authorization: amount (all of it when left out) is charged, the rest released.</summary>
    private static async Task<IResult> CaptureAsync(string id, HttpRequest request, PaymentService payments)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var amount = parameters.Long("amount");
        var expand = parameters.Expand(ChargeExpandable);
        parameters.EnsureNoneUnknown();
        return await RenderChargeAsync(await payments.CaptureAsync(id, amount), expand, request);
    }

    private static async Task<IResult> RenderChargeAsync(Charge charge, IReadOnlySet<string> expand, HttpRequest request) =>
        Results.Json(await RenderChargeObjectAsync(charge, expand, request));

    /// <summary>The charge object with its refunds and what <paramref name="expand"/> names; the invoice API expands charges through it too.</summary>
    public static async Task<object> RenderChargeObjectAsync(Charge charge, IReadOnlySet<string> expand, HttpRequest request,
        ILookup<string, Refund>? refunds = null)
    {
        var services = request.HttpContext.RequestServices;
        var payments = services.GetRequiredService<PaymentService>();
        refunds ??= await payments.GetRefundsAsync([charge.Id]);
        var source = expand.Contains("source") && charge.SourceId is { } sourceId ? ApiObjects.Source(await payments.GetSourceAsync(sourceId)) : null;
        var customer = expand.Contains("customer") && charge.CustomerId is { } customerId
            ? ApiObjects.Customer(await services.GetRequiredService<CustomerService>().GetAsync(customerId))
            : null;
        var invoice = expand.Contains("invoice") && charge.InvoiceId is { } invoiceId
            ? await InvoicesApi.RenderObjectAsync(invoiceId, request)
            : null;
        return ApiObjects.Charge(charge, refunds[charge.Id], source, customer, invoice);
    }

    public static readonly IReadOnlySet<string> NoExpansion = new HashSet<string>();

    private static async Task<IResult> ListChargesAsync(HttpRequest request, PaymentService payments)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        var customer = parameters.String("customer");
        var expand = parameters.ExpandListed(ChargeExpandable);
        parameters.EnsureNoneUnknown();
        var page = await payments.ListChargesPageAsync(customer, cursor);
        var refunds = await payments.GetRefundsAsync([.. page.Rows.Select(charge => charge.Id)]);
        var rendered = new List<object>(page.Rows.Count);
        foreach (var charge in page.Rows)
        {
            rendered.Add(await RenderChargeObjectAsync(charge, expand, request, refunds));
        }
        return Results.Json(ApiObjects.List("/v1/charges", rendered, page.HasMore, charge => charge));
    }

    /// <summary>Gives back part or all of a captured charge; never more, in all, than was captured.</summary>
    private static async Task<IResult> RefundAsync(HttpRequest request, PaymentService payments)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var charge = parameters.String("charge") ?? throw ApiRequestException.Missing("charge");
        var amount = parameters.Long("amount");
        var reason = parameters.String("reason");
        var metadata = parameters.Dictionary("metadata", out _);
        var expand = parameters.Expand(RefundExpandable);
        parameters.EnsureNoneUnknown();
        return await RenderRefundAsync(await payments.RefundAsync(charge, amount, reason, metadata), expand, request);
    }

    private static async Task<IResult> RetrieveRefundAsync(string id, HttpRequest request, PaymentService payments)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var expand = parameters.Expand(RefundExpandable);
        parameters.EnsureNoneUnknown();
        return await RenderRefundAsync(await payments.GetRefundAsync(id), expand, request);
    }

    private static async Task<IResult> RenderRefundAsync(Refund refund, IReadOnlySet<string> expand, HttpRequest request) =>
        Results.Json(await RenderRefundObjectAsync(refund, expand, request));

    private static async Task<object> RenderRefundObjectAsync(Refund refund, IReadOnlySet<string> expand, HttpRequest request)
    {
        if (!expand.Contains("charge"))
        {
            return ApiObjects.Refund(refund);
        }
        var charge = await request.HttpContext.RequestServices.GetRequiredService<PaymentService>().GetChargeAsync(refund.ChargeId);
        return ApiObjects.Refund(refund, await RenderChargeObjectAsync(charge, NoExpansion, request));
    }

    private static async Task<IResult> ListRefundsAsync(HttpRequest request, PaymentService payments)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var charge = parameters.String("charge");
        return await RenderRefundListAsync("/v1/refunds", charge, parameters, request, payments);
    }

    /// <summary>The list a charge's <c>refunds</c> names in its url, beyond the first ten it embeds.</summary>
    private static async Task<IResult> ListChargeRefundsAsync(string id, HttpRequest request, PaymentService payments)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        await payments.GetChargeAsync(id);
        return await RenderRefundListAsync($"/v1/charges/{id}/refunds", id, parameters, request, payments);
    }

    private static async Task<IResult> RenderRefundListAsync(string url, string? charge, ApiParameters parameters, HttpRequest request, PaymentService payments)
    {
        var cursor = V1Api.Cursor(parameters);
        var expand = parameters.ExpandListed(RefundExpandable);
        parameters.EnsureNoneUnknown();
        var page = await payments.ListRefundsPageAsync(charge, cursor);
        var rendered = new List<object>(page.Rows.Count);
        foreach (var refund in page.Rows)
        {
            rendered.Add(await RenderRefundObjectAsync(refund, expand, request));
        }
        return Results.Json(ApiObjects.List(url, rendered, page.HasMore, refund => refund));
    }
}
