using BillingDashboard.Domain;
using BillingDashboard.Domain.Balance;
using BillingDashboard.Domain.CreditNotes;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.Balance;
using BillingDashboard.Features.CreditNotes;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Features.Payments;
using BillingDashboard.Features.TaxRates;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.CreditNotes;

/// <summary>Credit notes through the service the pages and the API call, over the real database of each store.</summary>
public abstract class CreditNoteServiceTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AppFactory
{
    private Task<T> WithAsync<TService, T>(Func<TService, Task<T>> work) where TService : notnull =>
        app.InScopeAsync(services => work(services.GetRequiredService<TService>()));

    private Task<CreditNote> CreateAsync(string invoiceId, CreditNoteInput input) =>
        WithAsync<CreditNoteService, CreditNote>(creditNotes => creditNotes.CreateAsync(invoiceId, input));

    /// <summary>An issued invoice of 2 × 50.00 workshops and 1 × 25.00 travel, 19% VAT on the workshops: 144.00.</summary>
    private async Task<(Invoice Invoice, IReadOnlyList<InvoiceItem> Lines, Customer Customer)> InvoiceAsync(string name, bool paidByCard = false, bool sent = false)
    {
        var customer = await app.CreateCustomerAsync(new CustomerInput { Name = name, Email = $"{name.Replace(' ', '.').ToLowerInvariant()}@credit.example", Currency = "eur" });
        if (paidByCard)
        {
            await WithAsync<PaymentService, Source>(payments => payments.AddToCustomerAsync(customer.Id, TestCards.Card(expMonth: 1, expYear: 2033)));
        }
        var vat = await WithAsync<TaxRateService, TaxRate>(rates => rates.CreateAsync(new TaxRateInput { DisplayName = "VAT", Percentage = "19" }));
        var draft = await WithAsync<InvoiceService, InvoiceDetails>(invoices => invoices.CreateDraftAsync(customer.Id, input: sent
            ? new InvoiceDraftInput { CollectionMethod = "send_invoice", DaysUntilDue = 30 } : null));
        await WithAsync<InvoiceService, InvoiceItem>(invoices => invoices.AddLineAsync(draft.Invoice.Id,
            new InvoiceItemInput { Description = "Workshop", Quantity = 2, UnitAmount = 5_000, TaxRateIds = [vat.Id] }));
        await WithAsync<InvoiceService, InvoiceItem>(invoices => invoices.AddLineAsync(draft.Invoice.Id,
            new InvoiceItemInput { Description = "Travel", Quantity = 1, UnitAmount = 2_500 }));
        var attempt = await WithAsync<InvoiceService, InvoicePaymentAttempt>(invoices => invoices.FinalizeAsync(draft.Invoice.Id));
        if (!paidByCard && !sent)
        {
            attempt = await WithAsync<InvoiceService, InvoicePaymentAttempt>(invoices => invoices.PayAsync(draft.Invoice.Id, paidOutOfBand: true));
        }
        var details = await WithAsync<InvoiceService, InvoiceDetails>(invoices => invoices.GetAsync(draft.Invoice.Id));
        return (details.Invoice, details.Lines, customer);
    }

    private static CreditNoteInput OneWorkshop(IReadOnlyList<InvoiceItem> lines) =>
        new() { Lines = [new CreditNoteLineInput { InvoiceLineItem = lines[0].Id, Quantity = 1 }], Reason = "product_unsatisfactory" };

    [Fact]
    public async Task OnAPaidInvoice_APartialCreditNote_CreditsTheCustomersBalanceWithTaxInProportion()
    {
        var (invoice, lines, customer) = await InvoiceAsync("Paid Paula");

        var creditNote = await CreateAsync(invoice.Id, OneWorkshop(lines) with { Memo = "One seat unused" });

        Assert.Equal(($"{invoice.Number}-CN-01", 5_000L, 950L, 5_950L), (creditNote.Number, creditNote.Subtotal, creditNote.Taxes.Single().Amount, creditNote.Total));
        Assert.Equal((CreditNoteType.PostPayment, 0L, 5_950L), (creditNote.Type, creditNote.PrePaymentAmount, creditNote.CreditAmount));
        var ledger = await WithAsync<CustomerBalanceService, BalanceTransactionPage>(balance => balance.ListAsync(customer.Id));
        var entry = ledger.Entries[0];
        Assert.Equal((BalanceTransactionType.CreditNote, -5_950L, -5_950L, creditNote.CustomerBalanceTransactionId), (entry.Type, entry.Amount, entry.EndingBalance, entry.Id));
        Assert.Equal(-5_950, (await app.GetCustomerAsync(customer.Id)).Balance);
        var after = (await WithAsync<InvoiceService, InvoiceDetails>(invoices => invoices.GetAsync(invoice.Id))).Invoice;
        Assert.Equal((InvoiceStatus.Paid, 5_950L, 14_400L), (after.Status, after.PostPaymentCreditNotesAmount, after.AmountDue));
    }

    [Fact]
    public async Task OnAnOpenInvoice_CreditNotesLowerTheAmountDue_AndOneThatLeavesNothingDuePaysIt()
    {
        var (invoice, lines, _) = await InvoiceAsync("Open Otto", sent: true);

        var first = await CreateAsync(invoice.Id, OneWorkshop(lines));
        var lowered = (await WithAsync<InvoiceService, InvoiceDetails>(invoices => invoices.GetAsync(invoice.Id))).Invoice;
        var rest = await CreateAsync(invoice.Id, new CreditNoteInput { Amount = lowered.AmountRemaining, Reason = "order_change" });
        var settled = (await WithAsync<InvoiceService, InvoiceDetails>(invoices => invoices.GetAsync(invoice.Id))).Invoice;

        Assert.Equal((CreditNoteType.PrePayment, 5_950L), (first.Type, first.PrePaymentAmount));
        Assert.Equal((InvoiceStatus.Open, 8_450L, 8_450L), (lowered.Status, lowered.AmountDue, lowered.AmountRemaining));
        Assert.Equal($"{invoice.Number}-CN-02", rest.Number);
        Assert.Equal(950, rest.Taxes.Single().Amount); // the rest of the 19.00 VAT: 50.00 × 19% still uncredited
        Assert.Equal((InvoiceStatus.Paid, 0L, 0L, 14_400L), (settled.Status, settled.AmountPaid, settled.AmountRemaining, settled.CreditNotesAmount));
        var overCredit = await Assert.ThrowsAsync<ValidationFailedException>(() => CreateAsync(invoice.Id, new CreditNoteInput { Amount = 1 }));
        Assert.Contains("at most the 0.00 EUR", overCredit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnAnInvoicePaidByCard_TheCreditCanBeRefundedToTheCard_AndThenCantBeVoided()
    {
        var (invoice, lines, _) = await InvoiceAsync("Card Carla", paidByCard: true);

        var creditNote = await CreateAsync(invoice.Id, OneWorkshop(lines) with { RefundAmount = 5_950 });
        var charge = await WithAsync<PaymentService, BillingDashboard.Domain.Charges.Charge>(payments => payments.GetChargeAsync(invoice.ChargeId!));
        var refund = await WithAsync<PaymentService, BillingDashboard.Domain.Charges.Refund>(payments => payments.GetRefundAsync(creditNote.RefundId!));

        Assert.Equal((5_950L, 5_950L, "requested_by_customer"), (charge.AmountRefunded, refund.Amount, refund.Reason));
        Assert.Equal(creditNote.Id, refund.Metadata["credit_note"]);
        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => WithAsync<CreditNoteService, CreditNote>(creditNotes => creditNotes.VoidAsync(creditNote.Id)));
        Assert.Contains("can't be taken back", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyCreditNotesAtOnce_NeverCreditMoreThanTheInvoice_AndAreNumberedWithoutGaps()
    {
        var (invoice, lines, customer) = await InvoiceAsync("Racing Rita");

        // Eight clerks each credit one workshop of the two at the same moment: two can succeed, the others must be refused.
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                return await CreateAsync(invoice.Id, OneWorkshop(lines));
            }
            catch (RuleViolationException)
            {
                return null;
            }
        }));

        var issued = attempts.OfType<CreditNote>().OrderBy(creditNote => creditNote.Number, StringComparer.Ordinal).ToList();
        Assert.Equal([$"{invoice.Number}-CN-01", $"{invoice.Number}-CN-02"], issued.Select(creditNote => creditNote.Number));
        var listed = await WithAsync<CreditNoteService, IReadOnlyList<CreditNote>>(creditNotes => creditNotes.ListForInvoiceAsync(invoice.Id));
        Assert.Equal(2, listed.Count);
        Assert.Equal(11_900, listed.Sum(creditNote => creditNote.Total));
        Assert.Equal(-11_900, (await app.GetCustomerAsync(customer.Id)).Balance);
    }

    [Fact]
    public async Task Voiding_TakesTheCreditBackFromTheBalance_KeepsTheNumber_AndLetsTheLineBeCreditedAgain()
    {
        var (invoice, lines, customer) = await InvoiceAsync("Voiding Vera");
        var creditNote = await CreateAsync(invoice.Id, new CreditNoteInput { Lines = [new CreditNoteLineInput { InvoiceLineItem = lines[0].Id, Quantity = 2 }] });
        var voidInvoice = await Assert.ThrowsAsync<RuleViolationException>(() => WithAsync<InvoiceService, Invoice>(invoices => invoices.VoidAsync(invoice.Id)));

        var voided = await WithAsync<CreditNoteService, CreditNote>(creditNotes => creditNotes.VoidAsync(creditNote.Id));
        var again = await CreateAsync(invoice.Id, OneWorkshop(lines));

        Assert.Contains("void them first", voidInvoice.Message, StringComparison.Ordinal);
        Assert.Equal(CreditNoteStatus.Void, voided.Status);
        Assert.NotNull(voided.VoidedAt);
        Assert.Equal($"{invoice.Number}-CN-02", again.Number);
        var ledger = await WithAsync<CustomerBalanceService, BalanceTransactionPage>(balance => balance.ListAsync(customer.Id));
        Assert.Equal([-5_950L, 11_900L, -11_900L], ledger.Entries.Select(entry => entry.Amount));
        Assert.Equal(-5_950, (await app.GetCustomerAsync(customer.Id)).Balance);
    }

    [Fact]
    public async Task Preview_ShowsTheNextNumberAndTheFigures_WithoutIssuingAnything()
    {
        var (invoice, lines, customer) = await InvoiceAsync("Preview Pia");

        var preview = await WithAsync<CreditNoteService, CreditNote>(creditNotes => creditNotes.PreviewAsync(invoice.Id, OneWorkshop(lines)));
        var listed = await WithAsync<CreditNoteService, IReadOnlyList<CreditNote>>(creditNotes => creditNotes.ListForInvoiceAsync(invoice.Id));

        Assert.Equal(($"{invoice.Number}-CN-01", 5_950L), (preview.Number, preview.Total));
        Assert.Empty(listed);
        Assert.Equal(0, (await app.GetCustomerAsync(customer.Id)).Balance);
    }
}

public sealed class CreditNoteServiceTestsOnSqlite(AppFactory app) : CreditNoteServiceTests<AppFactory>(app);

public sealed class CreditNoteServiceTestsOnPostgreSql(PostgreSqlAppFactory app) : CreditNoteServiceTests<PostgreSqlAppFactory>(app);
