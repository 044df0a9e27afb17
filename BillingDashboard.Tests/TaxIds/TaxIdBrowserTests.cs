using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.TaxIds;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.TaxIds;

[Collection(BrowserCollection.Name)]
public sealed class TaxIdBrowserTests
{
    private readonly BrowserFixture _browser;

    public TaxIdBrowserTests(BrowserFixture browser) => _browser = browser;

    private Task<IReadOnlyList<TaxId>> StoredTaxIdsAsync(string customerId) =>
        _browser.App.InScopeAsync(services => services.GetRequiredService<TaxIdService>().ListAsync(customerId));

    [Fact]
    public async Task TaxInformation_ValidVatNumberIsAddedAndAnInvalidOneIsRefusedWithTheExpectedFormat()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Vat Valentina", Email = "valentina@taxids.example" });
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");
        var card = page.GetByTestId("tax-card");

        await card.Locator("input[name=tax_id_value]").FillAsync("de 123 456 789");
        await card.GetByRole(AriaRole.Button, new() { Name = "Add tax ID" }).ClickAsync();
        var row = card.GetByTestId("tax-ids").Locator("tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("DE123456789");
        await Assertions.Expect(row).ToContainTextAsync("Germany");
        await Assertions.Expect(row).ToContainTextAsync("Unverified");

        await card.Locator("input[name=tax_id_value]").FillAsync("DE12345");
        await card.GetByRole(AriaRole.Button, new() { Name = "Add tax ID" }).ClickAsync();
        await Assertions.Expect(card.GetByTestId("form-errors")).ToContainTextAsync("Expected DE + 9 digits, e.g. DE123456789.");
        await BrowserFixture.CaptureAsync(page, "customer-tax-ids");

        Assert.Equal(["DE123456789"], (await StoredTaxIdsAsync(customer.Id)).Select(taxId => taxId.Value));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AddCustomerDialog_TaxIdRow_IsSavedWithTheCustomer()
    {
        var page = await _browser.OpenSignedInAsync("/customers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add customer" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.Locator("input[name=name]").FillAsync("Dialog Tax Dana");
        await dialog.Locator("input[name=email]").FillAsync("dana@taxids-dialog.example");
        await dialog.GetByText("Tax IDs").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add tax ID" }).ClickAsync();
        await Assertions.Expect(dialog.Locator(".tax-id-row")).ToHaveCountAsync(1);
        await BrowserFixture.ChooseAsync(page, dialog, "tax_id_type", "United Kingdom VAT number (gb_vat)");
        await dialog.Locator("input[name=tax_id_value]").FillAsync("GB 123 456 789");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add customer", Exact = true }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });

        await page.GetByRole(AriaRole.Row, new() { Name = "Dialog Tax Dana" }).GetByText("Dialog Tax Dana").ClickAsync();
        await Assertions.Expect(page.GetByTestId("tax-ids")).ToContainTextAsync("GB123456789");
        await page.Context.CloseAsync();
    }
}
