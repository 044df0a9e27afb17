using BillingDashboard.Domain.Cards;
using BillingDashboard.Domain.Customers;

namespace BillingDashboard.Domain.PaymentMethods;

/// <summary>
/// A card saved as the hosted API's PaymentMethod object (<c>pm_…</c>), the newer way to pay beside sources. Only
/// what identifies the card is kept (<see cref="CardDetails"/>). It belongs to at most one customer, through
/// <see cref="PaymentMethodRules.Attach"/>; once detached it can't be used again.
/// </summary>
public sealed class PaymentMethod : IListedObject
{
    /// <summary>The store's row number, in creation order: "newest first" is this, descending.</summary>
    public long Sequence { get; private set; }

    public required string Id { get; init; }

    public required string CardBrand { get; init; }

    public required string Last4 { get; init; }

    public int ExpMonth { get; set; }

    public int ExpYear { get; set; }

    public required string Funding { get; init; }

    public string? Country { get; init; }

    public required string Fingerprint { get; init; }

    public TestOutcome TestOutcome { get; init; }

    public string? BillingName { get; set; }

    public string? BillingEmail { get; set; }

    public string? BillingPhone { get; set; }

    public Address BillingAddress { get; set; } = new();

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    public DateTimeOffset Created { get; init; }

    public string? CustomerId { get; private set; }

    /// <summary>Set when detached: the hosted API never lets a detached payment method be used or attached again.</summary>
    public DateTimeOffset? DetachedAt { get; private set; }

    public int Version { get; set; }

    public CardDetails Card => new(CardBrand, Last4, ExpMonth, ExpYear, Funding, Country, Fingerprint, TestOutcome);

    /// <summary>"Visa •••• 4242".</summary>
    public string Describe() => $"{CardBrands.DisplayName(CardBrand)} •••• {Last4}";

    internal void BelongTo(string customerId) => CustomerId = customerId;

    internal void MarkDetached(DateTimeOffset now)
    {
        CustomerId = null;
        DetachedAt = now;
    }
}
