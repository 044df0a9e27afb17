using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;

namespace BillingDashboard.Pdf;

/// <summary>
/// An issued invoice as a PDF, in the customer's language: drawn from the invoice's snapshot and frozen amounts
/// only, so it reads the same whenever it is downloaded (credit notes issued later are documents of their own).
/// </summary>
public static class InvoiceDocument
{
    /// <summary>The PDF's bytes. Throws <see cref="MissingFontException"/> when no installed font covers the text.</summary>
    public static byte[] Render(Invoice invoice, FontCatalog fonts) => DocumentRenderer.Render(Print(invoice), fonts);

    public static PrintedDocument Print(Invoice invoice)
    {
        var snapshot = invoice.Snapshot ?? throw new RuleViolationException("Only a finalized invoice has a PDF: finalize the draft first.");
        var amounts = invoice.Amounts!;
        var (language, labels, culture) = InvoiceLocales.Resolve(snapshot.PreferredLocales);
        var currency = Currencies.Get(invoice.Currency);
        string Money(long minorUnits) => new Money(minorUnits, currency).Format(culture);

        var summary = new List<PrintedRow> { new(labels.Subtotal, Money(amounts.Subtotal)) };
        summary.AddRange(amounts.Discounts.Select(discount => new PrintedRow($"{labels.Discount} ({discount.Label})", Money(-discount.Amount))));
        if (amounts.Taxes.Count > 0)
        {
            summary.Add(new(labels.TotalExcludingTax, Money(amounts.TotalExcludingTax)));
            summary.AddRange(amounts.Taxes.Select(tax => new PrintedRow(PrintedParties.TaxRow(tax, culture), Money(tax.Amount))));
        }
        summary.Add(new(labels.Total, Money(amounts.Total), Strong: true));
        if (amounts.AppliedBalance != 0)
        {
            summary.Add(new(labels.AppliedBalance, Money(amounts.AppliedBalance)));
        }
        summary.Add(new(labels.AmountDue, Money(amounts.AmountDue), Strong: true));

        var closing = invoice.CustomFields.Select(field => ($"{field.Name}: {field.Value}", false)).ToList();
        if (snapshot.TaxExempt == TaxExempt.Reverse)
        {
            closing.Add((labels.ReverseCharge, true));
        }
        return new PrintedDocument
        {
            Id = invoice.Id,
            Number = invoice.Number!,
            Issued = invoice.FinalizedAt!.Value,
            Language = language,
            Culture = culture,
            PageSize = PrintedParties.PageSizeFor(snapshot.CustomerAddress, culture),
            Title = labels.Invoice,
            Details =
            [
                new(labels.InvoiceNumber, invoice.Number!),
                new(labels.DateOfIssue, InvoiceLocales.Date(invoice.FinalizedAt!.Value, culture)),
                new(labels.DateDue, InvoiceLocales.Date(invoice.DueDate!.Value, culture)),
            ],
            Seller = snapshot.Seller,
            BillToHeading = labels.BillTo,
            BillTo = PrintedParties.BillTo(snapshot),
            ShipToHeading = labels.ShipTo,
            ShipTo = PrintedParties.ShipTo(snapshot.Shipping),
            Memo = invoice.Description,
            Columns = new PrintedColumns(labels.Description, labels.Quantity, labels.UnitPrice, labels.Tax, labels.Amount),
            Lines = [.. snapshot.Lines.Select(line => new PrintedLine(line.Description, line.Quantity.ToString("N0", culture), Money(line.UnitAmount),
                line.TaxLabels, Money(line.Amount)))],
            Summary = summary,
            Closing = closing,
            Footer = invoice.Footer,
            PageOf = labels.PageOf,
        };
    }
}
