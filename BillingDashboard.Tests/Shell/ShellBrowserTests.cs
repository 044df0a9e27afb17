using BillingDashboard.Features.Users;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Shell;

[Collection(BrowserCollection.Name)]
public sealed class ShellBrowserTests
{
    private readonly BrowserFixture _browser;

    public ShellBrowserTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task AnonymousVisit_AnyPage_LandsOnSignIn()
    {
        var page = await _browser.NewAnonymousPageAsync();
        await _browser.App.CreateUserAsync("someone@shell.example", BrowserFixture.Password, AppRoles.Admin);

        await page.GotoAsync("/users");

        Assert.Contains("/account/signin", page.Url, StringComparison.Ordinal);
        Assert.True(await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).IsVisibleAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_ThenQuestionMark_OpensTheShortcutList()
    {
        var page = await _browser.NewAnonymousPageAsync();
        await _browser.App.CreateUserAsync("keys@shell.example", BrowserFixture.Password, AppRoles.Admin);
        await page.GotoAsync("/customers");

        await BrowserFixture.SignInAsync(page, "keys@shell.example", BrowserFixture.Password);
        await page.Keyboard.PressAsync("Shift+Slash");

        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.WaitForAsync();
        Assert.Contains("Keyboard shortcuts", await dialog.InnerTextAsync(), StringComparison.Ordinal);
        Assert.EndsWith("/customers", page.Url, StringComparison.Ordinal);
        Assert.Contains("keys@shell.example", await page.GetByRole(AriaRole.Banner).InnerTextAsync(), StringComparison.Ordinal);
        await page.Keyboard.PressAsync("Escape");
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignOut_FromTheTopBar_EndsTheSession_AndEveryCopyOfItsCookie()
    {
        var page = await _browser.NewAnonymousPageAsync();
        await _browser.App.CreateUserAsync("leaving@shell.example", BrowserFixture.Password, AppRoles.Viewer);
        await page.GotoAsync("/account/signin");
        await BrowserFixture.SignInAsync(page, "leaving@shell.example", BrowserFixture.Password);
        var stolen = await page.Context.CookiesAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/account/signin");
        await page.GotoAsync("/customers");
        var thief = await _browser.NewAnonymousPageAsync();
        await thief.Context.AddCookiesAsync(stolen.Select(cookie => new Cookie
        {
            Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path, HttpOnly = cookie.HttpOnly, Secure = cookie.Secure,
        }));
        await thief.GotoAsync("/customers");

        Assert.Contains("/account/signin", page.Url, StringComparison.Ordinal);
        Assert.Contains("/account/signin", thief.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
        await thief.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_OpensUsersPage_IsDeniedAndSeesNoUsersEntry()
    {
        var page = await _browser.OpenSignedInAsync("/customers", AppRoles.Viewer);

        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Assertions.Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Customers" })).ToBeVisibleAsync();
        var usersEntries = await navigation.GetByRole(AriaRole.Link, new() { Name = "Users" }).CountAsync();
        await page.GotoAsync("/users");

        Assert.Equal(0, usersEntries);
        Assert.Contains("/account/denied", page.Url, StringComparison.Ordinal);
        Assert.Contains("Your role does not give access", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Admin_AddsAViewerOnUsersPage_TheViewerAppearsInTheList()
    {
        var page = await _browser.OpenSignedInAsync("/users");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add user" });
        await dialog.GetByLabel("Email").FillAsync("new.viewer@shell.example");
        await dialog.GetByLabel("Temporary password (at least 12 characters)").FillAsync("a long enough password");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Assertions.Expect(BrowserFixture.RowsOf(page, "Users").Filter(new() { HasText = "new.viewer@shell.example" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByLabel("Role of new.viewer@shell.example")).ToContainTextAsync("Viewer");

        await page.GetByRole(AriaRole.Link, new() { Name = "new.viewer@shell.example" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("new.viewer@shell.example");
        await Assertions.Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Active");
        await page.Context.CloseAsync();
    }
}
