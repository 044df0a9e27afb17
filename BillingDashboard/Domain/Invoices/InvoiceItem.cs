namespace BillingDashboard.Domain.Invoices;

/// <summary>
/// One line to bill: description, quantity × unit amount, and the tax rates on it. Created for a customer
/// without an invoice it is pending, and the customer's next draft pulls it in; on a draft it is one of its
/// lines, and finalization freezes it with the amounts it was billed at.
/// </summary>
public sealed class InvoiceItem : IListedObject
{
    public long Sequence { get; private set; }

    public required string Id { get; init; }

    public required string CustomerId { get; init; }

    /// <summary>Null while pending.</summary>
    public string? InvoiceId { get; set; }

    public required string Description { get; set; }

    public long Quantity { get; set; } = 1;

    /// <summary>Minor units of <see cref="Currency"/>, zero or more.</summary>
    public long UnitAmount { get; set; }

    public required string Currency { get; init; }

    public List<string> TaxRateIds { get; set; } = [];

    public DateTimeOffset Created { get; init; }

    /// <summary>Filled at finalization: what the line came to, for the document and the API.</summary>
    public long? DiscountAmount { get; set; }

    public List<InvoiceLineTax>? Taxes { get; set; }

    public long Amount => checked(Quantity * UnitAmount);
}

/// <summary>A line's tax at one rate, as finalized.</summary>
public sealed record InvoiceLineTax(string TaxRateId, long Amount);
