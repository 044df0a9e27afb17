using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace BillingDashboard.Domain;

/// <summary>Preferred-locale tags (RFC 4646 / BCP 47, e.g. "en", "fr-CA", "zh-Hant-TW"), validated and normalised.</summary>
public static partial class Locales
{
    private static readonly FrozenSet<string> KnownLanguages = CultureInfo.GetCultures(CultureTypes.NeutralCultures)
        .Select(culture => culture.TwoLetterISOLanguageName)
        .Where(language => language.Length is 2 or 3)
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The tag in its canonical case ("fr-CA", "zh-Hant"), or null if it is not a language tag we know.</summary>
    public static string? Normalize(string? tag)
    {
        if (tag is null)
        {
            return null;
        }
        var match = TagPattern().Match(tag.Trim().Replace('_', '-'));
        if (!match.Success)
        {
            return null;
        }
        var language = match.Groups["language"].Value.ToLowerInvariant();
        if (!KnownLanguages.Contains(language))
        {
            return null;
        }
        var script = match.Groups["script"].Success
            ? char.ToUpperInvariant(match.Groups["script"].Value[0]) + match.Groups["script"].Value[1..].ToLowerInvariant()
            : null;
        var region = match.Groups["region"].Success ? match.Groups["region"].Value.ToUpperInvariant() : null;
        if (region is { Length: 2 } && !Countries.IsValid(region))
        {
            return null;
        }
        return string.Join('-', new[] { language, script, region }.Where(part => part is not null));
    }

    /// <summary>Common choices for the language picker.</summary>
    public static readonly IReadOnlyList<(string Tag, string Name)> ForPicker =
        new[] { "en", "en-GB", "en-US", "de", "fr", "fr-CA", "es", "it", "nl", "pt-BR", "pt", "ja", "zh", "ko", "sv", "da", "nb", "fi", "pl", "cs" }
            .Select(tag => (tag, CultureInfo.GetCultureInfo(tag).EnglishName))
            .ToList();

    [GeneratedRegex("^(?<language>[A-Za-z]{2,3})(-(?<script>[A-Za-z]{4}))?(-(?<region>[A-Za-z]{2}|[0-9]{3}))?$")]
    private static partial Regex TagPattern();
}
