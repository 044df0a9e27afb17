using System.Text.RegularExpressions;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Features.TaxRates;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Invoices;

public abstract class InvoiceBrowserTests
{
    private readonly BrowserFixture _browser;

    protected InvoiceBrowserTests(BrowserFixture browser) => _browser = browser;

    private static async Task AddLineAsync(IPage page, string description, string quantity, string unitPrice, string? rate, int rowsAfter)
    {
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Lines" });
        await card.GetByLabel("Line description").FillAsync(description);
        await card.GetByLabel("Quantity").FillAsync(quantity);
        await card.GetByLabel(new Regex("^Unit price")).FillAsync(unitPrice);
        if (rate is not null)
        {
            await card.GetByLabel(rate).CheckAsync();
        }
        await card.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        await Assertions.Expect(BrowserFixture.RowsOf(page, "Invoice lines")).ToHaveCountAsync(rowsAfter);
    }

    [Fact]
    public async Task CreateInvoice_TwoLinesAndATaxRate_FinalizesWithANumberAndDownloadsItsPdf()
    {
        await _browser.App.InScopeAsync(services => services.GetRequiredService<TaxRateService>()
            .CreateAsync(new TaxRateInput { DisplayName = "UK VAT", Percentage = "20" }));
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Invoice Ivy", Email = "ivy@invoices.example", Currency = "gbp" });
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create invoice" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/invoices/in_"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Draft invoice");

        await AddLineAsync(page, "Design work", "3", "150.00", "UK VAT 20%", rowsAfter: 1);
        await AddLineAsync(page, "Hosting", "1", "49.99", rate: null, rowsAfter: 2);
        // The preview follows every change: 450.00 + 20% + 49.99.
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Totals (preview)" })).ToContainTextAsync("£589.99");

        var details = page.GetByRole(AriaRole.Region, new() { Name = "Details" });
        await details.GetByLabel("Send the invoice, to be paid by its due date").CheckAsync();
        await details.GetByLabel("Custom field 1 name").FillAsync("PO number");
        await details.GetByLabel("Custom field 1 value").FillAsync("PO-4711");
        await details.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(details).ToContainTextAsync("Send invoice, due in 30 days");
        await page.GetByRole(AriaRole.Button, new() { Name = "Finalize invoice" }).ClickAsync();

        var number = $"{customer.InvoicePrefix}-0001";
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(number);
        await Assertions.Expect(page.GetByRole(AriaRole.Main).GetByText("open", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add line" })).ToHaveCountAsync(0);
        await BrowserFixture.CaptureAsync(page, "invoice-page");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download PDF" }).ClickAsync());
        Assert.Equal($"{number}.pdf", download.SuggestedFilename);
        var text = await Poppler.TextAsync(await download.PathAsync());
        foreach (var expected in new[] { "Invoice", number, "Invoice Ivy", "Design work", "Hosting", "£450.00", "£90.00", "£589.99", "Amount due", "PO number: PO-4711" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        await page.GotoAsync("/invoices");
        var row = BrowserFixture.RowsOf(page, "Invoices").Filter(new() { HasText = number });
        await Assertions.Expect(row).ToContainTextAsync("Invoice Ivy");
        await Assertions.Expect(row).ToContainTextAsync("£589.99");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PendingItem_AddedOnTheCustomerPage_IsALineOfTheNextDraft()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Pending Paul", Email = "paul@invoices.example", Currency = "eur" });
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");
        var form = page.GetByRole(AriaRole.Region, new() { Name = "Invoices" });

        await form.GetByLabel("Pending item description").FillAsync("Onboarding session");
        await form.GetByLabel("Quantity").FillAsync("2");
        await form.GetByLabel("Unit price (EUR)").FillAsync("75.00");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add pending item" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Pending invoice items" })).ToContainTextAsync("Onboarding session · 2 × €75.00");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create invoice" }).ClickAsync();

        await Assertions.Expect(BrowserFixture.RowsOf(page, "Invoice lines")).ToHaveCountAsync(1);
        await Assertions.Expect(BrowserFixture.RowsOf(page, "Invoice lines").First).ToContainTextAsync("Onboarding session");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Totals (preview)" })).ToContainTextAsync("€150.00");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DraftSettings_NotYetSaved_SurviveAddingALineAndThenSave()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Memo Mona", Email = "mona@invoices.example", Currency = "eur" });
        var draft = await _browser.App.InScopeAsync(services => services.GetRequiredService<InvoiceService>().CreateDraftAsync(customer.Id));
        var page = await _browser.OpenSignedInAsync($"/invoices/{draft.Invoice.Id}");
        var details = page.GetByRole(AriaRole.Region, new() { Name = "Details" });

        await details.GetByLabel("Memo").FillAsync("Thanks for the March order");
        await details.GetByLabel("Memo").BlurAsync();
        await AddLineAsync(page, "Workshop", "1", "300.00", rate: null, rowsAfter: 1);

        await Assertions.Expect(details.GetByLabel("Memo")).ToHaveValueAsync("Thanks for the March order");
        await details.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(details.GetByText("Unsaved changes")).ToHaveCountAsync(0);
        var saved = await _browser.App.InScopeAsync(services => services.GetRequiredService<InvoiceService>().GetAsync(draft.Invoice.Id));
        Assert.Equal("Thanks for the March order", saved.Invoice.Description);
        Assert.Single(saved.Lines);
        await page.Context.CloseAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class InvoiceBrowserTestsOnSqlite(BrowserFixture browser) : InvoiceBrowserTests(browser);

[Collection(BrowserCollection.Name)]
public sealed class InvoiceBrowserTestsOnPostgreSql(PostgreSqlBrowserFixture browser) : InvoiceBrowserTests(browser);
