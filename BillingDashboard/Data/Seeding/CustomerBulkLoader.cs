using System.Diagnostics;
using System.Threading.Channels;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace BillingDashboard.Data.Seeding;

/// <param name="Elapsed">Customers with their search index, ledger and tax IDs.</param>
/// <param name="PaymentsElapsed">Their saved payment methods and past payments, seeded after (see <see cref="CustomerBulkLoader"/>).</param>
public sealed record SeedResult(int Customers, TimeSpan Elapsed, int Charges, TimeSpan PaymentsElapsed);

/// <summary>
/// Writes a million customers in under a minute. EF Core's change tracker would take minutes, and even a prepared
/// ADO.NET command spends most of its time binding parameters by name, so rows go in through SQLite's own statement
/// API while another thread generates the next batch. All of it is one transaction: other connections see either
/// none of the new customers or all of them, with every index and the search index complete.
/// <c>SeededCustomers_ReadBackThroughEfCore</c> in the tests keeps the column list below in step with the model.
/// </summary>
public sealed class CustomerBulkLoader(IDbContextFactory<BillingDbContext> databases, TimeProvider clock)
{
    private const int BatchSize = 10_000;

    /// <summary>Synthetic customers sign up over this long before now.</summary>
    private static readonly TimeSpan History = TimeSpan.FromDays(3 * 365);

    internal static readonly string[] Columns =
    [
        "Sequence", "Id", "Created", "Name", "Email", "Description", "Phone",
        "AddressLine1", "AddressLine2", "AddressCity", "AddressState", "AddressPostalCode", "AddressCountry",
        "ShippingName", "ShippingPhone", "ShippingAddressLine1", "ShippingAddressLine2", "ShippingAddressCity",
        "ShippingAddressState", "ShippingAddressPostalCode", "ShippingAddressCountry",
        "PreferredLocales", "Currency", "CurrencyLockedBy", "Balance", "TaxExempt", "Metadata",
        "InvoicePrefix", "NextInvoiceSequence", "InvoiceCustomFields", "InvoiceFooter", "Version", "TaxIdCount", "DefaultSourceId",
    ];

    public async Task<SeedResult> LoadAsync(int count, SyntheticCustomers generator, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            return await PostgreSql.PostgreSqlCustomerLoader.LoadAsync((Npgsql.NpgsqlConnection)db.Database.GetDbConnection(), count, generator,
                clock.GetUtcNow(), progress, cancellationToken);
        }
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        // A bigger page cache for this connection: index builds sort in it.
        await ExecuteAsync(connection, "PRAGMA cache_size = -524288; PRAGMA temp_store = MEMORY;", cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        var (lastSequence, lastCreated) = await ReadLastAsync(transaction, cancellationToken);
        var now = clock.GetUtcNow();

        // Building an index from sorted keys once is several times faster than updating it a million times, and the
        // search index fills fastest in one statement, so indexes and triggers step aside while rows go in.
        var setAside = await SetAsideIndexesAsync(transaction, "Customers", cancellationToken, triggersToo: true);

        var (batches, producer) = GenerateInBatches(generator, count, now, lastSequence, lastCreated, cancellationToken);

        var written = 0;
        using (var insert = Prepare(connection))
        {
            await foreach (var batch in batches.ReadAllAsync(cancellationToken))
            {
                foreach (var customer in batch)
                {
                    var sequence = lastSequence + 1 + written;
                    Insert(connection, insert, sequence, customer, SeededDefaultSourceId(sequence, customer));
                    written++;
                }
                progress?.Report(written);
            }
        }
        await producer;

        await RestoreAsync(connection, setAside, "index", transaction, cancellationToken);
        await ExecuteAsync(connection,
            $"INSERT INTO \"CustomerSearch\"(rowid, \"Text\") SELECT \"RowId\", \"Text\" FROM \"CustomerSearchSource\" WHERE \"RowId\" > {lastSequence}",
            cancellationToken, transaction);
        await ExecuteAsync(connection, SeedSql.OpeningBalanceEntries(lastSequence), cancellationToken, transaction);
        await ExecuteAsync(connection, SeedSql.TaxIds(lastSequence, SeedDialect.Sqlite), cancellationToken, transaction);
        await ExecuteAsync(connection, Features.Customers.CustomerCounts.Rebuild, cancellationToken, transaction);
        await RestoreAsync(connection, setAside, "trigger", transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var customersElapsed = stopwatch.Elapsed;

        stopwatch.Restart();
        var charges = await SeedPaymentsAsync(connection, lastSequence, now, cancellationToken);
        return new SeedResult(written, customersElapsed, charges, stopwatch.Elapsed);
    }

    /// <summary>
    /// The customers to add, made on another thread a batch ahead of the writer: both stores' loaders read them
    /// from here. Their invoice prefixes follow the row numbers after <paramref name="lastSequence"/>, and they are
    /// newer than the newest existing customer (<paramref name="lastCreated"/>), so creation order and row order still agree.
    /// </summary>
    internal static (ChannelReader<Customer[]> Batches, Task Producer) GenerateInBatches(SyntheticCustomers generator, int count, DateTimeOffset now,
        long lastSequence, DateTimeOffset? lastCreated, CancellationToken cancellationToken)
    {
        var from = lastCreated is { } latest && latest > now - History ? latest.AddSeconds(1) : now - History;
        var batches = Channel.CreateBounded<Customer[]>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                var customers = generator.Generate(count, from, now, index => InvoicePrefixFor(lastSequence + 1 + index));
                foreach (var batch in customers.Chunk(BatchSize))
                {
                    await batches.Writer.WriteAsync(batch, cancellationToken);
                }
                batches.Writer.Complete();
            }
            catch (Exception failure)
            {
                batches.Writer.Complete(failure);
            }
        }, cancellationToken);
        return (batches.Reader, producer);
    }

    /// <summary>
    /// The new customers' saved payment methods (the ids their rows already name as default) and two past
    /// payments each, in a transaction of their own after the customers': the customers are usable meanwhile, and
    /// the two phases are timed apart. The charges' indexes step aside while the rows go in.
    /// </summary>
    private static async Task<int> SeedPaymentsAsync(SqliteConnection connection, long afterSequence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var setAside = await SetAsideIndexesAsync(transaction, "Charges", cancellationToken);
        await ExecuteAsync(connection, SeedSql.Sources(afterSequence, SeedDialect.Sqlite), cancellationToken, transaction);
        await using var insertCharges = Command(connection, SeedSql.Charges(afterSequence, now, SeedDialect.Sqlite), transaction);
        var charges = await insertCharges.ExecuteNonQueryAsync(cancellationToken);
        await RestoreAsync(connection, setAside, "index", transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return charges;
    }

    /// <summary>
    /// One customer in three of those with a currency has a saved payment method, its default: the loader writes
    /// the id with the customer, and <see cref="SeedSql.Sources"/> then creates the source it names. The id reuses the
    /// random part of the customer's id, which is unique.
    /// </summary>
    internal static string? SeededDefaultSourceId(long sequence, Customer customer) =>
        sequence % 3 == 0 && customer.Currency is not null ? "src_" + customer.Id[(ObjectIds.Customer.Length + 1)..] : null;

    /// <summary>
    /// Unique by construction: the row number scrambled (multiplying by a number coprime to 36 is one-to-one modulo
    /// 36^8) into eight base-36 characters, so seeded prefixes look like generated ones and never collide.
    /// </summary>
    public static string InvoicePrefixFor(long sequence)
    {
        const long Space = 2_821_109_907_456; // 36^8
        var scrambled = (sequence * 2_654_435_761L + 1_234_567_891L) % Space;
        Span<char> characters = stackalloc char[8];
        for (var position = 7; position >= 0; position--)
        {
            characters[position] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(int)(scrambled % 36)];
            scrambled /= 36;
        }
        return new string(characters);
    }

    /// <summary>Drops the indexes of <paramref name="table"/> (and its triggers, when asked) and returns the SQL that recreates them as they were.</summary>
    private static async Task<List<(string Type, string Sql)>> SetAsideIndexesAsync(SqliteTransaction transaction, string table,
        CancellationToken cancellationToken, bool triggersToo = false)
    {
        var setAside = new List<(string Type, string Sql, string Name)>();
        // sql is null for the indexes SQLite makes itself (the primary key), which cannot be dropped.
        await using (var command = Command(transaction.Connection!,
            $"SELECT type, sql, name FROM sqlite_master WHERE tbl_name = '{table}' AND type IN ('index'{(triggersToo ? ", 'trigger'" : "")}) AND sql IS NOT NULL",
            transaction))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                setAside.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }
        foreach (var (type, _, name) in setAside)
        {
            await ExecuteAsync(transaction.Connection!, $"DROP {type.ToUpperInvariant()} \"{name}\"", cancellationToken, transaction);
        }
        return setAside.Select(entry => (entry.Type, entry.Sql)).ToList();
    }

    private static async Task RestoreAsync(SqliteConnection connection, IEnumerable<(string Type, string Sql)> setAside, string type,
        SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var (_, sql) in setAside.Where(entry => entry.Type == type))
        {
            await ExecuteAsync(connection, sql, cancellationToken, transaction);
        }
    }

    /// <summary>The insert of one customer row into <paramref name="table"/>, prepared once (with the table's triggers compiled into it) for many rows.</summary>
    internal static sqlite3_stmt Prepare(SqliteConnection connection, string table = "\"Customers\"")
    {
        var sql = $"INSERT INTO {table} ({string.Join(", ", Columns.Select(column => $"\"{column}\""))}) " +
            $"VALUES ({string.Join(", ", Columns.Select((_, index) => "?" + (index + 1)))})";
        return RawSqlite.Prepare(connection.Handle!, sql);
    }

    /// <summary>One customer row at <paramref name="sequence"/>, through the prepared insert, inside the connection's open transaction.</summary>
    internal static void Insert(SqliteConnection connection, sqlite3_stmt statement, long sequence, Customer customer, string? defaultSourceId)
    {
        var shipping = customer.Shipping;
        var index = 0;
        Bind(sequence);
        Bind(customer.Id);
        Bind(UtcTicksConverter.ToStored(customer.Created));
        Bind(customer.Name);
        Bind(customer.Email);
        Bind(customer.Description);
        Bind(customer.Phone);
        BindAddress(customer.Address);
        Bind(shipping?.Name);
        Bind(shipping?.Phone);
        BindAddress(shipping?.Address);
        Bind(JsonValueConversion.ToJson(customer.PreferredLocales));
        Bind(customer.Currency);
        Bind(customer.CurrencyLockedBy?.ToString());
        Bind(customer.Balance);
        Bind(customer.TaxExempt.ToString());
        Bind(JsonValueConversion.ToJson(customer.Metadata));
        Bind(customer.InvoicePrefix);
        Bind(customer.NextInvoiceSequence);
        Bind(JsonValueConversion.ToJson(customer.InvoiceCustomFields));
        Bind(customer.InvoiceFooter);
        Bind(customer.Version);
        Bind(customer.TaxIdCount);
        Bind(defaultSourceId);
        RawSqlite.Execute(connection.Handle!, statement);
        raw.sqlite3_reset(statement);
        return;

        void Bind(object? value) => RawSqlite.Bind(connection.Handle!, statement, ++index, value);

        void BindAddress(Address? address)
        {
            Bind(address?.Line1);
            Bind(address?.Line2);
            Bind(address?.City);
            Bind(address?.State);
            Bind(address?.PostalCode);
            Bind(address?.Country);
        }
    }

    private static async Task<(long Sequence, DateTimeOffset? Created)> ReadLastAsync(SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction.Connection!,
            "SELECT \"Sequence\", \"Created\" FROM \"Customers\" ORDER BY \"Sequence\" DESC LIMIT 1", transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), UtcTicksConverter.FromStored(reader.GetInt64(1)))
            : (0, null);
    }

    /// <summary>One statement on the connection, inside <paramref name="transaction"/> when there is one.</summary>
    internal static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken,
        SqliteTransaction? transaction = null)
    {
        await using var command = Command(connection, sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <remarks>Microsoft.Data.Sqlite wants every command run inside a transaction to name it.</remarks>
    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
