namespace BillingDashboard.Domain.Events;

/// <summary>The kinds of event, named as the hosted API names them (with ours for users and API keys).</summary>
public static class EventTypes
{
    public const string CustomerCreated = "customer.created";
    public const string CustomerUpdated = "customer.updated";
    public const string CustomerDeleted = "customer.deleted";
    public const string DiscountCreated = "customer.discount.created";
    public const string DiscountDeleted = "customer.discount.deleted";
    public const string TaxIdCreated = "customer.tax_id.created";
    public const string TaxIdDeleted = "customer.tax_id.deleted";
    public const string BalanceTransactionCreated = "customer_balance_transaction.created";
    public const string CouponCreated = "coupon.created";
    public const string CouponUpdated = "coupon.updated";
    public const string CouponDeleted = "coupon.deleted";
    public const string TaxRateCreated = "tax_rate.created";
    public const string TaxRateUpdated = "tax_rate.updated";
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyRevoked = "api_key.revoked";
    public const string UserCreated = "user.created";
    public const string UserUpdated = "user.updated";
    public const string UserPasswordReset = "user.password_reset";
    public const string SourceCreated = "customer.source.created";
    public const string SourceUpdated = "customer.source.updated";
    public const string SourceDeleted = "customer.source.deleted";
    public const string PaymentMethodAttached = "payment_method.attached";
    public const string PaymentMethodUpdated = "payment_method.updated";
    public const string PaymentMethodDetached = "payment_method.detached";
    public const string ChargeSucceeded = "charge.succeeded";
    public const string ChargeFailed = "charge.failed";
    public const string ChargeCaptured = "charge.captured";
    public const string ChargeRefunded = "charge.refunded";
    public const string ChargeUpdated = "charge.updated";
    public const string InvoiceCreated = "invoice.created";
    public const string InvoiceUpdated = "invoice.updated";
    public const string InvoiceDeleted = "invoice.deleted";
    public const string InvoiceFinalized = "invoice.finalized";
    public const string InvoicePaid = "invoice.paid";
    public const string InvoicePaymentFailed = "invoice.payment_failed";
    public const string InvoiceVoided = "invoice.voided";
    public const string InvoiceMarkedUncollectible = "invoice.marked_uncollectible";
    public const string InvoiceSent = "invoice.sent";
    public const string CreditNoteCreated = "credit_note.created";
    public const string CreditNoteUpdated = "credit_note.updated";
    public const string CreditNoteVoided = "credit_note.voided";
    public const string WebhookEndpointCreated = "webhook_endpoint.created";
    public const string WebhookEndpointUpdated = "webhook_endpoint.updated";
    public const string WebhookEndpointDeleted = "webhook_endpoint.deleted";

    /// <summary>Every type, for the Events page's filter and for a webhook endpoint's <c>enabled_events</c>.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        CustomerCreated, CustomerUpdated, CustomerDeleted, DiscountCreated, DiscountDeleted, TaxIdCreated, TaxIdDeleted,
        BalanceTransactionCreated, SourceCreated, SourceUpdated, SourceDeleted, PaymentMethodAttached, PaymentMethodUpdated, PaymentMethodDetached,
        ChargeSucceeded, ChargeFailed, ChargeCaptured, ChargeRefunded, ChargeUpdated,
        InvoiceCreated, InvoiceUpdated, InvoiceDeleted, InvoiceFinalized, InvoicePaid, InvoicePaymentFailed, InvoiceVoided, InvoiceMarkedUncollectible, InvoiceSent,
        CreditNoteCreated, CreditNoteUpdated, CreditNoteVoided, CouponCreated, CouponUpdated, CouponDeleted, TaxRateCreated, TaxRateUpdated,
        ApiKeyCreated, ApiKeyRevoked, UserCreated, UserUpdated, UserPasswordReset,
        WebhookEndpointCreated, WebhookEndpointUpdated, WebhookEndpointDeleted,
    ];
}
