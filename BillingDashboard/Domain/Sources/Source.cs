using System.Globalization;
using BillingDashboard.Domain.Cards;

namespace BillingDashboard.Domain.Sources;

/// <summary>
/// A way to pay (a card or a SEPA Direct Debit mandate), the hosted API's Source object. Its status only moves
/// through <see cref="SourceStateMachine"/>; whom it belongs to only through <see cref="CustomerSources"/>.
/// </summary>
public sealed class Source : IListedObject
{
    /// <summary>The store's row number, in creation order: "newest first" is this, descending.</summary>
    public long Sequence { get; private set; }

    public required string Id { get; init; }

    public SourceType Type { get; init; }

    public SourceUsage Usage { get; init; }

    public SourceStatus Status { get; private set; } = SourceStatus.Chargeable;

    public string? OwnerName { get; set; }

    public string? OwnerEmail { get; set; }

    /// <summary>Minor units of <see cref="Currency"/>: what a single-use source pays, exactly. Null for reusable sources.</summary>
    public long? Amount { get; init; }

    /// <summary>Lower-case ISO 4217. Required for single-use sources; always "eur" for SEPA Direct Debit.</summary>
    public string? Currency { get; init; }

    /// <summary>Card brand in the API's spelling (visa, mastercard, amex, ...); cards only.</summary>
    public string? CardBrand { get; init; }

    public int? ExpMonth { get; init; }

    public int? ExpYear { get; init; }

    /// <summary>"credit", "debit", "prepaid" or "unknown"; cards only.</summary>
    public string? Funding { get; init; }

    /// <summary>Two-letter country of the card's issuer or the account's bank, when known.</summary>
    public string? Country { get; init; }

    /// <summary>The same for the same card number or IBAN (a keyed hash of it): how a duplicate is recognised.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>What the test network does with this method, decided from its number when it was created.</summary>
    public TestOutcome TestOutcome { get; init; }

    /// <summary>The bank's identifier (BLZ, sort code, ...), read from the IBAN; SEPA only.</summary>
    public string? BankCode { get; init; }

    /// <summary>The reference of the debit mandate the account holder signed; SEPA only.</summary>
    public string? MandateReference { get; init; }

    /// <summary>Last four digits of the card number or the IBAN.</summary>
    public required string Last4 { get; init; }

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    public DateTimeOffset Created { get; init; }

    /// <summary>
    /// The customer whose payment methods list this source: the one it is (or was) attached to, or, for a
    /// single-use source, the one it was created for. Null for a source created on its own.
    /// </summary>
    public string? CustomerId { get; private set; }

    /// <summary>Attached sources are the customer's saved payment methods; charges name the customer with them.</summary>
    public bool IsAttached { get; private set; }

    public DateTimeOffset? DetachedAt { get; private set; }

    /// <summary>The charge that consumed a single-use or unattached source, for the reason shown when it is refused.</summary>
    public string? ConsumedByChargeId { get; private set; }

    public int Version { get; set; }

    public bool IsChargeable => Status == SourceStatus.Chargeable;

    /// <summary>"Visa •••• 4242", "SEPA Direct Debit •••• 3000".</summary>
    public string Describe() => Type switch
    {
        SourceType.Card => $"{CardBrands.DisplayName(CardBrand)} •••• {Last4}",
        SourceType.SepaDebit => $"SEPA Direct Debit •••• {Last4}",
    };

    /// <summary>"Expires 08/2030" or "Mandate ABC123 · bank 37040044".</summary>
    public string DescribeDetails() => Type switch
    {
        SourceType.Card => string.Create(CultureInfo.InvariantCulture, $"Expires {ExpMonth:00}/{ExpYear}"),
        SourceType.SepaDebit => $"Mandate {MandateReference} · bank {BankCode}",
    };

    /// <summary>A card is expired after the last day of its expiry month.</summary>
    public bool IsExpiredAt(DateTimeOffset now) =>
        Type == SourceType.Card && ExpYear is { } year && ExpMonth is { } month && CardDetails.ExpiryHasPassed(month, year, now);

    internal void MoveTo(SourceStatus status) => Status = status;

    internal void BelongTo(string customerId, bool attached)
    {
        CustomerId = customerId;
        IsAttached = attached;
    }

    internal void MarkDetached(DateTimeOffset now)
    {
        IsAttached = false;
        DetachedAt = now;
    }

    internal void MarkConsumedBy(string chargeId) => ConsumedByChargeId = chargeId;
}

public enum SourceType
{
    Card,
    SepaDebit,
}

public enum SourceUsage
{
    Reusable,
    SingleUse,
}

public enum SourceStatus
{
    /// <summary>Waiting for the customer to authorize it (3-D Secure, for instance).</summary>
    Pending,
    Chargeable,
    /// <summary>Used up: charged once (single-use or unattached) or detached. Never usable again.</summary>
    Consumed,
    Canceled,
    Failed,
}
