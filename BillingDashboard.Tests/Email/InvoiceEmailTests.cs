using BillingDashboard.Data;
using BillingDashboard.Domain.CreditNotes;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Email;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.Settings;
using BillingDashboard.Email;
using BillingDashboard.Features.CreditNotes;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Features.Settings;
using BillingDashboard.Features.Users;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace BillingDashboard.Tests.Email;

/// <summary>The app and the mail server it sends to, for one test class.</summary>
public class MailingApp : IAsyncLifetime
{
    public MailingApp() : this(new AppFactory())
    {
    }

    protected MailingApp(AppFactory app) => App = app;

    public TestSmtpServer Mail { get; } = new TestSmtpServer().Start();

    public AppFactory App { get; }

    public async Task InitializeAsync()
    {
        Mail.Serve(App);
        await EmailedInvoices.SellerAsync(App);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Mail.DisposeAsync();
    }
}

/// <summary>The same over PostgreSQL, whose senders claim their batches with FOR UPDATE SKIP LOCKED.</summary>
public sealed class PostgreSqlMailingApp() : MailingApp(new PostgreSqlAppFactory());

/// <summary>Drafts, finalizes and reads invoices as the pages do, for the email tests.</summary>
internal static class EmailedInvoices
{
    public const string Seller = "Kaffeerösterei Hamburg GmbH";

    public static Task SellerAsync(AppFactory app) => app.InScopeAsync(services => services.GetRequiredService<AccountSettingsService>()
        .UpdateAsync(new AccountSettingsInput { SellerName = Seller, SellerEmail = "rechnungen@seller.example" }, expectedVersion: 0));

    public static Task<T> WithAsync<T>(AppFactory app, Func<InvoiceService, Task<T>> work) =>
        app.InScopeAsync(services => work(services.GetRequiredService<InvoiceService>()));

    /// <summary>A draft of one line for a new customer, collected as given.</summary>
    public static async Task<Invoice> DraftAsync(AppFactory app, string email, string locale = "en-US", string method = "send_invoice", string? name = null)
    {
        var customer = await app.CreateCustomerAsync(new CustomerInput
        {
            Name = name ?? email.Split('@')[0], Email = email, Currency = "eur", PreferredLocales = [locale],
        });
        var draft = await WithAsync(app, invoices => invoices.CreateDraftAsync(customer.Id));
        await WithAsync(app, invoices => invoices.AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = "Röstkaffee, 12 kg", Quantity = 2, UnitAmount = 12_50 }));
        return await WithAsync(app, invoices => invoices.UpdateDraftAsync(draft.Invoice.Id, new InvoiceDraftInput { CollectionMethod = method, DaysUntilDue = 14 }, null));
    }

    public static async Task<Invoice> FinalizedAsync(AppFactory app, string email, string locale = "en-US", string method = "send_invoice") =>
        (await WithAsync(app, async invoices => await invoices.FinalizeAsync((await DraftAsync(app, email, locale, method)).Id))).Invoice;

    public static Task<IReadOnlyList<OutboxMessage>> EmailsAsync(AppFactory app, string invoiceId) =>
        WithAsync(app, invoices => invoices.ListEmailsAsync(invoiceId));

    /// <summary>Waits until none of the invoice's emails is waiting any more.</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> SettledEmailsAsync(AppFactory app, string invoiceId, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var emails = await EmailsAsync(app, invoiceId);
            if (emails.Count >= count && emails.All(email => email.Status != OutboxStatus.Queued))
            {
                return emails;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Emails of {invoiceId} still queued: {string.Join("; ", emails.Select(email => $"{email.Kind} {email.Status} {email.Attempts} next {email.NextAttemptAt:O} lease {email.LeaseUntil:O} created {email.Created:O} {email.Reply}"))}");
            await Task.Delay(50);
        }
    }

    public static MimePart Pdf(MimeMessage message) => Assert.Single(message.Attachments.OfType<MimePart>(), part => part.ContentType.MimeType == "application/pdf");

    public static byte[] Bytes(MimePart part)
    {
        using var content = new MemoryStream();
        part.Content!.DecodeTo(content);
        return content.ToArray();
    }
}

/// <summary>Invoices emailed through the outbox, as a real SMTP server receives them.</summary>
public abstract class InvoiceEmailTests<TMailing>(TMailing mailing) : IClassFixture<TMailing> where TMailing : MailingApp
{
    private AppFactory App => mailing.App;

    private MimeMessage To(string address) => Assert.Single(mailing.Mail.Received, message => message.To.Mailboxes.Any(to => to.Address == address));

    [Fact]
    public async Task FinalizingASendInvoiceInvoice_ForAGermanCustomer_SendsAGermanEmailWithTheDownloadablePdf()
    {
        var invoice = await EmailedInvoices.FinalizedAsync(App, "kunde@emails.example", locale: "de-DE");

        var emails = await EmailedInvoices.SettledEmailsAsync(App, invoice.Id);
        var message = To("kunde@emails.example");
        Assert.Equal($"Rechnung {invoice.Number} von {EmailedInvoices.Seller}", message.Subject);
        Assert.Contains("25,00 €", message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"fällig am {invoice.DueDate!.Value.UtcDateTime:dd.MM.yyyy}", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(EmailedInvoices.Seller, message.From.Mailboxes.Single().Name);
        Assert.Equal("billing@seller.example", message.From.Mailboxes.Single().Address);
        Assert.Equal("rechnungen@seller.example", message.ReplyTo.Mailboxes.Single().Address);

        await App.CreateUserAsync("emails@emails.example", "correct horse battery staple", AppRoles.Admin);
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignInClient.SignInAsync(browser, "emails@emails.example", "correct horse battery staple");
        var download = await browser.GetByteArrayAsync(PdfDownloads.InvoicePath(invoice.Id));
        var attachment = EmailedInvoices.Pdf(message);
        Assert.Equal($"{invoice.Number}.pdf", attachment.FileName);
        Assert.Equal(download, EmailedInvoices.Bytes(attachment));

        var sent = Assert.Single(emails);
        Assert.Equal((OutboxStatus.Sent, EmailKind.Invoice, 1), (sent.Status, sent.Kind, sent.Attempts));
        Assert.Matches("^Ok: queued as Q\\d{5}$", sent.Reply);
        Assert.Equal($"<{sent.Id}@seller.example>", $"<{message.MessageId}>");
    }

    [Fact]
    public async Task ACreditNote_IsEmailedInTheInvoicesLanguage_WithItsOwnPdf_UnlessAskedNotTo()
    {
        var invoice = await EmailedInvoices.FinalizedAsync(App, "gutschrift@emails.example", locale: "de-DE");
        await EmailedInvoices.SettledEmailsAsync(App, invoice.Id);
        var line = (await EmailedInvoices.WithAsync(App, invoices => invoices.GetAsync(invoice.Id))).Lines[0];
        Task<CreditNote> CreditAsync(bool email) => App.InScopeAsync(services => services.GetRequiredService<CreditNoteService>().CreateAsync(invoice.Id,
            new CreditNoteInput { Lines = [new CreditNoteLineInput { InvoiceLineItem = line.Id, Quantity = 1 }], EmailCustomer = email }));

        var creditNote = await CreditAsync(email: true);
        await CreditAsync(email: false);

        var emails = await EmailedInvoices.SettledEmailsAsync(App, invoice.Id, count: 2);
        Assert.Equal([EmailKind.Invoice, EmailKind.CreditNote], emails.Select(email => email.Kind));
        var message = Assert.Single(mailing.Mail.Received, received => received.Subject?.StartsWith("Gutschrift", StringComparison.Ordinal) == true);
        Assert.Equal($"Gutschrift {creditNote.Number} von {EmailedInvoices.Seller}", message.Subject);
        Assert.Contains($"über 12,50 € vom {creditNote.Created.UtcDateTime:dd.MM.yyyy} zur Rechnung {invoice.Number}", message.TextBody, StringComparison.Ordinal);
        var pdf = await App.InScopeAsync(services => services.GetRequiredService<InvoicePdfService>().RenderCreditNoteAsync(creditNote.Id));
        var attachment = EmailedInvoices.Pdf(message);
        Assert.Equal($"{creditNote.Number}.pdf", attachment.FileName);
        Assert.Equal(pdf.Content, EmailedInvoices.Bytes(attachment));
    }

    [Fact]
    public async Task SendAndResend_QueueAnotherCopyEach_RecordingWhoAsked()
    {
        var invoice = await EmailedInvoices.FinalizedAsync(App, "twice@emails.example");
        await EmailedInvoices.SettledEmailsAsync(App, invoice.Id);

        await EmailedInvoices.WithAsync(App, invoices => invoices.SendAsync(invoice.Id));

        var emails = await EmailedInvoices.SettledEmailsAsync(App, invoice.Id, count: 2);
        Assert.All(emails, email => Assert.Equal(OutboxStatus.Sent, email.Status));
        Assert.Equal("tests", emails[1].RequestedBy);
        Assert.Equal(2, (await mailing.Mail.WaitForAsync(0)).Count(message => message.To.Mailboxes.Any(to => to.Address == "twice@emails.example")));
    }

    [Fact]
    public async Task AnAddressTheServerRefuses_FailsForGood_WithTheServersReply()
    {
        var invoice = await EmailedInvoices.FinalizedAsync(App, $"{TestSmtpServer.BouncingUser}@emails.example");

        var failed = Assert.Single(await EmailedInvoices.SettledEmailsAsync(App, invoice.Id));

        Assert.Equal((OutboxStatus.Failed, 1), (failed.Status, failed.Attempts));
        Assert.StartsWith("550 ", failed.Reply, StringComparison.Ordinal);
        Assert.DoesNotContain(mailing.Mail.Received, message => message.To.Mailboxes.Any(to => to.LocalPart == TestSmtpServer.BouncingUser));
    }

    [Fact]
    public async Task ACustomerWithoutEmail_GetsAFailedMessageThatSaysSo_AndTheInvoiceIsStillFinalized()
    {
        var draft = await EmailedInvoices.DraftAsync(App, "soon.gone@emails.example");
        await App.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<BillingDbContext>();
            return await db.Customers.Where(customer => customer.Id == draft.CustomerId).ExecuteUpdateAsync(set => set.SetProperty(customer => customer.Email, (string?)null));
        });

        var attempt = await EmailedInvoices.WithAsync(App, invoices => invoices.FinalizeAsync(draft.Id));

        Assert.Equal(InvoiceStatus.Open, attempt.Invoice.Status);
        var failed = Assert.Single(await EmailedInvoices.EmailsAsync(App, draft.Id));
        Assert.Equal((OutboxStatus.Failed, InvoiceEmails.NoAddress, 0), (failed.Status, failed.Reply, failed.Attempts));
    }

    [Fact]
    public async Task PayingAnInvoice_SendsAReceipt_AndADeclinedCharge_TellsTheCustomer()
    {
        var paid = await EmailedInvoices.FinalizedAsync(App, "receipt@emails.example", locale: "fr-FR");
        await EmailedInvoices.SettledEmailsAsync(App, paid.Id);
        await EmailedInvoices.WithAsync(App, invoices => invoices.PayAsync(paid.Id, paidOutOfBand: true));
        var emails = await EmailedInvoices.SettledEmailsAsync(App, paid.Id, count: 2);
        Assert.Equal([EmailKind.Invoice, EmailKind.Receipt], emails.Select(email => email.Kind));
        var receipt = Assert.Single(mailing.Mail.Received, message => message.Subject!.StartsWith("Reçu", StringComparison.Ordinal));
        Assert.Contains("25,00 €", receipt.TextBody, StringComparison.Ordinal);

        var declining = await EmailedInvoices.DraftAsync(App, "declined@emails.example", method: "charge_automatically");
        var card = await App.InScopeAsync(services => services.GetRequiredService<Features.Payments.PaymentMethodService>()
            .AttachAsync("pm_card_chargeCustomerFail", declining.CustomerId));
        await EmailedInvoices.WithAsync(App, invoices => invoices.UpdateDraftAsync(declining.Id, new InvoiceDraftInput { DefaultPaymentMethodId = card.Id }, null));
        var attempt = await EmailedInvoices.WithAsync(App, invoices => invoices.FinalizeAsync(declining.Id));
        Assert.Equal(InvoiceStatus.Open, attempt.Invoice.Status);
        var notice = Assert.Single(await EmailedInvoices.SettledEmailsAsync(App, declining.Id));
        Assert.Equal((EmailKind.PaymentFailed, OutboxStatus.Sent), (notice.Kind, notice.Status));
        var message = To("declined@emails.example");
        Assert.Equal($"Payment for invoice {attempt.Invoice.Number} from {EmailedInvoices.Seller} failed", message.Subject);
        Assert.Contains(attempt.Charge!.FailureMessage!, message.TextBody!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvoiceChargedAutomatically_IsNotSentByHand()
    {
        var draft = await EmailedInvoices.DraftAsync(App, "auto@emails.example", method: "charge_automatically");
        await EmailedInvoices.WithAsync(App, invoices => invoices.FinalizeAsync(draft.Id));

        var refusal = await Assert.ThrowsAsync<BillingDashboard.Domain.RuleViolationException>(() => EmailedInvoices.WithAsync(App, invoices => invoices.SendAsync(draft.Id)));

        Assert.Contains("send_invoice", refusal.Message, StringComparison.Ordinal);
    }
}

public sealed class InvoiceEmailTestsOnSqlite(MailingApp mailing) : InvoiceEmailTests<MailingApp>(mailing);

public sealed class InvoiceEmailTestsOnPostgreSql(PostgreSqlMailingApp mailing) : InvoiceEmailTests<PostgreSqlMailingApp>(mailing);
