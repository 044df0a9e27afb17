using System.Collections.Frozen;
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

    /// <summary>
    /// For people: "1.234,56 €" in German, "¥1,235" in Japanese; in English as the hosted dashboard shows amounts:
    /// "$5.00", "€318.00", "R$12.00", "₩5,000", "CA$12.00", "CHF 12.00".
    /// </summary>
    public string Format(CultureInfo culture)
    {
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencySymbol = CurrencySymbol(Currency.Code, culture);
        format.CurrencyDecimalDigits = Currency.Exponent;
        if (culture.TwoLetterISOLanguageName == "en" && char.IsLetter(format.CurrencySymbol[^1]))
        {
            // A symbol that is a code reads "CHF 12.00" and "-CHF 12.00", never "CHF12.00".
            format.CurrencyPositivePattern = 2;
            format.CurrencyNegativePattern = 9;
        }
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
        if (culture.TwoLetterISOLanguageName == "en" && EnglishSymbols.TryGetValue(code, out var english))
        {
            return english;
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

    /// <summary>
    /// The symbols English readers know for other countries' currencies (Unicode CLDR's English names, which the hosted
    /// dashboard shows). A currency missing here is written with its code.
    /// </summary>
    private static readonly FrozenDictionary<string, string> EnglishSymbols = new Dictionary<string, string>
    {
        ["EUR"] = "€", ["GBP"] = "£", ["JPY"] = "¥", ["CAD"] = "CA$", ["AUD"] = "A$", ["NZD"] = "NZ$", ["ILS"] = "₪", ["INR"] = "₹",
        ["CNY"] = "CN¥", ["HKD"] = "HK$", ["KRW"] = "₩", ["TWD"] = "NT$", ["PHP"] = "₱", ["VND"] = "₫", ["BRL"] = "R$", ["MXN"] = "MX$",
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
