using BillingDashboard.Domain.Customers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Events;

/// <summary>What an operator asks of the audit trail: who changed this customer, and what it said before.</summary>
public abstract class ActivityBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnEditInTheBrowser_IsOnTheCustomersActivity_WithWhoMadeIt_AndTheEventsPageFiltersToItByUrl()
    {
        const string email = "ops@example.com";
        await browser.App.CreateUserAsync(email, BrowserFixture.Password, "Admin");
        var customer = await browser.App.CreateCustomerAsync(new CustomerInput { Name = "Ada Activity", Email = "ada.activity@example.com" });
        var page = await browser.NewAnonymousPageAsync();
        await page.GotoAsync($"/customers/{customer.Id}");
        await BrowserFixture.SignInAsync(page, email, BrowserFixture.Password);

        await page.GetByRole(AriaRole.Button, new() { Name = "Actions" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Edit information" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Edit information" });
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("Ada Lovelace");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Update customer" }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });

        var activity = page.GetByRole(AriaRole.Region, new() { Name = "Activity", Exact = true });
        await Assertions.Expect(activity.GetByRole(AriaRole.Link, new() { Name = $"Name changed from Ada Activity to Ada Lovelace by {email}" })).ToBeVisibleAsync();
        await Assertions.Expect(activity.GetByRole(AriaRole.Listitem).First).ToContainTextAsync("Name changed");
        await BrowserFixture.CaptureAsync(page, "customer-activity");

        await using (var db = await browser.App.OpenDatabaseAsync())
        {
            var update = await db.Events.AsNoTracking().SingleAsync(@event => @event.ObjectId == customer.Id && @event.Type == "customer.updated");
            Assert.Equal(email, update.Actor);
            Assert.StartsWith("req_", update.RequestId, StringComparison.Ordinal);
        }

        await activity.GetByRole(AriaRole.Link, new() { Name = "All activity in Events" }).ClickAsync();
        await page.WaitForURLAsync($"**/events?object={customer.Id}");
        var rows = BrowserFixture.RowsOf(page, "Events");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.First).ToContainTextAsync("customer.updated");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("customer.created");

        // Days in the URL: the two events are in yesterday-to-today, and none is from tomorrow on.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await page.GotoAsync($"/events?object={customer.Id}&from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await BrowserFixture.CaptureAsync(page, "events-by-date");
        await page.GotoAsync($"/events?object={customer.Id}&from={today.AddDays(1):yyyy-MM-dd}");
        await Assertions.Expect(rows).ToHaveCountAsync(0);

        // The same view from a link typed by hand: the type and the actor filter, in the URL.
        await page.GotoAsync($"/events?type=customer.updated&actor={Uri.EscapeDataString(email)}&object={customer.Id}");
        // A click in the page drawn before its circuit is live can be lost to the circuit's start (seen under load).
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByLabel("Actor")).ToHaveValueAsync(email);
        await rows.First.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("customer.updated");
        await Assertions.Expect(page.GetByLabel("Previous attributes")).ToContainTextAsync("Ada Activity");
        await BrowserFixture.CaptureAsync(page, "event");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AViewerSeesTheEventsPage_ReadOnly()
    {
        await browser.App.CreateCustomerAsync(new CustomerInput { Name = "Seen By Viewer", Email = "viewer.events@example.com" });
        var page = await browser.OpenSignedInAsync("/events", "Viewer");
        await Assertions.Expect(BrowserFixture.RowsOf(page, "Events").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Export" })).ToBeEnabledAsync();
        await page.Context.CloseAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class ActivityBrowserTestsOnSqlite(BrowserFixture browser) : ActivityBrowserTests(browser);
