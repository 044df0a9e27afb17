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
/// and the search table is filled from them in one statement at the end.
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
        var from = lastCreated is { } latest && latest > now - CustomerBulkLoader.History ? latest.AddSeconds(1) : now - CustomerBulkLoader.History;
        await ExecuteAsync(connection, """ALTER TABLE "Customers" DISABLE TRIGGER "Customers_Search"; ALTER TABLE "TaxIds" DISABLE TRIGGER "TaxIds_Count";""",
            cancellationToken);

        var (batches, producer) = CustomerBulkLoader.GenerateInBatches(generator, count, from, now, lastSequence, cancellationToken);

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
            SELECT "Sequence", lower((coalesce("Name", '') || ' ' || coalesce("Email", '') || ' ' || coalesce("Phone", '') || ' ' ||
              coalesce("Description", '') || ' ' || coalesce((SELECT string_agg(value, ' ') FROM json_each_text("Metadata"::json)), '')) COLLATE "und-x-icu")
            FROM "Customers" WHERE "Sequence" > {lastSequence} AND "DeletedAt" IS NULL
            """, cancellationToken);
        await ExecuteAsync(connection, SeedSql.OpeningBalanceEntries(lastSequence), cancellationToken);
        await ExecuteAsync(connection, SeedSql.TaxIds(lastSequence, SeedDialect.PostgreSql), cancellationToken);
        await ExecuteAsync(connection, $"""
            UPDATE "Customers" SET "TaxIdCount" = "TaxIdCount" + 1
            WHERE "Sequence" > {lastSequence} AND "Sequence" % 8 = 0 AND "AddressCountry" IN ({SeedSql.TaxIdCountries});
            ALTER TABLE "Customers" ENABLE TRIGGER "Customers_Search"; ALTER TABLE "TaxIds" ENABLE TRIGGER "TaxIds_Count";
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var customersElapsed = stopwatch.Elapsed;

        stopwatch.Restart();
        await using var payments = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, WriteLock.Sql, cancellationToken);
        await ExecuteAsync(connection, SeedSql.Sources(lastSequence, SeedDialect.PostgreSql), cancellationToken);
        var charges = await ExecuteAsync(connection, SeedSql.Charges(lastSequence, now, SeedDialect.PostgreSql), cancellationToken);
        await payments.CommitAsync(cancellationToken);
        await ExecuteAsync(connection, """ANALYZE "Customers"; ANALYZE "CustomerSearch"; ANALYZE "Charges"; ANALYZE "Sources";""", cancellationToken);
        return new SeedResult(written, customersElapsed, charges, stopwatch.Elapsed);
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
        copy.Write(customer.TaxIdCount, NpgsqlDbType.Integer);
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
