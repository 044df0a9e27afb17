namespace BillingDashboard.Domain.Imports;

public enum ImportStatus
{
    /// <summary>Writing, or stopped before the end (the app stopped, the operator cancelled): it can be resumed.</summary>
    Running,
    Completed,
}

/// <summary>
/// An import of customers from a file, written batch by batch: each batch's transaction also moves
/// <see cref="RowsDone"/>, so an import that stopped is resumed exactly after the last batch that was committed,
/// from the same file (the same <see cref="FileSha256"/>) with the same mapping and choices.
/// </summary>
public sealed class CustomerImport
{
    public const string IdPrefix = "imp";

    public long Sequence { get; private set; }

    public required string Id { get; init; }

    public required string FileName { get; init; }

    /// <summary>Hex SHA-256 of the file: a resume must read the very file it started from.</summary>
    public required string FileSha256 { get; init; }

    /// <summary>The mapping, by header (JSON), and the operator's choices (JSON), as the import started with them.</summary>
    public required string Mapping { get; init; }

    public required string Options { get; init; }

    /// <summary>Records of the file (after the header) already written or passed over.</summary>
    public long RowsDone { get; set; }

    public long New { get; set; }

    public long Updated { get; set; }

    public long Unchanged { get; set; }

    public long Skipped { get; set; }

    public long Refused { get; set; }

    public ImportStatus Status { get; set; }

    public string? StartedBy { get; init; }

    public DateTimeOffset Started { get; init; }

    public DateTimeOffset? Finished { get; set; }
}

/// <summary>A column mapping saved by name, to be used again on the next file of the same shape.</summary>
public sealed class SavedImportMapping
{
    /// <summary>Unique, compared as typed.</summary>
    public required string Name { get; init; }

    /// <summary>Header to target, as JSON.</summary>
    public required string Columns { get; set; }

    public DateTimeOffset Updated { get; set; }

    public string? UpdatedBy { get; set; }
}
