using BillingDashboard.Domain.Customers;

namespace BillingDashboard.Domain.Invoices;

/// <summary>
/// A one-off invoice, the hosted API's Invoice object. While a draft, its lines (<see cref="InvoiceItem"/>s) and
/// settings change and its totals are a preview. Finalizing freezes it: the number, the totals and a
/// <see cref="InvoiceSnapshot"/> of everything the document shows are stored, and the status alone moves on,
/// through <see cref="InvoiceStateMachine"/>.
/// </summary>
public sealed class Invoice : IListedObject
{
    /// <summary>The store's row number, in creation order.</summary>
    public long Sequence { get; private set; }

    public required string Id { get; init; }

    public required string CustomerId { get; init; }

    public InvoiceStatus Status { get; private set; } = InvoiceStatus.Draft;

    /// <summary>Assigned at finalization; a draft has none, so deleting one never leaves a gap.</summary>
    public string? Number { get; private set; }

    /// <summary>Lower-case ISO 4217; the customer's, which the first invoice locks.</summary>
    public required string Currency { get; init; }

    public CollectionMethod CollectionMethod { get; set; } = CollectionMethod.ChargeAutomatically;

    /// <summary>For <see cref="CollectionMethod.SendInvoice"/>: the due date is this many days after finalization (unless a date is chosen).</summary>
    public int? DaysUntilDue { get; set; }

    /// <summary>The memo printed above the lines.</summary>
    public string? Description { get; set; }

    public string? Footer { get; set; }

    public List<InvoiceCustomField> CustomFields { get; set; } = [];

    /// <summary>A coupon for this invoice alone, applied after the customer's discount.</summary>
    public string? CouponId { get; set; }

    /// <summary>The payment method this invoice charges first (default_payment_method), before the customer's defaults.</summary>
    public string? DefaultPaymentMethodId { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset? FinalizedAt { get; private set; }

    /// <summary>
    /// When a send_invoice invoice must be paid: on a draft, a date the operator chose instead of a number of days
    /// (or none); from finalization, the date in force. A charge_automatically invoice is due when finalized.
    /// </summary>
    public DateTimeOffset? DueDate { get; internal set; }

    /// <summary>Frozen at finalization. Minor units of <see cref="Currency"/>.</summary>
    public InvoiceAmounts? Amounts { get; private set; }

    /// <summary>What the PDF shows about seller and customer, as they were at finalization.</summary>
    public InvoiceSnapshot? Snapshot { get; private set; }

    public long AmountPaid { get; private set; }

    /// <summary>The charge that paid it, when the default source was charged.</summary>
    public string? ChargeId { get; private set; }

    public List<InvoiceStatusChange> History { get; set; } = [];

    public int Version { get; set; }

    /// <summary>What credit notes took off the amount due while the invoice was still owed (their pre-payment parts).</summary>
    public long PrePaymentCreditNotesAmount { get; private set; }

    /// <summary>What credit notes gave back past the amount due: to the balance, as refunds, or outside.</summary>
    public long PostPaymentCreditNotesAmount { get; private set; }

    /// <summary>How many credit notes were issued on it (void ones too): the next one's number follows.</summary>
    public int CreditNoteCount { get; private set; }

    /// <summary>What the invoice asks for: the amount due it was finalized with, less what credit notes took off it.</summary>
    public long AmountDue => (Amounts?.AmountDue ?? 0) - PrePaymentCreditNotesAmount;

    public long AmountRemaining => Status is InvoiceStatus.Void ? 0 : AmountDue - AmountPaid;

    /// <summary>Everything issued credit notes credited: what is left to credit is the total less this.</summary>
    public long CreditNotesAmount => PrePaymentCreditNotesAmount + PostPaymentCreditNotesAmount;

    /// <summary>What the invoice comes to once its credit notes are taken off its total.</summary>
    public long TotalAfterCredits => (Amounts?.Total ?? 0) - CreditNotesAmount;

    /// <summary>Draft to open: everything the document shows is fixed from here on.</summary>
    internal void MarkFinalized(string number, DateTimeOffset now, InvoiceAmounts amounts, InvoiceSnapshot snapshot, string? author)
    {
        Move(InvoiceAction.Finalize, now, author);
        Number = number;
        FinalizedAt = now;
        DueDate = CollectionMethod == CollectionMethod.SendInvoice ? DueDate ?? now.AddDays(DaysUntilDue ?? 0) : now;
        Amounts = amounts;
        Snapshot = snapshot;
    }

    internal void MarkPaid(DateTimeOffset now, string? chargeId, string? author, string? note = null)
    {
        Move(InvoiceAction.Pay, now, author, note);
        AmountPaid = AmountDue;
        ChargeId = chargeId;
    }

    /// <summary>
    /// A credit note was issued: it takes its number, lowers the amount due by its pre-payment part, and an open
    /// invoice it leaves with nothing to pay is paid (with nothing charged).
    /// </summary>
    internal string TakeCreditNote(long prePayment, long postPayment, DateTimeOffset now, string? author, Func<int, string> number)
    {
        CreditNoteCount++;
        var creditNoteNumber = number(CreditNoteCount);
        PrePaymentCreditNotesAmount += prePayment;
        PostPaymentCreditNotesAmount += postPayment;
        if (prePayment > 0 && AmountRemaining == 0 && Status == InvoiceStatus.Open)
        {
            Move(InvoiceAction.Pay, now, author, $"Nothing left to pay after credit note {creditNoteNumber}");
        }
        else
        {
            Note(now, author, $"Credit note {creditNoteNumber} issued");
        }
        return creditNoteNumber;
    }

    /// <summary>A credit note was voided: what it took off the amount due is owed again.</summary>
    internal void ReturnCreditNote(long prePayment, long postPayment, DateTimeOffset now, string? author, string creditNoteNumber)
    {
        PrePaymentCreditNotesAmount -= prePayment;
        PostPaymentCreditNotesAmount -= postPayment;
        Note(now, author, $"Credit note {creditNoteNumber} voided");
    }

    /// <summary>Something the history should show that did not change the status, e.g. a payment attempt that failed.</summary>
    internal void Note(DateTimeOffset now, string? author, string note) => History.Add(new InvoiceStatusChange(Status, Status, now, author, note));

    internal void Move(InvoiceAction action, DateTimeOffset now, string? author, string? note = null)
    {
        var next = InvoiceStateMachine.Next(Status, action);
        if (next != Status)
        {
            History.Add(new InvoiceStatusChange(Status, next, now, author, note));
        }
        Status = next;
    }
}

public enum CollectionMethod
{
    /// <summary>The customer's default source is charged when the invoice is finalized.</summary>
    ChargeAutomatically,
    /// <summary>The invoice is sent; the customer pays by the due date.</summary>
    SendInvoice,
}

/// <summary>One step of an invoice's life, for the status history on its page.</summary>
public sealed record InvoiceStatusChange(InvoiceStatus From, InvoiceStatus To, DateTimeOffset At, string? By, string? Note);

/// <summary>The totals of a finalized invoice, as <see cref="InvoiceMath"/> computed them then.</summary>
public sealed record InvoiceAmounts(
    long Subtotal,
    IReadOnlyList<AppliedDiscount> Discounts,
    IReadOnlyList<AppliedTax> Taxes,
    long TotalExcludingTax,
    long Tax,
    long Total,
    long StartingBalance,
    long AppliedBalance,
    long AmountDue);

/// <summary>A discount line of the summary: the coupon's name (or id) and how much it took off.</summary>
public sealed record AppliedDiscount(string CouponId, string Label, long Amount);

/// <summary>A tax line of the summary: one per rate, with its name and percentage as they were.</summary>
public sealed record AppliedTax(string TaxRateId, string DisplayName, decimal Percentage, bool Inclusive, long TaxableAmount, long Amount);
