using BillingDashboard.Features.Users;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Import;

[Collection(BrowserCollection.Name)]
public sealed class ImportBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnAdminUploadsMapsAColumnByHand_DryRunsAndImports_AndSeesTheCustomersInTheList()
    {
        var path = Path.Combine(browser.App.DatabaseFolder, "to-import.csv");
        await File.WriteAllTextAsync(path, """
            Full name,Email,Country,Segment
            Imported Ida,ida@browser-import.example,SE,enterprise
            Imported Ivo,ivo@browser-import.example,NL,startup
            Broken Row,not-an-email,NL,startup
            """);
        var page = await browser.OpenSignedInAsync("/customers");
        await page.GetByRole(AriaRole.Link, new() { Name = "Import", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import customers", Level = 1 })).ToBeVisibleAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);

        await page.GetByLabel("CSV file").SetInputFilesAsync(path);
        var mapping = page.GetByRole(AriaRole.Table, new() { Name = "Column mapping" });
        await Assertions.Expect(mapping).ToContainTextAsync("Imported Ida");
        await AxeChecks.AssertNoSeriousViolationsAsync(page, "the Import page with a file's column mapping");
        // "Full name" is no column name the import knows: it is mapped by hand; "Segment" becomes a metadata key.
        await BrowserFixture.PickAsync(page, mapping, "Import \"Full name\" as", "Name");
        await BrowserFixture.PickAsync(page, mapping, "Import \"Segment\" as", "Metadata key…");
        await Assertions.Expect(mapping.GetByLabel("Metadata key for \"Segment\"")).ToHaveValueAsync("Segment");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickAsync();

        var counts = page.GetByRole(AriaRole.Table, new() { Name = "Rows by outcome" });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dry run: nothing was written" })).ToBeVisibleAsync();
        await Assertions.Expect(counts.GetByRole(AriaRole.Row, new() { Name = "New" })).ToContainTextAsync("2");
        await Assertions.Expect(counts.GetByRole(AriaRole.Row, new() { Name = "Refused" })).ToContainTextAsync("1");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Refused and skipped rows" })).ToContainTextAsync("Enter an email address");
        await BrowserFixture.CaptureAsync(page, "customers-import-dry-run");
        await AxeChecks.AssertNoSeriousViolationsAsync(page, "the Import page with a dry run's report");

        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import finished" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "See the customers" }).ClickAsync();
        await page.GotoAsync("/customers?q=browser-import.example");
        var rows = BrowserFixture.RowsOf(page, "Customers");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Filter(new() { HasText = "Imported Ida" })).ToContainTextAsync("ida@browser-import.example");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AViewer_SeesNoImportButton_AndIsRefusedTheImportPage()
    {
        var page = await browser.OpenSignedInAsync("/customers", AppRoles.Viewer);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Customers", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Import", Exact = true })).ToHaveCountAsync(0);

        await page.GotoAsync("/customers/import");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("CSV file")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
