using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using PdfSharp.Fonts;

namespace BillingDashboard.Pdf;

/// <summary>A locale or a name needs glyphs that no font on this machine has; the message says which package to install.</summary>
public sealed class MissingFontException(string message) : Exception(message);

/// <summary>A font family the invoice can be drawn in, with what it covers.</summary>
public sealed record InvoiceFont(string Family, string RegularPath, string? BoldPath, IReadOnlySet<int> Coverage);

/// <summary>
/// The TrueType fonts invoices can use, found on this machine (the system font folders and a configured one),
/// never shipped with the product. For each document it picks the first family, in the locale's order of
/// preference, that has a glyph for every character the document prints. Also PDFsharp's font resolver:
/// PDFsharp asks it for the bytes of the faces it picked.
/// </summary>
public sealed class FontCatalog : IFontResolver
{
    private sealed record Candidate(string Family, string RegularFile, string? BoldFile, string Package);

    // .ttc collections (fonts-noto-cjk) are left out: PDFsharp cannot read them.
    private static readonly Candidate[] Candidates =
    [
        new("Noto Sans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "fonts-noto-core"),
        new("DejaVu Sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "fonts-dejavu-core"),
        new("IPAGothic", "ipag.ttf", null, "fonts-ipafont-gothic"),
        new("VL Gothic", "VL-Gothic-Regular.ttf", null, "fonts-vlgothic"),
        new("Droid Sans Fallback", "DroidSansFallbackFull.ttf", null, "fonts-droid-fallback"),
        new("NanumGothic", "NanumGothic.ttf", "NanumGothicBold.ttf", "fonts-nanum"),
        new("AR PL SungtiL GB", "gbsn00lp.ttf", null, "fonts-arphic-gbsn00lp"),
    ];

    public static readonly IReadOnlyList<string> SystemFolders = ["/usr/share/fonts", "/usr/local/share/fonts"];

    private readonly Dictionary<string, string> _filesByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<InvoiceFont?>> _fonts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);

    public FontCatalog(IEnumerable<string> folders)
    {
        foreach (var folder in folders.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.ttf", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
            {
                _filesByName.TryAdd(Path.GetFileName(file), file);
            }
        }
    }

    /// <summary>
    /// The font for a document in <paramref name="language"/> that prints <paramref name="text"/>: the first
    /// installed family, in that language's order of preference, covering every character of it.
    /// </summary>
    public InvoiceFont ChooseFor(string language, string text)
    {
        var needed = CodePoints(text);
        InvoiceFont? closest = null;
        foreach (var candidate in PreferenceFor(language))
        {
            if (Load(candidate) is not { } font)
            {
                continue;
            }
            if (needed.All(font.Coverage.Contains))
            {
                return font;
            }
            closest ??= font;
        }
        var missing = needed.Where(code => closest is null || !closest.Coverage.Contains(code)).Take(5).ToList();
        throw new MissingFontException(
            $"No installed font can print this invoice ({language}): missing glyphs for {string.Join(" ", missing.Select(code => char.ConvertFromUtf32(code)))} " +
            $"({string.Join(", ", missing.Select(code => string.Create(CultureInfo.InvariantCulture, $"U+{code:X4}")))}). " +
            $"Install the Debian package {PackageFor(missing.FirstOrDefault(), language)}, or put a TrueType font that covers them in the configured font folder.");
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var candidate = Candidates.FirstOrDefault(known => known.Family == familyName);
        if (candidate is null || Load(candidate) is not { } font)
        {
            return null;
        }
        // Families without a bold face are made bold by PDFsharp's simulation.
        return bold && font.BoldPath is { } boldPath
            ? new FontResolverInfo(boldPath)
            : new FontResolverInfo(font.RegularPath, mustSimulateBold: bold, mustSimulateItalic: italic);
    }

    public byte[]? GetFont(string faceName) => _bytes.GetOrAdd(faceName, File.ReadAllBytes);

    private IEnumerable<Candidate> PreferenceFor(string language)
    {
        string[] order = language switch
        {
            "ja" => ["IPAGothic", "VL Gothic", "Droid Sans Fallback"],
            // Droid Sans Fallback has no Latin letters, so alone it can't print an invoice's numbers and emails.
            "ko" => ["NanumGothic", "Droid Sans Fallback"],
            "zh" => ["AR PL SungtiL GB", "Droid Sans Fallback"],
            _ => ["Noto Sans", "DejaVu Sans"],
        };
        return order.Select(family => Candidates.First(candidate => candidate.Family == family))
            .Concat(Candidates.Where(candidate => !order.Contains(candidate.Family)));
    }

    private InvoiceFont? Load(Candidate candidate) =>
        _fonts.GetOrAdd(candidate.Family, _ => new Lazy<InvoiceFont?>(() =>
        {
            if (!_filesByName.TryGetValue(candidate.RegularFile, out var regular))
            {
                return null;
            }
            var bold = candidate.BoldFile is { } boldFile && _filesByName.TryGetValue(boldFile, out var boldPath) ? boldPath : null;
            return new InvoiceFont(candidate.Family, regular, bold, TrueTypeCoverage.Read(GetFont(regular)));
        })).Value;

    /// <summary>The Debian package whose font would print <paramref name="codePoint"/> for a document in <paramref name="language"/>.</summary>
    private static string PackageFor(int codePoint, string language)
    {
        var isKana = codePoint is >= 0x3040 and <= 0x30FF;
        var isHangul = codePoint is >= 0x1100 and <= 0x11FF or >= 0xAC00 and <= 0xD7AF;
        var isHan = codePoint is >= 0x2E80 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF;
        return isKana || (isHan && language == "ja") ? "fonts-ipafont-gothic"
            : isHangul || language == "ko" ? "fonts-nanum"
            : isHan || language == "zh" ? "fonts-arphic-gbsn00lp"
            : "fonts-noto-core";
    }

    /// <summary>Every printable character of the text, once; spacing and control characters need no glyph.</summary>
    private static HashSet<int> CodePoints(string text)
    {
        var codes = new HashSet<int>();
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsWhiteSpace(rune) && !Rune.IsControl(rune) && Rune.GetUnicodeCategory(rune) != UnicodeCategory.Format)
            {
                codes.Add(rune.Value);
            }
        }
        return codes;
    }
}
