using BillingDashboard.Domain.Customers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Balance;

public abstract class CustomerBalanceBrowserTests
{
    private readonly BrowserFixture _browser;

    protected CustomerBalanceBrowserTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task AdjustBalance_CreditOfTenEuros_ShowsTheBalanceTheLedgerEntryAndTheLockedCurrency()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Credit Clara", Email = "clara@balance.example" });
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Credit balance", Exact = true });

        await card.GetByRole(AriaRole.Button, new() { Name = "Adjust balance" }).ClickAsync();
        await card.GetByLabel("Amount").FillAsync("10.00");
        await BrowserFixture.ChooseAsync(page, card, "Currency", "EUR · Euro");
        await card.GetByLabel("Description (shown in the ledger)").FillAsync("Goodwill for the outage");
        await card.GetByRole(AriaRole.Button, new() { Name = "Save adjustment" }).ClickAsync();

        await Assertions.Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("€10.00 credit");
        var entry = BrowserFixture.RowsOf(page, "Balance transactions");
        await Assertions.Expect(entry).ToHaveCountAsync(1);
        await Assertions.Expect(entry).ToContainTextAsync("Goodwill for the outage");
        await Assertions.Expect(entry).ToContainTextAsync("Credit €10.00");
        var details = page.GetByRole(AriaRole.Region, new() { Name = "Details", Exact = true });
        await Assertions.Expect(details.GetByText("EUR", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(details.GetByText("locked: the customer has a credit balance in it")).ToBeVisibleAsync();
        await BrowserFixture.CaptureAsync(page, "customer-balance");

        var saved = await _browser.App.GetCustomerAsync(customer.Id);
        Assert.Equal((-1_000L, "eur", CurrencyLockReason.Balance), (saved.Balance, saved.Currency, saved.CurrencyLockedBy));

        // The currency is now locked: the next adjustment's dropdown is disabled and says why.
        await card.GetByRole(AriaRole.Button, new() { Name = "Adjust balance" }).ClickAsync();
        await Assertions.Expect(card.GetByLabel("Currency", new() { Exact = true })).ToBeDisabledAsync();
        await Assertions.Expect(card.GetByText("The currency can't change: the customer has a credit balance in it")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AdjustBalance_AmountThatIsNotANumber_IsRefusedAndNothingIsWritten()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Typo Theo", Email = "theo@balance.example", Currency = "usd" });
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Credit balance", Exact = true });

        await card.GetByRole(AriaRole.Button, new() { Name = "Adjust balance" }).ClickAsync();
        await card.GetByLabel("Amount").FillAsync("10.001");
        await card.GetByRole(AriaRole.Button, new() { Name = "Save adjustment" }).ClickAsync();

        await Assertions.Expect(card.GetByRole(AriaRole.Alert).First).ToContainTextAsync("at most 2 decimals");
        Assert.Equal(0, (await _browser.App.GetCustomerAsync(customer.Id)).Balance);
        await page.Context.CloseAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class CustomerBalanceBrowserTestsOnSqlite(BrowserFixture browser) : CustomerBalanceBrowserTests(browser);

[Collection(BrowserCollection.Name)]
public sealed class CustomerBalanceBrowserTestsOnPostgreSql(PostgreSqlBrowserFixture browser) : CustomerBalanceBrowserTests(browser);
