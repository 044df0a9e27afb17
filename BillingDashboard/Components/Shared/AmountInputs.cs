using BillingDashboard.Domain;

namespace BillingDashboard.Components.Shared;

/// <summary>Reading an amount typed in major units ("10.99"), and the one hint shown when it can't be read.</summary>
public static class AmountInputs
{
    /// <summary>A positive amount in minor units, or false when the text is not one in this currency.</summary>
    public static bool TryReadPositive(string? text, Currency currency, out long minorUnits) =>
        Money.TryParseMajor(text, currency, out minorUnits) && minorUnits > 0;

    /// <summary>A unit price: zero is allowed (a free line), a negative amount is not.</summary>
    public static bool TryReadUnitPrice(string? text, Currency currency, out long minorUnits) =>
        Money.TryParseMajor(text, currency, out minorUnits) && minorUnits >= 0;

    public static FieldError InvalidUnitPrice(Currency currency) =>
        new("unit_amount", $"Enter the unit price in {currency.Code} with at most {currency.Exponent} decimals, e.g. {(currency.Exponent == 0 ? "1000" : "100.00")}.");

    public static FieldError Invalid(string field, Currency currency) =>
        new(field, $"Enter a positive amount in {currency.Code} with at most {currency.Exponent} decimals, e.g. {(currency.Exponent == 0 ? "1000" : "10.00")}.");
}
