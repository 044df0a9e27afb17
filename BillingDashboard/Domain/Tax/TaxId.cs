namespace BillingDashboard.Domain.Tax;

/// <summary>One of a customer's tax IDs, printed in the header of their invoices.</summary>
public sealed class TaxId
{
    public required string Id { get; init; }

    public required string CustomerId { get; init; }

    /// <summary>The API code of its <see cref="TaxIdType"/>, e.g. "eu_vat".</summary>
    public required string Type { get; init; }

    /// <summary>Normalised by <see cref="TaxIdFormats"/>.</summary>
    public required string Value { get; init; }

    /// <summary>ISO 3166-1 alpha-2: fixed by the type, or the member state of an EU VAT number.</summary>
    public required string Country { get; init; }

    public TaxIdVerification Verification { get; init; } = TaxIdVerification.Unverified;

    public DateTimeOffset Created { get; init; }
}

/// <summary>
/// Only <see cref="Unverified"/> is ever set: checking against government registers (VIES, HMRC, ABN Lookup)
/// needs their online services, which this product does not call. The other values exist for the wire format.
/// </summary>
public enum TaxIdVerification
{
    Unverified,
    Pending,
    Verified,
    Unavailable,
}
