using System.Collections.Concurrent;
using BillingDashboard.Features.Users;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Infrastructure;

/// <summary>
/// One app on a real Kestrel port and one headless Debian Chromium, shared by the browser tests.
/// Each test gets a fresh browser context (its own cookies); signing in happens once per role and is reused.
/// </summary>
/// <remarks>The app runs over SQLite here, over PostgreSQL in <see cref="PostgreSqlBrowserFixture"/>.</remarks>
public class BrowserFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";

    public BrowserFixture() : this(new AppFactory())
    {
    }

    protected BrowserFixture(AppFactory app) => App = app;

    private readonly ConcurrentDictionary<string, Task<string>> _signedInStates = new(StringComparer.Ordinal);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public AppFactory App { get; }

    public Uri BaseAddress { get; private set; } = default!;

    private IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        BaseAddress = App.StartKestrel();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // Debian's Chromium: never a downloaded browser.
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A page in a fresh context, not signed in.</summary>
    public Task<IPage> NewAnonymousPageAsync() => NewPageAsync(storageState: null);

    /// <summary>A page in a fresh context, not signed in, on another server: a second instance of the app.</summary>
    public Task<IPage> NewAnonymousPageAsync(Uri server) => NewPageAsync(storageState: null, server);

    /// <summary>A page in a fresh context, signed in as the shared operator of <paramref name="role"/>.</summary>
    public async Task<IPage> NewSignedInPageAsync(string role = AppRoles.Admin)
    {
        var state = await _signedInStates.GetOrAdd(role, SignInOnceAsync);
        return await NewPageAsync(state);
    }

    /// <summary>A signed-in page whose scripts never run: what the server's first answer paints, before Blazor starts.</summary>
    public async Task<IPage> NewSignedInPageWithoutScriptsAsync(string role = AppRoles.Admin)
    {
        var state = await _signedInStates.GetOrAdd(role, SignInOnceAsync);
        var options = ContextOptions(state);
        options.JavaScriptEnabled = false;
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>A signed-in page opened at <paramref name="path"/>, once its circuit is live.</summary>
    public async Task<IPage> OpenSignedInAsync(string path, string role = AppRoles.Admin)
    {
        var page = await NewSignedInPageAsync(role);
        await page.GotoAsync(path);
        await WaitForInteractiveAsync(page);
        return page;
    }

    public static string EmailFor(string role) => $"{role.ToLowerInvariant()}@tests.example";

    /// <summary>Signs in through the real sign-in page and waits until the dashboard's circuit is live.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitForInteractiveAsync(page);
    }

    /// <summary>Saves a screenshot when BILLING_SCREENSHOTS names a folder: a way to look at the pages a test visits.</summary>
    public static async Task CaptureAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("BILLING_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    /// <summary>Picks <paramref name="option"/> in the field labelled <paramref name="label"/> that narrows its list as one types.</summary>
    public static async Task ChooseAsync(IPage page, ILocator scope, string label, string option)
    {
        await scope.GetByLabel(label, new() { Exact = true }).FillAsync(option);
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }

    /// <summary>Picks <paramref name="option"/> in the list that the field labelled <paramref name="label"/> opens.</summary>
    public static async Task PickAsync(IPage page, ILocator scope, string label, string option)
    {
        await scope.GetByLabel(label, new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }

    /// <summary>The rows of the table named <paramref name="name"/>, without its header row.</summary>
    public static ILocator RowsOf(IPage page, string name) => RowsOf(page.Locator("body"), name);

    /// <summary>The rows of the table named <paramref name="name"/> inside <paramref name="scope"/>, without its header row.</summary>
    public static ILocator RowsOf(ILocator scope, string name) =>
        scope.GetByRole(AriaRole.Table, new() { Name = name }).Locator("tbody").GetByRole(AriaRole.Row);

    /// <summary>Waits until the page's circuit is connected, so that clicks and keys reach .NET.</summary>
    public static async Task WaitForInteractiveAsync(IPage page) =>
        await page.WaitForSelectorAsync("html[data-interactive='true']", new PageWaitForSelectorOptions { Timeout = 20_000 });

    private async Task<string> SignInOnceAsync(string role)
    {
        var email = EmailFor(role);
        await App.CreateUserAsync(email, Password, role);
        await using var context = await Browser.NewContextAsync(ContextOptions(null));
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await SignInAsync(page, email, Password);
        return await context.StorageStateAsync();
    }

    private async Task<IPage> NewPageAsync(string? storageState, Uri? server = null)
    {
        var context = await Browser.NewContextAsync(ContextOptions(storageState, server));
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    private BrowserNewContextOptions ContextOptions(string? storageState, Uri? server = null) => new()
    {
        BaseURL = (server ?? BaseAddress).ToString(),
        ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        StorageState = storageState,
        AcceptDownloads = true,
        Locale = "en-US",
        TimezoneId = "UTC",
    };

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>The same browser tests over an app on PostgreSQL.</summary>
public sealed class PostgreSqlBrowserFixture() : BrowserFixture(new PostgreSqlAppFactory());

/// <summary>
/// The browser tests, one at a time, on either store: both fixtures belong to the one collection, so that two
/// Chromiums never compete for the two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>, ICollectionFixture<PostgreSqlBrowserFixture>
{
    public const string Name = "browser";
}
