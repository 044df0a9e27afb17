using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Features.Payments;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Payments;

public abstract class PaymentsBrowserTests
{
    private readonly BrowserFixture _browser;

    protected PaymentsBrowserTests(BrowserFixture browser) => _browser = browser;

    private static async Task<ILocator> FillCardAsync(IPage page, string number)
    {
        await page.GetByRole(AriaRole.Region, new() { Name = "Payment methods", Exact = true }).GetByRole(AriaRole.Button, new() { Name = "Add payment method" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add payment method" });
        await dialog.GetByLabel("Card number").FillAsync(number);
        // The year before the month: choosing the month moves focus away, so the year is committed before the click.
        await dialog.GetByLabel("Expiry year").FillAsync("2031");
        await BrowserFixture.PickAsync(page, dialog, "Expiry month", "12");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add payment method" }).ClickAsync();
        return dialog;
    }

    private static async Task AddCardAsync(IPage page, string number)
    {
        var dialog = await FillCardAsync(page, number);
        try
        {
            await Assertions.Expect(dialog).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        }
        catch (PlaywrightException stillOpen)
        {
            throw new InvalidOperationException($"The dialog stayed open: {await dialog.InnerTextAsync()}", stillOpen);
        }
    }

    private static ILocator MethodRow(IPage page, string description) =>
        BrowserFixture.RowsOf(page, "Payment methods").Filter(new() { HasText = description });

    /// <param name="defaultLabel">When the customer has payment methods: the preselected default, waited for so that the list is loaded before a test picks from it.</param>
    private static async Task<ILocator> OpenCreatePaymentAsync(IPage page, string amount, string? defaultLabel = null)
    {
        await page.GetByRole(AriaRole.Region, new() { Name = "Payments", Exact = true }).GetByRole(AriaRole.Button, new() { Name = "Create payment" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Create payment" });
        if (defaultLabel is not null)
        {
            await Assertions.Expect(dialog.GetByLabel("Payment method")).ToContainTextAsync(defaultLabel);
        }
        await dialog.GetByLabel("Amount").FillAsync(amount);
        return dialog;
    }

    [Fact]
    public async Task PaymentMethods_AttachSetDefaultPayDetachAndDecline_FollowTheDocumentsRules()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Paying Paula", Email = "paula@payments.example", Currency = "eur" });
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");

        // Two sources: the first stays the default.
        await AddCardAsync(page, "4242 4242 4242 4242");
        await AddCardAsync(page, "5555 5555 5555 4444");
        await Assertions.Expect(MethodRow(page, "Visa •••• 4242").GetByText("Default", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(MethodRow(page, "Mastercard •••• 4444").GetByText("Default", new() { Exact = true })).ToHaveCountAsync(0);

        // The second becomes the default when asked.
        await page.GetByRole(AriaRole.Button, new() { Name = "Set as default: Mastercard •••• 4444" }).ClickAsync();
        await Assertions.Expect(MethodRow(page, "Mastercard •••• 4444").GetByText("Default", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(MethodRow(page, "Visa •••• 4242").GetByText("Default", new() { Exact = true })).ToHaveCountAsync(0);

        // A payment without choosing a source uses the default.
        var dialog = await OpenCreatePaymentAsync(page, "25.00", "Mastercard •••• 4444 · default");
        await dialog.GetByLabel("Description (optional)").FillAsync("Workshop");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create payment" }).ClickAsync();
        var payments = BrowserFixture.RowsOf(page, "Payments");
        await Assertions.Expect(payments).ToHaveCountAsync(1);
        await Assertions.Expect(payments.First).ToContainTextAsync("Mastercard •••• 4444");
        await Assertions.Expect(payments.First).ToContainTextAsync("Succeeded");
        await Assertions.Expect(payments.First).ToContainTextAsync("€25.00");

        // Detaching asks first, then shows the source as consumed.
        await page.GetByRole(AriaRole.Button, new() { Name = "Detach Mastercard •••• 4444" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Detach payment method" });
        await Assertions.Expect(confirm).ToContainTextAsync("can never be used again");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Detach", Exact = true }).ClickAsync();
        await Assertions.Expect(MethodRow(page, "Mastercard •••• 4444").GetByText("consumed", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(MethodRow(page, "Visa •••• 4242").GetByText("Default", new() { Exact = true })).ToBeVisibleAsync();

        // A payment on it is refused, with the reason in the dialog.
        dialog = await OpenCreatePaymentAsync(page, "5.00", "Visa •••• 4242 · default");
        await BrowserFixture.PickAsync(page, dialog, "Payment method", "Mastercard •••• 4444 (consumed)");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create payment" }).ClickAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Alert).First).ToContainTextAsync("its status is consumed");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Alert).First).ToContainTextAsync("detached from its customer and can't be used again");
        await BrowserFixture.CaptureAsync(page, "create-payment-refused");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(payments).ToHaveCountAsync(1);

        // The card that declines is refused as it is added; the one that declines later gives a failed charge, shown as such.
        var refused = await FillCardAsync(page, TestCards.Declined);
        await Assertions.Expect(refused.GetByText("Your card was declined.").First).ToBeVisibleAsync();
        await refused.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await AddCardAsync(page, TestCards.DeclinedAfterAttach);
        dialog = await OpenCreatePaymentAsync(page, "12.50", "Visa •••• 4242 · default");
        await BrowserFixture.PickAsync(page, dialog, "Payment method", "Visa •••• 0341");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create payment" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Payment of €12.50 failed: Your card was declined.")).ToBeVisibleAsync();
        await Assertions.Expect(payments).ToHaveCountAsync(2);
        await Assertions.Expect(payments.First).ToContainTextAsync("Failed");
        await Assertions.Expect(payments.First).ToContainTextAsync("Your card was declined.");
        await BrowserFixture.CaptureAsync(page, "customer-payments");

        // The Payments page lists it under "failed", and its page links back to the customer and the source.
        await page.GotoAsync("/payments?status=failed");
        var failedRow = BrowserFixture.RowsOf(page, "Payments").Filter(new() { HasText = "Paying Paula" });
        await Assertions.Expect(failedRow).ToHaveCountAsync(1);
        await failedRow.GetByRole(AriaRole.Link, new() { Name = "€12.50" }).ClickAsync();
        var details = page.GetByRole(AriaRole.Main);
        await Assertions.Expect(page.GetByText("Your card was declined. (card_declined")).ToBeVisibleAsync();
        await Assertions.Expect(details.GetByRole(AriaRole.Link, new() { Name = "Paying Paula" })).ToHaveAttributeAsync("href", $"/customers/{customer.Id}");
        await BrowserFixture.CaptureAsync(page, "charge-page");
        await details.GetByRole(AriaRole.Link, new() { Name = "Visa •••• 0341" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("attached");
        await Assertions.Expect(BrowserFixture.RowsOf(page, "Payments")).ToHaveCountAsync(1);
        await BrowserFixture.CaptureAsync(page, "source-page");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AddPaymentMethod_ThreeDSecureTestCard_IsPendingUntilAuthorized()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Secure Sam", Email = "sam@payments.example" });
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");

        await AddCardAsync(page, TestCards.AuthenticationRequired);
        var row = MethodRow(page, "Visa •••• 3155");
        await Assertions.Expect(row.GetByText("pending", new() { Exact = true })).ToBeVisibleAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Authorize (test)" }).ClickAsync();

        await Assertions.Expect(row.GetByText("chargeable", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Authorize (test)" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AddPaymentMethod_ExpiredCard_IsRefusedInTheDialog()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Expired Ed", Email = "ed@payments.example" });
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");

        await page.GetByRole(AriaRole.Region, new() { Name = "Payment methods", Exact = true }).GetByRole(AriaRole.Button, new() { Name = "Add payment method" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add payment method" });
        await dialog.GetByLabel("Card number").FillAsync("4242424242424242");
        // The year before the month, as in FillCardAsync: choosing the month commits the year.
        await dialog.GetByLabel("Expiry year").FillAsync("2020");
        await BrowserFixture.PickAsync(page, dialog, "Expiry month", "01");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add payment method" }).ClickAsync();

        await Assertions.Expect(dialog.GetByRole(AriaRole.Alert).First).ToContainTextAsync("This card expired at the end of 01/2020");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Payment methods", Exact = true })).ToContainTextAsync("No payment methods.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CreatePayment_CustomerWithoutPaymentMethods_IsRefusedWithTheReason()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Empty Wallet", Email = "empty@payments.example", Currency = "usd" });
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");

        var dialog = await OpenCreatePaymentAsync(page, "10.00");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create payment" }).ClickAsync();

        await Assertions.Expect(dialog.GetByRole(AriaRole.Alert).First).ToContainTextAsync($"Customer {customer.Id} has no default payment method or source to charge.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PaymentsPage_FilterByCustomerEmailAndCurrency_ListsOnlyMatchingChargesAndKeepsThemInTheUrl()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Filter Felix", Email = "felix@payments.example" });
        await _browser.App.InScopeAsync(async services =>
        {
            var payments = services.GetRequiredService<PaymentService>();
            await payments.AddToCustomerAsync(customer.Id, TestCards.Sepa());
            await payments.ChargeAsync(new() { Amount = 4_200, Currency = "eur", CustomerId = customer.Id, Description = "Felix in euros" });
            await payments.AddToCustomerAsync(customer.Id, TestCards.Card("371449635398431", 1, 2032), replaceDefault: true);
            return await payments.ChargeAsync(new() { Amount = 9_900, Currency = "usd", CustomerId = customer.Id, Description = "Felix in dollars" });
        });
        var page = await _browser.OpenSignedInAsync("/payments");

        await page.GetByLabel("Customer").FillAsync("felix@payments.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var rows = BrowserFixture.RowsOf(page, "Payments");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await BrowserFixture.PickAsync(page, page.GetByRole(AriaRole.Main), "Currency", "USD");

        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Felix in dollars");
        await Assertions.Expect(rows.First).ToContainTextAsync("American Express •••• 8431");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"customer=felix(@|%40)payments\.example.*currency=usd"));
        await BrowserFixture.CaptureAsync(page, "payments-page");

        await page.GoBackAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_SeesPaymentMethodsAndPaymentsButNoWayToChangeThem()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Read Only Rafa", Email = "rafa@viewer-payments.example" });
        await _browser.App.InScopeAsync(async services =>
        {
            var payments = services.GetRequiredService<PaymentService>();
            await payments.AddToCustomerAsync(customer.Id, TestCards.Card(expMonth: 3, expYear: 2033));
            await payments.AddToCustomerAsync(customer.Id, TestCards.Card(TestCards.Jcb, 3, 2033));
            return await payments.ChargeAsync(new() { Amount = 3_000, Currency = "usd", CustomerId = customer.Id });
        });
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}", Features.Users.AppRoles.Viewer);

        await Assertions.Expect(MethodRow(page, "Visa •••• 4242").GetByText("Default", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(BrowserFixture.RowsOf(page, "Payments")).ToHaveCountAsync(1);
        foreach (var button in new[] { "Add payment method", "Create payment", "Set as default: JCB •••• 0505", "Detach Visa •••• 4242" })
        {
            Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = button }).CountAsync());
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PaymentPage_AuthorizeCaptureInPartThenRefund_ShowsEachStepAndTheRefunds()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Capture Cleo", Email = "cleo@payments.example", Currency = "eur" });
        await _browser.App.InScopeAsync(services => services.GetRequiredService<PaymentService>().AddToCustomerAsync(customer.Id, TestCards.Card()));
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");

        var dialog = await OpenCreatePaymentAsync(page, "100.00", "Visa •••• 4242 · default");
        await dialog.GetByLabel("Capture now (clear it to only authorize, and capture from the payment's page later)").UncheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create payment" }).ClickAsync();
        var payments = BrowserFixture.RowsOf(page, "Payments");
        await Assertions.Expect(payments.First).ToContainTextAsync("Uncaptured");
        await payments.First.GetByRole(AriaRole.Link, new() { Name = "€100.00" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Capture" }).ClickAsync();
        var capture = page.GetByRole(AriaRole.Dialog, new() { Name = "Capture payment" });
        await capture.GetByLabel("Amount to capture").FillAsync("60.00");
        await capture.GetByRole(AriaRole.Button, new() { Name = "Capture" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Captured €60.00.")).ToBeVisibleAsync();
        var main = page.GetByRole(AriaRole.Main);
        await Assertions.Expect(main).ToContainTextAsync("Partially refunded");
        await Assertions.Expect(main).ToContainTextAsync("€40.00 released at capture");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Capture" })).ToHaveCountAsync(0);

        // More than is left is refused in the dialog; what is left is refunded, with the reason.
        await page.GetByRole(AriaRole.Button, new() { Name = "Refund" }).ClickAsync();
        var refund = page.GetByRole(AriaRole.Dialog, new() { Name = "Refund payment" });
        await Assertions.Expect(refund.GetByLabel("Amount to refund")).ToHaveValueAsync("60.00");
        await refund.GetByLabel("Amount to refund").FillAsync("60.01");
        await refund.GetByRole(AriaRole.Button, new() { Name = "Refund" }).ClickAsync();
        await Assertions.Expect(refund.GetByRole(AriaRole.Alert).First).ToContainTextAsync("at most the 60.00 EUR left to refund");
        await refund.GetByLabel("Amount to refund").FillAsync("25.00");
        await BrowserFixture.PickAsync(page, refund, "Reason (optional)", "Requested by customer");
        await refund.GetByRole(AriaRole.Button, new() { Name = "Refund" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Refunded €25.00.")).ToBeVisibleAsync();
        var refunds = BrowserFixture.RowsOf(page, "Refunds");
        await Assertions.Expect(refunds).ToHaveCountAsync(1);
        await Assertions.Expect(refunds.First).ToContainTextAsync("Requested by customer");

        await page.GetByRole(AriaRole.Button, new() { Name = "Refund" }).ClickAsync();
        await refund.GetByRole(AriaRole.Button, new() { Name = "Refund" }).ClickAsync();
        await Assertions.Expect(refunds).ToHaveCountAsync(2);
        await Assertions.Expect(main).ToContainTextAsync("€100.00 (of which €40.00 released at capture)");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Refund" })).ToHaveCountAsync(0);
        await BrowserFixture.CaptureAsync(page, "payment-refunded");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PaymentMethods_AreListedBesideSources_AndOneBecomesTheInvoiceDefault()
    {
        var customer = await _browser.App.CreateCustomerAsync(new CustomerInput { Name = "Method Max", Email = "max@payments.example" });
        await _browser.App.InScopeAsync(async services =>
        {
            await services.GetRequiredService<PaymentService>().AddToCustomerAsync(customer.Id, TestCards.Card());
            return await services.GetRequiredService<PaymentMethodService>().AttachAsync("pm_card_amex", customer.Id);
        });
        var page = await _browser.OpenSignedInAsync($"/customers/{customer.Id}");

        var amex = MethodRow(page, "American Express •••• 0005");
        await Assertions.Expect(amex.GetByText("Invoice default", new() { Exact = true })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use for invoices: American Express •••• 0005" }).ClickAsync();

        await Assertions.Expect(amex.GetByText("Invoice default", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(MethodRow(page, "Visa •••• 4242").GetByText("Default", new() { Exact = true })).ToBeVisibleAsync();
        Assert.StartsWith("pm_", (await _browser.App.GetCustomerAsync(customer.Id)).InvoiceDefaultPaymentMethodId, StringComparison.Ordinal);
        await BrowserFixture.CaptureAsync(page, "payment-methods-invoice-default");
        await page.Context.CloseAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class PaymentsBrowserTestsOnSqlite(BrowserFixture browser) : PaymentsBrowserTests(browser);

[Collection(BrowserCollection.Name)]
public sealed class PaymentsBrowserTestsOnPostgreSql(PostgreSqlBrowserFixture browser) : PaymentsBrowserTests(browser);
