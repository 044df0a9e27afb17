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

    public required string SourceId { get; init; }

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

    public DateTimeOffset Created { get; init; }

    /// <summary>The operator (or API key) that made it.</summary>
    public string? CreatedBy { get; init; }

    public bool Paid => Status == ChargeStatus.Succeeded;

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
