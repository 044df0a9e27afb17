using BillingDashboard.Domain.Invoices;

namespace BillingDashboard.Domain.CreditNotes;

/// <summary>
/// A credit note (the hosted API's <c>cn_…</c>): a document that lowers what an issued invoice asks for without
/// voiding it. Its total first reduces what is still due on the invoice (<see cref="PrePaymentAmount"/>); the rest
/// (<see cref="PostPaymentAmount"/>) goes to the customer's credit balance, back to the card as a refund, or is
/// recorded as settled outside. Issued credit notes never change; voiding one reverses what it did.
/// </summary>
public sealed class CreditNote : IListedObject
{
    public long Sequence { get; private set; }

    public required string Id { get; init; }

    public required string InvoiceId { get; init; }

    public required string CustomerId { get; init; }

    /// <summary>The invoice's number and its place among the invoice's credit notes: "ABC-0001-CN-01".</summary>
    public required string Number { get; init; }

    public required string Currency { get; init; }

    public CreditNoteStatus Status { get; private set; } = CreditNoteStatus.Issued;

    /// <summary>duplicate, fraudulent, order_change or product_unsatisfactory; null when none was given.</summary>
    public string? Reason { get; init; }

    /// <summary>Printed on the PDF under the header.</summary>
    public string? Memo { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    public List<CreditNoteLine> Lines { get; init; } = [];

    /// <summary>The tax rates its lines name, each once.</summary>
    public IEnumerable<string> TaxRateIds => Lines.SelectMany(line => line.Taxes).Select(tax => tax.TaxRateId).Distinct();

    /// <summary>The lines' amounts before discounts, with inclusive tax and without exclusive tax.</summary>
    public long Subtotal { get; init; }

    /// <summary>The invoice's discounts, given back in proportion with the lines credited.</summary>
    public long DiscountAmount { get; init; }

    /// <summary>Tax credited, one entry per rate, with its name and percentage as the invoice printed them.</summary>
    public List<AppliedTax> Taxes { get; init; } = [];

    /// <summary>What the customer is credited in all: subtotal less discounts plus exclusive tax.</summary>
    public long Total { get; init; }

    /// <summary>The part that lowered the invoice's amount still due.</summary>
    public long PrePaymentAmount { get; init; }

    /// <summary>The part added to the customer's credit balance (a ledger entry).</summary>
    public long CreditAmount { get; init; }

    /// <summary>The part given back from the invoice's charge (a refund).</summary>
    public long RefundAmount { get; init; }

    /// <summary>The part the seller settles outside this dashboard (cash, a bank transfer).</summary>
    public long OutOfBandAmount { get; init; }

    public long PostPaymentAmount => CreditAmount + RefundAmount + OutOfBandAmount;

    public string? CustomerBalanceTransactionId { get; init; }

    public string? RefundId { get; init; }

    /// <summary>The seller as Settings had them when the credit note was issued; the customer is the invoice's.</summary>
    public required SellerDetails Seller { get; init; }

    public DateTimeOffset Created { get; init; }

    public string? CreatedBy { get; init; }

    public DateTimeOffset? VoidedAt { get; private set; }

    public string? VoidedBy { get; private set; }

    public int Version { get; set; }

    public long TotalExcludingTax => Total - Taxes.Sum(tax => tax.Amount);

    /// <summary>pre_payment, post_payment or mixed: which side of the invoice's payment it credited.</summary>
    public CreditNoteType Type => (PrePaymentAmount, PostPaymentAmount) switch
    {
        ( > 0, > 0) => CreditNoteType.Mixed,
        (_, > 0) => CreditNoteType.PostPayment,
        _ => CreditNoteType.PrePayment,
    };

    internal void MarkVoid(DateTimeOffset now, string? author)
    {
        Status = CreditNoteStatus.Void;
        VoidedAt = now;
        VoidedBy = author;
    }
}

public enum CreditNoteStatus
{
    Issued,
    Void,
}

public enum CreditNoteType
{
    PrePayment,
    PostPayment,
    Mixed,
}

public enum CreditNoteLineType
{
    /// <summary>Credits some of an invoice line: a quantity, or an amount, of it.</summary>
    InvoiceLineItem,
    /// <summary>A line of its own: a description and an amount, with any tax rates.</summary>
    CustomLineItem,
}

/// <summary>
/// One line of a credit note, as issued: what it credits, its gross amount (before discounts, without exclusive
/// tax), the discount given back with it and its taxes.
/// </summary>
public sealed record CreditNoteLine(
    string Id,
    CreditNoteLineType Type,
    string? InvoiceLineItemId,
    string Description,
    long? Quantity,
    long? UnitAmount,
    long Amount,
    long DiscountAmount,
    IReadOnlyList<LineTax> Taxes)
{
    public long ExclusiveTax => Taxes.Where(tax => !tax.Inclusive).Sum(tax => tax.Amount);

    public long Total => Amount - DiscountAmount + ExclusiveTax;
}
