using BillingDashboard.Domain.Email;
using BillingDashboard.Features.Developers;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Stripe;

namespace BillingDashboard.Tests.Email;

/// <summary>The outbox across a mail server that is down, an app that restarts, no mail server at all, and the hosted API's client.</summary>
public sealed class OutboxDeliveryTests
{
    [Fact]
    public async Task MailServerDown_ThreeInvoicesFinalized_AppAndServerRestarted_EachIsDeliveredExactlyOnce()
    {
        await using var mail = new TestSmtpServer();
        var before = new AppFactory();
        mail.Serve(before);
        await EmailedInvoices.SellerAsync(before);
        var invoices = new List<BillingDashboard.Domain.Invoices.Invoice>();
        for (var index = 1; index <= 3; index++)
        {
            invoices.Add(await EmailedInvoices.FinalizedAsync(before, $"outage{index}@restart.example"));
        }
        // Each was tried against the server that is down, and waits.
        await WaitUntilAsync(async () =>
        {
            var all = await Task.WhenAll(invoices.Select(invoice => EmailedInvoices.EmailsAsync(before, invoice.Id)));
            return all.All(emails => emails is [{ Status: OutboxStatus.Queued, Attempts: >= 1 }]);
        });
        var waiting = await EmailedInvoices.EmailsAsync(before, invoices[0].Id);
        Assert.Contains("Could not reach the mail server", waiting[0].Reply, StringComparison.Ordinal);

        await using var after = AppFactory.RestartOf(before);
        await before.DisposeAsync();
        mail.Start();
        _ = after.Services;

        var received = await mail.WaitForAsync(3);
        foreach (var invoice in invoices)
        {
            var sent = Assert.Single(await EmailedInvoices.SettledEmailsAsync(after, invoice.Id));
            Assert.Equal(OutboxStatus.Sent, sent.Status);
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(3, mail.Received.Count);
        Assert.Equal(invoices.Select(invoice => $"Invoice {invoice.Number} from {EmailedInvoices.Seller}").Order(), received.Select(message => message.Subject).Order());
    }

    [Fact]
    public async Task NoMailServerConfigured_WritesEachMessageAsAnEmlFileBesideTheDatabase()
    {
        await using var app = new AppFactory();
        await EmailedInvoices.SellerAsync(app);
        var invoice = await EmailedInvoices.FinalizedAsync(app, "files@pickup.example", locale: "nl-NL");

        var written = Assert.Single(await EmailedInvoices.SettledEmailsAsync(app, invoice.Id));

        var path = Assert.Single(Directory.GetFiles(Path.Combine(app.DatabaseFolder, "mail"), "*.eml"));
        Assert.Equal($"Written to {path}", written.Reply);
        var message = await MimeMessage.LoadAsync(path);
        Assert.Equal($"Factuur {invoice.Number} van {EmailedInvoices.Seller}", message.Subject);
        var pdf = await app.InScopeAsync(services => services.GetRequiredService<InvoicePdfService>().RenderAsync(invoice.Id));
        Assert.Equal(pdf.Content, EmailedInvoices.Bytes(EmailedInvoices.Pdf(message)));
    }

    [Fact]
    public async Task SendInvoice_ThroughStripeNet_QueuesTheInvoiceEmail_AndRefusesAnInvoiceChargedAutomatically()
    {
        await using var mail = new TestSmtpServer().Start();
        await using var app = new AppFactory();
        mail.Serve(app);
        await EmailedInvoices.SellerAsync(app);
        var key = await app.InScopeAsync(services => services.GetRequiredService<ApiKeyService>().CreateAsync("Stripe.net", readOnly: false));
        var stripe = new Stripe.InvoiceService(new StripeClient(key.Secret, apiBase: "http://localhost", httpClient: new SystemNetHttpClient(app.CreateClient())));
        var invoice = await EmailedInvoices.FinalizedAsync(app, "api@send.example", locale: "es-ES");

        var sent = await stripe.SendInvoiceAsync(invoice.Id);

        Assert.Equal(("open", invoice.Number), (sent.Status, sent.Number));
        var emails = await EmailedInvoices.SettledEmailsAsync(app, invoice.Id, count: 2);
        Assert.Equal("API key Stripe.net", emails[1].RequestedBy);
        Assert.All(await mail.WaitForAsync(2), message => Assert.Equal($"Factura {invoice.Number} de {EmailedInvoices.Seller}", message.Subject));

        var automatic = (await EmailedInvoices.WithAsync(app, async invoices =>
            await invoices.FinalizeAsync((await EmailedInvoices.DraftAsync(app, "auto@send.example", method: "charge_automatically")).Id))).Invoice;
        var refused = await Assert.ThrowsAsync<StripeException>(() => stripe.SendInvoiceAsync(automatic.Id));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.HttpStatusCode);
        Assert.Contains("send_invoice", refused.StripeError.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not so after {seconds} s.");
            await Task.Delay(100);
        }
    }
}
