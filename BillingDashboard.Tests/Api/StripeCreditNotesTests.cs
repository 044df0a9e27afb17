using System.Net;
using BillingDashboard.Tests.Infrastructure;
using Stripe;

namespace BillingDashboard.Tests.Api;

/// <summary>/v1/credit_notes as the hosted API's official .NET client drives it: its own parsing judges the wire format.</summary>
public abstract class StripeCreditNotesTests<TFixture>(TFixture api) : IClassFixture<TFixture> where TFixture : StripeApiFixture
{
    private readonly CreditNoteService _creditNotes = new(api.Client);
    private readonly Stripe.InvoiceService _invoices = new(api.Client);

    /// <summary>A customer paying by Visa, an invoice of 3 × 40.00 with 20% VAT (144.00) and 1 × 10.00, paid at finalization.</summary>
    private async Task<(Invoice Invoice, Customer Customer, TaxRate Vat)> PaidInvoiceAsync(string name)
    {
        var customer = await new Stripe.CustomerService(api.Client).CreateAsync(new CustomerCreateOptions
        {
            Name = name, Email = $"{name.Replace(' ', '.').ToLowerInvariant()}@credit-notes.example", Source = "tok_visa",
            PreferredLocales = ["de-DE"],
        });
        var vat = await new TaxRateService(api.Client).CreateAsync(new TaxRateCreateOptions { DisplayName = "MwSt.", Percentage = 20m, Inclusive = false });
        var items = new InvoiceItemService(api.Client);
        // Stripe.net 53 sends a unit price only as unit_amount_decimal or price_data; the integer form goes as a raw parameter.
        var consulting = new InvoiceItemCreateOptions { Customer = customer.Id, Currency = "eur", Quantity = 3, Description = "Beratung", TaxRates = [vat.Id] };
        consulting.AddExtraParam("unit_amount", "4000");
        await items.CreateAsync(consulting);
        await items.CreateAsync(new InvoiceItemCreateOptions { Customer = customer.Id, Currency = "eur", Amount = 1_000, Description = "Anfahrt" });
        var draft = await _invoices.CreateAsync(new InvoiceCreateOptions { Customer = customer.Id, CollectionMethod = "charge_automatically", PendingInvoiceItemsBehavior = "include" });
        return (await _invoices.FinalizeInvoiceAsync(draft.Id), customer, vat);
    }

    [Fact]
    public async Task CreditNote_PreviewCreateRetrieveUpdateListLinesAndVoid_ThroughTheOfficialClient()
    {
        var (invoice, customer, vat) = await PaidInvoiceAsync("Credit Noted");
        var consulting = invoice.Lines.Data[0];
        var options = new CreditNoteCreateOptions
        {
            Invoice = invoice.Id,
            Lines = [new CreditNoteLineOptions { Type = "invoice_line_item", InvoiceLineItem = consulting.Id, Quantity = 1 }],
            Reason = "product_unsatisfactory",
            Memo = "Eine Sitzung ausgefallen",
            CreditAmount = 2_800,
            RefundAmount = 2_000,
            Metadata = new() { ["ticket"] = "T-17" },
        };

        var preview = await _creditNotes.PreviewAsync(new CreditNotePreviewOptions
        {
            Invoice = options.Invoice, Lines = options.Lines, CreditAmount = options.CreditAmount, RefundAmount = options.RefundAmount,
        });
        var created = await _creditNotes.CreateAsync(options);
        var retrieved = await _creditNotes.GetAsync(created.Id);
        var updated = await _creditNotes.UpdateAsync(created.Id, new CreditNoteUpdateOptions { Memo = "Eine Sitzung entfiel", Metadata = new() { ["ticket"] = "T-18" } });
        var byInvoice = await _creditNotes.ListAsync(new CreditNoteListOptions { Invoice = invoice.Id });
        var byCustomer = await _creditNotes.ListAsync(new CreditNoteListOptions { Customer = customer.Id });
        var lines = await _creditNotes.ListLineItemsAsync(created.Id);
        var paidAfter = await _invoices.GetAsync(invoice.Id);

        Assert.Equal((4_800L, 800L, "post_payment"), (preview.Total, preview.TotalTaxes.Single().Amount, preview.Type));
        Assert.Equal(($"{invoice.Number}-CN-01", "issued", 4_800L, 4_000L, 0L, 4_800L), (created.Number, created.Status, created.Amount, created.Subtotal,
            created.PrePaymentAmount, created.PostPaymentAmount));
        Assert.Equal((2_800L, 2_000L), (created.Amount - created.Refunds.Sum(refund => refund.AmountRefunded), created.Refunds.Single().AmountRefunded));
        Assert.StartsWith("re_", created.Refunds.Single().RefundId, StringComparison.Ordinal);
        Assert.StartsWith("cbtxn_", created.CustomerBalanceTransactionId, StringComparison.Ordinal);
        Assert.Equal((invoice.Id, customer.Id, "product_unsatisfactory"), (created.InvoiceId, created.CustomerId, created.Reason));
        var line = created.Lines.Data.Single();
        Assert.Equal(("invoice_line_item", consulting.Id, 1L, 4_000L), (line.Type, line.InvoiceLineItem, line.Quantity, line.Amount));
        Assert.Equal((800L, vat.Id), (line.Taxes.Single().Amount, line.TaxRates.Single().Id));
        Assert.Equal(created.Number, retrieved.Number);
        Assert.Equal(("Eine Sitzung entfiel", "T-18"), (updated.Memo, updated.Metadata["ticket"]));
        Assert.Equal([created.Id], byInvoice.Data.Select(note => note.Id));
        Assert.Equal([created.Id], byCustomer.Data.Select(note => note.Id));
        Assert.Equal(line.Id, lines.Data.Single().Id);
        Assert.Equal((4_800L, 0L), (paidAfter.PostPaymentCreditNotesAmount, paidAfter.PrePaymentCreditNotesAmount));
        Assert.Equal(-2_800L, (await new Stripe.CustomerService(api.Client).GetAsync(customer.Id)).Balance);

        // It refunded money to the card, which can't be taken back: voiding it is refused with the hosted API's error shape.
        var refused = await Assert.ThrowsAsync<StripeException>(() => _creditNotes.VoidCreditNoteAsync(created.Id));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request_error"), (refused.HttpStatusCode, refused.StripeError.Type));
    }

    [Fact]
    public async Task CreditNote_OfAnAmountOnAnOpenInvoice_LowersItsAmountDue_AndVoidingRestoresIt()
    {
        var customer = await new Stripe.CustomerService(api.Client).CreateAsync(new CustomerCreateOptions { Name = "Open Oskar", Email = "oskar@credit-notes.example" });
        await new InvoiceItemService(api.Client).CreateAsync(new InvoiceItemCreateOptions { Customer = customer.Id, Currency = "usd", Amount = 10_000, Description = "Audit" });
        var draft = await _invoices.CreateAsync(new InvoiceCreateOptions
        {
            Customer = customer.Id, CollectionMethod = "send_invoice", DaysUntilDue = 30, PendingInvoiceItemsBehavior = "include",
        });
        var open = await _invoices.FinalizeInvoiceAsync(draft.Id);

        var creditNote = await _creditNotes.CreateAsync(new CreditNoteCreateOptions { Invoice = open.Id, Amount = 2_500, Reason = "order_change" });
        var lowered = await _invoices.GetAsync(open.Id);
        var voided = await _creditNotes.VoidCreditNoteAsync(creditNote.Id);
        var restored = await _invoices.GetAsync(open.Id);
        var tooMuch = await Assert.ThrowsAsync<StripeException>(() => _creditNotes.CreateAsync(new CreditNoteCreateOptions { Invoice = open.Id, Amount = 10_001 }));

        Assert.Equal(("pre_payment", 2_500L, "custom_line_item"), (creditNote.Type, creditNote.PrePaymentAmount, creditNote.Lines.Data.Single().Type));
        Assert.Equal((7_500L, 7_500L, 2_500L), (lowered.AmountDue, lowered.AmountRemaining, lowered.PrePaymentCreditNotesAmount));
        Assert.Equal(("void", true), (voided.Status, voided.VoidedAt is not null));
        Assert.Equal((10_000L, "open"), (restored.AmountDue, restored.Status));
        Assert.Equal("amount", tooMuch.StripeError.Param);
    }
}

public sealed class StripeCreditNotesTestsOnSqlite(StripeApiFixture api) : StripeCreditNotesTests<StripeApiFixture>(api);

public sealed class StripeCreditNotesTestsOnPostgreSql(PostgreSqlStripeApiFixture api) : StripeCreditNotesTests<PostgreSqlStripeApiFixture>(api);
