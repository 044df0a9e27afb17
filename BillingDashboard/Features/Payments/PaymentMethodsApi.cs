using BillingDashboard.Api;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.PaymentMethods;
using BillingDashboard.Features.Customers;

namespace BillingDashboard.Features.Payments;

/// <summary>/v1/payment_methods and /v1/customers/{id}/payment_methods: cards as PaymentMethod objects, through PaymentMethodService.</summary>
public static class PaymentMethodsApi
{
    public static void MapPaymentMethodsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/payment_methods", CreateAsync);
        v1.MapGet("/payment_methods", ListAsync);
        v1.MapGet("/payment_methods/{id}", RetrieveAsync);
        v1.MapPost("/payment_methods/{id}", UpdateAsync);
        v1.MapPost("/payment_methods/{id}/attach", AttachAsync);
        v1.MapPost("/payment_methods/{id}/detach", DetachAsync);
        v1.MapGet("/customers/{customerId}/payment_methods", ListCustomerMethodsAsync);
        v1.MapGet("/customers/{customerId}/payment_methods/{id}", RetrieveCustomerMethodAsync);
    }

    /// <summary>What a payment method can expand: its customer.</summary>
    private static readonly string[] Expandable = ["customer"];

    /// <summary>The only type there is here; the hosted API's others (us_bank_account, …) are refused by name.</summary>
    private const string CardType = "card";

    private static async Task<IResult> CreateAsync(HttpRequest request, PaymentMethodService methods, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var type = parameters.String("type") ?? throw ApiRequestException.Missing("type");
        var card = PaymentsApi.ReadCard(parameters);
        var billing = ReadBillingDetails(parameters);
        var metadata = parameters.Dictionary("metadata", out _);
        var expand = parameters.Expand(Expandable);
        parameters.EnsureNoneUnknown();
        EnsureCard(type);
        if (card.Number is null)
        {
            throw ApiRequestException.Missing("card[number]");
        }
        return await RenderAsync(await methods.CreateAsync(card, billing, metadata), expand, customers);
    }

    private static async Task<IResult> RetrieveAsync(string id, HttpRequest request, PaymentMethodService methods, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var expand = parameters.Expand(Expandable);
        parameters.EnsureNoneUnknown();
        return await RenderAsync(await methods.GetAsync(id), expand, customers);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, PaymentMethodService methods, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var metadata = parameters.Dictionary("metadata", out var replaceMetadata);
        var update = new PaymentMethodUpdate
        {
            BillingDetails = ReadBillingDetails(parameters),
            ExpMonth = parameters.Int("card[exp_month]"),
            ExpYear = parameters.Int("card[exp_year]"),
            Metadata = metadata,
            ReplaceMetadata = replaceMetadata,
        };
        var expand = parameters.Expand(Expandable);
        parameters.EnsureNoneUnknown();
        return await RenderAsync(await methods.UpdateAsync(id, update), expand, customers);
    }

    /// <summary>A test id (pm_card_visa) gives the customer a new payment method of its own; a declining card is a 402.</summary>
    private static async Task<IResult> AttachAsync(string id, HttpRequest request, PaymentMethodService methods, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var customer = parameters.String("customer") ?? throw ApiRequestException.Missing("customer");
        var expand = parameters.Expand(Expandable);
        parameters.EnsureNoneUnknown();
        return await RenderAsync(await methods.AttachAsync(id, customer), expand, customers);
    }

    private static async Task<IResult> DetachAsync(string id, HttpRequest request, PaymentMethodService methods, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var expand = parameters.Expand(Expandable);
        parameters.EnsureNoneUnknown();
        return await RenderAsync(await methods.DetachAsync(id), expand, customers);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, PaymentMethodService methods, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        var customer = parameters.String("customer");
        var type = parameters.String("type");
        var expand = parameters.ExpandListed(Expandable);
        parameters.EnsureNoneUnknown();
        if (type is not null)
        {
            EnsureCard(type);
        }
        return await RenderListAsync("/v1/payment_methods", await methods.ListPageAsync(customer, cursor), expand, customers);
    }

    private static async Task<IResult> ListCustomerMethodsAsync(string customerId, HttpRequest request, PaymentMethodService methods, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        var type = parameters.String("type");
        var expand = parameters.ExpandListed(Expandable);
        parameters.EnsureNoneUnknown();
        if (type is not null)
        {
            EnsureCard(type);
        }
        return await RenderListAsync($"/v1/customers/{customerId}/payment_methods", await methods.ListPageAsync(customerId, cursor), expand, customers);
    }

    private static async Task<IResult> RetrieveCustomerMethodAsync(string customerId, string id, HttpRequest request, PaymentMethodService methods,
        CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var expand = parameters.Expand(Expandable);
        parameters.EnsureNoneUnknown();
        var method = await methods.GetAsync(id);
        return method.CustomerId == customerId ? await RenderAsync(method, expand, customers) : throw new Domain.NotFoundException("payment_method", id);
    }

    /// <summary>billing_details[name|email|phone|address[…]]; null when none was sent, so an update leaves them.</summary>
    private static BillingDetailsInput? ReadBillingDetails(ApiParameters parameters) => parameters.Has("billing_details")
        ? new BillingDetailsInput(parameters.String("billing_details[name]"), parameters.String("billing_details[email]"),
            parameters.String("billing_details[phone]"),
            parameters.Has("billing_details[address]") ? CustomersApi.ReadAddress(parameters, "billing_details[address]") : null)
        : null;

    private static void EnsureCard(string type)
    {
        if (type != CardType)
        {
            throw new ApiRequestException($"Invalid type: only card payment methods can be made here, not '{type}'.", "type");
        }
    }

    private static async Task<IResult> RenderAsync(PaymentMethod method, IReadOnlySet<string> expand, CustomerService customers) =>
        Results.Json(await RenderObjectAsync(method, expand, customers));

    private static async Task<IResult> RenderListAsync(string url, Data.CursorPage<PaymentMethod> page, IReadOnlySet<string> expand, CustomerService customers)
    {
        var rendered = new List<object>(page.Rows.Count);
        foreach (var method in page.Rows)
        {
            rendered.Add(await RenderObjectAsync(method, expand, customers));
        }
        return Results.Json(ApiObjects.List(url, rendered, page.HasMore, method => method));
    }

    private static async Task<object> RenderObjectAsync(PaymentMethod method, IReadOnlySet<string> expand, CustomerService customers) =>
        ApiObjects.PaymentMethod(method, expand.Contains("customer") && method.CustomerId is { } customerId
            ? ApiObjects.Customer(await customers.GetAsync(customerId))
            : null);
}
