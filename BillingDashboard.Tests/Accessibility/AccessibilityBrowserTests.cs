using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Coupons;
using BillingDashboard.Domain.CreditNotes;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.Balance;
using BillingDashboard.Features.Coupons;
using BillingDashboard.Features.CreditNotes;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Events;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Features.Payments;
using BillingDashboard.Features.TaxIds;
using BillingDashboard.Features.TaxRates;
using BillingDashboard.Features.Users;
using BillingDashboard.Features.Webhooks;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Accessibility;

/// <summary>
/// Every page (as an admin, and as a viewer where a viewer's page differs) and every dialog, through axe-core's
/// WCAG 2.1 A and AA rules: a serious or critical violation fails. The pages show real objects of every kind, so
/// that each card and table is drawn.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityBrowserTests
{
    private static readonly SemaphoreSlim ShowcaseLock = new(1, 1);
    private static Showcase? _showcase;

    private readonly BrowserFixture _browser;

    public AccessibilityBrowserTests(BrowserFixture browser) => _browser = browser;

    /// <summary>One of each object, so that every page has something to show.</summary>
    private sealed record Showcase(string CustomerId, string SourceId, string ChargeId, string DraftId, string InvoiceId, string CouponId, string RateId,
        string CreditNoteId, string EventId, string WebhookEndpointId);

    /// <summary>
    /// Every page as an admin, who sees the most of it. A viewer sees the same markup less the controls that change
    /// things, so the viewer is checked where the page itself differs for them: the customer page (its cards'
    /// read-only states), the Developers page and Settings. Checking every page twice cost two minutes of the suite.
    /// </summary>
    public static TheoryData<string, string> Pages() => new()
    {
        { AppRoles.Admin, "/customers" },
        { AppRoles.Admin, "/customers/{customer}" }, { AppRoles.Viewer, "/customers/{customer}" },
        { AppRoles.Admin, "/customers/import" },
        { AppRoles.Admin, "/invoices" },
        { AppRoles.Admin, "/invoices/{draft}" },
        { AppRoles.Admin, "/invoices/{invoice}" },
        { AppRoles.Admin, "/credit-notes/{creditNote}" },
        { AppRoles.Admin, "/payments" },
        { AppRoles.Admin, "/payments/{charge}" },
        { AppRoles.Admin, "/sources/{source}" },
        { AppRoles.Admin, "/coupons" },
        { AppRoles.Admin, "/coupons/{coupon}" },
        { AppRoles.Admin, "/tax-rates" },
        { AppRoles.Admin, "/tax-rates/{rate}" },
        { AppRoles.Admin, "/developers" }, { AppRoles.Viewer, "/developers" },
        { AppRoles.Admin, "/developers/webhooks/{webhook}" },
        { AppRoles.Admin, "/events" },
        { AppRoles.Admin, "/events/{event}" },
        { AppRoles.Admin, "/settings" }, { AppRoles.Viewer, "/settings" },
        { AppRoles.Admin, "/users" },
        { AppRoles.Admin, "/users/{user}" },
        { AppRoles.Admin, "/no-such-page" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_AsRole_HasNoSeriousViolations(string role, string path)
    {
        var showcase = await ShowcaseAsync();
        var page = await _browser.NewSignedInPageAsync(role);
        if (path.Contains("{user}", StringComparison.Ordinal))
        {
            // The operator exists once signed in: their own page can be named only now.
            path = path.Replace("{user}", await _browser.App.UserIdOfAsync(BrowserFixture.EmailFor(role)), StringComparison.Ordinal);
        }
        await page.GotoAsync(Resolve(path, showcase));
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        await AxeChecks.AssertNoSeriousViolationsAsync(page, $"{path} as {role}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AccessDeniedPage_ViewerOpensUsers_HasNoSeriousViolations()
    {
        var page = await _browser.NewSignedInPageAsync(AppRoles.Viewer);
        await page.GotoAsync("/users");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();

        await AxeChecks.AssertNoSeriousViolationsAsync(page, "the access-denied page");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignInPage_Anonymous_HasNoSeriousViolations()
    {
        var page = await _browser.NewAnonymousPageAsync();
        await page.GotoAsync("/account/signin");

        await AxeChecks.AssertNoSeriousViolationsAsync(page, "sign-in page");
        await page.Context.CloseAsync();
    }

    public static TheoryData<string, string, string> Dialogs() => new()
    {
        { "/customers", "Add customer", "Add customer" },
        { "/customers", "Filters", "Filter customers" },
        { "/customers", "Export", "Export customers" },
        { "/customers/{customer}", "Edit information", "Edit information" },
        { "/customers/{customer}", "Add payment method", "Add payment method" },
        { "/customers/{customer}", "Create payment", "Create payment" },
        { "/payments/{charge}", "Refund", "Refund payment" },
        { "/invoices", "Create invoice", "Create invoice" },
        { "/invoices", "Filters", "Filter invoices" },
        { "/invoices", "Export", "Export invoices" },
        { "/coupons", "Create coupon", "Create coupon" },
        { "/tax-rates", "Create tax rate", "Create tax rate" },
        { "/users", "Add user", "Add user" },
        { "/customers", "Keyboard shortcuts", "Keyboard shortcuts" },
    };

    [Theory]
    [MemberData(nameof(Dialogs))]
    public async Task Dialog_Opened_HasNoSeriousViolations(string path, string opener, string dialogName)
    {
        var page = await _browser.OpenSignedInAsync(Resolve(path, await ShowcaseAsync()));

        if (opener == "Edit information")
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Actions" }).ClickAsync();
            await page.GetByRole(AriaRole.Menuitem, new() { Name = opener }).ClickAsync();
        }
        else
        {
            await page.GetByRole(AriaRole.Button, new() { Name = opener, Exact = true }).First.ClickAsync();
        }
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = dialogName });
        await Assertions.Expect(dialog).ToBeVisibleAsync();

        await AxeChecks.AssertNoSeriousViolationsAsync(page, $"the {dialogName} dialog");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task IssueCreditNoteDialog_WithItsPreviewAndChoices_HasNoSeriousViolations()
    {
        var page = await _browser.OpenSignedInAsync($"/invoices/{(await ShowcaseAsync()).InvoiceId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue credit note" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Issue a credit note on") });

        await dialog.GetByLabel("Quantity to credit: Consulting").FillAsync("1");
        await dialog.GetByLabel("Quantity to credit: Consulting").BlurAsync();
        await Assertions.Expect(dialog.GetByText("Where the")).ToBeVisibleAsync();

        await AxeChecks.AssertNoSeriousViolationsAsync(page, "the Issue credit note dialog with its preview");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task InvoiceDraft_LineFormAndRefusals_HaveNoSeriousViolations()
    {
        var page = await _browser.OpenSignedInAsync($"/invoices/{(await ShowcaseAsync()).DraftId}");
        var lines = page.GetByRole(AriaRole.Region, new() { Name = "Lines" });

        // A refused line: the fields marked invalid and the summary above must stay accessible too.
        await lines.GetByLabel(new System.Text.RegularExpressions.Regex("^Unit price")).FillAsync("12.345");
        await lines.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).First).ToBeVisibleAsync();

        await AxeChecks.AssertNoSeriousViolationsAsync(page, "a draft invoice with a refused line");
        await page.Context.CloseAsync();
    }

    private static string Resolve(string path, Showcase showcase) => path
        .Replace("{customer}", showcase.CustomerId, StringComparison.Ordinal)
        .Replace("{source}", showcase.SourceId, StringComparison.Ordinal)
        .Replace("{charge}", showcase.ChargeId, StringComparison.Ordinal)
        .Replace("{draft}", showcase.DraftId, StringComparison.Ordinal)
        .Replace("{invoice}", showcase.InvoiceId, StringComparison.Ordinal)
        .Replace("{coupon}", showcase.CouponId, StringComparison.Ordinal)
        .Replace("{rate}", showcase.RateId, StringComparison.Ordinal)
        .Replace("{creditNote}", showcase.CreditNoteId, StringComparison.Ordinal)
        .Replace("{event}", showcase.EventId, StringComparison.Ordinal)
        .Replace("{webhook}", showcase.WebhookEndpointId, StringComparison.Ordinal);

    private async Task<Showcase> ShowcaseAsync()
    {
        await ShowcaseLock.WaitAsync();
        try
        {
            return _showcase ??= await _browser.App.InScopeAsync(CreateShowcaseAsync);
        }
        finally
        {
            ShowcaseLock.Release();
        }
    }

    private async Task<Showcase> CreateShowcaseAsync(IServiceProvider services)
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput
        {
            Name = "Accessible Ada", Email = "ada@a11y.example", Currency = "eur", Phone = "+49 30 1234567", Description = "Every card filled",
            Address = new AddressInput("Unter den Linden 1", "", "Berlin", "", "10117", "DE"),
            Metadata = new Dictionary<string, string?> { ["crm_id"] = "CRM-1" },
        });
        await services.GetRequiredService<TaxIdService>().AddAsync(customer.Id, new TaxIdInput("eu_vat", "DE123456789"));
        await services.GetRequiredService<CustomerBalanceService>().AdjustAsync(customer.Id, -500, "eur", "Goodwill");
        var payments = services.GetRequiredService<PaymentService>();
        var source = await payments.AddToCustomerAsync(customer.Id, TestCards.Card(expYear: 2031));
        await payments.AddToCustomerAsync(customer.Id, TestCards.Card(TestCards.AuthenticationRequired, expYear: 2031));
        var charge = await payments.ChargeAsync(new ChargeInput { Amount = 2_500, Currency = "eur", CustomerId = customer.Id, Description = "Setup" });
        await payments.RefundAsync(charge.Id, 500, "requested_by_customer", metadata: null);
        var method = await services.GetRequiredService<PaymentMethodService>().AttachAsync("pm_card_mastercard", customer.Id);
        await services.GetRequiredService<PaymentMethodService>().SetInvoiceDefaultAsync(customer.Id, method.Id);
        var rate = await services.GetRequiredService<TaxRateService>().CreateAsync(new TaxRateInput { DisplayName = "VAT", Percentage = "19", Country = "DE" });
        var coupon = await services.GetRequiredService<CouponService>().CreateAsync(new CouponInput { Id = "A11Y10", Name = "Ten off", PercentOff = 10m, Duration = "once" });
        var invoices = services.GetRequiredService<InvoiceService>();
        var finalized = await invoices.CreateDraftAsync(customer.Id);
        await invoices.AddLineAsync(finalized.Invoice.Id, new InvoiceItemInput { Description = "Consulting", Quantity = 2, UnitAmount = 10_000, TaxRateIds = [rate.Id] });
        await invoices.FinalizeAsync(finalized.Invoice.Id);
        var consulting = (await invoices.GetAsync(finalized.Invoice.Id)).Lines[0];
        var creditNote = await services.GetRequiredService<CreditNoteService>().CreateAsync(finalized.Invoice.Id, new CreditNoteInput
        {
            Lines = [new CreditNoteLineInput { InvoiceLineItem = consulting.Id, Quantity = 1 }], Reason = "order_change", Memo = "One day less",
        });
        var draft = await invoices.CreateDraftAsync(customer.Id);
        await invoices.AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = "Hosting", Quantity = 1, UnitAmount = 4_999 });
        // An endpoint nobody can reach (.invalid never resolves): its page shows a failing delivery.
        var endpoint = await services.GetRequiredService<WebhookEndpointService>().CreateAsync(
            new WebhookEndpointInput { Url = "https://hooks.invalid/accessibility", EnabledEvents = ["customer.updated"], Description = "Unreachable" });
        await services.GetRequiredService<CustomerService>().UpdateAsync(customer.Id, new CustomerInput { Description = "Every card filled, and an event" }, expectedVersion: null);
        var update = (await services.GetRequiredService<EventService>().ActivityAsync(customer.Id, 1))[0];
        return new Showcase(customer.Id, source.Id, charge.Id, draft.Invoice.Id, finalized.Invoice.Id, coupon.Id, rate.Id, creditNote.Id, update.Id, endpoint.Endpoint.Id);
    }
}
