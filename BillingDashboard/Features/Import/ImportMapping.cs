using System.Text;
using BillingDashboard.Domain;
using BillingDashboard.Features.Customers;

namespace BillingDashboard.Features.Import;

public enum ImportTargetKind
{
    Ignore,
    Field,
    Metadata,
}

/// <summary>Where one column of the file goes: a customer's field (named by its export column key), a metadata key, or nowhere.</summary>
public sealed record ImportTarget(ImportTargetKind Kind, string Key = "")
{
    public static readonly ImportTarget Ignored = new(ImportTargetKind.Ignore);

    public static ImportTarget Field(string key) => new(ImportTargetKind.Field, key);

    public static ImportTarget MetadataKey(string key) => new(ImportTargetKind.Metadata, key);

    /// <summary>How the mapping table and the command line's report name it.</summary>
    public string Describe() => Kind switch
    {
        ImportTargetKind.Field => ImportMapping.FieldLabels[Key],
        ImportTargetKind.Metadata => $"Metadata \"{Key}\"",
        _ => "Ignored",
    };
}

/// <summary>
/// The file's columns, each with where it goes. The customer's fields are the export's columns, by the same keys,
/// so that our own export maps itself; the hosted dashboard's export maps itself through its column names
/// (<see cref="Guess"/>). A mapping is kept by header name, so a saved one fits a file whose columns are in another order.
/// </summary>
public sealed record ImportMapping(IReadOnlyList<string> Headers, IReadOnlyList<ImportTarget> Targets)
{
    /// <summary>The hosted dashboard's customer export writes metadata columns as "plan (metadata)".</summary>
    private const string HostedMetadataSuffix = "(metadata)";

    public static readonly IReadOnlyDictionary<string, string> FieldLabels =
        CustomerExport.Columns.ToDictionary(column => column.Key, column => column.Label, StringComparer.Ordinal);

    /// <summary>
    /// Header names, compared without case, spaces or punctuation, to the field they mean: every export column's key
    /// and label, and the names the hosted dashboard's export and other tools use for the same fields.
    /// </summary>
    private static readonly Dictionary<string, string> KnownHeaders = BuildKnownHeaders();

    public static ImportMapping Guess(IReadOnlyList<string> headers) => new(headers, headers.Select(GuessTarget).ToList());

    /// <summary>The same file's columns mapped as a saved mapping says; a column it doesn't name is guessed.</summary>
    public static ImportMapping Apply(IReadOnlyList<string> headers, IReadOnlyDictionary<string, ImportTarget> saved) =>
        new(headers, headers.Select(header => saved.TryGetValue(header, out var target) ? target : GuessTarget(header)).ToList());

    public ImportMapping With(int column, ImportTarget target) =>
        this with { Targets = Targets.Select((current, index) => index == column ? target : current).ToList() };

    /// <summary>What is kept when the mapping is saved by name.</summary>
    public Dictionary<string, ImportTarget> ByHeader()
    {
        var byHeader = new Dictionary<string, ImportTarget>(StringComparer.Ordinal);
        for (var index = 0; index < Headers.Count; index++)
        {
            byHeader.TryAdd(Headers[index], Targets[index]);
        }
        return byHeader;
    }

    /// <summary>Every field or metadata key may come from one column only, and a metadata key must be one the API would take.</summary>
    public void Validate()
    {
        var errors = new List<FieldError>();
        foreach (var group in Targets.Select((target, index) => (target, index)).Where(entry => entry.target.Kind != ImportTargetKind.Ignore)
                     .GroupBy(entry => entry.target))
        {
            if (group.Count() > 1)
            {
                errors.Add(new FieldError("mapping",
                    $"{group.Key.Describe()} is mapped from more than one column ({string.Join(", ", group.Select(entry => $"\"{Headers[entry.index]}\""))}); map it from one."));
            }
        }
        foreach (var target in Targets.Where(target => target.Kind == ImportTargetKind.Metadata))
        {
            Metadata.IsValidKey(target.Key, "mapping", errors);
        }
        foreach (var target in Targets.Where(target => target.Kind == ImportTargetKind.Field && !FieldLabels.ContainsKey(target.Key)))
        {
            errors.Add(new FieldError("mapping", $"There is no customer field '{target.Key}'."));
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    private static ImportTarget GuessTarget(string header)
    {
        var trimmed = header.Trim();
        if (trimmed.StartsWith(CustomerExport.MetadataPrefix, StringComparison.OrdinalIgnoreCase) && trimmed.Length > CustomerExport.MetadataPrefix.Length)
        {
            return ImportTarget.MetadataKey(trimmed[CustomerExport.MetadataPrefix.Length..]);
        }
        if (trimmed.EndsWith(HostedMetadataSuffix, StringComparison.OrdinalIgnoreCase) && trimmed.Length > HostedMetadataSuffix.Length)
        {
            return ImportTarget.MetadataKey(trimmed[..^HostedMetadataSuffix.Length].Trim());
        }
        return KnownHeaders.TryGetValue(Normalize(trimmed), out var key) ? ImportTarget.Field(key) : ImportTarget.Ignored;
    }

    /// <summary>"Address Line 1", "address_line1" and "ADDRESS LINE1" are the same column: letters and digits only, lower case.</summary>
    private static string Normalize(string header)
    {
        var normalized = new StringBuilder(header.Length);
        foreach (var character in header.Where(char.IsLetterOrDigit))
        {
            normalized.Append(char.ToLowerInvariant(character));
        }
        return normalized.ToString();
    }

    private static Dictionary<string, string> BuildKnownHeaders()
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in CustomerExport.Columns)
        {
            known.TryAdd(Normalize(column.Key), column.Key);
            known.TryAdd(Normalize(column.Label), column.Key);
        }
        // The hosted dashboard's export and other tools' names for the same fields.
        (string Header, string Key)[] aliases =
        [
            ("Customer ID", "id"), ("Email Address", "email"), ("Created", "created"), ("Account Balance", "balance"),
            ("Tax Exempt", "tax_exempt"), ("Preferred Locales", "preferred_locales"),
            ("Address Zip", "address_postal_code"), ("Zip", "address_postal_code"), ("Address State", "address_state"),
            ("Shipping Address Zip", "shipping_address_postal_code"), ("Shipping Address Postal Code", "shipping_address_postal_code"),
            ("Invoice Footer", "invoice_footer"), ("Invoice Prefix", "invoice_prefix"),
        ];
        foreach (var (header, key) in aliases)
        {
            known.TryAdd(Normalize(header), key);
        }
        return known;
    }
}
