using BillingDashboard.Domain.Customers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.TaxRates;

[Collection(BrowserCollection.Name)]
public sealed class TaxRatesBrowserTests
{
    private readonly BrowserFixture _browser;

    public TaxRatesBrowserTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task TaxRate_CreatedThenArchived_LeavesTheListUntilArchivedOnesAreShown()
    {
        var page = await _browser.OpenSignedInAsync("/tax-rates");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create tax rate" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Create tax rate" });
        await dialog.GetByLabel("Display name (on invoices)").FillAsync("Sales tax NY");
        await dialog.GetByLabel("Percentage").FillAsync("8.875");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create tax rate" }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        var row = BrowserFixture.RowsOf(page, "Tax rates").Filter(new() { HasText = "Sales tax NY" });
        await Assertions.Expect(row).ToContainTextAsync("8.875%");
        await Assertions.Expect(row).ToContainTextAsync("Exclusive");
        await BrowserFixture.CaptureAsync(page, "tax-rates-page");

        // The row opens the rate's own page, and Back returns to the list.
        await row.GetByRole(AriaRole.Link, new() { Name = "Sales tax NY" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Sales tax NY");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Details" })).ToContainTextAsync("8.875%");
        await page.GoBackAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Archive Sales tax NY" }).ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await page.GetByLabel("Show archived").CheckAsync();
        await Assertions.Expect(row).ToContainTextAsync("Archived");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_SeesNoWayToChangeTaxIdsBalanceDiscountsRatesOrCoupons()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Read Only Rhea", Email = "rhea@viewer-tax.example" });
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}", Features.Users.AppRoles.Viewer);

        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Tax information" })).ToBeVisibleAsync();
        foreach (var button in new[] { "Add tax ID", "Adjust balance", "Apply coupon" })
        {
            Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = button }).CountAsync());
        }
        await page.GotoAsync("/coupons");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Coupons" })).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Create coupon" }).CountAsync());
        await page.GotoAsync("/tax-rates");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tax rates" })).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Create tax rate" }).CountAsync());
        await page.Context.CloseAsync();
    }
}
