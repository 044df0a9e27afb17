using BillingDashboard.Components.Shared;
using BillingDashboard.Domain.Invoices;
using Radzen;

namespace BillingDashboard.Features.Invoices;

/// <summary>How the dashboard shows invoices (the PDF has its own, localized, rules).</summary>
public static class InvoiceDisplay
{
    public static BadgeStyle BadgeStyle(InvoiceStatus status) => status switch
    {
        InvoiceStatus.Draft => Radzen.BadgeStyle.Light,
        InvoiceStatus.Open => Radzen.BadgeStyle.Info,
        InvoiceStatus.Paid => Radzen.BadgeStyle.Success,
        InvoiceStatus.Void => Radzen.BadgeStyle.Secondary,
        InvoiceStatus.Uncollectible => Radzen.BadgeStyle.Danger,
    };

    public static string Total(Invoice invoice) => invoice.Amounts is { } amounts ? Display.Money(amounts.Total, invoice.Currency) : "—";

    public static string Due(Invoice invoice) => invoice.DueDate is { } due ? Display.Date(due) : "—";
}
