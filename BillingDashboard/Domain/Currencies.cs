using System.Collections.Frozen;

namespace BillingDashboard.Domain;

/// <summary>An ISO 4217 currency and how many digits its minor unit has (0 for JPY and KRW, 3 for KWD).</summary>
public sealed record Currency(string Code, int Exponent, string Name)
{
    /// <summary>The API's spelling: lower case.</summary>
    public string ApiCode => Code.ToLowerInvariant();

    /// <summary>The smallest charge the card networks accept, in minor units (about 0.50 USD).</summary>
    public long MinimumChargeAmount => Exponent switch
    {
        0 => Code is "JPY" ? 50 : 500,
        3 => 500,
        _ => 50,
    };
}

/// <summary>The currencies the dashboard bills in.</summary>
public static class Currencies
{
    public static readonly IReadOnlyList<Currency> All =
    [
        new("USD", 2, "US dollar"), new("EUR", 2, "Euro"), new("GBP", 2, "Pound sterling"), new("JPY", 0, "Japanese yen"),
        new("CAD", 2, "Canadian dollar"), new("AUD", 2, "Australian dollar"), new("NZD", 2, "New Zealand dollar"),
        new("CHF", 2, "Swiss franc"), new("SEK", 2, "Swedish krona"), new("NOK", 2, "Norwegian krone"), new("DKK", 2, "Danish krone"),
        new("PLN", 2, "Polish złoty"), new("CZK", 2, "Czech koruna"), new("HUF", 2, "Hungarian forint"), new("RON", 2, "Romanian leu"),
        new("BGN", 2, "Bulgarian lev"), new("TRY", 2, "Turkish lira"), new("ILS", 2, "Israeli new shekel"), new("AED", 2, "UAE dirham"),
        new("SAR", 2, "Saudi riyal"), new("INR", 2, "Indian rupee"), new("CNY", 2, "Chinese yuan"), new("HKD", 2, "Hong Kong dollar"),
        new("SGD", 2, "Singapore dollar"), new("KRW", 0, "South Korean won"), new("TWD", 2, "New Taiwan dollar"),
        new("THB", 2, "Thai baht"), new("MYR", 2, "Malaysian ringgit"), new("IDR", 2, "Indonesian rupiah"), new("PHP", 2, "Philippine peso"),
        new("VND", 0, "Vietnamese đồng"), new("BRL", 2, "Brazilian real"), new("MXN", 2, "Mexican peso"), new("ARS", 2, "Argentine peso"),
        new("CLP", 0, "Chilean peso"), new("COP", 2, "Colombian peso"), new("PEN", 2, "Peruvian sol"), new("ZAR", 2, "South African rand"),
        new("NGN", 2, "Nigerian naira"), new("KES", 2, "Kenyan shilling"), new("EGP", 2, "Egyptian pound"), new("MAD", 2, "Moroccan dirham"),
        new("KWD", 3, "Kuwaiti dinar"), new("BHD", 3, "Bahraini dinar"), new("JOD", 3, "Jordanian dinar"), new("OMR", 3, "Omani rial"),
        new("ISK", 0, "Icelandic króna"), new("UAH", 2, "Ukrainian hryvnia"),
    ];

    private static readonly FrozenDictionary<string, Currency> ByCode =
        All.ToFrozenDictionary(currency => currency.Code, StringComparer.OrdinalIgnoreCase);

    public static bool TryFind(string? code, out Currency currency)
    {
        currency = default!;
        return code is not null && ByCode.TryGetValue(code.Trim(), out currency!);
    }

    /// <summary>What every form and API field says about a currency code it does not know.</summary>
    public static FieldError Unsupported(string? code, string field = "currency") =>
        new(field, $"'{code}' is not a currency we support. Use a three-letter ISO code such as EUR or USD.");

    /// <summary>
    /// The currency a request names, else the customer's (which locking then enforces); with neither, the request
    /// is refused with <paramref name="requiredMessage"/>, which says what choosing one means.
    /// </summary>
    public static Currency Resolve(string? requested, string? customerCurrency, string requiredMessage)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return TryFind(requested, out var currency) ? currency : throw new ValidationFailedException([Unsupported(requested)]);
        }
        return TryFind(customerCurrency, out var locked) ? locked
            : throw new ValidationFailedException([new FieldError("currency", requiredMessage)]);
    }

    public static Currency Get(string code) =>
        TryFind(code, out var currency) ? currency : throw new RuleViolationException($"Unsupported currency '{code}'.", "currency");
}
