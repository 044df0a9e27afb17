using System.Net;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Features.Users;
using BillingDashboard.Tests.Api;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Security;

/// <summary>The headers of pages, the API and downloads, and what changes when the app is reached over HTTPS.</summary>
public sealed class SecurityHeadersTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Password = "correct horse battery staple";

    private HttpClient NewClient(string baseAddress = "http://localhost") =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(baseAddress) });

    private static void AssertSafeHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage?.RequestUri} may be stored: {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task Pages_Api_AndDownloads_CarryTheSecurityHeaders_AndAreNotStored()
    {
        await app.CreateUserAsync("headers@security.example", Password, AppRoles.Admin);
        var browser = NewClient();
        var signIn = await browser.GetAsync("/account/signin");
        await SignInClient.SignInAsync(browser, "headers@security.example", Password);
        var page = await browser.GetAsync("/customers");
        var customer = await app.CreateCustomerAsync(new CustomerInput { Name = "Header Hana", Email = "hana@security.example", Currency = "eur" });
        var invoice = await app.InScopeAsync(async services =>
        {
            var invoices = services.GetRequiredService<InvoiceService>();
            var draft = await invoices.CreateDraftAsync(customer.Id, input: new InvoiceDraftInput { CollectionMethod = "send_invoice" });
            await invoices.AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = "Audit", Quantity = 1, UnitAmount = 10_000 });
            return (await invoices.FinalizeAsync(draft.Invoice.Id)).Invoice;
        });
        var pdf = await browser.GetAsync(PdfDownloads.InvoicePath(invoice.Id));
        var api = await (await ApiTestClient.CreateAsync(app)).GetAsync("/v1/customers");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (signIn.StatusCode, page.StatusCode, pdf.StatusCode, api.StatusCode));
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        foreach (var response in new[] { signIn, page, pdf, api })
        {
            AssertSafeHeaders(response);
        }
        // Served over plain HTTP: no HSTS, which would mean nothing here.
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task OverHttps_AnswersCarryHsts_AndTheSessionCookieIsSecure()
    {
        await app.CreateUserAsync("https@security.example", Password, AppRoles.Viewer);
        var browser = NewClient("https://billing.example");

        var signIn = await browser.GetAsync("/account/signin");
        var signedIn = await SignInClient.SignInAsync(browser, "https@security.example", Password);

        Assert.StartsWith("max-age=", Assert.Single(signIn.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        var antiforgery = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var session = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith("billing.session=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
    }
}
