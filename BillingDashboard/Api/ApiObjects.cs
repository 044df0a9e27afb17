using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.ApiKeys;
using BillingDashboard.Domain.Balance;
using BillingDashboard.Domain.Cards;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Coupons;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.PaymentMethods;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Domain.Tax;

namespace BillingDashboard.Api;

/// <summary>
/// Our objects in the hosted API's shape (see shared/api-object-examples.json): snake_case fields, <c>object</c>
/// naming the type, Unix-second timestamps, <c>livemode: false</c>, lower-case currencies, null for what is unset.
/// </summary>
public static partial class ApiObjects
{
    public static long Unix(DateTimeOffset instant) => instant.ToUnixTimeSeconds();

    public static object List<T>(string url, IEnumerable<T> items, bool hasMore, Func<T, object> render) => new
    {
        @object = "list",
        url,
        has_more = hasMore,
        data = items.Select(render).ToList(),
    };

    public static object List<T>(string url, CursorPage<T> page, Func<T, object> render) => List(url, page.Rows, page.HasMore, render);

    public static object Deleted(string id, string objectType) => new { id, @object = objectType, deleted = true };

    public static object Customer(Customer customer, Discount? discount = null, object? expandedDefaultSource = null,
        object? expandedDefaultPaymentMethod = null) => new
    {
        id = customer.Id,
        @object = "customer",
        address = Address(customer.Address),
        balance = customer.Balance,
        created = Unix(customer.Created),
        currency = customer.Currency,
        default_source = expandedDefaultSource ?? customer.DefaultSourceId,
        delinquent = false,
        description = customer.Description,
        discount = discount is null ? null : Discount(discount),
        email = customer.Email,
        invoice_prefix = customer.InvoicePrefix,
        invoice_settings = new
        {
            custom_fields = customer.InvoiceCustomFields.Count == 0 ? null : customer.InvoiceCustomFields.Select(field => new { name = field.Name, value = field.Value }).ToList(),
            default_payment_method = expandedDefaultPaymentMethod ?? customer.InvoiceDefaultPaymentMethodId,
            footer = customer.InvoiceFooter,
        },
        livemode = false,
        metadata = customer.Metadata,
        name = customer.Name,
        next_invoice_sequence = customer.NextInvoiceSequence,
        phone = customer.Phone,
        preferred_locales = customer.PreferredLocales,
        shipping = customer.Shipping is { } shipping ? new { name = shipping.Name, phone = shipping.Phone, address = Address(shipping.Address) } : null,
        tax_exempt = customer.TaxExempt.ToApiValue(),
    };

    public static object Source(Source source) => new
    {
        id = source.Id,
        @object = "source",
        amount = source.Amount,
        client_secret = (string?)null,
        created = Unix(source.Created),
        currency = source.Currency,
        customer = source.IsAttached ? source.CustomerId : null,
        flow = "none",
        livemode = false,
        metadata = source.Metadata,
        owner = new { name = source.OwnerName, email = source.OwnerEmail, address = (object?)null, phone = (string?)null },
        statement_descriptor = (string?)null,
        status = source.Status.ToApiValue(),
        type = source.Type.ToApiValue(),
        usage = source.Usage.ToApiValue(),
        card = source.Type == SourceType.Card
            ? new
            {
                brand = CardBrands.DisplayName(source.CardBrand),
                country = source.Country,
                exp_month = source.ExpMonth,
                exp_year = source.ExpYear,
                fingerprint = source.Fingerprint,
                funding = source.Funding,
                last4 = source.Last4,
            }
            : null,
        sepa_debit = source.Type == SourceType.SepaDebit
            ? new
            {
                bank_code = source.BankCode,
                country = source.Country,
                fingerprint = source.Fingerprint,
                last4 = source.Last4,
                mandate_reference = source.MandateReference,
            }
            : null,
    };

    /// <summary>A card as payment methods and tokens show it (brand in the API's lower-case code, unlike a source's).</summary>
    private static object Card(CardDetails card) => new
    {
        brand = card.Brand,
        country = card.Country,
        exp_month = card.ExpMonth,
        exp_year = card.ExpYear,
        fingerprint = card.Fingerprint,
        funding = card.Funding,
        last4 = card.Last4,
    };

    public static object PaymentMethod(PaymentMethod method, object? expandedCustomer = null) => new
    {
        id = method.Id,
        @object = "payment_method",
        billing_details = new
        {
            address = Address(method.BillingAddress),
            email = method.BillingEmail,
            name = method.BillingName,
            phone = method.BillingPhone,
        },
        card = Card(method.Card),
        created = Unix(method.Created),
        customer = expandedCustomer ?? method.CustomerId,
        livemode = false,
        metadata = method.Metadata,
        type = "card",
    };

    public static object Token(CardToken token) => new
    {
        id = token.Id,
        @object = "token",
        card = new
        {
            id = "card_" + token.Id[(ObjectIds.Token.Length + 1)..],
            @object = "card",
            brand = CardBrands.DisplayName(token.CardBrand),
            country = token.Country,
            exp_month = token.ExpMonth,
            exp_year = token.ExpYear,
            fingerprint = token.Fingerprint,
            funding = token.Funding,
            last4 = token.Last4,
            name = token.CardholderName,
        },
        client_ip = (string?)null,
        created = Unix(token.Created),
        livemode = false,
        type = "card",
        used = token.UsedAt is not null,
    };

    public static object Refund(Refund refund, object? expandedCharge = null) => new
    {
        id = refund.Id,
        @object = "refund",
        amount = refund.Amount,
        balance_transaction = (string?)null,
        charge = expandedCharge ?? refund.ChargeId,
        created = Unix(refund.Created),
        currency = refund.Currency,
        metadata = refund.Metadata,
        reason = refund.Reason,
        status = "succeeded",
    };

    /// <summary>A charge with its refunds (the first page, newest first, as the hosted API embeds them) and what the request expanded.</summary>
    public static object Charge(Charge charge, IEnumerable<Refund> refunds, object? expandedSource = null, object? expandedCustomer = null,
        object? expandedInvoice = null)
    {
        var listed = refunds.ToList();
        return new
        {
            id = charge.Id,
            @object = "charge",
            amount = charge.Amount,
            amount_captured = charge.AmountCaptured,
            amount_refunded = charge.AmountRefunded,
            balance_transaction = (string?)null,
            captured = charge.Captured,
            created = Unix(charge.Created),
            currency = charge.Currency,
            customer = expandedCustomer ?? charge.CustomerId,
            description = charge.Description,
            failure_code = charge.FailureCode,
            failure_message = charge.FailureMessage,
            invoice = expandedInvoice ?? charge.InvoiceId,
            livemode = false,
            metadata = charge.Metadata,
            outcome = new
            {
                network_status = charge.Paid ? "approved_by_network" : "declined_by_network",
                reason = charge.DeclineCode,
                type = charge.Paid ? "authorized" : "issuer_declined",
            },
            paid = charge.Paid,
            payment_method = charge.PaymentMethodId ?? charge.SourceId,
            payment_method_details = new
            {
                type = charge.PaymentMethodType.ToApiValue(),
                card = charge.PaymentMethodType == SourceType.Card ? new { brand = charge.CardBrand, last4 = charge.Last4 } : null,
                sepa_debit = charge.PaymentMethodType == SourceType.SepaDebit ? new { last4 = charge.Last4 } : null,
            },
            refunded = charge.FullyRefunded,
            refunds = List($"/v1/charges/{charge.Id}/refunds", listed.Take(RefundsShown), listed.Count > RefundsShown, refund => Refund(refund)),
            source = charge.SourceId is null ? null : expandedSource ?? new { id = charge.SourceId, @object = "source" },
            status = charge.Status.ToApiValue(),
        };
    }

    /// <summary>How many refunds a charge embeds, as the hosted API does; the rest are on /v1/refunds?charge=….</summary>
    private const int RefundsShown = 10;

    public static object BalanceTransaction(CustomerBalanceTransaction entry) => new
    {
        id = entry.Id,
        @object = "customer_balance_transaction",
        amount = entry.Amount,
        created = Unix(entry.Created),
        credit_note = (string?)null,
        currency = entry.Currency,
        customer = entry.CustomerId,
        description = entry.Description,
        ending_balance = entry.EndingBalance,
        invoice = (string?)null,
        livemode = false,
        metadata = (object?)null,
        type = entry.Type.ToApiValue(),
    };

    public static object TaxId(TaxId taxId) => new
    {
        id = taxId.Id,
        @object = "tax_id",
        country = taxId.Country,
        created = Unix(taxId.Created),
        customer = taxId.CustomerId,
        livemode = false,
        type = taxId.Type,
        value = taxId.Value,
        // Format checked only: no government register is reachable from here.
        verification = new { status = "unverified", verified_address = (string?)null, verified_name = (string?)null },
    };

    public static object TaxRate(TaxRate rate) => new
    {
        id = rate.Id,
        @object = "tax_rate",
        active = rate.Active,
        country = rate.Country,
        created = Unix(rate.Created),
        description = rate.Description,
        display_name = rate.DisplayName,
        inclusive = rate.Inclusive,
        jurisdiction = rate.Jurisdiction,
        livemode = false,
        percentage = rate.Percentage,
    };

    public static object Discount(Discount discount) => new
    {
        id = discount.Id,
        @object = "discount",
        // Older API versions name the coupon here; newer ones (and Stripe.net 53) read it from source.
        coupon = discount.Coupon is { } coupon ? Coupon(coupon) : null,
        customer = discount.CustomerId,
        end = discount.End is { } end ? Unix(end) : (long?)null,
        source = new { type = "coupon", coupon = discount.CouponId },
        start = Unix(discount.Start),
    };

    public static object Coupon(Coupon coupon) => new
    {
        id = coupon.Id,
        @object = "coupon",
        amount_off = coupon.AmountOff,
        created = Unix(coupon.Created),
        currency = coupon.Currency,
        duration = coupon.Duration.ToApiValue(),
        duration_in_months = coupon.DurationInMonths,
        livemode = false,
        max_redemptions = coupon.MaxRedemptions,
        metadata = coupon.Metadata,
        name = coupon.Name,
        percent_off = coupon.PercentOff,
        redeem_by = coupon.RedeemBy is { } redeemBy ? Unix(redeemBy) : (long?)null,
        times_redeemed = coupon.TimesRedeemed,
        valid = coupon.DeletedAt is null,
    };

    /// <summary>Our own object (the hosted API has none): an API key as its events show it, never its secret.</summary>
    public static object ApiKey(ApiKey key) => new
    {
        id = key.Id,
        @object = "api_key",
        created = Unix(key.Created),
        created_by = key.CreatedBy,
        name = key.Name,
        read_only = key.ReadOnly,
        redacted_secret = key.Redacted,
        revoked = key.RevokedAt is { } revoked ? Unix(revoked) : (long?)null,
    };

    /// <summary>Our own object: an operator as their events show them; never their password or its hash.</summary>
    public static object User(ApplicationUser user, string role) => new
    {
        id = user.Id,
        @object = "user",
        created = Unix(user.CreatedAt),
        disabled = user.IsDisabled,
        email = user.Email,
        role,
    };

    private static object? Address(Address address) => address.IsEmpty ? null : new
    {
        city = address.City,
        country = address.Country,
        line1 = address.Line1,
        line2 = address.Line2,
        postal_code = address.PostalCode,
        state = address.State,
    };
}
