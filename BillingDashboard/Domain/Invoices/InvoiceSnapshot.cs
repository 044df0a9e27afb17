using BillingDashboard.Domain.Customers;

namespace BillingDashboard.Domain.Invoices;

/// <summary>
/// Everything an issued invoice shows about the seller and the customer, copied at finalization, so that editing
/// or deleting the customer (or the account's details) never changes a document already sent.
/// </summary>
public sealed record InvoiceSnapshot
{
    public required SellerDetails Seller { get; init; }

    public string? CustomerName { get; init; }

    public string? CustomerEmail { get; init; }

    public Address CustomerAddress { get; init; } = new();

    public Shipping? Shipping { get; init; }

    /// <summary>"eu_vat DE123456789", as printed under the bill-to block.</summary>
    public IReadOnlyList<SnapshotTaxId> CustomerTaxIds { get; init; } = [];

    public TaxExempt TaxExempt { get; init; }

    /// <summary>The customer's languages in order; the PDF uses the first it supports.</summary>
    public IReadOnlyList<string> PreferredLocales { get; init; } = [];

    public IReadOnlyList<SnapshotLine> Lines { get; init; } = [];
}

public sealed record SnapshotTaxId(string Type, string Value);

/// <summary>One line as billed: description, quantity, unit amount, its taxes' names and what it came to.</summary>
public sealed record SnapshotLine(string Description, long Quantity, long UnitAmount, long Amount, IReadOnlyList<string> TaxLabels);

/// <summary>Who issues the invoices: the business running this dashboard (Settings).</summary>
public sealed record SellerDetails
{
    public string Name { get; init; } = "";

    public Address Address { get; init; } = new();

    public string? Email { get; init; }

    /// <summary>"DE123456789" and the like, as the seller wants them printed.</summary>
    public IReadOnlyList<string> TaxIds { get; init; } = [];
}
