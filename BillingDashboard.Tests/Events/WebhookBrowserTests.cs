using BillingDashboard.Domain.Customers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Events;

/// <summary>An operator adds an endpoint, copies its secret, sees that it is failing and why, resends, and disables it.</summary>
public abstract class WebhookBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnEndpointAddedOnTheDevelopersPage_ShowsItsSecretOnce_ItsFailingDeliveries_AndCanBeResentAndDisabled()
    {
        var page = await browser.OpenSignedInAsync("/developers");

        // This machine's own address is refused, with the reason, unless the setting allows it (it does not here).
        await page.GetByLabel("Endpoint URL").FillAsync("http://127.0.0.1:9/hooks");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("points at this machine");

        // .invalid never resolves: every attempt fails, which is what this test wants to see.
        await page.GetByLabel("Endpoint URL").FillAsync("https://hooks.invalid/billing");
        await page.GetByLabel("Events").FillAsync("customer.created");
        await page.GetByLabel("Description").FillAsync("Warehouse sync");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("New signing secret")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^whsec_[0-9a-f]{32}$"));

        var customer = await browser.App.CreateCustomerAsync(new CustomerInput { Name = "Webhook Wanda", Email = "wanda.hooks@example.com" });
        var endpoints = BrowserFixture.RowsOf(page, "Webhook endpoints");
        var row = endpoints.Filter(new() { HasText = "https://hooks.invalid/billing" });
        // The page shows what was so when it was opened: look again until the first attempt has failed.
        for (var look = 0; look == 0 || await row.GetByText("Failing").CountAsync() == 0; look++)
        {
            Assert.True(look < 30, "The endpoint was never shown failing.");
            await Task.Delay(500);
            await page.ReloadAsync();
            await BrowserFixture.WaitForInteractiveAsync(page);
        }
        // Shown once: gone when the page is opened again.
        await Assertions.Expect(page.GetByLabel("New signing secret")).ToHaveCountAsync(0);

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("https://hooks.invalid/billing");
        var deliveries = BrowserFixture.RowsOf(page, "Deliveries");
        await Assertions.Expect(deliveries).ToHaveCountAsync(1);
        await Assertions.Expect(deliveries.First).ToContainTextAsync("No answer");
        await BrowserFixture.CaptureAsync(page, "webhook-endpoint");

        var eventId = await deliveries.First.GetByRole(AriaRole.Link).TextContentAsync();
        await deliveries.First.GetByRole(AriaRole.Button, new() { Name = $"Resend {eventId}" }).ClickAsync();
        await Assertions.Expect(deliveries).ToHaveCountAsync(2);
        await Assertions.Expect(deliveries.First).ToContainTextAsync("Resent");

        await page.GetByRole(AriaRole.Button, new() { Name = "Disable endpoint" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Disabled", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enable endpoint" })).ToBeVisibleAsync();
        Assert.NotNull(customer.Id);
        await page.Context.CloseAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class WebhookBrowserTestsOnSqlite(BrowserFixture browser) : WebhookBrowserTests(browser);
