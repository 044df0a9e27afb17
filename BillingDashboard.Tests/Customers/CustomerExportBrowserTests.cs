using System.Text;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Customers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Customers;

public abstract class CustomerExportBrowserTests
{
    private readonly BrowserFixture _browser;

    protected CustomerExportBrowserTests(BrowserFixture browser) => _browser = browser;

    private Task<Customer> CreateAsync(string name, string email, string country, string? plan = null) =>
        _browser.App.CreateCustomerAsync(new CustomerInput
        {
            Name = name,
            Email = email,
            Address = new AddressInput(Country: country),
            Currency = "eur",
            Metadata = plan is null ? null : new Dictionary<string, string?> { ["plan"] = plan },
        });

    [Fact]
    public async Task Export_FilteredWithChosenColumns_DownloadsCsvWithExactlyThoseRowsAndColumns()
    {
        var müller = await CreateAsync("Jürgen \"Jay\" Müller", "jay@csv-export.example", "DE", plan: "pro, annual");
        var schmidt = await CreateAsync("Anna Schmidt", "anna@csv-export.example", "DE");
        await CreateAsync("Pierre Martin", "pierre@csv-export.example", "FR", plan: "starter");
        var page = await _browser.OpenSignedInAsync("/customers?q=csv-export.example&country=DE");
        await Assertions.Expect(BrowserFixture.RowsOf(page, "Customers")).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Button, new() { Name = "Export", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Export customers" });
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Tax status", Exact = true }).UncheckAsync();
        await dialog.GetByRole(AriaRole.Group, new() { Name = "Metadata" }).GetByRole(AriaRole.Checkbox, new() { Name = "plan", Exact = true }).CheckAsync();
        await BrowserFixture.CaptureAsync(page, "customers-export-dialog");
        var download = await page.RunAndWaitForDownloadAsync(() =>
            dialog.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());

        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("id,name,email,created,currency,balance,address_country,metadata.plan", lines[0]);
        Assert.Equal(
        [
            $"{schmidt.Id},Anna Schmidt,anna@csv-export.example,{schmidt.Created.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'},eur,0.00,DE,",
            $"{müller.Id},\"Jürgen \"\"Jay\"\" Müller\",jay@csv-export.example,{müller.Created.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'},eur,0.00,DE,\"pro, annual\"",
            "",
        ], lines[1..]);
        Assert.Matches(@"^customers-\d{8}-\d{6}\.csv$", download.SuggestedFilename);
        await Assertions.Expect(dialog.GetByRole(AriaRole.Status)).ToContainTextAsync("Exported 2 customers");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ExportLink_UsedTwiceOrByAnotherOperator_IsRefused()
    {
        // Signed in first: the admin exists from then on, whichever test of the class runs first.
        var admin = await _browser.NewSignedInPageAsync();
        var adminId = await _browser.App.UserIdOfAsync(BrowserFixture.EmailFor(Features.Users.AppRoles.Admin));
        var token = _browser.App.Services.GetRequiredService<Features.Export.ExportDownloads>()
            .Register(adminId, new CustomerExportRequest(new CustomerQuery(), CustomerExport.DefaultColumns)).Token;

        var viewer = await _browser.NewSignedInPageAsync(Features.Users.AppRoles.Viewer);
        var response = await viewer.APIRequest.GetAsync(Features.Export.ExportEndpoint.Route + token);
        Assert.Equal(404, response.Status);
        await viewer.Context.CloseAsync();

        Assert.Equal(200, (await admin.APIRequest.GetAsync(Features.Export.ExportEndpoint.Route + token)).Status);
        Assert.Equal(404, (await admin.APIRequest.GetAsync(Features.Export.ExportEndpoint.Route + token)).Status);
        await admin.Context.CloseAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class CustomerExportBrowserTestsOnSqlite(BrowserFixture browser) : CustomerExportBrowserTests(browser);

[Collection(BrowserCollection.Name)]
public sealed class CustomerExportBrowserTestsOnPostgreSql(PostgreSqlBrowserFixture browser) : CustomerExportBrowserTests(browser);
