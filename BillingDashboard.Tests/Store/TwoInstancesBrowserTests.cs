using BillingDashboard.Features.Users;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Store;

/// <summary>Two app instances over one PostgreSQL database, as behind a load balancer, seen from a browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TwoInstancesBrowserTests(PostgreSqlBrowserFixture browser)
{
    [Fact]
    public async Task AnOperatorDisabledOnOneInstance_LosesTheOpenDashboardOnTheOther()
    {
        var first = (PostgreSqlAppFactory)browser.App;
        await using var second = first.SecondInstance();
        var secondServer = second.StartKestrel();
        var user = await first.CreateUserAsync("elsewhere@tests.example", BrowserFixture.Password, AppRoles.Viewer);

        // Signed in on the second instance, its Customers page open on a live circuit there.
        var page = await browser.NewAnonymousPageAsync(secondServer);
        await page.GotoAsync("/account/signin");
        await BrowserFixture.SignInAsync(page, "elsewhere@tests.example", BrowserFixture.Password);
        await page.GotoAsync("/customers");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Customers", Level = 1 })).ToBeVisibleAsync();

        // Disabled through the first instance.
        await first.InScopeAsync(async services =>
        {
            await services.GetRequiredService<UserAdministration>().SetDisabledAsync(user.Id, disabled: true);
            return 0;
        });

        // The second instance's circuit checks its user against the database every 15 seconds: the open page
        // goes to the sign-in page without anything being clicked, and the cookie no longer opens the dashboard.
        await page.WaitForURLAsync("**/account/signin**", new() { Timeout = 25_000 });
        await page.GotoAsync("/customers");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
