namespace BillingDashboard.Features.Import;

/// <summary>What to do with a row whose <c>cus_…</c> id is already in the store.</summary>
public enum ExistingIdChoice
{
    /// <summary>Update that customer with the row, as an edit would (recorded as customer.updated).</summary>
    Update,
    Skip,
}

/// <summary>What to do with a row without an id whose email another customer already has.</summary>
public enum DuplicateEmailChoice
{
    Skip,
    ImportAsNew,
}

/// <summary>The operator's choices for an import; the dry run reports what they would do.</summary>
public sealed record ImportOptions
{
    public ExistingIdChoice ExistingIds { get; init; } = ExistingIdChoice.Update;

    public DuplicateEmailChoice DuplicateEmails { get; init; } = DuplicateEmailChoice.Skip;

    /// <summary>Write nothing when the dry run refuses any row; otherwise every valid row is written.</summary>
    public bool NothingIfAnyRefused { get; init; }
}

public enum RowOutcome
{
    Refused,
    Skipped,
}

/// <summary>A row the report names, by its line in the file (1 is the header), with why.</summary>
public sealed record ReportedRow(long Line, string Reason);

/// <summary>How far an import or dry run is: records read, of how many (known once a dry run has counted them).</summary>
public sealed record ImportProgress(long Rows, long? Of);

/// <summary>What a dry run found, or what an import did.</summary>
public sealed class ImportReport
{
    /// <summary>The refused and skipped rows listed (and downloadable); beyond this many only counted, so a bad million-row file doesn't fill memory.</summary>
    public const int MaxListedRows = 10_000;

    public long Rows { get; set; }

    public long New { get; set; }

    public long Updated { get; set; }

    public long Unchanged { get; set; }

    public long Skipped { get; set; }

    public long Refused { get; set; }

    public List<ReportedRow> RefusedRows { get; } = [];

    public List<ReportedRow> SkippedRows { get; } = [];

    /// <summary>Whether rows were written (false for a dry run, and for "nothing if any row is refused" when one was).</summary>
    public bool Written { get; set; }

    /// <summary>The import's id (imp_…), when rows were written.</summary>
    public string? ImportId { get; set; }

    /// <summary>Rows passed over because an earlier run of the same import had written them.</summary>
    public long Resumed { get; set; }

    /// <summary>The refused and skipped rows together, in the file's order: the page's table and the download both list them so.</summary>
    public IEnumerable<(RowOutcome Outcome, ReportedRow Row)> ListedRows() =>
        RefusedRows.Select(row => (RowOutcome.Refused, row)).Concat(SkippedRows.Select(row => (RowOutcome.Skipped, row)))
            .OrderBy(entry => entry.row.Line);

    public void Refuse(long line, string reason)
    {
        Refused++;
        if (RefusedRows.Count < MaxListedRows)
        {
            RefusedRows.Add(new ReportedRow(line, reason));
        }
    }

    public void Skip(long line, string reason)
    {
        Skipped++;
        if (SkippedRows.Count < MaxListedRows)
        {
            SkippedRows.Add(new ReportedRow(line, reason));
        }
    }

    /// <summary>Adds a committed batch's counts and rows.</summary>
    public void Add(ImportReport batch)
    {
        Rows += batch.Rows;
        New += batch.New;
        Updated += batch.Updated;
        Unchanged += batch.Unchanged;
        foreach (var row in batch.RefusedRows)
        {
            Refuse(row.Line, row.Reason);
        }
        foreach (var row in batch.SkippedRows)
        {
            Skip(row.Line, row.Reason);
        }
    }
}
