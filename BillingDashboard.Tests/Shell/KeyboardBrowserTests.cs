using BillingDashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Shell;

/// <summary>What a keyboard user meets: dialogs that take, keep and give back focus, and single-key shortcuts that stay out of the way.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardBrowserTests
{
    private readonly BrowserFixture _browser;

    public KeyboardBrowserTests(BrowserFixture browser) => _browser = browser;

    private static Task<bool> FocusIsInsideAsync(ILocator container) =>
        container.EvaluateAsync<bool>("element => element.contains(document.activeElement)");

    [Fact]
    public async Task Dialog_OpenedWithEnter_TakesFocusKeepsItOnTabClosesOnEscAndGivesFocusBack()
    {
        var page = await _browser.OpenSignedInAsync("/customers");
        var opener = page.GetByRole(AriaRole.Button, new() { Name = "Add customer" });

        await opener.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add customer" });
        await Assertions.Expect(dialog.GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();

        // Forwards and backwards through every control, and around: focus never leaves the dialog.
        for (var press = 0; press < 40; press++)
        {
            await page.Keyboard.PressAsync(press < 25 ? "Tab" : "Shift+Tab");
            Assert.True(await FocusIsInsideAsync(dialog), $"Focus left the dialog after {press + 1} presses.");
        }

        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(opener).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Shortcuts_WhileADialogIsOpenOrWhileTyping_AreIgnored()
    {
        var page = await _browser.OpenSignedInAsync("/customers");

        await page.Keyboard.PressAsync("?");
        var shortcuts = page.GetByRole(AriaRole.Dialog, new() { Name = "Keyboard shortcuts" });
        await Assertions.Expect(shortcuts).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("n");
        await page.WaitForTimeoutAsync(300);
        Assert.Equal(0, await page.GetByRole(AriaRole.Dialog, new() { Name = "Add customer" }).CountAsync());
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(shortcuts).ToBeHiddenAsync();

        await page.Keyboard.PressAsync("/");
        var search = page.GetByLabel("Search customers");
        await Assertions.Expect(search).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("n?");
        await page.WaitForTimeoutAsync(300);
        Assert.Equal(0, await page.GetByRole(AriaRole.Dialog).CountAsync());
        await Assertions.Expect(search).ToHaveValueAsync("n?");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/customers")]
    [InlineData("/invoices")]
    [InlineData("/settings")]
    public async Task FirstPaint_BeforeAnyScriptRuns_IsStyledAndShowsNoIconNames(string path)
    {
        var page = await _browser.NewSignedInPageWithoutScriptsAsync();
        await page.GotoAsync(path);

        // The server's own answer: the theme and stylesheet are in it, and icons are drawn, not spelled out.
        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Assertions.Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Customers" })).ToBeVisibleAsync();
        var banner = page.GetByRole(AriaRole.Banner);
        Assert.Equal("fixed", await banner.EvaluateAsync<string>("element => getComputedStyle(element).position"));
        Assert.Equal("rgb(255, 255, 255)", await banner.EvaluateAsync<string>("element => getComputedStyle(element).backgroundColor"));
        // The page's own words, without the rows of its lists: other tests' customers may be called anything.
        var text = await page.EvaluateAsync<string>(
            "() => { const copy = document.body.cloneNode(true); copy.querySelectorAll('tbody').forEach(rows => rows.remove()); return copy.textContent; }");
        foreach (var ligature in new[] { "chevron_left", "chevron_right", "filter_list", "more_horiz", "account_circle", "keyboard", "logout", "receipt_long" })
        {
            Assert.DoesNotContain(ligature, text, StringComparison.Ordinal);
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FirstPaint_SignInPage_IsStyled()
    {
        var page = await _browser.NewAnonymousPageAsync();
        await page.GotoAsync("/account/signin");

        var button = page.GetByRole(AriaRole.Button, new() { Name = "Sign in" });
        Assert.Equal("rgb(88, 81, 235)", await button.EvaluateAsync<string>("element => getComputedStyle(element).backgroundColor"));
        await page.Context.CloseAsync();
    }
}
