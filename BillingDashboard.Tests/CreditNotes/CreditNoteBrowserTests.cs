using System.Text.RegularExpressions;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Features.TaxIds;
using BillingDashboard.Features.TaxRates;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.CreditNotes;

public abstract class CreditNoteBrowserTests(BrowserFixture browser)
{
    /// <summary>A German customer with a VAT id, and their paid invoice of 5 × 80.00 seats with 19% VAT and a 20.00 setup: 496.00.</summary>
    private async Task<(Customer Customer, Invoice Invoice)> PaidInvoiceAsync()
    {
        var customer = await browser.App.CreateCustomerAsync(new CustomerInput
        {
            Name = "Gutschrift GmbH", Email = "buchhaltung@gutschrift.example", Currency = "eur", PreferredLocales = ["de-DE"],
        });
        await browser.App.InScopeAsync(services => services.GetRequiredService<TaxIdService>().AddAsync(customer.Id, new TaxIdInput("eu_vat", "DE123456789")));
        var invoice = await browser.App.InScopeAsync(async services =>
        {
            var vat = await services.GetRequiredService<TaxRateService>().CreateAsync(new TaxRateInput { DisplayName = "MwSt.", Percentage = "19" });
            var invoices = services.GetRequiredService<InvoiceService>();
            var draft = await invoices.CreateDraftAsync(customer.Id);
            await invoices.AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = "Arbeitsplatz", Quantity = 5, UnitAmount = 8_000, TaxRateIds = [vat.Id] });
            await invoices.AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = "Einrichtung", Quantity = 1, UnitAmount = 2_000 });
            await invoices.FinalizeAsync(draft.Invoice.Id);
            return (await invoices.PayAsync(draft.Invoice.Id, paidOutOfBand: true)).Invoice;
        });
        return (customer, invoice);
    }

    [Fact]
    public async Task APartialCreditNoteOnAPaidInvoice_CreditsTheCustomersBalance_AndItsPdfReadsBack()
    {
        var (customer, invoice) = await PaidInvoiceAsync();
        var page = await browser.OpenSignedInAsync($"/invoices/{invoice.Id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Issue credit note" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Issue a credit note on {invoice.Number}" });
        await dialog.GetByLabel("Quantity to credit: Arbeitsplatz").FillAsync("2");
        await dialog.GetByLabel("Quantity to credit: Arbeitsplatz").BlurAsync();
        // The preview is the service's: 2 × 80.00 with 19% VAT is 190.40, all past the amount due (the invoice is paid).
        var preview = dialog.GetByRole(AriaRole.Definition).Filter(new() { HasText = "€190.40" });
        await Assertions.Expect(preview).ToHaveCountAsync(2);
        await BrowserFixture.PickAsync(page, dialog, "Reason", "Product unsatisfactory");
        await dialog.GetByLabel("Memo (printed on the credit note)").FillAsync("Zwei Plätze nicht genutzt");
        await Assertions.Expect(dialog.GetByLabel("The customer's credit balance, for their next invoices")).ToBeCheckedAsync();
        await BrowserFixture.CaptureAsync(page, "credit-note-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Issue credit note" }).ClickAsync();

        var number = $"{invoice.Number}-CN-01";
        var creditNotes = page.GetByRole(AriaRole.Region, new() { Name = "Credit notes" });
        var row = BrowserFixture.RowsOf(creditNotes, "Credit notes on this invoice");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("To the customer's balance €190.40");
        await Assertions.Expect(creditNotes).ToContainTextAsync("€305.60"); // total after credits: 496.00 − 190.40
        await BrowserFixture.CaptureAsync(page, "invoice-with-credit-note");

        await row.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Credit note {number}");
        await BrowserFixture.CaptureAsync(page, "credit-note-page");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download PDF" }).ClickAsync());
        Assert.Equal($"{number}.pdf", download.SuggestedFilename);
        var text = await Poppler.TextAsync(await download.PathAsync());
        foreach (var expected in new[] { "Gutschrift", "Gutschriftsnummer", number, "Rechnungsnummer", invoice.Number!, "Gutschrift GmbH", "EU VAT DE123456789",
                     "Produkt nicht zufriedenstellend", "Zwei Plätze nicht genutzt", "Arbeitsplatz", "160,00 €", "30,40 €", "190,40 €", "Dem Kundenguthaben gutgeschrieben" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Gutschrift GmbH" }).ClickAsync();
        var balance = page.GetByRole(AriaRole.Region, new() { Name = "Credit balance" });
        await Assertions.Expect(balance.GetByRole(AriaRole.Status)).ToHaveTextAsync("€190.40 credit");
        await Assertions.Expect(balance).ToContainTextAsync($"Credit note {number}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task VoidingACreditNote_FromItsPage_TakesTheCreditBack()
    {
        var (customer, invoice) = await PaidInvoiceAsync();
        var creditNote = await browser.App.InScopeAsync(async services =>
        {
            var lines = (await services.GetRequiredService<InvoiceService>().GetAsync(invoice.Id)).Lines;
            return await services.GetRequiredService<BillingDashboard.Features.CreditNotes.CreditNoteService>().CreateAsync(invoice.Id,
                new BillingDashboard.Domain.CreditNotes.CreditNoteInput { Lines = [new() { InvoiceLineItem = lines[1].Id, Quantity = 1 }] });
        });
        var page = await browser.OpenSignedInAsync($"/credit-notes/{creditNote.Id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Void credit note" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Void credit note" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Main).GetByText("Void", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Void credit note" })).ToHaveCountAsync(0);
        Assert.Equal(0, (await browser.App.GetCustomerAsync(customer.Id)).Balance);
        await page.Context.CloseAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class CreditNoteBrowserTestsOnSqlite(BrowserFixture browser) : CreditNoteBrowserTests(browser);

[Collection(BrowserCollection.Name)]
public sealed class CreditNoteBrowserTestsOnPostgreSql(PostgreSqlBrowserFixture browser) : CreditNoteBrowserTests(browser);
