using System.Text.Json;
using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Coupons;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.Coupons;
using BillingDashboard.Features.Payments;
using BillingDashboard.Features.TaxIds;

namespace BillingDashboard.Features.Customers;

/// <summary>/v1/customers: the same CustomerService (and payment and coupon services) the customer page calls.</summary>
public static class CustomersApi
{
    public static void MapCustomersApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/customers", CreateAsync);
        v1.MapGet("/customers", ListAsync);
        v1.MapGet("/customers/{id}", RetrieveAsync);
        v1.MapPost("/customers/{id}", UpdateAsync);
        v1.MapDelete("/customers/{id}", DeleteAsync);
    }

    /// <summary>What a customer can expand: the default source, the invoice default payment method and the tax IDs (a list, as on their own route).</summary>
    private static readonly string[] Expandable = ["default_source", DefaultPaymentMethodExpansion, "tax_ids"];

    private const string DefaultPaymentMethodExpansion = "invoice_settings.default_payment_method";

    private const string DefaultPaymentMethodParameter = "invoice_settings[default_payment_method]";

    private static async Task<IResult> CreateAsync(HttpRequest request, CustomerService customers, PaymentService payments,
        PaymentMethodService methods, CouponService coupons)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var input = ReadInput(parameters) with { TaxIds = ReadTaxIdData(parameters) };
        var source = parameters.String("source");
        var paymentMethod = parameters.String("payment_method");
        var defaultPaymentMethod = parameters.String(DefaultPaymentMethodParameter);
        var coupon = parameters.String("coupon");
        var expand = parameters.Expand(Expandable);
        parameters.EnsureNoneUnknown();
        // Checked before the customer exists, so that a refused source, payment method or coupon leaves nothing behind.
        if (source is not null)
        {
            await payments.CheckSourceForCustomerAsync(source, customerId: null);
        }
        if (paymentMethod is not null)
        {
            await methods.CheckAttachableAsync(paymentMethod, customerId: null);
        }
        if (defaultPaymentMethod is { Length: > 0 } && defaultPaymentMethod != paymentMethod)
        {
            // A new customer has no payment method but the one attached in this request.
            throw new RuleViolationException(
                $"The payment method {defaultPaymentMethod} is not attached to this customer: pass it as payment_method too.", DefaultPaymentMethodParameter);
        }
        if (coupon is not null)
        {
            await coupons.CheckRedeemableAsync(coupon, input.Currency);
        }
        var customer = await customers.CreateAsync(input, requireNameAndEmail: false);
        if (source is null && paymentMethod is null && coupon is null)
        {
            // Nothing but the customer was written: it is answered as saved, without reading it back.
            return Results.Json(await RenderObjectAsync(customer, discount: null, expand, request.HttpContext.RequestServices));
        }
        try
        {
            if (source is not null)
            {
                // Rule 1: the first source attached becomes the default.
                await payments.AttachAsync(customer.Id, source);
            }
            if (paymentMethod is not null)
            {
                // A test id (pm_card_visa) becomes a new payment method: the invoice default names that one.
                var attached = await methods.AttachAsync(paymentMethod, customer.Id);
                if (defaultPaymentMethod is { Length: > 0 })
                {
                    await methods.SetInvoiceDefaultAsync(customer.Id, attached.Id);
                }
            }
            if (coupon is not null)
            {
                await coupons.ApplyToCustomerAsync(customer.Id, coupon);
            }
        }
        catch (RuleViolationException)
        {
            // Only a race with another request gets here; the customer it would have created is not left listed.
            await customers.DeleteAsync(customer.Id);
            throw;
        }
        return await RenderAsync(customer.Id, expand, customers, request);
    }

    private static async Task<IResult> RetrieveAsync(string id, HttpRequest request, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var expand = parameters.Expand(Expandable);
        parameters.EnsureNoneUnknown();
        return await RenderAsync(id, expand, customers, request);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, CustomerService customers, PaymentService payments,
        PaymentMethodService methods, CouponService coupons)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var input = ReadInput(parameters);
        var source = parameters.String("source");
        var defaultSource = parameters.String("default_source");
        var defaultPaymentMethod = parameters.String(DefaultPaymentMethodParameter);
        var coupon = parameters.String("coupon");
        var expand = parameters.Expand(Expandable);
        parameters.EnsureNoneUnknown();
        // Three services, three transactions: the profile is checked first and saved last, after the steps whose
        // rules can still refuse (a consumed source, an expired coupon), so a refused request changes nothing.
        await customers.CheckUpdateAsync(id, input);
        if (source is not null)
        {
            await payments.CheckSourceForCustomerAsync(source, id);
        }
        if (defaultSource is not null && source is null)
        {
            await payments.CheckSourceForCustomerAsync(defaultSource, id, asDefault: true);
        }
        if (defaultPaymentMethod is not null)
        {
            await methods.CheckInvoiceDefaultAsync(id, defaultPaymentMethod);
        }
        if (coupon is { Length: > 0 })
        {
            await coupons.CheckRedeemableAsync(coupon, (await customers.GetAsync(id)).Currency);
        }
        if (source is not null)
        {
            // Rule 3: updating with a source replaces the default, detaching the old one.
            await payments.ReplaceDefaultAsync(id, source);
        }
        if (defaultSource is not null)
        {
            await payments.SetDefaultAsync(id, defaultSource);
        }
        if (defaultPaymentMethod is not null)
        {
            await methods.SetInvoiceDefaultAsync(id, defaultPaymentMethod);
        }
        if (coupon is { Length: > 0 })
        {
            await coupons.ApplyToCustomerAsync(id, coupon);
        }
        await customers.UpdateAsync(id, input, expectedVersion: null);
        return await RenderAsync(id, expand, customers, request);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpRequest request, CustomerService customers)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        parameters.EnsureNoneUnknown();
        await customers.DeleteAsync(id);
        return Results.Json(ApiObjects.Deleted(id, "customer"));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, CustomerService customers, CouponService coupons)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        var email = parameters.String("email");
        var (from, before) = parameters.CreatedRange();
        var expand = parameters.ExpandListed(Expandable);
        parameters.EnsureNoneUnknown();
        var page = await customers.ListPageAsync(cursor, email, from, before);
        var discounts = await coupons.GetCustomerDiscountsAsync([.. page.Rows.Select(customer => customer.Id)]);
        var rendered = new List<object>(page.Rows.Count);
        foreach (var customer in page.Rows)
        {
            rendered.Add(await RenderObjectAsync(customer, discounts.GetValueOrDefault(customer.Id), expand, request.HttpContext.RequestServices));
        }
        return Results.Json(ApiObjects.List("/v1/customers", rendered, page.HasMore, customer => customer));
    }

    private static async Task<IResult> RenderAsync(string id, IReadOnlySet<string> expand, CustomerService customers, HttpRequest request)
    {
        var (customer, discount) = await customers.GetWithDiscountAsync(id);
        return Results.Json(await RenderObjectAsync(customer, discount, expand, request.HttpContext.RequestServices));
    }

    /// <summary>
    /// The customer object, with what <paramref name="expand"/> names; nothing more is read when it names nothing,
    /// and the services that read the expansions are taken only then.
    /// </summary>
    private static async Task<object> RenderObjectAsync(Customer customer, Discount? discount, IReadOnlySet<string> expand, IServiceProvider services)
    {
        var defaultSource = expand.Contains("default_source") && customer.DefaultSourceId is { } sourceId
            ? ApiObjects.Source(await services.GetRequiredService<PaymentService>().GetSourceAsync(sourceId))
            : null;
        var defaultPaymentMethod = expand.Contains(DefaultPaymentMethodExpansion) && customer.InvoiceDefaultPaymentMethodId is { } methodId
            ? ApiObjects.PaymentMethod(await services.GetRequiredService<PaymentMethodService>().GetAsync(methodId))
            : null;
        var rendered = ApiObjects.Customer(customer, discount, defaultSource, defaultPaymentMethod);
        if (!expand.Contains("tax_ids"))
        {
            return rendered;
        }
        // Only an expanded customer has the field at all, as in the hosted API: its first page, as on its own route.
        var withTaxIds = JsonSerializer.SerializeToNode(rendered)!.AsObject();
        withTaxIds["tax_ids"] = JsonSerializer.SerializeToNode(
            await TaxIdsApi.ListObjectAsync(customer.Id, new ListCursor(V1Api.DefaultLimit), services.GetRequiredService<TaxIdService>()));
        return withTaxIds;
    }

    private static CustomerInput ReadInput(ApiParameters parameters)
    {
        var metadata = parameters.Dictionary("metadata", out var clearMetadata);
        return new CustomerInput
        {
            Name = parameters.String("name"),
            Email = parameters.String("email"),
            Description = parameters.String("description"),
            Phone = parameters.String("phone"),
            Address = parameters.Has("address") ? ReadAddress(parameters, "address") : null,
            Shipping = parameters.Has("shipping") && parameters.String("shipping") is not "" ? new ShippingInput(
                parameters.String("shipping[name]"), parameters.String("shipping[phone]"), ReadAddress(parameters, "shipping[address]")) : null,
            RemoveShipping = parameters.String("shipping") is "",
            PreferredLocales = parameters.List("preferred_locales"),
            TaxExempt = parameters.String("tax_exempt"),
            Metadata = metadata,
            ReplaceMetadata = clearMetadata,
            InvoicePrefix = parameters.String("invoice_prefix"),
            InvoiceFooter = parameters.String("invoice_settings[footer]"),
            InvoiceCustomFields = ReadCustomFields(parameters),
            NextInvoiceSequence = parameters.Int("next_invoice_sequence"),
        };
    }

    public static AddressInput ReadAddress(ApiParameters parameters, string name) => new(
        parameters.String($"{name}[line1]"), parameters.String($"{name}[line2]"), parameters.String($"{name}[city]"),
        parameters.String($"{name}[state]"), parameters.String($"{name}[postal_code]"), parameters.String($"{name}[country]"));

    /// <summary><c>invoice_settings[custom_fields][0][name]</c> and <c>[value]</c>, …; an empty <c>invoice_settings[custom_fields]</c> removes them all.</summary>
    private static List<InvoiceCustomField>? ReadCustomFields(ApiParameters parameters)
    {
        const string name = "invoice_settings[custom_fields]";
        if (parameters.String(name) is "")
        {
            return [];
        }
        var fields = new List<InvoiceCustomField>();
        for (var index = 0; parameters.Has($"{name}[{index}]"); index++)
        {
            fields.Add(new InvoiceCustomField(parameters.String($"{name}[{index}][name]") ?? "", parameters.String($"{name}[{index}][value]") ?? ""));
        }
        return fields.Count == 0 ? null : fields;
    }

    private static List<TaxIdInput>? ReadTaxIdData(ApiParameters parameters)
    {
        var taxIds = new List<TaxIdInput>();
        for (var index = 0; parameters.Has($"tax_id_data[{index}]"); index++)
        {
            taxIds.Add(new TaxIdInput(parameters.String($"tax_id_data[{index}][type]") ?? "", parameters.String($"tax_id_data[{index}][value]") ?? ""));
        }
        return taxIds.Count == 0 ? null : taxIds;
    }
}
