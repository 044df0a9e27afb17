using BillingDashboard.Domain.Cards;
using BillingDashboard.Domain.Sources;

namespace BillingDashboard.Domain.Charges;

/// <summary>
/// One attempt to take money from a source, the hosted API's Charge object. It is kept whether it succeeded or
/// failed; what happened never changes afterwards, only the business's description and metadata
/// (<see cref="ChargeRules.ApplyUpdate"/>).
/// </summary>
public sealed class Charge : IListedObject
{
    /// <summary>The store's row number, in creation order: "newest first" is this, descending.</summary>
    public long Sequence { get; private set; }

    public required string Id { get; init; }

    /// <summary>Minor units of <see cref="Currency"/>, positive.</summary>
    public long Amount { get; init; }

    /// <summary>Lower-case ISO 4217.</summary>
    public required string Currency { get; init; }

    /// <summary>The customer named in the request, even when the source is not attached to them.</summary>
    public string? CustomerId { get; init; }

    /// <summary>The source charged, or null when a payment method was.</summary>
    public string? SourceId { get; init; }

    /// <summary>The invoice this charge paid (or tried to pay), or null for a charge of its own.</summary>
    public string? InvoiceId { get; init; }

    /// <summary>The payment method charged (an invoice paid from the customer's default), or null when a source was.</summary>
    public string? PaymentMethodId { get; init; }

    /// <summary>What was charged, as it was then, so the list can say "Visa •••• 4242" without reading the source.</summary>
    public SourceType PaymentMethodType { get; init; }

    public string? CardBrand { get; init; }

    public required string Last4 { get; init; }

    public string? Description { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    public ChargeStatus Status { get; init; }

    public string? FailureCode { get; init; }

    public string? DeclineCode { get; init; }

    public string? FailureMessage { get; init; }

    /// <summary>False for an authorization held with capture=false, until it is captured (<see cref="ChargeRules.Capture"/>).</summary>
    public bool Captured { get; set; }

    /// <summary>
    /// What was given back: refunds, and for a charge captured in part, the released rest. Only ever raised, in
    /// the database, by <see cref="ChargeRules.Refundable"/>'s limit, so two refunds at once can't exceed it.
    /// </summary>
    public long AmountRefunded { get; set; }

    public DateTimeOffset Created { get; init; }

    /// <summary>The operator (or API key) that made it.</summary>
    public string? CreatedBy { get; init; }

    public bool Paid => Status == ChargeStatus.Succeeded;

    /// <summary>What the card was actually charged: the amount once captured, less the part released at capture.</summary>
    public long AmountCaptured => Captured ? Amount - ReleasedAtCapture : 0;

    /// <summary>The part of the authorization not captured, which counts as refunded, as the hosted API counts it.</summary>
    public long ReleasedAtCapture { get; set; }

    public bool FullyRefunded => Paid && AmountRefunded >= Amount;

    public string DescribePaymentMethod() => PaymentMethodType switch
    {
        SourceType.Card => $"{CardBrands.DisplayName(CardBrand)} •••• {Last4}",
        SourceType.SepaDebit => $"SEPA Direct Debit •••• {Last4}",
    };
}

public enum ChargeStatus
{
    Succeeded,
    Failed,
}
