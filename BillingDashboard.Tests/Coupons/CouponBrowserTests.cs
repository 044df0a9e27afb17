using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Coupons;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Coupons;

public abstract class CouponBrowserTests
{
    private readonly BrowserFixture _browser;

    protected CouponBrowserTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task TwentyPercentCoupon_CreatedAndAppliedToACustomer_IsShownOnTheCustomerPage()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Discount Dario", Email = "dario@coupons-browser.example" });
        var page = await _browser.OpenSignedInAsync("/coupons");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create coupon" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Create coupon" });
        await dialog.GetByLabel("Name (on invoices)").FillAsync("Twenty for Dario");
        await dialog.GetByLabel("ID (optional)").FillAsync("DARIO20");
        await dialog.GetByLabel("Percentage off").FillAsync("20");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create coupon" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/coupons/DARIO20$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Details" })).ToContainTextAsync("20% off once");
        await BrowserFixture.CaptureAsync(page, "coupon-page");

        await page.GotoAsync($"/customers/{customer.Id}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Discount" });
        await BrowserFixture.ChooseAsync(page, card, "Coupon", "Twenty for Dario · 20% off once (DARIO20)");
        await card.GetByRole(AriaRole.Button, new() { Name = "Apply coupon" }).ClickAsync();

        var discount = card;
        await Assertions.Expect(discount).ToContainTextAsync("Twenty for Dario");
        await Assertions.Expect(discount).ToContainTextAsync("20% off once");
        await Assertions.Expect(discount).ToContainTextAsync("After the next invoice");
        await BrowserFixture.CaptureAsync(page, "customer-discount");

        var stored = await _browser.App.InScopeAsync(services => services.GetRequiredService<CouponService>().GetCustomerDiscountAsync(customer.Id));
        Assert.Equal("DARIO20", stored!.CouponId);
        await page.GotoAsync("/coupons");
        await Assertions.Expect(BrowserFixture.RowsOf(page, "Coupons").Filter(new() { HasText = "DARIO20" })).ToContainTextAsync("1");
        await BrowserFixture.CaptureAsync(page, "coupons-page");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CreateCoupon_BothOrNeitherRuleBroken_ShowsTheServicesMessage()
    {
        var page = await _browser.OpenSignedInAsync("/coupons");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create coupon" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Create coupon" });
        await dialog.GetByLabel("Percentage off").FillAsync("120");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create coupon" }).ClickAsync();

        await Assertions.Expect(dialog.GetByLabel("Percentage off")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Alert).First).ToContainTextAsync("more than 0 and at most 100");
        await page.Context.CloseAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class CouponBrowserTestsOnSqlite(BrowserFixture browser) : CouponBrowserTests(browser);

[Collection(BrowserCollection.Name)]
public sealed class CouponBrowserTestsOnPostgreSql(PostgreSqlBrowserFixture browser) : CouponBrowserTests(browser);
