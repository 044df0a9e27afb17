using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Customers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Customers;

public abstract class CustomerPageBrowserTests
{
    private readonly BrowserFixture _browser;

    protected CustomerPageBrowserTests(BrowserFixture browser) => _browser = browser;

    private Task<Customer> CreateAsync(string name, string email, IReadOnlyDictionary<string, string?>? metadata = null) =>
        _browser.App.CreateCustomerAsync(new CustomerInput { Name = name, Email = email, Metadata = metadata });

    private Task<Customer> GetAsync(string id) => _browser.App.GetCustomerAsync(id);

    [Fact]
    public async Task EditInformation_NewName_IsSavedAndShown()
    {
        var customer = await CreateAsync("Old Name Oscar", "oscar@edit.example");
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Actions" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Edit information" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Edit information" });
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("New Name Nora");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Update customer" }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("New Name Nora");
        Assert.Equal("New Name Nora", (await GetAsync(customer.Id)).Name);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Currency_OnceSet_DropdownIsDisabledWithTheReasonAndTheServiceRefusesAChange()
    {
        var customer = await CreateAsync("Currency Carl", "carl@currency.example");
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");
        var billing = page.GetByRole(AriaRole.Region, new() { Name = "Billing", Exact = true });

        await billing.GetByRole(AriaRole.Button, new() { Name = "Edit billing" }).ClickAsync();
        await BrowserFixture.ChooseAsync(page, billing, "Currency", "EUR · Euro");
        await billing.GetByRole(AriaRole.Button, new() { Name = "Save billing" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Details", Exact = true }).GetByText("EUR", new() { Exact = true })).ToBeVisibleAsync();

        await billing.GetByRole(AriaRole.Button, new() { Name = "Edit billing" }).ClickAsync();
        await Assertions.Expect(billing.GetByLabel("Currency", new() { Exact = true })).ToBeDisabledAsync();
        await Assertions.Expect(billing.GetByText("The currency can't change: it was set on the customer")).ToBeVisibleAsync();
        await BrowserFixture.CaptureAsync(page, "customer-currency-locked");

        var saved = await GetAsync(customer.Id);
        var refusal = await Assert.ThrowsAsync<ValidationFailedException>(() => _browser.App.InScopeAsync(services =>
            services.GetRequiredService<CustomerService>().UpdateAsync(customer.Id, new CustomerInput { Currency = "usd" }, saved.Version)));
        Assert.Equal("currency", Assert.Single(refusal.Errors).Field);
        Assert.Equal("eur", (await GetAsync(customer.Id)).Currency);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Metadata_AddEditRemoveRows_SavesExactlyTheRows()
    {
        var customer = await CreateAsync("Meta Mia", "mia@metadata.example", new Dictionary<string, string?> { ["plan"] = "pro", ["old"] = "x" });
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Metadata", Exact = true });

        await card.GetByRole(AriaRole.Button, new() { Name = "Edit metadata" }).ClickAsync();
        // Rows come and go on a round trip to the server: wait for each before typing into it.
        var keys = card.GetByLabel("Key", new() { Exact = true });
        await card.GetByRole(AriaRole.Button, new() { Name = "Remove old" }).ClickAsync();
        await Assertions.Expect(keys).ToHaveCountAsync(1);
        await card.GetByRole(AriaRole.Group, new() { Name = "Metadata row 1" }).GetByLabel("Value").FillAsync("enterprise");
        await card.GetByRole(AriaRole.Button, new() { Name = "Add row" }).ClickAsync();
        await Assertions.Expect(keys).ToHaveCountAsync(2);
        var added = card.GetByRole(AriaRole.Group, new() { Name = "Metadata row 2" });
        await added.GetByLabel("Key").FillAsync("crm_id");
        await added.GetByLabel("Value").FillAsync("CRM-42");
        await card.GetByRole(AriaRole.Button, new() { Name = "Save metadata" }).ClickAsync();

        await Assertions.Expect(card.GetByText("CRM-42", new() { Exact = true })).ToBeVisibleAsync();
        Assert.Equal(new Dictionary<string, string> { ["plan"] = "enterprise", ["crm_id"] = "CRM-42" }, (await GetAsync(customer.Id)).Metadata);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Metadata_KeyTooLong_ShowsTheLimitAndKeepsTheStoredMetadata()
    {
        var customer = await CreateAsync("Limit Lou", "lou@metadata.example", new Dictionary<string, string?> { ["plan"] = "pro" });
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Metadata", Exact = true });

        await card.GetByRole(AriaRole.Button, new() { Name = "Edit metadata" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Add row" }).ClickAsync();
        var added = card.GetByRole(AriaRole.Group, new() { Name = "Metadata row 2" });
        await Assertions.Expect(added).ToBeVisibleAsync();
        // The browser caps typing at 40 characters; a script (or an API client) does not, so the service must.
        await added.GetByLabel("Key").EvaluateAsync("(input, value) => { input.removeAttribute('maxlength'); input.value = value; input.dispatchEvent(new Event('change')); }", new string('k', 41));
        await added.GetByLabel("Value").FillAsync("v");
        await card.GetByRole(AriaRole.Button, new() { Name = "Save metadata" }).ClickAsync();

        await Assertions.Expect(card.GetByRole(AriaRole.Alert).First).ToContainTextAsync("at most 40");
        Assert.Equal(new Dictionary<string, string> { ["plan"] = "pro" }, (await GetAsync(customer.Id)).Metadata);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PreferredLocales_AddAndReorder_SavesTheOrder()
    {
        var customer = await CreateAsync("Locale Lena", "lena@locales.example");
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");
        var billing = page.GetByRole(AriaRole.Region, new() { Name = "Billing", Exact = true });

        await billing.GetByRole(AriaRole.Button, new() { Name = "Edit billing" }).ClickAsync();
        foreach (var (tag, count) in new[] { ("de", 1), ("fr_ca", 2) })
        {
            await billing.GetByLabel("Language tag to add").FillAsync(tag);
            await billing.GetByRole(AriaRole.Button, new() { Name = "Add language" }).ClickAsync();
            await Assertions.Expect(billing.GetByRole(AriaRole.List, new() { Name = "Languages" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(count);
        }
        await billing.GetByRole(AriaRole.Button, new() { Name = "Move fr_ca up" }).ClickAsync();
        await billing.GetByRole(AriaRole.Button, new() { Name = "Save billing" }).ClickAsync();

        await Assertions.Expect(billing.GetByText("fr-CA, de", new() { Exact = true })).ToBeVisibleAsync();
        Assert.Equal(["fr-CA", "de"], (await GetAsync(customer.Id)).PreferredLocales);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TwoOperatorsEditTheSameCustomer_TheSecondSaveIsRefusedWithAClearMessage()
    {
        var customer = await CreateAsync("Race Rita", "rita@concurrency.example");
        var first = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");
        var second = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");
        await first.GetByRole(AriaRole.Region, new() { Name = "Invoice settings", Exact = true }).GetByRole(AriaRole.Button, new() { Name = "Edit invoice settings" }).ClickAsync();
        await second.GetByRole(AriaRole.Region, new() { Name = "Invoice settings", Exact = true }).GetByRole(AriaRole.Button, new() { Name = "Edit invoice settings" }).ClickAsync();

        await first.GetByLabel("Footer").FillAsync("Thanks from the first operator");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save invoice settings" }).ClickAsync();
        await Assertions.Expect(first.GetByRole(AriaRole.Region, new() { Name = "Invoice settings", Exact = true })).ToContainTextAsync("Thanks from the first operator");
        await second.GetByLabel("Footer").FillAsync("The second operator's footer");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save invoice settings" }).ClickAsync();

        await Assertions.Expect(second.GetByRole(AriaRole.Alert).First).ToContainTextAsync("Someone else changed customer");
        Assert.Equal("Thanks from the first operator", (await GetAsync(customer.Id)).InvoiceFooter);
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task BulkDelete_TwoSelected_RemovesExactlyThoseTwo()
    {
        var doomedOne = await CreateAsync("Bulk Doomed One", "one@bulk-delete.example");
        var doomedTwo = await CreateAsync("Bulk Doomed Two", "two@bulk-delete.example");
        var survivor = await CreateAsync("Bulk Survivor", "survivor@bulk-delete.example");
        var page = await _browser.OpenSignedInAsync("/customers?q=bulk-delete.example");
        var rows = BrowserFixture.RowsOf(page, "Customers");
        await Assertions.Expect(rows).ToHaveCountAsync(3);

        await page.GetByLabel("Select Bulk Doomed One").CheckAsync();
        await page.GetByLabel("Select Bulk Doomed Two").CheckAsync();
        await page.GetByRole(AriaRole.Region, new() { Name = "Selected customers" }).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete 2 customers" }).ClickAsync();

        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Bulk Survivor");
        await Assert.ThrowsAsync<NotFoundException>(() => GetAsync(doomedOne.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => GetAsync(doomedTwo.Id));
        Assert.Equal("Bulk Survivor", (await GetAsync(survivor.Id)).Name);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_SeesNoEditButtonsAndTheServiceRefusesToDelete()
    {
        var customer = await CreateAsync("Viewed Vic", "vic@viewer.example");
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}", Features.Users.AppRoles.Viewer);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Viewed Vic");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Edit metadata" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Edit billing" }).CountAsync());
        await page.Context.CloseAsync();

        var viewer = AppFactory.SignedIn(await _browser.App.UserIdOfAsync(BrowserFixture.EmailFor(Features.Users.AppRoles.Viewer)));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => _browser.App.InScopeAsync(
            services => services.GetRequiredService<CustomerService>().DeleteManyAsync([customer.Id]), viewer));
        Assert.Equal("Viewed Vic", (await GetAsync(customer.Id)).Name);
    }
}

[Collection(BrowserCollection.Name)]
public sealed class CustomerPageBrowserTestsOnSqlite(BrowserFixture browser) : CustomerPageBrowserTests(browser);

[Collection(BrowserCollection.Name)]
public sealed class CustomerPageBrowserTestsOnPostgreSql(PostgreSqlBrowserFixture browser) : CustomerPageBrowserTests(browser);
