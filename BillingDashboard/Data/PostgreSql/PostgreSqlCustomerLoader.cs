using System.Diagnostics;
using BillingDashboard.Data.Seeding;
using BillingDashboard.Domain.Customers;
using Npgsql;
using NpgsqlTypes;

namespace BillingDashboard.Data.PostgreSql;

/// <summary>
/// The seeder on PostgreSQL: the same synthetic customers, ledger, tax IDs, payment methods and payments as
/// <see cref="CustomerBulkLoader"/> writes to SQLite, through binary COPY while another thread generates the next
/// batch, in one transaction that holds the store's write lock. The search trigger steps aside while rows go in,
/// and the search table is filled from them in one statement at the end; a big load sets the indexes aside too.
/// </summary>
internal static class PostgreSqlCustomerLoader
{
    public static async Task<SeedResult> LoadAsync(NpgsqlConnection connection, int count, SyntheticCustomers generator, DateTimeOffset now,
        IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, WriteLock.Sql, cancellationToken);
        var (lastSequence, lastCreated) = await ReadLastAsync(connection, cancellationToken);
        // Building an index once from sorted keys is several times faster than updating it row by row, so a load at
        // least as big as what is there builds them afresh; a small addition to a big store keeps them.
        var rebuild = count >= await EstimatedRowsAsync(connection, "Customers", cancellationToken);
        var setAside = rebuild ? await SetAsideIndexesAsync(connection, ["Customers", "CustomerSearch"], cancellationToken) : [];
        await ExecuteAsync(connection, """ALTER TABLE "Customers" DISABLE TRIGGER "Customers_Search"; ALTER TABLE "TaxIds" DISABLE TRIGGER "TaxIds_Count";""",
            cancellationToken);

        var (batches, producer) = CustomerBulkLoader.GenerateInBatches(generator, count, now, lastSequence, lastCreated, cancellationToken);

        var written = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY \"Customers\" ({string.Join(", ", CustomerBulkLoader.Columns.Select(column => $"\"{column}\""))}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            await foreach (var batch in batches.ReadAllAsync(cancellationToken))
            {
                foreach (var customer in batch)
                {
                    Write(copy, lastSequence + 1 + written, customer);
                    written++;
                }
                progress?.Report(written);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await producer;

        // Rows written with their own Sequence leave the identity behind; the app's next customer follows them.
        await ExecuteAsync(connection, """SELECT setval(pg_get_serial_sequence('"Customers"', 'Sequence'), (SELECT max("Sequence") FROM "Customers"))""",
            cancellationToken);
        await ExecuteAsync(connection, $"""
            INSERT INTO "CustomerSearch"("rowid", "Text")
            SELECT "Sequence", "CustomerSearchText"("Name", "Email", "Phone", "Description", "Metadata")
            FROM "Customers" WHERE "Sequence" > {lastSequence} AND "DeletedAt" IS NULL
            """, cancellationToken);
        await RebuildAsync(connection, setAside, cancellationToken);
        await ExecuteAsync(connection, SeedSql.OpeningBalanceEntries(lastSequence), cancellationToken);
        await ExecuteAsync(connection, SeedSql.TaxIds(lastSequence, SeedDialect.PostgreSql), cancellationToken);
        await ExecuteAsync(connection, """ALTER TABLE "Customers" ENABLE TRIGGER "Customers_Search"; ALTER TABLE "TaxIds" ENABLE TRIGGER "TaxIds_Count";""",
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var customersElapsed = stopwatch.Elapsed;

        stopwatch.Restart();
        await using var payments = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, WriteLock.Sql, cancellationToken);
        var paymentIndexes = rebuild ? await SetAsideIndexesAsync(connection, ["Sources", "Charges"], cancellationToken) : [];
        await ExecuteAsync(connection, SeedSql.Sources(lastSequence, SeedDialect.PostgreSql), cancellationToken);
        var charges = await ExecuteAsync(connection, SeedSql.Charges(lastSequence, now, SeedDialect.PostgreSql), cancellationToken);
        await RebuildAsync(connection, paymentIndexes, cancellationToken);
        await payments.CommitAsync(cancellationToken);
        // What PostgreSQL's manual advises after a bulk load, done now rather than by autovacuum in the middle of the
        // first queries: statistics for the planner, and the visibility map that lets counts read only the indexes.
        await ExecuteAsync(connection, """VACUUM (ANALYZE) "Customers", "CustomerSearch", "Charges", "Sources", "TaxIds", "CustomerBalanceTransactions" """,
            cancellationToken);
        return new SeedResult(written, customersElapsed, charges, stopwatch.Elapsed);
    }

    /// <summary>
    /// Drops the tables' indexes that no constraint needs (primary keys stay), returning how to build them again.
    /// A unique index built again checks every row, the new ones too, and fails the load if two share a value.
    /// Inside the load's transaction: a failed load leaves every index where it was.
    /// </summary>
    private static async Task<IReadOnlyList<string>> SetAsideIndexesAsync(NpgsqlConnection connection, string[] tables, CancellationToken cancellationToken)
    {
        var definitions = new List<(string Name, string Definition)>();
        await using (var command = new NpgsqlCommand("""
            SELECT index_class.relname, pg_get_indexdef(index_class.oid)
            FROM pg_index i JOIN pg_class index_class ON index_class.oid = i.indexrelid JOIN pg_class table_class ON table_class.oid = i.indrelid
            WHERE table_class.relname = ANY(@tables) AND table_class.relnamespace = 'public'::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """, connection))
        {
            command.Parameters.AddWithValue("tables", tables);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                definitions.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var (name, _) in definitions)
        {
            await ExecuteAsync(connection, $"DROP INDEX \"{name}\"", cancellationToken);
        }
        return definitions.Select(index => index.Definition).ToList();
    }

    /// <summary>Builds the indexes set aside, with enough memory to sort each in one pass (for this transaction only).</summary>
    private static async Task RebuildAsync(NpgsqlConnection connection, IReadOnlyList<string> definitions, CancellationToken cancellationToken)
    {
        if (definitions.Count == 0)
        {
            return;
        }
        await ExecuteAsync(connection, "SET LOCAL maintenance_work_mem = '1GB'", cancellationToken);
        foreach (var definition in definitions)
        {
            await ExecuteAsync(connection, definition, cancellationToken);
        }
    }

    /// <summary>The planner's estimate of a table's rows: free to read, and close enough to choose how to load.</summary>
    private static async Task<long> EstimatedRowsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = @table::regclass", connection);
        command.Parameters.AddWithValue("table", $"\"{table}\"");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// One row, in <see cref="CustomerBulkLoader.Columns"/>' order, with the same values the SQLite loader binds.
    /// Synchronous writes: the importer buffers them, and an awaited call per field cost more than the field.
    /// </summary>
    private static void Write(NpgsqlBinaryImporter copy, long sequence, Customer customer)
    {
        copy.StartRow();
        copy.Write(sequence, NpgsqlDbType.Bigint);
        Text(customer.Id);
        copy.Write(UtcTicksConverter.ToStored(customer.Created), NpgsqlDbType.Bigint);
        Text(customer.Name);
        Text(customer.Email);
        Text(customer.Description);
        Text(customer.Phone);
        Address(customer.Address);
        Text(customer.Shipping?.Name);
        Text(customer.Shipping?.Phone);
        Address(customer.Shipping?.Address);
        copy.Write(customer.PreferredLocales.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        Text(customer.Currency);
        Text(customer.CurrencyLockedBy?.ToString());
        copy.Write(customer.Balance, NpgsqlDbType.Bigint);
        Text(customer.TaxExempt.ToString());
        Text(JsonValueConversion.ToJson(customer.Metadata));
        Text(customer.InvoicePrefix);
        copy.Write(customer.NextInvoiceSequence, NpgsqlDbType.Integer);
        Text(JsonValueConversion.ToJson(customer.InvoiceCustomFields));
        Text(customer.InvoiceFooter);
        copy.Write(customer.Version, NpgsqlDbType.Integer);
        // The tax IDs seeded after the rows are counted here, with the row, rather than by updating each row again.
        copy.Write(customer.TaxIdCount + (SeedSql.GetsTaxId(sequence, customer.Address.Country) ? 1 : 0), NpgsqlDbType.Integer);
        Text(CustomerBulkLoader.SeededDefaultSourceId(sequence, customer));
        return;

        void Text(string? value)
        {
            if (value is null)
            {
                copy.WriteNull();
            }
            else
            {
                copy.Write(value, NpgsqlDbType.Text);
            }
        }

        void Address(Address? address)
        {
            Text(address?.Line1);
            Text(address?.Line2);
            Text(address?.City);
            Text(address?.State);
            Text(address?.PostalCode);
            Text(address?.Country);
        }
    }

    private static async Task<(long Sequence, DateTimeOffset? Created)> ReadLastAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""SELECT "Sequence", "Created" FROM "Customers" ORDER BY "Sequence" DESC LIMIT 1""", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), UtcTicksConverter.FromStored(reader.GetInt64(1))) : (0, null);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
