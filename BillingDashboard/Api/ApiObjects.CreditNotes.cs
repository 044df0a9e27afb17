using BillingDashboard.Domain.CreditNotes;
using BillingDashboard.Domain.Tax;

namespace BillingDashboard.Api;

/// <summary>Credit notes and their lines in the hosted API's shape.</summary>
public static partial class ApiObjects
{
    /// <param name="rates">The tax rates the lines name, for their <c>tax_rates</c>.</param>
    /// <param name="pdfUrl">Where its PDF is downloaded; none in an event, which outlives any host name.</param>
    public static object CreditNote(CreditNote creditNote, IReadOnlyDictionary<string, TaxRate> rates, string? pdfUrl) => new
    {
        id = creditNote.Id,
        @object = "credit_note",
        amount = creditNote.Total,
        amount_shipping = 0,
        created = Unix(creditNote.Created),
        currency = creditNote.Currency,
        customer = creditNote.CustomerId,
        customer_balance_transaction = creditNote.CustomerBalanceTransactionId,
        discount_amount = creditNote.DiscountAmount,
        discount_amounts = creditNote.DiscountAmount == 0 ? [] : new[] { new { amount = creditNote.DiscountAmount, discount = (string?)null } },
        effective_at = Unix(creditNote.Created),
        invoice = creditNote.InvoiceId,
        lines = List($"/v1/credit_notes/{creditNote.Id}/lines", creditNote.Lines.Take(V1Api.DefaultLimit), creditNote.Lines.Count > V1Api.DefaultLimit,
            line => CreditNoteLine(line, rates)),
        livemode = false,
        memo = creditNote.Memo,
        metadata = creditNote.Metadata,
        number = creditNote.Number,
        out_of_band_amount = creditNote.OutOfBandAmount == 0 ? (long?)null : creditNote.OutOfBandAmount,
        pdf = pdfUrl,
        post_payment_amount = creditNote.PostPaymentAmount,
        pre_payment_amount = creditNote.PrePaymentAmount,
        pretax_credit_amounts = PretaxCredits(creditNote.DiscountAmount),
        reason = creditNote.Reason,
        refunds = creditNote.RefundId is { } refund
            ? new object[] { new { amount_refunded = creditNote.RefundAmount, refund, type = "refund" } }
            : [],
        shipping_cost = (object?)null,
        status = creditNote.Status == CreditNoteStatus.Void ? "void" : "issued",
        subtotal = creditNote.Subtotal,
        subtotal_excluding_tax = creditNote.Subtotal - creditNote.Taxes.Where(tax => tax.Inclusive).Sum(tax => tax.Amount),
        total = creditNote.Total,
        total_excluding_tax = creditNote.TotalExcludingTax,
        total_taxes = creditNote.Taxes.Select(tax => Tax(new Domain.Invoices.LineTax(tax.TaxRateId, tax.Amount, tax.TaxableAmount, tax.Inclusive))).ToList(),
        type = creditNote.Type switch
        {
            CreditNoteType.PrePayment => "pre_payment",
            CreditNoteType.PostPayment => "post_payment",
            CreditNoteType.Mixed => "mixed",
        },
        voided_at = creditNote.VoidedAt is { } voided ? Unix(voided) : (long?)null,
    };

    public static object CreditNoteLine(CreditNoteLine line, IReadOnlyDictionary<string, TaxRate> rates) => new
    {
        id = line.Id,
        @object = "credit_note_line_item",
        amount = line.Amount,
        description = line.Description,
        discount_amount = line.DiscountAmount,
        discount_amounts = line.DiscountAmount == 0 ? [] : new[] { new { amount = line.DiscountAmount, discount = (string?)null } },
        invoice_line_item = line.InvoiceLineItemId,
        livemode = false,
        metadata = new Dictionary<string, string>(),
        pretax_credit_amounts = PretaxCredits(line.DiscountAmount),
        quantity = line.Quantity,
        tax_rates = line.Taxes.Where(tax => rates.ContainsKey(tax.TaxRateId)).Select(tax => TaxRate(rates[tax.TaxRateId])).ToList(),
        taxes = line.Taxes.Select(Tax).ToList(),
        type = line.Type == CreditNoteLineType.InvoiceLineItem ? "invoice_line_item" : "custom_line_item",
        unit_amount = line.UnitAmount,
        unit_amount_decimal = line.UnitAmount?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static object[] PretaxCredits(long discount) => discount == 0 ? [] : [new { amount = discount, discount = (string?)null, type = "discount" }];
}
