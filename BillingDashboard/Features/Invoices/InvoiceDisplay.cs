using BillingDashboard.Components.Shared;
using BillingDashboard.Domain.Email;
using BillingDashboard.Domain.Invoices;

namespace BillingDashboard.Features.Invoices;

/// <summary>How the dashboard shows invoices (the PDF has its own, localized, rules).</summary>
public static class InvoiceDisplay
{
    /// <summary>What an invoice's status asks of the operator.</summary>
    public static StatusTone Tone(InvoiceStatus status) => status switch
    {
        InvoiceStatus.Draft => StatusTone.Neutral,
        InvoiceStatus.Open => StatusTone.Info,
        InvoiceStatus.Paid => StatusTone.Success,
        InvoiceStatus.Void => StatusTone.Neutral,
        InvoiceStatus.Uncollectible => StatusTone.Danger,
    };

    public static string Total(Invoice invoice) => invoice.Amounts is { } amounts ? Display.Money(amounts.Total, invoice.Currency) : "—";

    public static string Due(Invoice invoice) => invoice.DueDate is { } due ? Display.Date(due) : "—";

    /// <summary>How the invoice page names a kind of email.</summary>
    public static string Describe(EmailKind kind) => kind switch
    {
        EmailKind.Invoice => "Invoice",
        EmailKind.Receipt => "Receipt",
        EmailKind.PaymentFailed => "Payment failed",
        EmailKind.CreditNote => "Credit note",
    };

    /// <summary>An email's delivery in a word: queued, retrying (an attempt failed), sent or failed.</summary>
    public static string Word(OutboxMessage email) => email.Status switch
    {
        OutboxStatus.Queued => email.Attempts == 0 ? "queued" : "retrying",
        OutboxStatus.Sent => "sent",
        OutboxStatus.Failed => "failed",
    };

    public static StatusTone Tone(OutboxMessage email) => email.Status switch
    {
        OutboxStatus.Queued => email.Attempts == 0 ? StatusTone.Info : StatusTone.Warning,
        OutboxStatus.Sent => StatusTone.Success,
        OutboxStatus.Failed => StatusTone.Danger,
    };

    /// <summary>The server's reply, with when: its queue id once sent, why not otherwise, and when the next attempt is.</summary>
    public static string Delivery(OutboxMessage email) => email.Status switch
    {
        OutboxStatus.Sent => $"{Display.DateTime(email.SentAt!.Value)} · {email.Reply}",
        OutboxStatus.Queued when email.Attempts > 0 => $"Attempt {email.Attempts} failed: {email.Reply} Next attempt {Display.DateTime(email.NextAttemptAt)}.",
        OutboxStatus.Queued => "Waiting for delivery",
        OutboxStatus.Failed => email.Reply ?? "",
    };
}
