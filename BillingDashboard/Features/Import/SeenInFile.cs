namespace BillingDashboard.Features.Import;

/// <summary>
/// The ids, emails and invoice prefixes of the rows read so far, so that a later row that repeats one is caught
/// even before anything is written (a dry run). Kept as 64-bit hashes rather than strings: a million rows take a
/// few megabytes, not a few hundred. Two different values share a hash with a chance of about one in 10^7 for a
/// million-row file; such a row would be reported as a repeat, never written twice.
/// </summary>
public sealed class SeenInFile
{
    public const int Id = 0;
    public const int Email = 1;
    public const int InvoicePrefix = 2;

    private readonly HashSet<ulong>[] _hashes = [[], [], []];

    /// <summary>Emails are compared without case, as the store compares them; ids and prefixes exactly.</summary>
    public bool Has(int kind, string value) => _hashes[kind].Contains(Hash(kind, value));

    public void Remember(int kind, string value) => _hashes[kind].Add(Hash(kind, value));

    /// <summary>What a resumed import's already-written rows gave, for the rows after them.</summary>
    public void RememberAll(IEnumerable<ImportRow> rows)
    {
        foreach (var row in rows.Where(row => row.Errors.Count == 0))
        {
            if (row.Id is not null)
            {
                Remember(Id, row.Id);
            }
            if (row.Email is not null)
            {
                Remember(Email, row.Email);
            }
            if (row.InvoicePrefix is not null)
            {
                Remember(InvoicePrefix, row.InvoicePrefix);
            }
        }
    }

    /// <summary>64-bit FNV-1a over the UTF-16 code units (upper-cased for emails).</summary>
    private static ulong Hash(int kind, string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var character in value)
        {
            hash = (hash ^ (kind == Email ? char.ToUpperInvariant(character) : character)) * 1099511628211UL;
        }
        return hash;
    }
}
