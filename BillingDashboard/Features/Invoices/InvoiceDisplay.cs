using BillingDashboard.Components.Shared;
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
}
