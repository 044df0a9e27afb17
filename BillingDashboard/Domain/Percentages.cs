using System.Globalization;

namespace BillingDashboard.Domain;

/// <summary>Reads a percentage as an operator types it ("19", "8.875", "20 %"), always with a dot.</summary>
public static class Percentages
{
    /// <summary>Only the number: its range and number of decimals are each rule's own (tax rates, coupons).</summary>
    public static bool TryParse(string? text, out decimal percentage) =>
        decimal.TryParse(text?.Trim().TrimEnd('%').Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out percentage);
}
