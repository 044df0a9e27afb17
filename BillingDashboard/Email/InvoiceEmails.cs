using BillingDashboard.Domain;
using BillingDashboard.Domain.CreditNotes;
using BillingDashboard.Domain.Email;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Pdf;

namespace BillingDashboard.Email;

/// <summary>
/// The emails an invoice sends its customer, written in the language of its PDF: the invoice itself, a receipt
/// when it is paid, a notice when an automatic charge is declined, and its credit notes.
/// </summary>
public static class InvoiceEmails
{
    public const string NoAddress = "The customer has no email address: add one on their page, then send again.";

    /// <summary>
    /// The message to add to the outbox (in the caller's transaction). <paramref name="customerEmail"/> is the
    /// customer's address now; without one, the message is stored already failed, so the invoice shows why.
    /// </summary>
    public static OutboxMessage Compose(EmailKind kind, Invoice invoice, string? customerEmail, string? requestedBy, DateTimeOffset now,
        string? reason = null)
    {
        // An invoice sent again after it was paid shows what it billed, not the nothing left to pay.
        var amount = kind == EmailKind.Receipt ? invoice.AmountPaid
            : invoice.Status == InvoiceStatus.Paid ? invoice.Amounts?.AmountDue ?? 0
            : invoice.AmountRemaining;
        var date = kind == EmailKind.Receipt ? now : invoice.DueDate ?? now;
        return Build(kind, invoice, invoice.Number ?? "", amount, date, reason ?? "", creditNoteId: null, customerEmail, requestedBy, now);
    }

    /// <summary>A credit note, in the language of its invoice (and of its own PDF, which it carries).</summary>
    public static OutboxMessage ComposeCreditNote(CreditNote creditNote, Invoice invoice, string? customerEmail, string? requestedBy, DateTimeOffset now) =>
        Build(EmailKind.CreditNote, invoice, creditNote.Number, creditNote.Total, creditNote.Created, invoice.Number!, creditNote.Id, customerEmail, requestedBy, now);

    private static OutboxMessage Build(EmailKind kind, Invoice invoice, string number, long amount, DateTimeOffset date, string detail, string? creditNoteId,
        string? customerEmail, string? requestedBy, DateTimeOffset now)
    {
        var snapshot = invoice.Snapshot ?? throw new RuleViolationException("Only a finalized invoice can be emailed: finalize the draft first.");
        var (language, _, culture) = InvoiceLocales.Resolve(snapshot.PreferredLocales);
        var text = EmailTexts.For(language, kind);
        // A seller who has not named the business in Settings is still somebody: their email, or this system's name.
        var seller = snapshot.Seller.Name is { Length: > 0 } name ? name : snapshot.Seller.Email ?? "BillingDashboard";
        object[] values = [seller, number, Money.Of(amount, invoice.Currency).Format(culture), InvoiceLocales.Date(date, culture), detail];
        var message = new OutboxMessage
        {
            Id = ObjectIds.New(ObjectIds.Email),
            Kind = kind,
            CustomerId = invoice.CustomerId,
            InvoiceId = invoice.Id,
            CreditNoteId = creditNoteId,
            To = customerEmail,
            SenderName = seller,
            ReplyTo = snapshot.Seller.Email,
            Language = language,
            Subject = string.Format(culture, text.Subject, values),
            Body = string.Format(culture, text.Body, values),
            RequestedBy = requestedBy,
            Created = now,
        };
        return customerEmail is { Length: > 0 } ? message : OutboxMessage.Refused(message, NoAddress);
    }
}
