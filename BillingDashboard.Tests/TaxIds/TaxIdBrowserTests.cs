using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.TaxIds;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.TaxIds;

public abstract class TaxIdBrowserTests
{
    private readonly BrowserFixture _browser;

    protected TaxIdBrowserTests(BrowserFixture browser) => _browser = browser;

    private Task<IReadOnlyList<TaxId>> StoredTaxIdsAsync(string customerId) =>
        _browser.App.InScopeAsync(services => services.GetRequiredService<TaxIdService>().ListAsync(customerId));

    [Fact]
    public async Task TaxInformation_ValidVatNumberIsAddedAndAnInvalidOneIsRefusedWithTheExpectedFormat()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Vat Valentina", Email = "valentina@taxids.example" });
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Tax information", Exact = true });

        await card.GetByLabel("Number").FillAsync("de 123 456 789");
        await card.GetByRole(AriaRole.Button, new() { Name = "Add tax ID" }).ClickAsync();
        var row = BrowserFixture.RowsOf(page, "Tax IDs");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("DE123456789");
        await Assertions.Expect(row).ToContainTextAsync("Germany");
        await Assertions.Expect(row).ToContainTextAsync("Unverified");

        await card.GetByLabel("Number").FillAsync("DE12345");
        await card.GetByRole(AriaRole.Button, new() { Name = "Add tax ID" }).ClickAsync();
        await Assertions.Expect(card.GetByRole(AriaRole.Alert).First).ToContainTextAsync("Expected DE + 9 digits, e.g. DE123456789.");
        await BrowserFixture.CaptureAsync(page, "customer-tax-ids");

        Assert.Equal(["DE123456789"], (await StoredTaxIdsAsync(customer.Id)).Select(taxId => taxId.Value));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AddCustomerDialog_TaxIdRow_IsSavedWithTheCustomer()
    {
        var page = await _browser.OpenSignedInAsync("/customers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add customer" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add customer" });
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("Dialog Tax Dana");
        await dialog.GetByLabel("Account email").FillAsync("dana@taxids-dialog.example");
        await dialog.GetByText("Tax IDs").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add tax ID" }).ClickAsync();
        var taxId = dialog.GetByRole(AriaRole.Group, new() { Name = "Tax ID 1" });
        await BrowserFixture.ChooseAsync(page, taxId, "Tax ID type", "United Kingdom VAT number (gb_vat)");
        await taxId.GetByLabel("Tax ID number").FillAsync("GB 123 456 789");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add customer", Exact = true }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });

        await page.GetByRole(AriaRole.Link, new() { Name = "Dialog Tax Dana" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Tax IDs" })).ToContainTextAsync("GB123456789");
        await page.Context.CloseAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class TaxIdBrowserTestsOnSqlite(BrowserFixture browser) : TaxIdBrowserTests(browser);

[Collection(BrowserCollection.Name)]
public sealed class TaxIdBrowserTestsOnPostgreSql(PostgreSqlBrowserFixture browser) : TaxIdBrowserTests(browser);
