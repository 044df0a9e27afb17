using System.Globalization;
using BillingDashboard.Domain;

namespace BillingDashboard.Components.Shared;

/// <summary>
/// How the dashboard shows dates and money: one culture (US English, the hosted dashboard's), dates in UTC.
/// Invoices are localized to the customer instead (see Pdf/).
/// </summary>
public static class Display
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    public static string Date(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("MMM d, yyyy", Culture);

    public static string DateTime(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("MMM d, yyyy, HH:mm 'UTC'", Culture);

    /// <summary>"€12.50", or the bare number when the customer has no currency yet (the amount is then 0).</summary>
    public static string Money(long minorUnits, string? currencyCode) =>
        Currencies.TryFind(currencyCode, out var currency)
            ? new Money(minorUnits, currency).Format(Culture)
            : minorUnits.ToString("N0", Culture);

    /// <summary>A customer's balance in a list or card: empty when there is none, as the hosted dashboard leaves it.</summary>
    public static string Balance(long minorUnits, string? currencyCode) =>
        minorUnits == 0 ? "" : Money(minorUnits, currencyCode);

    public static string Count(long count) => count.ToString("N0", Culture);
}
