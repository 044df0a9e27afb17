using System.Collections.Frozen;

namespace BillingDashboard.Domain.Cards;

/// <summary>
/// International Bank Account Numbers (ISO 13616): the country's length and the mod-97 check. The IBAN is only
/// ever held for the length of a request; what is kept is its country, bank code and last four characters.
/// </summary>
public static class Iban
{
    /// <summary>The lengths of the SEPA countries' IBANs, and where the bank code sits in it (after the four check characters).</summary>
    private static readonly FrozenDictionary<string, (int Length, int BankCodeLength)> Countries = new Dictionary<string, (int, int)>
    {
        ["AT"] = (20, 5), ["BE"] = (16, 3), ["BG"] = (22, 4), ["CH"] = (21, 5), ["CY"] = (28, 3), ["CZ"] = (24, 4), ["DE"] = (22, 8),
        ["DK"] = (18, 4), ["EE"] = (20, 2), ["ES"] = (24, 4), ["FI"] = (18, 3), ["FR"] = (27, 5), ["GB"] = (22, 4), ["GR"] = (27, 3),
        ["HR"] = (21, 7), ["HU"] = (28, 3), ["IE"] = (22, 4), ["IS"] = (26, 4), ["IT"] = (27, 6), ["LI"] = (21, 5), ["LT"] = (20, 5),
        ["LU"] = (20, 3), ["LV"] = (21, 4), ["MC"] = (27, 5), ["MT"] = (31, 4), ["NL"] = (18, 4), ["NO"] = (15, 4), ["PL"] = (28, 3),
        ["PT"] = (25, 4), ["RO"] = (24, 4), ["SE"] = (24, 3), ["SI"] = (19, 5), ["SK"] = (24, 4), ["SM"] = (27, 6),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The IBAN without spaces, upper-case; null when anything but letters, digits and spaces is in it.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var compact = text.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return compact.All(char.IsAsciiLetterOrDigit) ? compact : null;
    }

    /// <summary>Why the (normalized) IBAN is not one a SEPA debit can be drawn from, or null when it is.</summary>
    public static string? Problem(string iban)
    {
        if (iban.Length < 5 || !Countries.TryGetValue(iban[..2], out var country))
        {
            return "This IBAN doesn't start with the code of a SEPA country (DE, FR, NL, ...).";
        }
        if (iban.Length != country.Length)
        {
            return $"An IBAN from {iban[..2]} has {country.Length} characters; this one has {iban.Length}.";
        }
        return PassesMod97(iban) ? null : "This IBAN's check digits don't match: look for a mistyped character.";
    }

    public static string Country(string iban) => iban[..2];

    public static string BankCode(string iban) => iban.Substring(4, Countries[iban[..2]].BankCodeLength);

    /// <summary>ISO 7064 mod 97-10: the country and check digits moved to the end, letters as 10 to 35, the whole leaves 1.</summary>
    private static bool PassesMod97(string iban)
    {
        var remainder = 0;
        foreach (var character in iban[4..] + iban[..4])
        {
            var value = char.IsAsciiDigit(character) ? character - '0' : character - 'A' + 10;
            remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }
        return remainder == 1;
    }
}
