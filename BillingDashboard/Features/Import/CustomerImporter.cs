using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Data.Seeding;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Balance;
using BillingDashboard.Domain.Coupons;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Events;
using BillingDashboard.Domain.Imports;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Events;
using BillingDashboard.Features.Users;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BillingDashboard.Features.Import;

/// <summary>The header and first records of a file, for the mapping table.</summary>
public sealed record ImportPreview(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, char Delimiter);

/// <summary>
/// Customers from a CSV file: a dry run that checks every row with the rules of the add dialog and the API and
/// writes nothing, and the import itself, which checks them again as it writes. The file is streamed a batch at a
/// time, so memory stays flat; each batch is one write of the store's writer (<see cref="StoreWriter"/>), so other
/// operators' saves go on between batches, and each batch moves the import's <see cref="CustomerImport.RowsDone"/>
/// in the same transaction: an import that stops is resumed after its last committed batch.
/// </summary>
/// <remarks>
/// A new customer keeps the file's id and created date and gets its balance as an opening ledger entry; it records
/// no customer.created event (it was created elsewhere, and a migration must not send a million webhooks). An
/// update of a customer already here is an edit like any other: checked against the customer as it is stored when
/// its batch runs, and recorded as customer.updated with who imported it.
/// </remarks>
public sealed class CustomerImporter(IDbContextFactory<BillingDbContext> databases, StoreWriter writer, CurrentOperator currentOperator,
    TimeProvider clock, EventLog events)
{
    public const int BatchSize = 1_000;

    private const int BatchesReadAhead = 2;

    private static readonly JsonSerializerOptions MappingJson = new(JsonSerializerDefaults.Web);

    /// <summary>The header and the first <paramref name="rows"/> records, with no check of their values.</summary>
    public static async Task<ImportPreview> PreviewAsync(Stream file, int rows, CancellationToken cancellationToken = default)
    {
        using var csv = new CsvReader(file);
        var header = new List<string>();
        if (!await csv.ReadRecordAsync(header, cancellationToken))
        {
            throw EmptyFile();
        }
        var records = new List<IReadOnlyList<string>>();
        var record = new List<string>();
        while (records.Count < rows && await csv.ReadRecordAsync(record, cancellationToken))
        {
            records.Add([.. record]);
        }
        return new ImportPreview(header, records, csv.Delimiter);
    }

    /// <summary>What the import would do, row by row, without writing anything.</summary>
    public async Task<ImportReport> DryRunAsync(Func<Stream> openFile, ImportMapping mapping, ImportOptions options,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        mapping.Validate();
        var report = new ImportReport();
        var seen = new SeenInFile();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await foreach (var batch in ReadBatchesAsync(openFile, mapping, cancellationToken))
        {
            await ProcessAsync(db, batch, options, seen, report, author: null, write: false, cancellationToken);
            db.ChangeTracker.Clear();
            progress?.Report(new ImportProgress(report.Rows, null));
        }
        return report;
    }

    /// <summary>
    /// Imports the file; resumes the unfinished import of the same file (same content) if there is one, with the
    /// mapping and choices it started with. With <see cref="ImportOptions.NothingIfAnyRefused"/>, a dry run goes first.
    /// </summary>
    /// <param name="expectedRows">The records the dry run counted, for "412,000 of 1,000,000"; null when unknown.</param>
    public async Task<ImportReport> ImportAsync(Func<Stream> openFile, string fileName, ImportMapping mapping, ImportOptions options,
        long? expectedRows = null, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        mapping.Validate();
        var author = await currentOperator.GetNameAsync();
        var sha256 = await HashAsync(openFile, cancellationToken);
        var import = await FindUnfinishedAsync(sha256, cancellationToken);
        if (import is not null)
        {
            mapping = SavedMapping(mapping.Headers, import.Mapping);
            options = JsonSerializer.Deserialize<ImportOptions>(import.Options, MappingJson)!;
        }
        else
        {
            if (options.NothingIfAnyRefused)
            {
                var dryRun = await DryRunAsync(openFile, mapping, options, progress, cancellationToken);
                if (dryRun.Refused > 0)
                {
                    return dryRun;
                }
                expectedRows = dryRun.Rows;
            }
            import = await StartAsync(fileName, sha256, mapping, options, author, cancellationToken);
        }

        var report = new ImportReport { Written = true, ImportId = import.Id };
        var seen = new SeenInFile();
        var importId = import.Id;
        await foreach (var batch in ReadBatchesAsync(openFile, mapping, cancellationToken))
        {
            if (report.Resumed < import.RowsDone)
            {
                // Written by the run that stopped: only what the later rows are checked against is remembered.
                seen.RememberAll(batch);
                report.Resumed += batch.Count;
                continue;
            }
            var done = await writer.WriteAsync(async (db, token) =>
            {
                var committed = new ImportReport();
                await ProcessAsync(db, batch, options, seen, committed, author, write: true, token);
                var stored = await db.CustomerImports.SingleAsync(candidate => candidate.Id == importId, token);
                stored.RowsDone += batch.Count;
                stored.New += committed.New;
                stored.Updated += committed.Updated;
                stored.Unchanged += committed.Unchanged;
                stored.Skipped += committed.Skipped;
                stored.Refused += committed.Refused;
                return committed;
            }, cancellationToken);
            report.Add(done);
            progress?.Report(new ImportProgress(report.Resumed + report.Rows, expectedRows));
        }
        await writer.WriteAsync(async (db, token) =>
        {
            var stored = await db.CustomerImports.SingleAsync(candidate => candidate.Id == importId, token);
            stored.Status = ImportStatus.Completed;
            stored.Finished = clock.GetUtcNow();
            return stored;
        }, cancellationToken);
        return report;
    }

    /// <summary>Saves <paramref name="mapping"/> under <paramref name="name"/>, replacing one of that name.</summary>
    public async Task SaveMappingAsync(string name, ImportMapping mapping, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > 100)
        {
            throw new ValidationFailedException([new FieldError("name", "Name the mapping in 1 to 100 characters.")]);
        }
        mapping.Validate();
        var author = await currentOperator.GetNameAsync();
        var columns = JsonSerializer.Serialize(mapping.ByHeader(), MappingJson);
        await writer.WriteAsync(async (db, token) =>
        {
            var saved = await db.SavedImportMappings.SingleOrDefaultAsync(candidate => candidate.Name == trimmed, token);
            if (saved is null)
            {
                saved = new SavedImportMapping { Name = trimmed, Columns = columns };
                db.SavedImportMappings.Add(saved);
            }
            saved.Columns = columns;
            saved.Updated = clock.GetUtcNow();
            saved.UpdatedBy = author;
            return saved;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> MappingNamesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.SavedImportMappings.AsNoTracking().OrderBy(mapping => mapping.Name).Select(mapping => mapping.Name).ToListAsync(cancellationToken);
    }

    /// <summary>The file's columns mapped as the saved mapping <paramref name="name"/> says (columns it doesn't name are guessed).</summary>
    public async Task<ImportMapping> LoadMappingAsync(string name, IReadOnlyList<string> headers, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var saved = await db.SavedImportMappings.AsNoTracking().SingleOrDefaultAsync(mapping => mapping.Name == name, cancellationToken)
            ?? throw new RuleViolationException($"There is no saved mapping named '{name}'.", "mapping");
        return SavedMapping(headers, saved.Columns);
    }

    /// <summary>Checks each row of a batch and, when <paramref name="write"/>, adds or changes its customer in <paramref name="db"/>.</summary>
    private async Task ProcessAsync(BillingDbContext db, List<ImportRow> rows, ImportOptions options, SeenInFile seen, ImportReport report,
        string? author, bool write, CancellationToken cancellationToken)
    {
        report.Rows += rows.Count;
        var readable = rows.Where(row => row.Errors.Count == 0).ToList();
        var ids = readable.Where(row => row.Id is not null).Select(row => row.Id!).Distinct(StringComparer.Ordinal).ToList();
        var customers = write ? db.Customers.IgnoreQueryFilters() : db.Customers.IgnoreQueryFilters().AsNoTracking();
        // Each list goes as one parameter (EF.Parameter: JSON on SQLite, an array on PostgreSQL). EF Core 10's default,
        // a parameter per value, made each lookup a new statement of a thousand parameters: 7 ms a batch on SQLite.
        var existing = await customers.Where(customer => EF.Parameter(ids).Contains(customer.Id)).ToDictionaryAsync(customer => customer.Id, cancellationToken);
        var discounts = existing.Count > 0 ? await CustomerService.ActiveDiscountsAsync(db, existing.Keys, cancellationToken) : [];
        var emails = readable.Where(row => row.Email is not null).Select(row => row.Email!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var emailsTaken = (await db.Customers.Where(customer => EF.Parameter(emails).Contains(customer.Email!)).Select(customer => customer.Email!).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var prefixes = readable.Select(row => row.InvoicePrefix).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var prefixOwners = await db.Customers.IgnoreQueryFilters().Where(customer => EF.Parameter(prefixes).Contains(customer.InvoicePrefix))
            .ToDictionaryAsync(customer => customer.InvoicePrefix, customer => customer.Id, cancellationToken);

        var added = new List<NewCustomer>();
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            if (row.Errors.Count > 0)
            {
                report.Refuse(row.Line, Describe(row.Errors));
                continue;
            }
            if (row.Id is not null && seen.Has(SeenInFile.Id, row.Id))
            {
                report.Refuse(row.Line, $"The id {row.Id} is on an earlier row of the file too.");
                continue;
            }
            try
            {
                if (row.Id is not null && existing.TryGetValue(row.Id, out var customer))
                {
                    Update(db, row, customer, discounts.GetValueOrDefault(customer.Id), options, seen, prefixOwners, report, write);
                }
                else if (Add(row, options, seen, emailsTaken, prefixOwners, report, now) is { } created)
                {
                    added.Add(created);
                }
            }
            catch (ValidationFailedException failure)
            {
                report.Refuse(row.Line, Describe(failure.Errors));
            }
            catch (RuleViolationException violation)
            {
                report.Refuse(row.Line, violation.Message);
            }
        }
        if (write)
        {
            await GiveInvoicePrefixesAsync(db, added.Select(entry => entry.Customer).Where(customer => customer.InvoicePrefix.Length == 0).ToList(), seen,
                cancellationToken);
            await InsertAsync(db, added, author, cancellationToken);
        }
    }

    /// <summary>
    /// The batch's new customers, each with its opening ledger entry when the file gave it a balance (the balance is
    /// the sum of its ledger). On SQLite through the seed loader's prepared insert and one statement for the batch,
    /// and the ledger entries in one statement, as the seed writes them: through EF Core each row was a statement
    /// prepared anew, triggers and all, 0.35 ms a row, ten times what SQLite took to write it. The rows get the next
    /// row numbers: the batch runs as the store's only writer.
    /// </summary>
    private static async Task InsertAsync(BillingDbContext db, List<NewCustomer> added, string? author, CancellationToken cancellationToken)
    {
        if (added.Count == 0)
        {
            return;
        }
        if (!db.Database.IsSqlite())
        {
            foreach (var (customer, openingBalance) in added)
            {
                db.Customers.Add(customer);
                if (openingBalance != 0)
                {
                    db.BalanceTransactions.Add(customer.RecordBalanceChange(BalanceTransactionType.Initial, openingBalance,
                        Currencies.Get(customer.Currency!), "Opening balance", customer.Created, author));
                }
            }
            return;
        }
        var before = await db.Customers.IgnoreQueryFilters().MaxAsync(customer => (long?)customer.Sequence, cancellationToken) ?? 0;
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        Task ExecuteAsync(string sql) => CustomerBulkLoader.ExecuteAsync(connection, sql, cancellationToken, transaction);
        // The rows go to a temporary table first and into Customers in one statement: FTS5 writes its pending terms
        // out at every statement, so a statement per row left a search-index segment per row (0.18 ms a row).
        var columns = string.Join(", ", CustomerBulkLoader.Columns.Select(column => $"\"{column}\""));
        await ExecuteAsync($"CREATE TEMP TABLE IF NOT EXISTS \"ImportedCustomers\" AS SELECT {columns} FROM \"Customers\" WHERE 0");
        using (var insert = CustomerBulkLoader.Prepare(connection, "temp.\"ImportedCustomers\""))
        {
            var sequence = before;
            foreach (var (customer, openingBalance) in added)
            {
                if (openingBalance != 0)
                {
                    customer.AddToBalance(openingBalance, Currencies.Get(customer.Currency!));
                }
                CustomerBulkLoader.Insert(connection, insert, ++sequence, customer, defaultSourceId: null);
            }
        }
        await ExecuteAsync($"INSERT INTO \"Customers\" ({columns}) SELECT {columns} FROM temp.\"ImportedCustomers\" ORDER BY \"Sequence\"");
        await ExecuteAsync("DELETE FROM temp.\"ImportedCustomers\"");
        await ExecuteAsync(SeedSql.OpeningBalanceEntries(before, author ?? ChangeOrigin.System));
    }

    private void Update(BillingDbContext db, ImportRow row, Customer customer, Discount? discount, ImportOptions options, SeenInFile seen,
        Dictionary<string, string> prefixOwners, ImportReport report, bool write)
    {
        seen.Remember(SeenInFile.Id, customer.Id);
        if (customer.DeletedAt is not null)
        {
            report.Refuse(row.Line, $"Customer {customer.Id} was deleted; its id can't be used again.");
            return;
        }
        if (options.ExistingIds == ExistingIdChoice.Skip)
        {
            report.Skip(row.Line, $"Customer {customer.Id} exists already; skipped, as chosen.");
            return;
        }
        // Before the rules change the (tracked) customer: a refusal must leave it as it is stored.
        CheckInvoicePrefix(row, customer.Id, seen, prefixOwners);
        var before = ApiObjects.Customer(customer, discount);
        CustomerRules.Apply(customer, row.Input);
        var after = ApiObjects.Customer(customer, discount);
        if (!EventLog.Differs(before, after))
        {
            report.Unchanged++;
            return;
        }
        report.Updated++;
        if (write)
        {
            customer.Version++;
            events.Record(db, EventTypes.CustomerUpdated, customer.Id, customer.Id, after, before);
        }
    }

    /// <summary>A customer to add, with the balance the file gave it (its opening ledger entry, written with it).</summary>
    private sealed record NewCustomer(Customer Customer, long OpeningBalance);

    /// <returns>The new customer, or null when the row was skipped.</returns>
    private static NewCustomer? Add(ImportRow row, ImportOptions options, SeenInFile seen, HashSet<string> emailsTaken,
        Dictionary<string, string> prefixOwners, ImportReport report, DateTimeOffset now)
    {
        if (row.Id is null && row.Email is not null && options.DuplicateEmails == DuplicateEmailChoice.Skip
            && (emailsTaken.Contains(row.Email) || seen.Has(SeenInFile.Email, row.Email)))
        {
            report.Skip(row.Line, $"A customer with the email {row.Email} exists already; skipped, as chosen.");
            return null;
        }
        var customer = new Customer { Id = row.Id ?? ObjectIds.New(ObjectIds.Customer), Created = row.Created ?? now, InvoicePrefix = "" };
        CustomerRules.Apply(customer, row.Input);
        var errors = new List<FieldError>();
        if (row.OpeningBalance(customer.Currency, errors) is not { } balance)
        {
            throw new ValidationFailedException(errors);
        }
        CheckInvoicePrefix(row, customer.Id, seen, prefixOwners);
        seen.Remember(SeenInFile.Id, customer.Id);
        if (customer.Email is not null)
        {
            seen.Remember(SeenInFile.Email, customer.Email);
        }
        report.New++;
        return new NewCustomer(customer, balance);
    }

    /// <summary>A prefix the row gives must be no other customer's, in the store or earlier in the file.</summary>
    private static void CheckInvoicePrefix(ImportRow row, string customerId, SeenInFile seen, Dictionary<string, string> prefixOwners)
    {
        if (row.InvoicePrefix is not { } prefix)
        {
            return;
        }
        if ((prefixOwners.TryGetValue(prefix, out var owner) && owner != customerId) || seen.Has(SeenInFile.InvoicePrefix, prefix))
        {
            throw new ValidationFailedException([new FieldError("invoice_prefix",
                $"The invoice prefix {prefix} belongs to another customer: invoice numbers must stay unique.")]);
        }
        seen.Remember(SeenInFile.InvoicePrefix, prefix);
    }

    /// <summary>Random prefixes for the new customers the file gave none, drawn again until none is taken in the store or the file.</summary>
    private static async Task GiveInvoicePrefixesAsync(BillingDbContext db, List<Customer> customers, SeenInFile seen, CancellationToken cancellationToken)
    {
        var waiting = customers;
        while (waiting.Count > 0)
        {
            waiting.ForEach(customer => customer.InvoicePrefix = CustomerRules.NewInvoicePrefix());
            var drawn = waiting.Select(customer => customer.InvoicePrefix).ToList();
            var taken = (await db.Customers.IgnoreQueryFilters().Where(customer => EF.Parameter(drawn).Contains(customer.InvoicePrefix))
                .Select(customer => customer.InvoicePrefix).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var next = new List<Customer>();
            foreach (var customer in waiting)
            {
                if (taken.Contains(customer.InvoicePrefix) || seen.Has(SeenInFile.InvoicePrefix, customer.InvoicePrefix))
                {
                    next.Add(customer);
                }
                else
                {
                    seen.Remember(SeenInFile.InvoicePrefix, customer.InvoicePrefix);
                }
            }
            waiting = next;
        }
    }

    /// <summary>A file's columns mapped as a stored mapping (by header, as JSON) says.</summary>
    private static ImportMapping SavedMapping(IReadOnlyList<string> headers, string json) =>
        ImportMapping.Apply(headers, JsonSerializer.Deserialize<Dictionary<string, ImportTarget>>(json, MappingJson)!);

    private static RuleViolationException EmptyFile() => new("The file is empty: it needs a header row naming its columns.", "file");

    private static string Describe(IReadOnlyList<FieldError> errors) => string.Join(" ", errors.Select(error => error.Message));

    /// <summary>
    /// The file's records after the header, read through the mapping, a batch at a time. The next batches are read
    /// while the caller checks and writes this one (at most <see cref="BatchesReadAhead"/> ahead, so memory stays
    /// flat): reading is a third of a dry run's time, and a machine has a second core for it.
    /// </summary>
    private async IAsyncEnumerable<List<ImportRow>> ReadBatchesAsync(Func<Stream> openFile, ImportMapping mapping,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var file = openFile();
        using var csv = new CsvReader(file);
        var record = new List<string>();
        if (!await csv.ReadRecordAsync(record, cancellationToken))
        {
            throw EmptyFile();
        }
        if (!record.SequenceEqual(mapping.Headers, StringComparer.Ordinal))
        {
            throw new RuleViolationException("The file's header row is not the one the mapping was made for: upload the file again.", "file");
        }
        var now = clock.GetUtcNow();
        var batches = Channel.CreateBounded<List<ImportRow>>(new BoundedChannelOptions(BatchesReadAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Run(async () =>
        {
            try
            {
                var batch = new List<ImportRow>(BatchSize);
                while (await csv.ReadRecordAsync(record, stop.Token))
                {
                    batch.Add(ImportRow.Read(record, mapping, csv.RecordLine, now));
                    if (batch.Count == BatchSize)
                    {
                        await batches.Writer.WriteAsync(batch, stop.Token);
                        batch = new List<ImportRow>(BatchSize);
                    }
                }
                if (batch.Count > 0)
                {
                    await batches.Writer.WriteAsync(batch, stop.Token);
                }
                batches.Writer.Complete();
            }
            catch (Exception failure)
            {
                // A file that turns out unreadable halfway (a quote never closed) fails the import at that batch.
                batches.Writer.Complete(failure);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
            {
                yield return batch;
            }
        }
        finally
        {
            // The caller stopped early (cancelled, or a batch failed): the reading stops too, before the file closes.
            await stop.CancelAsync();
            await reading;
        }
    }

    private static async Task<string> HashAsync(Func<Stream> openFile, CancellationToken cancellationToken)
    {
        await using var file = openFile();
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    private async Task<CustomerImport?> FindUnfinishedAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.CustomerImports.AsNoTracking().Where(import => import.FileSha256 == sha256 && import.Status == ImportStatus.Running)
            .OrderByDescending(import => import.Sequence).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<CustomerImport> StartAsync(string fileName, string sha256, ImportMapping mapping, ImportOptions options, string? author,
        CancellationToken cancellationToken) =>
        await writer.WriteAsync((db, _) =>
        {
            var import = new CustomerImport
            {
                Id = ObjectIds.New(CustomerImport.IdPrefix),
                FileName = Path.GetFileName(fileName) is { Length: > 0 and <= 260 } name ? name : "customers.csv",
                FileSha256 = sha256,
                Mapping = JsonSerializer.Serialize(mapping.ByHeader(), MappingJson),
                Options = JsonSerializer.Serialize(options, MappingJson),
                Status = ImportStatus.Running,
                StartedBy = author,
                Started = clock.GetUtcNow(),
            };
            db.CustomerImports.Add(import);
            return Task.FromResult(import);
        }, cancellationToken);
}
