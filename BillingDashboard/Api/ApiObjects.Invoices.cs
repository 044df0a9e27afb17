using System.Globalization;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.Tax;

namespace BillingDashboard.Api;

/// <summary>Invoices, their lines and invoice items in the hosted API's shape.</summary>
public static partial class ApiObjects
{
    /// <param name="totals">The draft's totals as they stand, or the issued invoice's frozen ones (InvoiceService.PreviewAsync).</param>
    /// <param name="rates">The tax rates the lines name, for their <c>tax_rates</c>.</param>
    /// <param name="pdfUrl">Where the PDF of an issued invoice is downloaded; null for a draft.</param>
    public static object Invoice(Invoice invoice, IReadOnlyList<InvoiceItem> lines, InvoiceTotals totals, IReadOnlyDictionary<string, TaxRate> rates,
        string? pdfUrl, object? expandedCustomer = null, object? expandedCharge = null, object? expandedDefaultPaymentMethod = null)
    {
        var amounts = invoice.Amounts;
        var snapshot = invoice.Snapshot;
        DateTimeOffset? LastMoveTo(InvoiceStatus status) => invoice.History.LastOrDefault(change => change.To == status && change.From != status)?.At;
        return new
        {
            id = invoice.Id,
            @object = "invoice",
            account_name = snapshot?.Seller.Name,
            amount_due = amounts is null ? totals.Total : invoice.AmountDue,
            amount_paid = invoice.AmountPaid,
            amount_remaining = amounts is null ? totals.Total : invoice.AmountRemaining,
            attempted = invoice.ChargeId is not null || invoice.History.Any(change => change.Note?.StartsWith("Payment failed", StringComparison.Ordinal) == true),
            auto_advance = false,
            billing_reason = "manual",
            charge = expandedCharge ?? invoice.ChargeId,
            collection_method = invoice.CollectionMethod == CollectionMethod.SendInvoice ? "send_invoice" : "charge_automatically",
            created = Unix(invoice.Created),
            currency = invoice.Currency,
            custom_fields = invoice.CustomFields.Count == 0 ? null : invoice.CustomFields.Select(field => new { name = field.Name, value = field.Value }).ToList(),
            customer = expandedCustomer ?? invoice.CustomerId,
            customer_address = snapshot is null ? null : Address(snapshot.CustomerAddress),
            customer_email = snapshot?.CustomerEmail,
            customer_name = snapshot?.CustomerName,
            customer_tax_exempt = snapshot?.TaxExempt.ToApiValue(),
            default_payment_method = expandedDefaultPaymentMethod ?? invoice.DefaultPaymentMethodId,
            customer_tax_ids = snapshot?.CustomerTaxIds.Select(taxId => new { type = taxId.Type, value = taxId.Value }).ToList(),
            days_until_due = invoice.DaysUntilDue,
            description = invoice.Description,
            discounts = invoice.CouponId is null ? [] : new[] { invoice.CouponId },
            due_date = invoice.CollectionMethod == CollectionMethod.SendInvoice && invoice.DueDate is { } due ? Unix(due) : (long?)null,
            ending_balance = amounts is null ? (long?)null : amounts.StartingBalance - amounts.AppliedBalance,
            footer = invoice.Footer,
            hosted_invoice_url = (string?)null,
            invoice_pdf = pdfUrl,
            lines = List($"/v1/invoices/{invoice.Id}/lines", lines.Zip(totals.Lines).Take(V1Api.DefaultLimit), lines.Count > V1Api.DefaultLimit,
                line => LineItem(line.First, line.Second, rates)),
            livemode = false,
            metadata = invoice.Metadata,
            number = invoice.Number,
            paid = invoice.Status == InvoiceStatus.Paid,
            post_payment_credit_notes_amount = invoice.PostPaymentCreditNotesAmount,
            pre_payment_credit_notes_amount = invoice.PrePaymentCreditNotesAmount,
            paid_out_of_band = invoice.Status == InvoiceStatus.Paid && invoice.ChargeId is null && invoice.AmountPaid > 0,
            starting_balance = amounts?.StartingBalance ?? 0,
            status = invoice.Status.ToApiValue(),
            status_transitions = new
            {
                finalized_at = invoice.FinalizedAt is { } finalized ? Unix(finalized) : (long?)null,
                marked_uncollectible_at = LastMoveTo(InvoiceStatus.Uncollectible) is { } uncollectible ? Unix(uncollectible) : (long?)null,
                paid_at = LastMoveTo(InvoiceStatus.Paid) is { } paid ? Unix(paid) : (long?)null,
                voided_at = LastMoveTo(InvoiceStatus.Void) is { } voided ? Unix(voided) : (long?)null,
            },
            subtotal = totals.Subtotal,
            subtotal_excluding_tax = totals.Subtotal - totals.TaxesByRate.Where(tax => tax.Inclusive).Sum(tax => tax.Amount),
            tax = totals.Tax,
            total = totals.Total,
            total_discount_amounts = totals.Discounts.Select(discount => new { amount = discount.Amount, discount = discount.CouponId }).ToList(),
            total_excluding_tax = totals.TotalExcludingTax,
            total_taxes = totals.TaxesByRate.Select(Tax).ToList(),
        };
    }

    /// <summary>A line of an invoice: the invoice item it was made from, with its share of the discounts and its taxes.</summary>
    public static object LineItem(InvoiceItem line, PricedLine priced, IReadOnlyDictionary<string, TaxRate> rates) => new
    {
        id = line.Id,
        @object = "line_item",
        amount = line.Amount,
        currency = line.Currency,
        description = line.Description,
        discount_amounts = priced.Discount == 0 ? [] : new[] { new { amount = priced.Discount, discount = (string?)null } },
        discountable = true,
        invoice = line.InvoiceId,
        livemode = false,
        metadata = new Dictionary<string, string>(),
        parent = new { type = "invoice_item_details", invoice_item_details = new { invoice_item = line.Id, proration = false } },
        period = new { start = Unix(line.Created), end = Unix(line.Created) },
        pricing = new { type = "price_details", unit_amount_decimal = line.UnitAmount.ToString(CultureInfo.InvariantCulture) },
        quantity = line.Quantity,
        tax_rates = line.TaxRateIds.Where(rates.ContainsKey).Select(id => TaxRate(rates[id])).ToList(),
        taxes = priced.Taxes.Select(Tax).ToList(),
    };

    public static object InvoiceItem(InvoiceItem item, IReadOnlyDictionary<string, TaxRate> rates) => new
    {
        id = item.Id,
        @object = "invoiceitem",
        amount = item.Amount,
        currency = item.Currency,
        customer = item.CustomerId,
        date = Unix(item.Created),
        description = item.Description,
        discountable = true,
        discounts = Array.Empty<string>(),
        invoice = item.InvoiceId,
        livemode = false,
        metadata = new Dictionary<string, string>(),
        period = new { start = Unix(item.Created), end = Unix(item.Created) },
        proration = false,
        quantity = item.Quantity,
        tax_rates = item.TaxRateIds.Where(rates.ContainsKey).Select(id => TaxRate(rates[id])).ToList(),
        unit_amount = item.UnitAmount,
        unit_amount_decimal = item.UnitAmount.ToString(CultureInfo.InvariantCulture),
    };

    private static object Tax(LineTax tax) => new
    {
        amount = tax.Amount,
        tax_behavior = tax.Inclusive ? "inclusive" : "exclusive",
        tax_rate_details = new { tax_rate = tax.TaxRateId },
        taxability_reason = "standard_rated",
        taxable_amount = tax.TaxableAmount,
        type = "tax_rate_details",
    };
}
