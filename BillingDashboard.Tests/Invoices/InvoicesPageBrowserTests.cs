using System.Text.RegularExpressions;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Invoices;

/// <summary>Starting invoices from the Invoices page, editing drafts, and emailing what was issued, in the browser.</summary>
public abstract class InvoicesPageBrowserTests(BrowserFixture browser)
{
    private Task<T> WithInvoicesAsync<T>(Func<InvoiceService, Task<T>> work) =>
        browser.App.InScopeAsync(services => work(services.GetRequiredService<InvoiceService>()));

    private static ILocator Heading(IPage page) => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    [Fact]
    public async Task PressN_OnTheInvoicesPage_FindsTheCustomerByPartOfTheirName_AndOpensTheirDraft()
    {
        var customer = await browser.App.CreateCustomerAsync(new CustomerInput { Name = "Zephyrine Quarrington", Email = "zq@picker.example", Currency = "eur" });
        await browser.App.CreateCustomerAsync(new CustomerInput { Name = "Quentin Other", Email = "qo@picker.example", Currency = "eur" });
        var page = await browser.OpenSignedInAsync("/invoices");

        await page.Keyboard.PressAsync("n");
        var picker = page.GetByRole(AriaRole.Dialog, new() { Name = "Create invoice" });
        await Assertions.Expect(picker.GetByLabel("Find a customer")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("quarring");
        await Assertions.Expect(picker.GetByRole(AriaRole.Status)).ToHaveTextAsync("1 customer matches.");
        await BrowserFixture.CaptureAsync(page, "invoices-customer-picker");
        await picker.GetByRole(AriaRole.Button, new() { Name = "Zephyrine Quarrington" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/invoices/in_"));
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("Draft invoice");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Details" })).ToContainTextAsync("Zephyrine Quarrington");
        var drafts = await WithInvoicesAsync(invoices => invoices.ListAsync(customerId: customer.Id));
        Assert.Equal(InvoiceStatus.Draft, Assert.Single(drafts.Rows).Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task NewCustomer_FromThePicker_IsACustomerLikeAnyOther_AndTheDraftOpensForThem()
    {
        var page = await browser.OpenSignedInAsync("/invoices");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create invoice" }).ClickAsync();
        var picker = page.GetByRole(AriaRole.Dialog, new() { Name = "Create invoice" });
        await picker.GetByLabel("Find a customer").FillAsync("Brand New Bettina");
        await Assertions.Expect(picker.GetByRole(AriaRole.Status)).ToContainTextAsync("No customer matches");
        await picker.GetByRole(AriaRole.Button, new() { Name = "New customer" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Dialog, new() { Name = "New customer" });
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("Brand New Bettina");
        // Checked as on the Customers page: an email is required.
        await form.GetByRole(AriaRole.Button, new() { Name = "Add customer" }).ClickAsync();
        await Assertions.Expect(form).ToContainTextAsync("email");
        await form.GetByLabel("Account email").FillAsync("bettina@picker.example");
        await BrowserFixture.ChooseAsync(page, form, "Currency", "EUR · Euro");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add customer" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/invoices/in_"));
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Details" })).ToContainTextAsync("Brand New Bettina");
        var created = Assert.Single(await browser.App.InScopeAsync(services => services.GetRequiredService<CustomerService>().FindByEmailAsync("bettina@picker.example")));
        Assert.Equal("eur", created.Currency);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ADraftsLines_AreEditedInADialog_AndRemoved()
    {
        var customer = await browser.App.CreateCustomerAsync(new CustomerInput { Name = "Lines Lorna", Email = "lorna@lines.example", Currency = "eur" });
        var draft = await WithInvoicesAsync(invoices => invoices.CreateDraftAsync(customer.Id));
        await WithInvoicesAsync(invoices => invoices.AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = "Workshop", Quantity = 1, UnitAmount = 300_00 }));
        await WithInvoicesAsync(invoices => invoices.AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = "Travel", Quantity = 1, UnitAmount = 80_00 }));
        var page = await browser.OpenSignedInAsync($"/invoices/{draft.Invoice.Id}");
        var lines = BrowserFixture.RowsOf(page, "Invoice lines");

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit Workshop" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Edit line" });
        await Assertions.Expect(dialog.GetByLabel("Line description")).ToHaveValueAsync("Workshop");
        await dialog.GetByLabel("Quantity").FillAsync("3");
        await dialog.GetByLabel("Unit price (EUR)").FillAsync("250.00");
        await BrowserFixture.CaptureAsync(page, "invoice-edit-line");
        await dialog.GetByLabel("Unit price (EUR)").PressAsync("Enter");
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });

        await Assertions.Expect(lines.Filter(new() { HasText = "Workshop" })).ToContainTextAsync("€750.00");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Totals (preview)" })).ToContainTextAsync("€830.00");

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Travel" }).ClickAsync();
        await Assertions.Expect(lines).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Totals (preview)" })).ToContainTextAsync("€750.00");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnIssuedInvoice_ShowsItsEmails_AndResendsOnRequest()
    {
        var customer = await browser.App.CreateCustomerAsync(new CustomerInput { Name = "Mail Milo", Email = "milo@emails.example", Currency = "eur" });
        var draft = await WithInvoicesAsync(invoices => invoices.CreateDraftAsync(customer.Id, input: new InvoiceDraftInput { CollectionMethod = "send_invoice" }));
        await WithInvoicesAsync(invoices => invoices.AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = "Audit", Quantity = 1, UnitAmount = 90_00 }));
        var page = await browser.OpenSignedInAsync($"/invoices/{draft.Invoice.Id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Finalize invoice" }).ClickAsync();
        var emails = page.GetByRole(AriaRole.Region, new() { Name = "Emails" });
        await Assertions.Expect(emails).ToContainTextAsync("No mail server is configured");
        var rows = BrowserFixture.RowsOf(page, "Emails about this invoice");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("milo@emails.example");
        // Delivered in the background; the row follows without a reload.
        await Assertions.Expect(rows.First).ToContainTextAsync("sent", new() { Timeout = 15_000 });
        await Assertions.Expect(rows.First).ToContainTextAsync("Written to");

        await page.GetByRole(AriaRole.Button, new() { Name = "Resend invoice" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await BrowserFixture.CaptureAsync(page, "invoice-emails");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SearchAndFilters_LiveInTheAddress_AndNarrowTheList()
    {
        var customer = await browser.App.CreateCustomerAsync(new CustomerInput { Name = "Searchable Sigrid", Email = "sigrid@search.example", Currency = "chf" });
        var draft = await WithInvoicesAsync(invoices => invoices.CreateDraftAsync(customer.Id));
        await WithInvoicesAsync(invoices => invoices.AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = "Audit", Quantity = 1, UnitAmount = 90_00 }));
        var finalized = (await WithInvoicesAsync(invoices => invoices.FinalizeAsync(draft.Invoice.Id))).Invoice;
        var page = await browser.OpenSignedInAsync("/invoices");

        await page.GetByLabel("Search invoices").FillAsync("sigrid@search");
        await page.GetByLabel("Search invoices").PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("q=sigrid(%40|@)search"));
        var rows = BrowserFixture.RowsOf(page, "Invoices");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync(finalized.Number!);

        await page.GotoAsync($"/invoices?q={Uri.EscapeDataString(finalized.Number!)}&currency=chf&status=open");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await page.GotoAsync("/invoices?currency=chf&status=paid");
        await Assertions.Expect(page.GetByText("No invoices match these filters.")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Export_TheFilteredInvoices_DownloadsTheirRowsAsCsv()
    {
        var customer = await browser.App.CreateCustomerAsync(new CustomerInput { Name = "Export \"Exa\" Ekström", Email = "exa@invoice-export.example", Currency = "nok" });
        var draft = await WithInvoicesAsync(invoices => invoices.CreateDraftAsync(customer.Id));
        await WithInvoicesAsync(invoices => invoices.AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = "Audit", Quantity = 2, UnitAmount = 1_250_00 }));
        var open = (await WithInvoicesAsync(invoices => invoices.FinalizeAsync(draft.Invoice.Id))).Invoice;
        var pending = await WithInvoicesAsync(invoices => invoices.CreateDraftAsync(customer.Id));
        var page = await browser.OpenSignedInAsync("/invoices?currency=nok");
        await Assertions.Expect(BrowserFixture.RowsOf(page, "Invoices")).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Button, new() { Name = "Export", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Export invoices" });
        var download = await page.RunAndWaitForDownloadAsync(() => dialog.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());

        var lines = System.Text.Encoding.UTF8.GetString((await File.ReadAllBytesAsync(await download.PathAsync()))[3..]).Split("\r\n");
        Assert.Equal(string.Join(',', InvoiceExport.Header), lines[0]);
        Assert.Equal(
        [
            $"{pending.Invoice.Id},,{customer.Id},\"Export \"\"Exa\"\" Ekström\",exa@invoice-export.example,draft,charge_automatically,nok,,,,,0.00,,{pending.Invoice.Created.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'},,",
            $"{open.Id},{open.Number},{customer.Id},\"Export \"\"Exa\"\" Ekström\",exa@invoice-export.example,open,charge_automatically,nok,2500.00,0.00,2500.00,2500.00,0.00,2500.00,"
                + $"{open.Created.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'},{open.FinalizedAt!.Value.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'},{open.DueDate!.Value.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}",
            "",
        ], lines[1..]);
        Assert.Matches(@"^invoices-\d{8}-\d{6}\.csv$", download.SuggestedFilename);
        await Assertions.Expect(dialog.GetByRole(AriaRole.Status)).ToContainTextAsync("Exported 2 invoices");
        await page.Context.CloseAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class InvoicesPageBrowserTestsOnSqlite(BrowserFixture browser) : InvoicesPageBrowserTests(browser);

[Collection(BrowserCollection.Name)]
public sealed class InvoicesPageBrowserTestsOnPostgreSql(PostgreSqlBrowserFixture browser) : InvoicesPageBrowserTests(browser);
