using System.Net;
using System.Net.Http.Headers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Api;

[Collection(BrowserCollection.Name)]
public sealed class DevelopersBrowserTests
{
    private readonly BrowserFixture _browser;

    public DevelopersBrowserTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task CreateKey_ShownOnceWorksForTheApiUntilRevoked()
    {
        var page = await _browser.OpenSignedInAsync("/developers");

        await page.GetByLabel("Key name").FillAsync("browser-made key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create secret key" }).ClickAsync();
        var secret = (await page.GetByLabel("New secret key").TextContentAsync())!.Trim();
        Assert.StartsWith("sk_test_", secret, StringComparison.Ordinal);
        var row = BrowserFixture.RowsOf(page, "Secret keys").Filter(new() { HasText = "browser-made key" });
        await Assertions.Expect(row).ToContainTextAsync($"sk_test_…{secret[^4..]}");
        await BrowserFixture.CaptureAsync(page, "developers-page");

        using var api = new HttpClient { BaseAddress = _browser.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/v1/customers")).StatusCode);

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke browser-made key" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Revoke key" }).GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/v1/customers")).StatusCode);
        await page.Context.CloseAsync();
    }
}
