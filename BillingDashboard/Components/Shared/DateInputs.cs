using System.Globalization;

namespace BillingDashboard.Components.Shared;

/// <summary>Reading and filling an HTML date input, whose value is always ISO "yyyy-MM-dd" whatever the browser shows.</summary>
public static class DateInputs
{
    public static string? Value(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? Parse(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
