using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Payments;
using BillingDashboard.Features.TaxRates;

namespace BillingDashboard.Features.Invoices;

/// <summary>
/// /v1/invoiceitems and /v1/invoices: the InvoiceService the invoice pages call, so numbering, arithmetic, the
/// balance, the charge and every status rule are the pages' own.
/// </summary>
public static class InvoicesApi
{
    public static void MapInvoicesApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/invoiceitems", CreateItemAsync);
        v1.MapGet("/invoiceitems", ListItemsAsync);
        v1.MapGet("/invoiceitems/{id}", RetrieveItemAsync);
        v1.MapPost("/invoiceitems/{id}", UpdateItemAsync);
        v1.MapDelete("/invoiceitems/{id}", DeleteItemAsync);

        v1.MapPost("/invoices", CreateAsync);
        v1.MapGet("/invoices", ListAsync);
        v1.MapGet("/invoices/{id}", RetrieveAsync);
        v1.MapPost("/invoices/{id}", UpdateAsync);
        v1.MapDelete("/invoices/{id}", DeleteAsync);
        v1.MapPost("/invoices/{id}/finalize", FinalizeAsync);
        v1.MapPost("/invoices/{id}/pay", PayAsync);
        v1.MapPost("/invoices/{id}/void", (string id, HttpRequest request, InvoiceService invoices, TaxRateService rates, CustomerService customers) =>
            MoveAsync(id, request, invoices.VoidAsync, invoices, rates, customers));
        v1.MapPost("/invoices/{id}/mark_uncollectible", (string id, HttpRequest request, InvoiceService invoices, TaxRateService rates, CustomerService customers) =>
            MoveAsync(id, request, invoices.MarkUncollectibleAsync, invoices, rates, customers));
        v1.MapPost("/invoices/{id}/send", (string id, HttpRequest request, InvoiceService invoices, TaxRateService rates, CustomerService customers) =>
            MoveAsync(id, request, invoices.SendAsync, invoices, rates, customers));
        v1.MapGet("/invoices/{id}/lines", ListLinesAsync);
        v1.MapGet("/invoices/{id}/pdf", DownloadPdfAsync);
    }

    /// <summary>What an invoice can expand: its customer and the charge that paid it.</summary>
    private static readonly string[] Expandable = ["customer", "charge", "default_payment_method"];

    /// <summary>
    /// With <c>invoice</c>, a line on that draft; without, a pending item the customer's next invoice pulls in.
    /// <c>amount</c> is the hosted API's shorthand for one unit at that price.
    /// </summary>
    private static async Task<IResult> CreateItemAsync(HttpRequest request, InvoiceService invoices, TaxRateService rates)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var customer = parameters.String("customer") ?? throw ApiRequestException.Missing("customer");
        var invoiceId = parameters.String("invoice");
        var currency = parameters.String("currency");
        var input = ReadItem(parameters, current: null);
        parameters.EnsureNoneUnknown();
        InvoiceItem item;
        if (invoiceId is not null)
        {
            var draft = (await invoices.GetAsync(invoiceId)).Invoice;
            if (draft.CustomerId != customer)
            {
                throw new ApiRequestException($"Invoice {invoiceId} belongs to customer {draft.CustomerId}, not {customer}.", "invoice");
            }
            if (currency is not null && !string.Equals(currency, draft.Currency, StringComparison.OrdinalIgnoreCase))
            {
                throw new ApiRequestException($"Invoice {invoiceId} is in {draft.Currency}; its items must be too.", "currency");
            }
            item = await invoices.AddLineAsync(invoiceId, input);
        }
        else
        {
            item = await invoices.AddPendingItemAsync(customer, input, currency);
        }
        return Results.Json(ApiObjects.InvoiceItem(item, await rates.FindManyAsync(item.TaxRateIds)));
    }

    private static async Task<IResult> RetrieveItemAsync(string id, HttpRequest request, InvoiceService invoices, TaxRateService rates)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        var item = await invoices.GetItemAsync(id);
        return Results.Json(ApiObjects.InvoiceItem(item, await rates.FindManyAsync(item.TaxRateIds)));
    }

    private static async Task<IResult> ListItemsAsync(HttpRequest request, InvoiceService invoices, TaxRateService rates)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        var customer = parameters.String("customer");
        var invoice = parameters.String("invoice");
        var pending = parameters.Bool("pending");
        parameters.EnsureNoneUnknown();
        var page = await invoices.ListItemsPageAsync(customer, invoice, pending, cursor);
        var known = await rates.FindManyAsync(page.Rows.SelectMany(item => item.TaxRateIds));
        return Results.Json(ApiObjects.List("/v1/invoiceitems", page, item => ApiObjects.InvoiceItem(item, known)));
    }

    /// <summary>Only what is sent changes; the line is then checked whole, as a new one would be.</summary>
    private static async Task<IResult> UpdateItemAsync(string id, HttpRequest request, InvoiceService invoices, TaxRateService rates)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var input = ReadItem(parameters, await invoices.GetItemAsync(id));
        parameters.EnsureNoneUnknown();
        var item = await invoices.UpdateItemAsync(id, input);
        return Results.Json(ApiObjects.InvoiceItem(item, await rates.FindManyAsync(item.TaxRateIds)));
    }

    private static async Task<IResult> DeleteItemAsync(string id, HttpRequest request, InvoiceService invoices)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        await invoices.DeleteItemAsync(id);
        return Results.Json(ApiObjects.Deleted(id, "invoiceitem"));
    }

    /// <summary>
    /// A draft for the customer. Unlike the hosted API's newest default, the customer's pending items are pulled in
    /// (as the Create invoice button does) unless <c>pending_invoice_items_behavior=exclude</c>.
    /// </summary>
    private static async Task<IResult> CreateAsync(HttpRequest request, InvoiceService invoices, TaxRateService rates, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var customer = parameters.String("customer") ?? throw ApiRequestException.Missing("customer");
        var currency = parameters.String("currency");
        var includePending = parameters.String("pending_invoice_items_behavior") switch
        {
            null or "include" => true,
            "exclude" => false,
            var other => throw new ApiRequestException($"Invalid pending_invoice_items_behavior: '{other}': use include or exclude.", "pending_invoice_items_behavior"),
        };
        var input = ReadDraft(parameters);
        var expand = parameters.Expand(Expandable);
        parameters.EnsureNoneUnknown();
        var draft = await invoices.CreateDraftAsync(customer, currency, input, includePending);
        return await RenderAsync(draft.Invoice.Id, request, expand, invoices, rates, customers);
    }

    private static async Task<IResult> RetrieveAsync(string id, HttpRequest request, InvoiceService invoices, TaxRateService rates, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var expand = parameters.Expand(Expandable);
        parameters.EnsureNoneUnknown();
        return await RenderAsync(id, request, expand, invoices, rates, customers);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, InvoiceService invoices, TaxRateService rates, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var input = ReadDraft(parameters);
        var expand = parameters.Expand(Expandable);
        parameters.EnsureNoneUnknown();
        await invoices.UpdateDraftAsync(id, input, expectedVersion: null);
        return await RenderAsync(id, request, expand, invoices, rates, customers);
    }

    /// <summary>Only a draft can be deleted (it has no number yet); an issued invoice is voided instead.</summary>
    private static async Task<IResult> DeleteAsync(string id, HttpRequest request, InvoiceService invoices)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        await invoices.DeleteDraftAsync(id);
        return Results.Json(ApiObjects.Deleted(id, "invoice"));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, InvoiceService invoices, TaxRateService rates, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        var customer = parameters.String("customer");
        var statusName = parameters.String("status");
        var expand = parameters.ExpandListed(Expandable);
        parameters.EnsureNoneUnknown();
        InvoiceStatus? status = statusName is null ? null
            : InvoiceStateMachine.FromApiValue(statusName) ?? throw new ApiRequestException(
                $"Invalid status: '{statusName}': use one of {string.Join(", ", Enum.GetValues<InvoiceStatus>().Select(value => value.ToApiValue()))}.", "status");
        var page = await invoices.ListPageAsync(customer, status, cursor);
        var priced = await invoices.PriceManyAsync(page.Rows);
        var known = await rates.FindManyAsync(priced.SelectMany(invoice => invoice.Lines).SelectMany(line => line.TaxRateIds));
        var rendered = new List<object>(page.Rows.Count);
        foreach (var invoice in priced)
        {
            rendered.Add(await RenderPricedAsync(invoice, known, request, expand, customers));
        }
        return Results.Json(ApiObjects.List("/v1/invoices", rendered, page.HasMore, invoice => invoice));
    }

    /// <summary>Draft to open; for charge_automatically the default source is charged at once, and a decline leaves it open.</summary>
    private static async Task<IResult> FinalizeAsync(string id, HttpRequest request, InvoiceService invoices, TaxRateService rates, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        parameters.Bool("auto_advance");
        var expand = parameters.Expand(Expandable);
        parameters.EnsureNoneUnknown();
        await invoices.FinalizeAsync(id);
        return await RenderAsync(id, request, expand, invoices, rates, customers);
    }

    /// <summary>Charges the default source (a decline is a 402 naming the charge, as for /v1/charges), or records a payment made outside with <c>paid_out_of_band</c>.</summary>
    private static async Task<IResult> PayAsync(string id, HttpRequest request, InvoiceService invoices, TaxRateService rates, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var outOfBand = parameters.Bool("paid_out_of_band") ?? false;
        var expand = parameters.Expand(Expandable);
        parameters.EnsureNoneUnknown();
        var attempt = await invoices.PayAsync(id, outOfBand);
        if (attempt.Charge is { Paid: false } declined)
        {
            return ApiErrors.CardDeclined(declined);
        }
        return await RenderAsync(id, request, expand, invoices, rates, customers);
    }

    /// <summary>An action on an issued invoice that takes nothing but <c>expand</c>: void, mark uncollectible, send.</summary>
    private static async Task<IResult> MoveAsync(string id, HttpRequest request, Func<string, CancellationToken, Task<Invoice>> move,
        InvoiceService invoices, TaxRateService rates, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var expand = parameters.Expand(Expandable);
        parameters.EnsureNoneUnknown();
        await move(id, request.HttpContext.RequestAborted);
        return await RenderAsync(id, request, expand, invoices, rates, customers);
    }

    private static async Task<IResult> ListLinesAsync(string id, HttpRequest request, InvoiceService invoices, TaxRateService rates)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        parameters.EnsureNoneUnknown();
        var priced = await invoices.GetPricedAsync(id);
        var known = await rates.FindManyAsync(priced.Lines.SelectMany(line => line.TaxRateIds));
        var page = CursorPaging.Page(priced.Lines.Zip(priced.Totals.Lines).ToList(), line => line.First.Id, cursor, "line_item");
        return Results.Json(ApiObjects.List($"/v1/invoices/{id}/lines", page, line => ApiObjects.LineItem(line.First, line.Second, known)));
    }

    /// <summary>The PDF the invoice page downloads, for an issued invoice.</summary>
    private static async Task<IResult> DownloadPdfAsync(string id, HttpRequest request, InvoicePdfService pdfs)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        var pdf = await pdfs.RenderAsync(id, request.HttpContext.RequestAborted);
        return TypedResults.File(pdf.Content, "application/pdf", pdf.FileName);
    }

    private static async Task<IResult> RenderAsync(string id, HttpRequest request, IReadOnlySet<string> expand, InvoiceService invoices,
        TaxRateService rates, CustomerService customers) =>
        Results.Json(await RenderObjectAsync(id, request, expand, invoices, rates, customers));

    /// <summary>The invoice as its own route renders it, unexpanded: a charge expanding its invoice shows this.</summary>
    public static Task<object> RenderObjectAsync(string id, HttpRequest request) => RenderObjectAsync(id, request, PaymentsApi.NoExpansion,
        request.HttpContext.RequestServices.GetRequiredService<InvoiceService>(), request.HttpContext.RequestServices.GetRequiredService<TaxRateService>(), null);

    private static async Task<object> RenderObjectAsync(string id, HttpRequest request, IReadOnlySet<string> expand, InvoiceService invoices,
        TaxRateService rates, CustomerService? customers)
    {
        var priced = await invoices.GetPricedAsync(id);
        return await RenderPricedAsync(priced, await rates.FindManyAsync(priced.Lines.SelectMany(line => line.TaxRateIds)), request, expand, customers);
    }

    /// <summary>A priced invoice in the wire format, with what <paramref name="expand"/> asks for (each expansion a read of its own).</summary>
    private static async Task<object> RenderPricedAsync(PricedInvoice priced, IReadOnlyDictionary<string, TaxRate> known, HttpRequest request,
        IReadOnlySet<string> expand, CustomerService? customers)
    {
        var id = priced.Invoice.Id;
        var pdfUrl = priced.Invoice.Status == InvoiceStatus.Draft ? null : $"{request.Scheme}://{request.Host}/v1/invoices/{Uri.EscapeDataString(id)}/pdf";
        var customer = customers is not null && expand.Contains("customer") ? ApiObjects.Customer(await customers.GetAsync(priced.Invoice.CustomerId)) : null;
        // Asked for rarely, so the payment service is taken only then rather than by every invoice route.
        var charge = expand.Contains("charge") && priced.Invoice.ChargeId is { } chargeId
            ? await PaymentsApi.RenderChargeObjectAsync(
                await request.HttpContext.RequestServices.GetRequiredService<PaymentService>().GetChargeAsync(chargeId), PaymentsApi.NoExpansion, request)
            : null;
        var defaultPaymentMethod = expand.Contains("default_payment_method") && priced.Invoice.DefaultPaymentMethodId is { } methodId
            ? ApiObjects.PaymentMethod(await request.HttpContext.RequestServices.GetRequiredService<PaymentMethodService>().GetAsync(methodId))
            : null;
        return ApiObjects.Invoice(priced.Invoice, priced.Lines, priced.Totals, known, pdfUrl, customer, charge, defaultPaymentMethod);
    }

    /// <summary>An item's fields, over <paramref name="current"/> when updating (what is not sent stays).</summary>
    private static InvoiceItemInput ReadItem(ApiParameters parameters, InvoiceItem? current)
    {
        var amount = parameters.Long("amount");
        var quantity = parameters.Long("quantity");
        var unitAmount = parameters.Long("unit_amount");
        if (amount is not null && (quantity is not null || unitAmount is not null))
        {
            throw new ApiRequestException("Send amount, or quantity and unit_amount, not both.", "amount");
        }
        var taxRates = parameters.List("tax_rates");
        return new InvoiceItemInput
        {
            Description = parameters.String("description") ?? current?.Description,
            Quantity = amount is not null ? 1 : quantity ?? current?.Quantity ?? 1,
            UnitAmount = amount ?? unitAmount ?? current?.UnitAmount,
            TaxRateIds = taxRates ?? current?.TaxRateIds ?? [],
        };
    }

    private static InvoiceDraftInput ReadDraft(ApiParameters parameters)
    {
        var metadata = parameters.Dictionary("metadata", out var replaceMetadata);
        // The older single coupon parameter, or the newer discounts[0][coupon]; an empty value removes it.
        var coupon = parameters.String("coupon") ?? parameters.String("discounts[0][coupon]");
        if (parameters.List("discounts") is [])
        {
            coupon = "";
        }
        return new InvoiceDraftInput
        {
            CollectionMethod = parameters.String("collection_method"),
            DaysUntilDue = parameters.Int("days_until_due"),
            DueDate = parameters.Timestamp("due_date"),
            Description = parameters.String("description"),
            Footer = parameters.String("footer"),
            CustomFields = ReadCustomFields(parameters),
            CouponId = coupon,
            DefaultPaymentMethodId = parameters.String("default_payment_method"),
            Metadata = metadata,
            ReplaceMetadata = replaceMetadata,
        };
    }

    /// <summary><c>custom_fields[0][name]</c> and <c>[value]</c>, …; <c>custom_fields=</c> removes them all.</summary>
    private static List<InvoiceCustomField>? ReadCustomFields(ApiParameters parameters)
    {
        if (parameters.List("custom_fields") is [])
        {
            return [];
        }
        var fields = new List<InvoiceCustomField>();
        for (var index = 0; parameters.Has($"custom_fields[{index}]"); index++)
        {
            fields.Add(new InvoiceCustomField(parameters.String($"custom_fields[{index}][name]") ?? "", parameters.String($"custom_fields[{index}][value]") ?? ""));
        }
        return fields.Count == 0 ? null : fields;
    }
}
