using System.Globalization;

namespace BillingDashboard.Domain;

/// <summary>
/// An amount in a currency's minor units (cents, or yen for JPY). Never a double: money is counted, not measured.
/// Formatting happens only at the edge, with an explicit culture.
/// </summary>
public readonly record struct Money(long MinorUnits, Currency Currency)
{
    public static Money Of(long minorUnits, string currencyCode) => new(minorUnits, Currencies.Get(currencyCode));

    /// <summary>The amount in major units, exactly (decimal, not double).</summary>
    public decimal MajorUnits => MinorUnits / Pow10(Currency.Exponent);

    /// <summary>For machines (CSV, logs): "1234.56", always with a dot and the currency's own number of decimals.</summary>
    public string ToInvariantString() =>
        MajorUnits.ToString("F" + Currency.Exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>For people: "1.234,56 €" in German, "¥1,235" in Japanese, "$1,234.56" in US English.</summary>
    public string Format(CultureInfo culture)
    {
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencySymbol = CurrencySymbol(Currency.Code, culture);
        format.CurrencyDecimalDigits = Currency.Exponent;
        return MajorUnits.ToString("C", format);
    }

    /// <summary>Parses what an operator types ("10", "10.5", "1,234.56") in major units into minor units.</summary>
    public static bool TryParseMajor(string? text, Currency currency, out long minorUnits)
    {
        minorUnits = 0;
        if (string.IsNullOrWhiteSpace(text)
            || !decimal.TryParse(text.Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var major))
        {
            return false;
        }
        var scaled = major * Pow10(currency.Exponent);
        if (scaled != decimal.Truncate(scaled) || Math.Abs(scaled) > 99_999_999_999_99m)
        {
            return false;
        }
        minorUnits = (long)scaled;
        return true;
    }

    private static decimal Pow10(int exponent) => exponent switch
    {
        0 => 1m,
        1 => 10m,
        2 => 100m,
        3 => 1000m,
        _ => throw new ArgumentOutOfRangeException(nameof(exponent)),
    };

    /// <summary>The symbol people in <paramref name="culture"/>'s region write for the currency: € for EUR, $ for USD in the US, US$ elsewhere.</summary>
    private static string CurrencySymbol(string code, CultureInfo culture)
    {
        if (!culture.IsNeutralCulture && !string.IsNullOrEmpty(culture.Name))
        {
            var region = new RegionInfo(culture.Name);
            if (string.Equals(region.ISOCurrencySymbol, code, StringComparison.Ordinal))
            {
                // ICU gives Japan the full-width ￥; invoices and the dashboard print the ordinary ¥ everywhere.
                return region.CurrencySymbol.Replace('\uFFE5', '¥');
            }
        }
        return code switch
        {
            "EUR" => "€",
            "GBP" => "£",
            "JPY" => "¥",
            "USD" => culture.Name is "en-US" or "es-US" ? "$" : "US$",
            _ => code,
        };
    }
}
