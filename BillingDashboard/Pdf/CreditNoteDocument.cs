using BillingDashboard.Domain;
using BillingDashboard.Domain.CreditNotes;
using BillingDashboard.Domain.Invoices;

namespace BillingDashboard.Pdf;

/// <summary>
/// A credit note as a PDF, in the same layout and language as its invoice: the seller as they were when it was
/// issued, the customer (with their tax ids) as the invoice billed them, the lines credited and where the credit went.
/// </summary>
public static class CreditNoteDocument
{
    public static byte[] Render(CreditNote creditNote, Invoice invoice, FontCatalog fonts) => DocumentRenderer.Render(Print(creditNote, invoice), fonts);

    public static PrintedDocument Print(CreditNote creditNote, Invoice invoice)
    {
        var snapshot = invoice.Snapshot!;
        var (language, labels, culture) = InvoiceLocales.Resolve(snapshot.PreferredLocales);
        var words = CreditNoteLocales.For(language);
        var currency = Currencies.Get(creditNote.Currency);
        string Money(long minorUnits) => new Money(minorUnits, currency).Format(culture);
        var rates = creditNote.Taxes.ToDictionary(tax => tax.TaxRateId, tax => PrintedParties.TaxRow(tax, culture), StringComparer.Ordinal);

        var details = new List<PrintedRow>
        {
            new(words.CreditNoteNumber, creditNote.Number),
            new(labels.InvoiceNumber, invoice.Number!),
            new(labels.DateOfIssue, InvoiceLocales.Date(creditNote.Created, culture)),
        };
        if (creditNote.Reason is { } reason)
        {
            details.Add(new(words.Reason, words.ReasonText(reason)));
        }
        if (creditNote.VoidedAt is { } voided)
        {
            details.Add(new(words.Voided, InvoiceLocales.Date(voided, culture)));
        }

        var summary = new List<PrintedRow> { new(labels.Subtotal, Money(creditNote.Subtotal)) };
        if (creditNote.DiscountAmount > 0)
        {
            summary.Add(new(labels.Discount, Money(-creditNote.DiscountAmount)));
        }
        if (creditNote.Taxes.Count > 0)
        {
            summary.Add(new(labels.TotalExcludingTax, Money(creditNote.TotalExcludingTax)));
            summary.AddRange(creditNote.Taxes.Select(tax => new PrintedRow(rates[tax.TaxRateId], Money(tax.Amount))));
        }
        summary.Add(new(words.TotalCredited, Money(creditNote.Total), Strong: true));
        foreach (var (label, amount) in new[]
                 {
                     (words.AppliedToAmountDue, creditNote.PrePaymentAmount), (words.CreditedToBalance, creditNote.CreditAmount),
                     (words.Refunded, creditNote.RefundAmount), (words.CreditedOutside, creditNote.OutOfBandAmount),
                 })
        {
            if (amount > 0)
            {
                summary.Add(new(label, Money(amount)));
            }
        }

        return new PrintedDocument
        {
            Id = creditNote.Id,
            Number = creditNote.Number,
            Issued = creditNote.Created,
            Language = language,
            Culture = culture,
            PageSize = PrintedParties.PageSizeFor(snapshot.CustomerAddress, culture),
            Title = words.CreditNote,
            Details = details,
            Seller = creditNote.Seller,
            BillToHeading = labels.BillTo,
            BillTo = PrintedParties.BillTo(snapshot),
            Memo = creditNote.Memo,
            Columns = new PrintedColumns(labels.Description, labels.Quantity, labels.UnitPrice, labels.Tax, labels.Amount),
            Lines = [.. creditNote.Lines.Select(line => new PrintedLine(line.Description, line.Quantity?.ToString("N0", culture),
                line.UnitAmount is { } unit ? Money(unit) : null, [.. line.Taxes.Select(tax => rates.GetValueOrDefault(tax.TaxRateId, tax.TaxRateId))],
                Money(line.Amount)))],
            Summary = summary,
            PageOf = labels.PageOf,
        };
    }
}
