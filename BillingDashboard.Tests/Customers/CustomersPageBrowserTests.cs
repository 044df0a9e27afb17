using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Customers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Customers;

public abstract class CustomersPageBrowserTests
{
    private readonly BrowserFixture _browser;

    protected CustomersPageBrowserTests(BrowserFixture browser) => _browser = browser;

    private Task<IPage> OpenCustomersAsync(string path = "/customers") => _browser.OpenSignedInAsync(path);

    private Task<Customer> CreateAsync(string name, string email, string? country = null, string? currency = null) =>
        _browser.App.CreateCustomerAsync(new CustomerInput { Name = name, Email = email, Address = new AddressInput(Country: country), Currency = currency });

    [Fact]
    public async Task PressN_FillNameAndEmail_Enter_TheCustomerAppearsAtTheTop()
    {
        var page = await OpenCustomersAsync();

        await page.Keyboard.PressAsync("n");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add customer" });
        // The dialog takes focus on its first field: typing goes straight into Name.
        await Assertions.Expect(dialog.GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Keyboard Kim");
        await dialog.GetByLabel("Account email").FillAsync("kim@keyboard.example");
        await BrowserFixture.CaptureAsync(page, "customers-add-dialog");
        await dialog.GetByLabel("Account email").PressAsync("Enter");
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });

        var firstRow = BrowserFixture.RowsOf(page, "Customers").First;
        await Assertions.Expect(firstRow).ToContainTextAsync("Keyboard Kim");
        await Assertions.Expect(firstRow).ToContainTextAsync("kim@keyboard.example");
        await BrowserFixture.CaptureAsync(page, "customers-page");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AThirtyThousandCharacterSearch_IsStoppedAtTheLimit_AndThePageStaysLive()
    {
        var page = await OpenCustomersAsync();
        var search = page.GetByLabel("Search customers");

        await search.FillAsync(new string('x', 30_000));
        await search.PressAsync("Enter");

        Assert.Equal(CustomerQuery.MaxSearchLength, (await search.InputValueAsync()).Length);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"q=x{{{CustomerQuery.MaxSearchLength}}}(&|$)"));
        // Still connected: the page answers the next search.
        await search.FillAsync("");
        await search.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/customers$"));
        Assert.Equal(CustomerQuery.MaxSearchLength, CustomerQuery.Parse("?q=" + new string('y', 5_000)).Search!.Length);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TypeNInSearchBox_DoesNotOpenTheDialog()
    {
        var page = await OpenCustomersAsync();

        await page.GetByLabel("Search customers").PressSequentiallyAsync("nnn");
        await page.WaitForTimeoutAsync(500);

        Assert.Equal(0, await page.GetByRole(AriaRole.Dialog).CountAsync());
        Assert.Equal("nnn", await page.GetByLabel("Search customers").InputValueAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AddCustomer_EmailAlreadyUsed_ShowsTheExistingCustomerBeforeCreating()
    {
        await CreateAsync("Original Olga", "olga@duplicate.example");
        var page = await OpenCustomersAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Add customer" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add customer" });
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("Second Olga");
        await dialog.GetByLabel("Account email").FillAsync("OLGA@duplicate.example");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add customer" }).ClickAsync();

        var duplicates = dialog.GetByRole(AriaRole.Alert).Filter(new() { HasText = "with this email already" });
        await Assertions.Expect(duplicates).ToContainTextAsync("Original Olga");
        await BrowserFixture.CaptureAsync(page, "customers-duplicate");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add customer anyway" }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        var olgas = await _browser.App.InScopeAsync(services => services.GetRequiredService<CustomerService>().FindByEmailAsync("olga@duplicate.example"));
        Assert.Equal(2, olgas.Count);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CtrlClickARow_OpensTheCustomerInANewTab_AndTheListStays()
    {
        var customer = await CreateAsync("Tabbed Tess", "tess@new-tab.example");
        var page = await OpenCustomersAsync("/customers?q=new-tab.example");
        var row = BrowserFixture.RowsOf(page, "Customers").Filter(new() { HasText = "Tabbed Tess" });
        await Assertions.Expect(row).ToHaveCountAsync(1);

        // The row's link covers the whole row: a Ctrl-click in its middle (not on the name) opens a tab.
        var newTab = await page.Context.RunAndWaitForPageAsync(() =>
            row.ClickAsync(new() { Modifiers = [KeyboardModifier.Control] }));
        await newTab.WaitForLoadStateAsync();

        Assert.EndsWith($"/customers/{customer.Id}", newTab.Url, StringComparison.Ordinal);
        await Assertions.Expect(newTab.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tabbed Tess");
        Assert.EndsWith("/customers?q=new-tab.example", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task KeyboardOnly_TabToARowThenEnter_OpensTheCustomer()
    {
        var customer = await CreateAsync("Keyed Kai", "kai@keyboard-row.example");
        var page = await OpenCustomersAsync("/customers?q=keyboard-row.example");
        await Assertions.Expect(BrowserFixture.RowsOf(page, "Customers")).ToHaveCountAsync(1);

        // From the search box, Tab walks the page in order until it reaches the row's link; nothing is clicked.
        await page.GetByLabel("Search customers").FocusAsync();
        for (var presses = 0; presses < 20 && !await IsFocusedAsync(page.GetByRole(AriaRole.Link, new() { Name = "Keyed Kai" })); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/customers/{customer.Id}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Keyed Kai");
        await page.Context.CloseAsync();
    }

    private static Task<bool> IsFocusedAsync(ILocator locator) =>
        locator.EvaluateAsync<bool>("element => element === document.activeElement");

    [Fact]
    public async Task Search_Substring_FindsTheCustomer()
    {
        await CreateAsync("Jennifer Rosenthal", "j.rosenthal@search.example");
        var page = await OpenCustomersAsync();

        await page.GetByLabel("Search customers").FillAsync("nifer Rose");
        await page.GetByLabel("Search customers").PressAsync("Enter");

        // Expect polls the address: Blazor changes it in the page (pushState), and WaitForURL can miss that and wait for a load.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"\?q=nifer%20Rose"));
        // Expect retries until the search result replaces the unfiltered list; an immediate count could read the old rows.
        var rows = BrowserFixture.RowsOf(page, "Customers");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Jennifer Rosenthal");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" }).GetByRole(AriaRole.Status)).ToHaveTextAsync("1 customer");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FilterChip_NarrowsTheListAndTheUrlCarriesIt_RemovingItWidensAgain()
    {
        await CreateAsync("Chip Iceland", "chip@iceland.example", country: "IS");
        await CreateAsync("Chip Malta", "chip@malta.example", country: "MT");
        var page = await OpenCustomersAsync("/customers?q=chip%40");

        await page.GetByRole(AriaRole.Button, new() { Name = "Filters" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Filter customers" });
        await BrowserFixture.ChooseAsync(page, dialog, "Country", "Iceland");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("country=IS"));
        var rows = BrowserFixture.RowsOf(page, "Customers");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Chip Iceland");
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Active filters" })).ToContainTextAsync("Country: Iceland");
        await BrowserFixture.CaptureAsync(page, "customers-filtered");

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove filter Country: Iceland" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        Assert.DoesNotContain("country=", page.Url, StringComparison.Ordinal);
        await page.GoBackAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class CustomersPageBrowserTestsOnSqlite(BrowserFixture browser) : CustomersPageBrowserTests(browser);

[Collection(BrowserCollection.Name)]
public sealed class CustomersPageBrowserTestsOnPostgreSql(PostgreSqlBrowserFixture browser) : CustomersPageBrowserTests(browser);
