using System.Globalization;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.Tax;

namespace BillingDashboard.Domain.CreditNotes;

/// <summary>What to credit, in the API's parameter names: lines (quantities or amounts of the invoice's, or custom ones) or an amount.</summary>
public sealed record CreditNoteInput
{
    public IReadOnlyList<CreditNoteLineInput> Lines { get; init; } = [];

    /// <summary>The credit note's total, tax included: alone, a credit with tax in proportion; with lines, what they must add up to.</summary>
    public long? Amount { get; init; }

    /// <summary>How much of what goes past the amount due is added to the customer's balance; all of it when none of the three is given.</summary>
    public long? CreditAmount { get; init; }

    public long? RefundAmount { get; init; }

    public long? OutOfBandAmount { get; init; }

    public string? Reason { get; init; }

    public string? Memo { get; init; }

    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }

    /// <summary>Email the credit note, with its PDF, to the customer (the API's <c>email_type=credit_note</c>, its default; <c>none</c> sends nothing).</summary>
    public bool EmailCustomer { get; init; } = true;
}

/// <summary>One line to credit: of the invoice's (<see cref="InvoiceLineItem"/> with a quantity or an amount), or a custom one.</summary>
public sealed record CreditNoteLineInput
{
    /// <summary>invoice_line_item or custom_line_item; inferred from the other fields when not given.</summary>
    public string? Type { get; init; }

    public string? InvoiceLineItem { get; init; }

    public long? Quantity { get; init; }

    /// <summary>Of an invoice line: the gross amount to credit (before discounts, without exclusive tax).</summary>
    public long? Amount { get; init; }

    public string? Description { get; init; }

    public long? UnitAmount { get; init; }

    public IReadOnlyList<string> TaxRateIds { get; init; } = [];
}

/// <summary>An issued invoice as a credit note is checked against: its figures, what was credited of it, and what can be refunded.</summary>
public sealed record CreditableInvoice(
    InvoiceStatus Status,
    string Number,
    string Currency,
    long Total,
    long Credited,
    long AmountRemaining,
    IReadOnlyList<LineTax> TaxesLeft,
    IReadOnlyList<CreditableLine> Lines,
    long Refundable,
    bool CustomerExists)
{
    public long TotalLeft => Total - Credited;
}

/// <summary>A credit note worked out and checked, ready to issue (or to show as a preview).</summary>
public sealed record CreditNotePlan(
    IReadOnlyList<CreditNoteLine> Lines,
    CreditTotals Totals,
    long PrePaymentAmount,
    long CreditAmount,
    long RefundAmount,
    long OutOfBandAmount,
    string? Reason,
    string? Memo,
    Dictionary<string, string> Metadata);

/// <summary>What a credit note may be: the one place its limits, reasons, numbering and voiding are decided.</summary>
public static class CreditNoteRules
{
    public static readonly IReadOnlyList<string> Reasons = ["duplicate", "fraudulent", "order_change", "product_unsatisfactory"];

    /// <summary>"ABC-0001-CN-01": the invoice's number, then the credit note's place among the invoice's, from 1, with no gaps (a void one keeps its number).</summary>
    public static string Number(string invoiceNumber, int sequence) => string.Create(CultureInfo.InvariantCulture, $"{invoiceNumber}-CN-{sequence:00}");

    /// <summary>Why the invoice can't be credited, or null: only an open invoice (still due) or a paid one can.</summary>
    public static string? WhyNotCreditable(InvoiceStatus status) => status switch
    {
        InvoiceStatus.Open or InvoiceStatus.Paid => null,
        InvoiceStatus.Draft => "This invoice is still a draft: change its lines instead. Credit notes are for issued invoices.",
        InvoiceStatus.Void => "This invoice is void: nothing is owed on it, so there is nothing to credit.",
        _ => $"A {status.ToApiValue()} invoice can't be credited: credit notes are for open and paid invoices.",
    };

    /// <summary>
    /// Works out the credit note <paramref name="input"/> asks for on <paramref name="invoice"/>, or throws with
    /// every error: lines within what each invoice line has left, the whole within what the invoice has left, and
    /// the part past the amount due split between balance, refund and outside exactly.
    /// </summary>
    public static CreditNotePlan Plan(CreditNoteInput input, CreditableInvoice invoice, IReadOnlyDictionary<string, TaxRate> customRates, Func<string> newLineId)
    {
        if (WhyNotCreditable(invoice.Status) is { } why)
        {
            throw new RuleViolationException(why, "invoice");
        }
        var currency = Currencies.Get(invoice.Currency);
        string Format(long amount) => $"{new Money(amount, currency).ToInvariantString()} {currency.Code}";
        var errors = new List<FieldError>();
        var lines = new List<CreditNoteLine>();
        var priced = new List<PricedCredit>();
        if (input.Lines.Count == 0)
        {
            if (input.Amount is not { } amount)
            {
                throw new ValidationFailedException([new FieldError("lines", "Choose what to credit: quantities or amounts of the invoice's lines, or an amount.")]);
            }
            if (amount <= 0 || amount > invoice.TotalLeft)
            {
                errors.Add(new FieldError("amount", $"Credit a positive amount, at most the {Format(invoice.TotalLeft)} of the invoice not yet credited."));
            }
            else
            {
                var whole = CreditNoteMath.CreditTotal(amount, invoice.TotalLeft, invoice.TaxesLeft);
                priced.Add(whole);
                lines.Add(new CreditNoteLine(newLineId(), CreditNoteLineType.CustomLineItem, null, $"Credit on invoice {invoice.Number}", null, null,
                    whole.Amount, 0, whole.Taxes));
            }
        }
        for (var index = 0; index < input.Lines.Count; index++)
        {
            if (PlanLine(input.Lines[index], $"lines[{index}]", invoice, customRates, lines, errors, Format) is { } line)
            {
                priced.Add(line.Priced);
                lines.Add(line.Line with { Id = newLineId() });
            }
        }
        var totals = CreditNoteMath.Sum(priced);
        if (errors.Count == 0)
        {
            if (input.Lines.Count > 0 && input.Amount is { } expected && expected != totals.Total)
            {
                errors.Add(new FieldError("amount", $"The lines come to {Format(totals.Total)}, not {Format(expected)}: send the lines' total, or no amount."));
            }
            if (totals.Total <= 0)
            {
                errors.Add(new FieldError("lines", "The credit note comes to nothing: credit a positive amount."));
            }
            else if (totals.Total > invoice.TotalLeft)
            {
                errors.Add(new FieldError("lines", invoice.Credited == 0
                    ? $"The credit note comes to {Format(totals.Total)}, more than the invoice's total of {Format(invoice.Total)}."
                    : $"The credit note comes to {Format(totals.Total)}, but only {Format(invoice.TotalLeft)} of the invoice's {Format(invoice.Total)} is left to credit."));
            }
        }
        var (prePayment, postPayment) = CreditNoteMath.Split(Math.Max(0, totals.Total), invoice.AmountRemaining);
        var (credit, refund, outOfBand) = SplitPostPayment(input, postPayment, invoice, errors, Format);
        var reason = string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim();
        if (reason is not null && !Reasons.Contains(reason))
        {
            errors.Add(new FieldError("reason", $"'{reason}' is not a credit note reason: use {string.Join(", ", Reasons)}."));
        }
        var memo = string.IsNullOrWhiteSpace(input.Memo) ? null : input.Memo.Trim();
        if (memo?.Length > InvoiceRules.MaxMemoLength)
        {
            errors.Add(new FieldError("memo", $"The memo can be at most {InvoiceRules.MaxMemoLength} characters; this is {memo.Length}."));
        }
        var metadata = Metadata.Merge(new Dictionary<string, string>(StringComparer.Ordinal), input.Metadata ?? new Dictionary<string, string?>(), replace: true, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        return new CreditNotePlan(lines, totals, prePayment, credit, refund, outOfBand, reason, memo, metadata);
    }

    /// <summary>
    /// Why the credit note can't be voided, or null. Voiding takes back what it did, so it can't once that is out
    /// of reach: money refunded to a card, or an amount due it lowered on an invoice paid since.
    /// </summary>
    public static string? WhyNotVoidable(CreditNote creditNote, InvoiceStatus invoiceStatus) => creditNote switch
    {
        { Status: CreditNoteStatus.Void } => $"Credit note {creditNote.Number} is already void.",
        { RefundAmount: > 0 } => $"Credit note {creditNote.Number} refunded money to the customer's card, which can't be taken back: it stays issued.",
        { PrePaymentAmount: > 0 } when invoiceStatus == InvoiceStatus.Paid =>
            $"Credit note {creditNote.Number} lowered what the invoice asked for, and the invoice has been paid since: voiding it would ask again for money already settled.",
        _ => null,
    };

    private static (PricedCredit Priced, CreditNoteLine Line)? PlanLine(CreditNoteLineInput input, string field, CreditableInvoice invoice,
        IReadOnlyDictionary<string, TaxRate> customRates, IReadOnlyList<CreditNoteLine> planned, List<FieldError> errors, Func<long, string> format)
    {
        var type = input.Type ?? (input.InvoiceLineItem is not null ? "invoice_line_item" : "custom_line_item");
        switch (type)
        {
            case "invoice_line_item":
                return PlanInvoiceLine(input, field, invoice, planned, errors, format);
            case "custom_line_item":
                return PlanCustomLine(input, field, customRates, errors);
            default:
                errors.Add(new FieldError($"{field}[type]", $"'{type}' is not a credit note line type: use invoice_line_item or custom_line_item."));
                return null;
        }
    }

    private static (PricedCredit, CreditNoteLine)? PlanInvoiceLine(CreditNoteLineInput input, string field, CreditableInvoice invoice,
        IReadOnlyList<CreditNoteLine> planned, List<FieldError> errors, Func<long, string> format)
    {
        var line = invoice.Lines.FirstOrDefault(candidate => candidate.Id == input.InvoiceLineItem);
        if (line is null)
        {
            errors.Add(new FieldError($"{field}[invoice_line_item]", input.InvoiceLineItem is null
                ? "Name the invoice line to credit (invoice_line_item)."
                : $"Invoice {invoice.Number} has no line '{input.InvoiceLineItem}'."));
            return null;
        }
        if (planned.Any(other => other.InvoiceLineItemId == line.Id))
        {
            errors.Add(new FieldError($"{field}[invoice_line_item]", $"Line '{line.Description}' is credited twice in this credit note: credit it once."));
            return null;
        }
        long amount;
        switch (input.Quantity, input.Amount)
        {
            case ({ } quantity, null):
                var quantityLeft = line.UnitAmount == 0 ? 0 : line.AmountLeft / line.UnitAmount;
                if (quantity < 1 || quantity > quantityLeft)
                {
                    errors.Add(new FieldError($"{field}[quantity]", quantityLeft == 0
                        ? $"Line '{line.Description}' has nothing left to credit."
                        : $"Credit from 1 to {quantityLeft.ToString("N0", CultureInfo.InvariantCulture)} of line '{line.Description}' (quantity {line.Quantity.ToString("N0", CultureInfo.InvariantCulture)}, {Math.Max(0, line.Quantity - quantityLeft).ToString("N0", CultureInfo.InvariantCulture)} credited already)."));
                    return null;
                }
                amount = quantity * line.UnitAmount;
                break;
            case (null, { } gross):
                if (gross < 1 || gross > line.AmountLeft)
                {
                    errors.Add(new FieldError($"{field}[amount]", line.AmountLeft == 0
                        ? $"Line '{line.Description}' has nothing left to credit."
                        : $"Credit a positive amount of line '{line.Description}', at most the {format(line.AmountLeft)} of it not yet credited."));
                    return null;
                }
                amount = gross;
                break;
            default:
                errors.Add(new FieldError($"{field}[quantity]", $"Credit line '{line.Description}' by a quantity or by an amount: one of the two."));
                return null;
        }
        var priced = CreditNoteMath.CreditLine(line, amount);
        return (priced, new CreditNoteLine("", CreditNoteLineType.InvoiceLineItem, line.Id, line.Description,
            input.Quantity, input.Quantity is null ? null : line.UnitAmount, priced.Amount, priced.Discount, priced.Taxes));
    }

    private static (PricedCredit, CreditNoteLine)? PlanCustomLine(CreditNoteLineInput input, string field, IReadOnlyDictionary<string, TaxRate> customRates,
        List<FieldError> errors)
    {
        var count = errors.Count;
        var description = input.Description?.Trim() ?? "";
        if (description.Length == 0 || description.Length > InvoiceRules.MaxDescriptionLength)
        {
            errors.Add(new FieldError($"{field}[description]", $"Describe the custom line in 1 to {InvoiceRules.MaxDescriptionLength} characters."));
        }
        var quantity = input.Quantity ?? 1;
        if (quantity is < 1 or > InvoiceRules.MaxQuantity)
        {
            errors.Add(new FieldError($"{field}[quantity]", "The quantity must be a whole number from 1 to 1,000,000."));
        }
        if (input.UnitAmount is not (> 0 and <= InvoiceRules.MaxUnitAmount))
        {
            errors.Add(new FieldError($"{field}[unit_amount]", "Enter the custom line's unit amount: more than zero."));
        }
        var rates = new List<LineTaxRate>();
        foreach (var id in input.TaxRateIds.Distinct(StringComparer.Ordinal))
        {
            if (customRates.TryGetValue(id, out var rate))
            {
                rates.Add(new LineTaxRate(rate.Id, rate.Percentage, rate.Inclusive));
            }
            else
            {
                errors.Add(new FieldError($"{field}[tax_rates]", $"No such tax rate: '{id}'."));
            }
        }
        if (rates.Any(rate => rate.Inclusive) && rates.Any(rate => !rate.Inclusive))
        {
            errors.Add(new FieldError($"{field}[tax_rates]", "A line's tax rates must be all inclusive or all exclusive."));
        }
        if (errors.Count > count)
        {
            return null;
        }
        var priced = CreditNoteMath.CustomLine(quantity, input.UnitAmount!.Value, rates);
        return (priced, new CreditNoteLine("", CreditNoteLineType.CustomLineItem, null, description, quantity, input.UnitAmount, priced.Amount, 0, priced.Taxes));
    }

    /// <summary>What goes past the amount due: to the balance, by default all of it; otherwise as given, adding up exactly.</summary>
    private static (long Credit, long Refund, long OutOfBand) SplitPostPayment(CreditNoteInput input, long postPayment, CreditableInvoice invoice,
        List<FieldError> errors, Func<long, string> format)
    {
        foreach (var (value, name) in new[] { (input.CreditAmount, "credit_amount"), (input.RefundAmount, "refund_amount"), (input.OutOfBandAmount, "out_of_band_amount") })
        {
            if (value < 0)
            {
                errors.Add(new FieldError(name, "Amounts can't be negative."));
            }
        }
        var given = input.CreditAmount is not null || input.RefundAmount is not null || input.OutOfBandAmount is not null;
        var (credit, refund, outOfBand) = given
            ? (input.CreditAmount ?? 0, input.RefundAmount ?? 0, input.OutOfBandAmount ?? 0)
            : (postPayment, 0L, 0L);
        if (given && credit + refund + outOfBand != postPayment)
        {
            errors.Add(new FieldError("credit_amount", postPayment == 0
                ? "All of this credit note lowers the amount still due on the invoice: nothing goes to the balance, a refund or outside."
                : $"{format(postPayment)} of this credit note goes past the amount still due: credit_amount, refund_amount and out_of_band_amount must add up to it."));
        }
        if (refund > 0 && refund > invoice.Refundable)
        {
            errors.Add(new FieldError("refund_amount", invoice.Refundable == 0
                ? "The invoice was not paid by a charge that can be refunded: credit the customer's balance or record the credit as settled outside."
                : $"At most {format(invoice.Refundable)} of the invoice's charge is left to refund."));
        }
        if (credit > 0 && !invoice.CustomerExists)
        {
            errors.Add(new FieldError("credit_amount", "The customer was deleted, so there is no balance to credit: refund the amount or record it as settled outside."));
        }
        return (credit, refund, outOfBand);
    }
}
