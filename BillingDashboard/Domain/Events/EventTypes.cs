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
    public const string WebhookEndpointCreated = "webhook_endpoint.created";
    public const string WebhookEndpointUpdated = "webhook_endpoint.updated";
    public const string WebhookEndpointDeleted = "webhook_endpoint.deleted";

    /// <summary>Every type, for the Events page's filter and for a webhook endpoint's <c>enabled_events</c>.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        CustomerCreated, CustomerUpdated, CustomerDeleted, DiscountCreated, DiscountDeleted, TaxIdCreated, TaxIdDeleted,
        BalanceTransactionCreated, CouponCreated, CouponUpdated, CouponDeleted, TaxRateCreated, TaxRateUpdated,
        ApiKeyCreated, ApiKeyRevoked, UserCreated, UserUpdated, UserPasswordReset,
        WebhookEndpointCreated, WebhookEndpointUpdated, WebhookEndpointDeleted,
    ];
}
