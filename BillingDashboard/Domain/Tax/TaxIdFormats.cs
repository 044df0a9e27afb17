using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace BillingDashboard.Domain.Tax;

/// <summary>
/// A kind of tax ID the dashboard accepts: its API code ("eu_vat"), how it is written, and the country it belongs
/// to. <see cref="Country"/> is null for eu_vat, whose country comes from the member-state prefix of the value.
/// </summary>
public sealed record TaxIdType(string Code, string Label, string? Country, string Format, string Example);

/// <summary>A tax ID value that passed its type's format: the normalised value and the country it is for.</summary>
public sealed record NormalizedTaxId(string Type, string Value, string Country);

/// <summary>
/// Every tax ID format, in one place: which types exist, how a value is normalised (upper case, and spaces, dots
/// and dashes removed where the written form does not need them), and what a valid value looks like. Only the
/// shape is checked: verification against government registers needs a network this product does not have.
/// </summary>
public static partial class TaxIdFormats
{
    public const int MaxValueLength = 40;

    private sealed record Format(TaxIdType Type, Func<string, string> Normalize, Regex Pattern);

    /// <summary>One pattern per EU member state (and XI, Northern Ireland), keyed by the VAT prefix.</summary>
    private static readonly IReadOnlyDictionary<string, (string Country, Regex Pattern, string Example)> EuVatStates =
        new Dictionary<string, (string, Regex, string)>(StringComparer.Ordinal)
        {
            ["AT"] = ("AT", Exact(@"ATU\d{8}"), "ATU12345678"),
            ["BE"] = ("BE", Exact(@"BE[01]\d{9}"), "BE0123456789"),
            ["BG"] = ("BG", Exact(@"BG\d{9,10}"), "BG123456789"),
            ["HR"] = ("HR", Exact(@"HR\d{11}"), "HR12345678901"),
            ["CY"] = ("CY", Exact(@"CY\d{8}[A-Z]"), "CY12345678Z"),
            ["CZ"] = ("CZ", Exact(@"CZ\d{8,10}"), "CZ12345678"),
            ["DK"] = ("DK", Exact(@"DK\d{8}"), "DK12345678"),
            ["EE"] = ("EE", Exact(@"EE\d{9}"), "EE123456789"),
            ["FI"] = ("FI", Exact(@"FI\d{8}"), "FI12345678"),
            ["FR"] = ("FR", Exact(@"FR[0-9A-HJ-NP-Z]{2}\d{9}"), "FRAB123456789"),
            ["DE"] = ("DE", Exact(@"DE\d{9}"), "DE123456789"),
            ["EL"] = ("GR", Exact(@"EL\d{9}"), "EL123456789"),
            ["HU"] = ("HU", Exact(@"HU\d{8}"), "HU12345678"),
            ["IE"] = ("IE", Exact(@"IE(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])"), "IE1234567AB"),
            ["IT"] = ("IT", Exact(@"IT\d{11}"), "IT12345678912"),
            ["LV"] = ("LV", Exact(@"LV\d{11}"), "LV12345678912"),
            ["LT"] = ("LT", Exact(@"LT(\d{9}|\d{12})"), "LT123456789123"),
            ["LU"] = ("LU", Exact(@"LU\d{8}"), "LU12345678"),
            ["MT"] = ("MT", Exact(@"MT\d{8}"), "MT12345678"),
            ["NL"] = ("NL", Exact(@"NL\d{9}B\d{2}"), "NL123456789B12"),
            ["PL"] = ("PL", Exact(@"PL\d{10}"), "PL1234567890"),
            ["PT"] = ("PT", Exact(@"PT\d{9}"), "PT123456789"),
            ["RO"] = ("RO", Exact(@"RO\d{2,10}"), "RO1234567891"),
            ["SK"] = ("SK", Exact(@"SK\d{10}"), "SK1234567891"),
            ["SI"] = ("SI", Exact(@"SI\d{8}"), "SI12345678"),
            ["ES"] = ("ES", Exact(@"ES[A-Z0-9]\d{7}[A-Z0-9]"), "ESA1234567Z"),
            ["SE"] = ("SE", Exact(@"SE\d{10}01"), "SE123456789101"),
            ["XI"] = ("GB", Exact(@"XI(\d{9}|\d{12}|GD\d{3}|HA\d{3})"), "XI123456789"),
        };

    private static readonly IReadOnlyList<Format> Formats =
    [
        new(new("eu_vat", "EU VAT number", null, "the member state's prefix and number (DE + 9 digits, FR + 2 characters + 9 digits, NL + 9 digits + B + 2 digits, …)", "DE123456789"),
            Compact, Exact(@"[A-Z]{2}[0-9A-Z+*]{2,13}")),
        new(new("gb_vat", "United Kingdom VAT number", "GB", "GB + 9 or 12 digits", "GB123456789"),
            Compact, Exact(@"GB(\d{9}|\d{12}|GD\d{3}|HA\d{3})")),
        new(new("us_ein", "United States EIN", "US", "2 digits, a dash, 7 digits", "12-3456789"),
            value => InsertAfter(Compact(value), 2, '-', digits: 9), Exact(@"\d{2}-\d{7}")),
        new(new("ca_bn", "Canadian BN", "CA", "9 digits", "123456789"),
            Compact, Exact(@"\d{9}")),
        new(new("ca_gst_hst", "Canadian GST/HST number", "CA", "9 digits, RT, 4 digits", "123456789RT0002"),
            Compact, Exact(@"\d{9}RT\d{4}")),
        new(new("au_abn", "Australian Business Number (ABN)", "AU", "11 digits", "12345678912"),
            Compact, Exact(@"\d{11}")),
        new(new("nz_gst", "New Zealand GST number", "NZ", "8 or 9 digits", "123456789"),
            Compact, Exact(@"\d{8,9}")),
        new(new("in_gst", "Indian GST number", "IN", "15 characters: 2 digits, 5 letters, 4 digits, a letter, a character, Z, a character", "12ABCDE3456FGZH"),
            Compact, Exact(@"\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]")),
        new(new("ch_vat", "Switzerland VAT number", "CH", "CHE-123.456.789 followed by MWST, TVA or IVA", "CHE-123.456.789 MWST"),
            SwissVat, Exact(@"CHE-\d{3}\.\d{3}\.\d{3}( (MWST|TVA|IVA))?")),
        new(new("no_vat", "Norwegian VAT number", "NO", "9 digits followed by MVA", "123456789MVA"),
            value => StripCountryPrefix(Compact(value), "NO", numberLength: 12), Exact(@"\d{9}MVA")),
        new(new("br_cnpj", "Brazilian CNPJ number", "BR", "14 digits written 01.234.456/5432-10", "01.234.456/5432-10"),
            BrazilianCnpj, Exact(@"\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}")),
        new(new("jp_cn", "Japanese Corporate Number", "JP", "13 digits", "1234567891234"),
            Compact, Exact(@"\d{13}")),
        new(new("es_cif", "Spanish NIF/CIF number", "ES", "a letter, 7 digits, a letter or digit", "A12345678"),
            value => StripCountryPrefix(Compact(value), "ES", numberLength: 9), Exact(@"[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]")),
        new(new("mx_rfc", "Mexican RFC number", "MX", "3 or 4 letters, 6 digits (a date), 3 letters or digits", "ABC010203AB9"),
            Compact, Exact(@"[A-ZÑ&]{3,4}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[A-Z0-9]{3}")),
        new(new("za_vat", "South African VAT number", "ZA", "10 digits starting with 4", "4123456789"),
            Compact, Exact(@"4\d{9}")),
    ];

    private static readonly IReadOnlyDictionary<string, Format> ByCode = Formats.ToDictionary(format => format.Type.Code, StringComparer.Ordinal);

    public static IReadOnlyList<TaxIdType> Types { get; } = Formats.Select(format => format.Type).ToList();

    public static bool TryFindType(string? code, [NotNullWhen(true)] out TaxIdType? type)
    {
        type = code is not null && ByCode.TryGetValue(code.Trim().ToLowerInvariant(), out var format) ? format.Type : null;
        return type is not null;
    }

    /// <summary>Normalises and checks <paramref name="value"/> as a <paramref name="typeCode"/>, or throws with the expected format and an example.</summary>
    public static NormalizedTaxId Validate(string? typeCode, string? value, string field = "tax_id")
    {
        if (!TryFindType(typeCode, out var type))
        {
            throw new ValidationFailedException([new FieldError($"{field}[type]",
                $"'{typeCode}' is not a tax ID type we support. Choose one of: {string.Join(", ", Types.Select(known => known.Code))}.")]);
        }
        var raw = value?.Trim() ?? "";
        if (raw.Length == 0 || raw.Length > MaxValueLength)
        {
            throw Invalid(type, raw, field, raw.Length == 0 ? "Enter the tax ID." : $"A tax ID is at most {MaxValueLength} characters.");
        }
        var format = ByCode[type.Code];
        var normalized = format.Normalize(raw);
        if (!format.Pattern.IsMatch(normalized))
        {
            throw Invalid(type, raw, field);
        }
        if (type.Country is { } country)
        {
            return new NormalizedTaxId(type.Code, normalized, country);
        }
        // eu_vat: the member state's own pattern decides.
        if (!EuVatStates.TryGetValue(normalized[..2], out var state))
        {
            throw Invalid(type, raw, field,
                $"'{normalized[..2]}' is not an EU VAT prefix. Use the member state's prefix ({string.Join(", ", EuVatStates.Keys)}); for the United Kingdom choose gb_vat.");
        }
        if (!state.Pattern.IsMatch(normalized))
        {
            throw new ValidationFailedException([new FieldError($"{field}[value]",
                $"'{raw}' is not a valid VAT number for {Countries.NameOf(state.Country)}. Expected {DescribeState(normalized[..2])}, e.g. {state.Example}.")]);
        }
        return new NormalizedTaxId(type.Code, normalized, state.Country);
    }

    /// <summary>The example of a member state's VAT number, for the form's hint ("DE123456789").</summary>
    public static IEnumerable<string> EuVatExamples => EuVatStates.Values.Select(state => state.Example);

    private static ValidationFailedException Invalid(TaxIdType type, string raw, string field, string? reason = null) =>
        new([new FieldError($"{field}[value]",
            (reason ?? $"'{raw}' is not a valid {type.Label}.") + $" Expected {type.Format}, e.g. {type.Example}.")]);

    private static string DescribeState(string prefix) => prefix switch
    {
        "AT" => "ATU + 8 digits",
        "BE" => "BE + 10 digits starting with 0 or 1",
        "BG" => "BG + 9 or 10 digits",
        "CY" => "CY + 8 digits + a letter",
        "CZ" => "CZ + 8 to 10 digits",
        "FR" => "FR + 2 letters or digits + 9 digits",
        "IE" => "IE + 7 digits + 1 or 2 letters",
        "LT" => "LT + 9 or 12 digits",
        "NL" => "NL + 9 digits + B + 2 digits",
        "RO" => "RO + 2 to 10 digits",
        "ES" => "ES + a letter or digit + 7 digits + a letter or digit",
        "SE" => "SE + 10 digits + 01",
        "XI" => "XI + 9 or 12 digits",
        _ => $"{prefix} + {EuVatStates[prefix].Example.Length - 2} digits",
    };

    /// <summary>Upper case, without the spaces, dots and dashes people type between groups of digits.</summary>
    private static string Compact(string value) =>
        new(value.ToUpperInvariant().Where(character => character is not (' ' or '.' or '-' or '\u00a0')).ToArray());

    /// <summary>People often write the country's prefix before a national number ("NO123456789MVA"); the stored form has none.</summary>
    private static string StripCountryPrefix(string value, string prefix, int numberLength) =>
        value.Length == prefix.Length + numberLength && value.StartsWith(prefix, StringComparison.Ordinal) ? value[prefix.Length..] : value;

    /// <summary>"123456789" becomes "12-3456789" when the value is only digits.</summary>
    private static string InsertAfter(string value, int position, char separator, int digits) =>
        value.Length == digits && value.All(char.IsAsciiDigit) ? value.Insert(position, separator.ToString()) : value;

    /// <summary>The Swiss UID is written with its dashes and dots: any spacing of the 9 digits becomes CHE-123.456.789, plus the language suffix.</summary>
    private static string SwissVat(string value)
    {
        var match = SwissVatParts().Match(value.ToUpperInvariant());
        if (!match.Success)
        {
            return value.ToUpperInvariant();
        }
        var digits = match.Groups["digits"].Value.Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal)
            .Replace("-", "", StringComparison.Ordinal);
        var suffix = match.Groups["suffix"].Value;
        var formatted = $"CHE-{digits[..3]}.{digits[3..6]}.{digits[6..]}";
        return suffix.Length > 0 ? $"{formatted} {suffix}" : formatted;
    }

    /// <summary>A CNPJ typed as 14 bare digits is written in its usual punctuation.</summary>
    private static string BrazilianCnpj(string value)
    {
        var trimmed = value.Trim();
        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        var onlyDigitsAndPunctuation = trimmed.All(character => char.IsAsciiDigit(character) || character is '.' or '/' or '-' or ' ');
        return digits.Length == 14 && onlyDigitsAndPunctuation
            ? $"{digits[..2]}.{digits[2..5]}.{digits[5..8]}/{digits[8..12]}-{digits[12..]}"
            : trimmed.ToUpperInvariant();
    }

    private static Regex Exact(string pattern) => new($"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    [GeneratedRegex(@"^CHE[\s\-]?(?<digits>\d{3}[\s.]?\d{3}[\s.]?\d{3})\s*(?<suffix>MWST|TVA|IVA)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SwissVatParts();
}
