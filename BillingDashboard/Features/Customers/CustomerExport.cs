using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Export;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace BillingDashboard.Features.Customers;

/// <summary>
/// A CSV column: its key (also its header) and how it writes a stored customer's field, always culture-invariant.
/// A stored text is written as the database holds it (<see cref="StoredCustomer.WriteText"/>: on SQLite its bytes
/// go to the file without becoming a string on the way); any other field is computed as a string first.
/// </summary>
public sealed record CustomerExportColumn(string Key, string Label, Action<StoredCustomer, CsvWriter> Write)
{
    public static CustomerExportColumn Text(string key, string label, string storedColumn) =>
        new(key, label, (row, csv) => row.WriteText(storedColumn, csv));

    public static CustomerExportColumn Computed(string key, string label, Func<StoredCustomer, string?> value) =>
        new(key, label, (row, csv) => csv.WriteField(value(row)));
}

/// <summary>What to export: the page's search and filters (with the dialog's created range), or the selected rows.</summary>
public sealed record CustomerExportRequest(CustomerQuery Query, IReadOnlyList<string> Columns, IReadOnlyCollection<string>? SelectedIds = null) : ICsvExport
{
    public string Noun => "customers";

    public void Validate() => CustomerExport.Validate(this);

    public Task<int> CountAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<CustomerExport>().CountAsync(this, cancellationToken);

    public Task<int> WriteAsync(IServiceProvider services, Stream output, IProgress<int> progress, CancellationToken cancellationToken) =>
        services.GetRequiredService<CustomerExport>().WriteAsync(this, output, progress, cancellationToken);
}

/// <summary>
/// Customers to CSV, streamed from the database to the output a row at a time, so memory stays flat whether the
/// export holds ten rows or a million. Dates are ISO 8601 in UTC, amounts are major units beside their currency.
/// The query is EF Core's (the same filters as the page), but rows are read straight off the statement or data
/// reader (<see cref="StoredCustomer"/>): building a full Customer per row capped the export at 80,000 rows a second.
/// </summary>
public sealed class CustomerExport(IDbContextFactory<BillingDbContext> databases)
{
    public const string MetadataPrefix = "metadata.";

    /// <summary>Metadata keys offered as columns come from this many of the newest matching customers.</summary>
    public const int MetadataKeySample = 5_000;

    public static readonly IReadOnlyList<CustomerExportColumn> Columns =
    [
        CustomerExportColumn.Text("id", "ID", "Id"),
        CustomerExportColumn.Text("name", "Name", "Name"),
        CustomerExportColumn.Text("email", "Email", "Email"),
        CustomerExportColumn.Text("description", "Description", "Description"),
        CustomerExportColumn.Text("phone", "Phone", "Phone"),
        CustomerExportColumn.Computed("created", "Created (UTC)", row => CsvWriter.Iso8601(row.Instant("Created"))),
        CustomerExportColumn.Text("currency", "Currency", "Currency"),
        CustomerExportColumn.Computed("balance", "Balance", row => Balance(row.Integer("Balance"), row.Text("Currency"))),
        CustomerExportColumn.Computed("tax_exempt", "Tax status", row => Enum.Parse<TaxExempt>(row.Text("TaxExempt")!).ToApiValue()),
        CustomerExportColumn.Computed("preferred_locales", "Languages", row => string.Join(' ', row.PreferredLocales)),
        CustomerExportColumn.Text("address_line1", "Address line 1", "AddressLine1"),
        CustomerExportColumn.Text("address_line2", "Address line 2", "AddressLine2"),
        CustomerExportColumn.Text("address_city", "City", "AddressCity"),
        CustomerExportColumn.Text("address_state", "State", "AddressState"),
        CustomerExportColumn.Text("address_postal_code", "Postal code", "AddressPostalCode"),
        CustomerExportColumn.Text("address_country", "Country", "AddressCountry"),
        CustomerExportColumn.Text("shipping_name", "Shipping name", "ShippingName"),
        CustomerExportColumn.Text("shipping_phone", "Shipping phone", "ShippingPhone"),
        CustomerExportColumn.Text("shipping_address_line1", "Shipping line 1", "ShippingAddressLine1"),
        CustomerExportColumn.Text("shipping_address_line2", "Shipping line 2", "ShippingAddressLine2"),
        CustomerExportColumn.Text("shipping_address_city", "Shipping city", "ShippingAddressCity"),
        CustomerExportColumn.Text("shipping_address_state", "Shipping state", "ShippingAddressState"),
        CustomerExportColumn.Text("shipping_address_postal_code", "Shipping postal code", "ShippingAddressPostalCode"),
        CustomerExportColumn.Text("shipping_address_country", "Shipping country", "ShippingAddressCountry"),
        CustomerExportColumn.Text("invoice_prefix", "Invoice prefix", "InvoicePrefix"),
        CustomerExportColumn.Computed("next_invoice_sequence", "Next invoice number", row => row.Integer("NextInvoiceSequence").ToString(CultureInfo.InvariantCulture)),
        CustomerExportColumn.Text("invoice_footer", "Invoice footer", "InvoiceFooter"),
    ];

    public static readonly IReadOnlyList<string> DefaultColumns = ["id", "name", "email", "created", "currency", "balance", "tax_exempt", "address_country"];

    /// <summary>The metadata keys of the newest matching customers, for the column picker (a full scan would take seconds).</summary>
    public async Task<IReadOnlyList<string>> MetadataKeysAsync(CustomerQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var metadata = await db.Customers.AsNoTracking()
            .Filter(db, query)
            .OrderByDescending(customer => customer.Sequence)
            .Take(MetadataKeySample)
            .Select(customer => customer.Metadata)
            .ToListAsync(cancellationToken);
        return metadata.SelectMany(values => values.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Exactly how many rows the export will hold, for its progress bar.</summary>
    public async Task<int> CountAsync(CustomerExportRequest request, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await Matching(db, request).CountAsync(cancellationToken);
    }

    /// <returns>How many customers were written.</returns>
    public async Task<int> WriteAsync(CustomerExportRequest request, Stream output, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var columns = Resolve(request.Columns);
        // Two stages on two cores: one thread reads rows and writes them as CSV into blocks, this one sends the
        // blocks to the output. The channel between them holds a few blocks at most, so memory stays flat.
        var blocks = Channel.CreateBounded<CsvBlock>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        // If sending fails (the browser went away), the reader must stop too rather than wait on a full channel.
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadAsync(request, columns, blocks.Writer, stopReading.Token);
        try
        {
            await foreach (var block in blocks.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await output.WriteAsync(block.Bytes.AsMemory(0, block.Length), cancellationToken);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(block.Bytes);
                }
                progress?.Report(block.RowsSoFar);
            }
            return await reading;
        }
        finally
        {
            await stopReading.CancelAsync();
            // Waited for, never rethrown here: its failure, if any, already came through the channel.
            await ((Task)reading).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Runs on a thread of its own; ends by completing the channel, with the failure if there was one.</summary>
    private async Task<int> ReadAsync(CustomerExportRequest request, List<CustomerExportColumn> columns, ChannelWriter<CsvBlock> blocks,
        CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            var sink = new CsvBlockSink(blocks);
            var csv = new CsvWriter(sink);
            foreach (var column in columns)
            {
                csv.WriteField(column.Key);
            }
            await csv.EndRecordAsync(cancellationToken);

            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            await using var command = Matching(db, request).Sort(request.Query.Sort).CreateDbCommand();
            await db.Database.OpenConnectionAsync(cancellationToken);
            using var row = await StoredCustomer.ReadAsync(command, cancellationToken);
            while (await row.NextAsync(cancellationToken))
            {
                foreach (var column in columns)
                {
                    column.Write(row, csv);
                }
                sink.RowsSoFar++;
                await csv.EndRecordAsync(cancellationToken);
            }
            await csv.FlushAsync(cancellationToken);
            blocks.Complete();
            return sink.RowsSoFar;
        }
        catch (Exception failure)
        {
            blocks.Complete(failure);
            throw;
        }
    }

    /// <summary>A block of CSV, in a pooled array, and how many rows had been written when it was cut.</summary>
    private readonly record struct CsvBlock(byte[] Bytes, int Length, int RowsSoFar);

    /// <summary>Where the reading stage's <see cref="CsvWriter"/> writes: each block it flushes goes to the channel, copied into a pooled array.</summary>
    private sealed class CsvBlockSink(ChannelWriter<CsvBlock> blocks) : Stream
    {
        public int RowsSoFar { get; set; }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var bytes = ArrayPool<byte>.Shared.Rent(buffer.Length);
            buffer.CopyTo(bytes);
            await blocks.WriteAsync(new CsvBlock(bytes, buffer.Length, RowsSoFar), cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The export writes asynchronously.");
    }

    /// <summary>Checks a request before anything is written, so a bad one fails with field errors and not a broken file.</summary>
    public static void Validate(CustomerExportRequest request) => Resolve(request.Columns, request.Query);

    private static IQueryable<Customer> Matching(BillingDbContext db, CustomerExportRequest request)
    {
        var customers = db.Customers.AsNoTracking();
        return request.SelectedIds is { } ids
            ? customers.Where(customer => ids.Contains(customer.Id))
            : customers.Filter(db, request.Query);
    }

    private static List<CustomerExportColumn> Resolve(IReadOnlyList<string> keys, CustomerQuery? query = null)
    {
        var errors = new List<FieldError>();
        if (keys.Count == 0)
        {
            errors.Add(new FieldError("columns", "Choose at least one column to export."));
        }
        if (query is { CreatedFrom: { } from, CreatedTo: { } to } && from > to)
        {
            errors.Add(new FieldError("created", "The start of the created range must not be after its end."));
        }
        var columns = new List<CustomerExportColumn>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (key.StartsWith(MetadataPrefix, StringComparison.Ordinal) && key[MetadataPrefix.Length..] is { Length: > 0 and <= Metadata.MaxKeyLength } metadataKey)
            {
                columns.Add(CustomerExportColumn.Computed(key, metadataKey, row => row.Metadata.GetValueOrDefault(metadataKey)));
            }
            else if (Columns.FirstOrDefault(column => column.Key == key) is { } column)
            {
                columns.Add(column);
            }
            else
            {
                errors.Add(new FieldError("columns", $"There is no column '{key}'."));
            }
        }
        return errors.Count > 0 ? throw new ValidationFailedException(errors) : columns;
    }

    private static string Balance(long balance, string? currency) =>
        currency is null ? "0" : Money.Of(balance, currency).ToInvariantString();
}

/// <summary>
/// The current row of a query over Customers, read by column name. The JSON columns are parsed only when a
/// column asks for them, once per row. On SQLite the rows are read straight from the statement (see
/// <see cref="SqliteRow"/>); on another store through its data reader.
/// </summary>
public abstract class StoredCustomer : IDisposable
{
    private Dictionary<string, string>? _metadata;
    private List<string>? _preferredLocales;

    // Most customers have neither metadata nor languages: "{}" and "[]" need no parser.
    public Dictionary<string, string> Metadata =>
        _metadata ??= Text("Metadata") is { Length: > 2 } json ? JsonValueConversion.FromJson<Dictionary<string, string>>(json) : [];

    public List<string> PreferredLocales => _preferredLocales ??= ReadPreferredLocales();

    public abstract string? Text(string column);

    public abstract long Integer(string column);

    public DateTimeOffset Instant(string column) => UtcTicksConverter.FromStored(Integer(column));

    /// <summary>A stored text column as a CSV field.</summary>
    public virtual void WriteText(string column, CsvWriter csv) => csv.WriteField(Text(column));

    /// <summary>Moves to the next row; false after the last.</summary>
    public async ValueTask<bool> NextAsync(CancellationToken cancellationToken)
    {
        _metadata = null;
        _preferredLocales = null;
        return await MoveAsync(cancellationToken);
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>Runs the command (its connection open) and stands before its first row.</summary>
    internal static async Task<StoredCustomer> ReadAsync(DbCommand command, CancellationToken cancellationToken) =>
        command.Connection is SqliteConnection sqlite
            ? SqliteRow.Prepare(sqlite, command)
            : new ReaderRow(await command.ExecuteReaderAsync(cancellationToken));

    protected abstract ValueTask<bool> MoveAsync(CancellationToken cancellationToken);

    /// <summary>SQLite keeps the list as JSON text; PostgreSQL as an array of text.</summary>
    protected virtual List<string> ReadPreferredLocales() =>
        Text("PreferredLocales") is { Length: > 2 } json ? JsonValueConversion.FromJson<List<string>>(json) : [];

    /// <summary>Any store, through its data reader.</summary>
    private sealed class ReaderRow(DbDataReader reader) : StoredCustomer
    {
        private readonly Dictionary<string, int> _ordinals = Enumerable.Range(0, reader.FieldCount)
            .ToDictionary(reader.GetName, ordinal => ordinal, StringComparer.Ordinal);

        public override string? Text(string column)
        {
            var ordinal = _ordinals[column];
            return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
        }

        public override long Integer(string column) => reader.GetInt64(_ordinals[column]);

        public override void Dispose()
        {
            reader.Dispose();
            base.Dispose();
        }

        protected override async ValueTask<bool> MoveAsync(CancellationToken cancellationToken) => await reader.ReadAsync(cancellationToken);

        protected override List<string> ReadPreferredLocales() => reader.GetFieldType(_ordinals["PreferredLocales"]) == typeof(string)
            ? base.ReadPreferredLocales()
            : [.. reader.GetFieldValue<string[]>(_ordinals["PreferredLocales"])];
    }

    /// <summary>
    /// SQLite's rows read from the statement itself: a text column's bytes go to the CSV as SQLite holds them
    /// (UTF-8), where the data reader made a string of every cell (a native call, then a decoding into UTF-16 that
    /// the file's encoding undid). Reading the rows of the all-columns export that way ran at 127,000 a second,
    /// however fast the CSV was written.
    /// </summary>
    private sealed class SqliteRow : StoredCustomer
    {
        private readonly SqliteConnection _connection;
        private readonly sqlite3_stmt _statement;
        private readonly Dictionary<string, int> _ordinals;

        private SqliteRow(SqliteConnection connection, sqlite3_stmt statement)
        {
            _connection = connection;
            _statement = statement;
            _ordinals = Enumerable.Range(0, raw.sqlite3_column_count(statement))
                .ToDictionary(ordinal => raw.sqlite3_column_name(statement, ordinal).utf8_to_string(), ordinal => ordinal, StringComparer.Ordinal);
        }

        /// <summary>EF Core's SQL and parameters for the query, prepared on its open connection.</summary>
        public static SqliteRow Prepare(SqliteConnection connection, DbCommand command)
        {
            var statement = RawSqlite.Prepare(connection.Handle!, command.CommandText);
            var row = new SqliteRow(connection, statement);
            foreach (DbParameter parameter in command.Parameters)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, parameter.ParameterName);
                Check(connection, parameter.Value switch
                {
                    null or DBNull => raw.sqlite3_bind_null(statement, index),
                    string text => raw.sqlite3_bind_text(statement, index, text),
                    long number => raw.sqlite3_bind_int64(statement, index, number),
                    int number => raw.sqlite3_bind_int64(statement, index, number),
                    bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
                    double number => raw.sqlite3_bind_double(statement, index, number),
                    var other => throw new NotSupportedException($"The export cannot bind a {other.GetType().Name} parameter."),
                });
            }
            return row;
        }

        public override string? Text(string column)
        {
            var ordinal = _ordinals[column];
            return raw.sqlite3_column_type(_statement, ordinal) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(_statement, ordinal).utf8_to_string();
        }

        public override long Integer(string column) => raw.sqlite3_column_int64(_statement, _ordinals[column]);

        /// <summary>An empty text and no text make the same empty field, so the bytes need no type check.</summary>
        public override void WriteText(string column, CsvWriter csv) => csv.WriteField(raw.sqlite3_column_blob(_statement, _ordinals[column]));

        public override void Dispose()
        {
            _statement.Dispose();
            base.Dispose();
        }

        protected override ValueTask<bool> MoveAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = raw.sqlite3_step(_statement);
            if (result is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
            {
                Check(_connection, result);
            }
            return ValueTask.FromResult(result == raw.SQLITE_ROW);
        }

        private static void Check(SqliteConnection connection, int result) => RawSqlite.Check(connection.Handle!, result);
    }
}
