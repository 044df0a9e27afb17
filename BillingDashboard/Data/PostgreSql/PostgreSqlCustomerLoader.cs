using System.Diagnostics;
using System.Threading.Channels;
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
    private const string EmptyJsonObject = "{}";

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

        var batches = Channel.CreateBounded<Customer[]>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var batch in generator.Generate(count, from, now, index => CustomerBulkLoader.InvoicePrefixFor(lastSequence + 1 + index))
                             .Chunk(CustomerBulkLoader.BatchSize))
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

        var written = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY \"Customers\" ({string.Join(", ", CustomerBulkLoader.Columns.Select(column => $"\"{column}\""))}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
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
        await ExecuteAsync(connection, $"""
            INSERT INTO "CustomerBalanceTransactions" ("Id", "CustomerId", "Type", "Amount", "Currency", "EndingBalance", "Description", "Created", "CreatedBy")
            SELECT 'cbtxn_' || substr("Id", 5), "Id", 'Initial', "Balance", "Currency", "Balance", 'Opening balance', "Created", 'seed'
            FROM "Customers" WHERE "Sequence" > {lastSequence} AND "Balance" <> 0 ORDER BY "Sequence"
            """, cancellationToken);
        await ExecuteAsync(connection, TaxIdsSql(lastSequence), cancellationToken);
        await ExecuteAsync(connection, $"""
            UPDATE "Customers" SET "TaxIdCount" = "TaxIdCount" + 1
            WHERE "Sequence" > {lastSequence} AND "Sequence" % 8 = 0 AND "AddressCountry" IN ('US', 'GB', 'DE', 'FR', 'GR', 'JP', 'BR');
            ALTER TABLE "Customers" ENABLE TRIGGER "Customers_Search"; ALTER TABLE "TaxIds" ENABLE TRIGGER "TaxIds_Count";
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var customersElapsed = stopwatch.Elapsed;

        stopwatch.Restart();
        await using var payments = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, WriteLock.Sql, cancellationToken);
        await ExecuteAsync(connection, SourcesSql(lastSequence), cancellationToken);
        var charges = await ExecuteAsync(connection, ChargesSql(lastSequence, now), cancellationToken);
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

    /// <summary>The SQLite loader's tax IDs (see its TaxIdsSql), in PostgreSQL's words.</summary>
    private static string TaxIdsSql(long afterSequence) => $"""
        INSERT INTO "TaxIds" ("Id", "CustomerId", "Type", "Value", "Country", "Verification", "Created")
        SELECT 'txi_' || substr("Id", 5), "Id",
            CASE "Country" WHEN 'US' THEN 'us_ein' WHEN 'GB' THEN 'gb_vat' WHEN 'JP' THEN 'jp_cn' WHEN 'BR' THEN 'br_cnpj' ELSE 'eu_vat' END,
            CASE "Country"
                WHEN 'US' THEN substr(n, 1, 2) || '-' || substr(n, 3)
                WHEN 'GB' THEN 'GB' || n
                WHEN 'DE' THEN 'DE' || n
                WHEN 'FR' THEN 'FR' || substr(n, 8, 2) || n
                WHEN 'GR' THEN 'EL' || n
                WHEN 'JP' THEN '1' || n || '234'
                ELSE substr(n, 1, 2) || '.' || substr(n, 3, 3) || '.' || substr(n, 6, 3) || '/' || substr(n, 9, 1) || '001-' || substr(n, 1, 2)
            END,
            "Country", 'Unverified', "Created"
        FROM (SELECT "Id", "Created", "AddressCountry" AS "Country", lpad((("Sequence" * 7919) % 1000000000)::text, 9, '0') AS n
              FROM "Customers"
              WHERE "Sequence" > {afterSequence} AND "Sequence" % 8 = 0 AND "AddressCountry" IN ('US', 'GB', 'DE', 'FR', 'GR', 'JP', 'BR')) AS seeded
        """;

    /// <summary>The SQLite loader's seeded default sources (see its SourcesSql), in PostgreSQL's words.</summary>
    private static string SourcesSql(long afterSequence) => $"""
        INSERT INTO "Sources" ("Id", "Type", "Usage", "Status", "OwnerName", "OwnerEmail", "Currency", "CardBrand", "ExpMonth", "ExpYear",
            "BankCode", "MandateReference", "Last4", "TestOutcome", "Metadata", "Created", "CustomerId", "IsAttached", "Version")
        SELECT "DefaultSourceId", CASE WHEN sepa THEN 'SepaDebit' ELSE 'Card' END, 'Reusable', 'Chargeable', "Name", "Email",
            CASE WHEN sepa THEN 'eur' END,
            CASE WHEN NOT sepa THEN CASE "Sequence" % 4 WHEN 0 THEN 'visa' WHEN 1 THEN 'mastercard' WHEN 2 THEN 'amex' ELSE 'discover' END END,
            CASE WHEN NOT sepa THEN 1 + "Sequence" % 12 END, CASE WHEN NOT sepa THEN 2027 + "Sequence" % 6 END,
            CASE WHEN sepa THEN '37040044' END, CASE WHEN sepa THEN 'SEED' || lpad("Sequence"::text, 12, '0') END,
            CASE WHEN NOT sepa AND "Sequence" % 20 = 0 THEN '0341' ELSE lpad((4000 + ("Sequence" * 7) % 1000)::text, 4, '0') END,
            CASE WHEN NOT sepa AND "Sequence" % 20 = 0 THEN 'DeclinedAfterAttach' ELSE 'Succeeds' END,
            '{EmptyJsonObject}', "Created", "Id", true, 0
        FROM (SELECT *, "Currency" = 'eur' AND "Sequence" % 2 = 0 AS sepa FROM "Customers"
              WHERE "Sequence" > {afterSequence} AND "DefaultSourceId" IS NOT NULL) AS seeded
        ORDER BY "Sequence"
        """;

    /// <summary>The SQLite loader's two past payments on each seeded source (see its ChargesSql), in PostgreSQL's words.</summary>
    private static string ChargesSql(long afterSequence, DateTimeOffset now) => $"""
        INSERT INTO "Charges" ("Id", "Amount", "Currency", "CustomerId", "SourceId", "PaymentMethodType", "CardBrand", "Last4", "Description",
            "Metadata", "Status", "Captured", "AmountRefunded", "ReleasedAtCapture", "FailureCode", "DeclineCode", "FailureMessage", "Created", "CreatedBy")
        SELECT 'ch_' || substr(s."Id", 5) || k.n, (((c."Sequence" + k.n) * 37) % 500 + 5) * 100, c."Currency", c."Id", s."Id", s."Type", s."CardBrand", s."Last4",
            CASE k.n WHEN 0 THEN 'First order' ELSE 'Renewal' END, '{EmptyJsonObject}',
            CASE WHEN declined THEN 'Failed' ELSE 'Succeeded' END, NOT declined, 0, 0,
            CASE WHEN declined THEN 'card_declined' END,
            CASE WHEN declined THEN 'generic_decline' END,
            CASE WHEN declined THEN 'Your card was declined.' END,
            least(c."Created" + (k.n + 1) * {TimeSpan.FromDays(7).Ticks}, {UtcTicksConverter.ToStored(now)}), 'seed'
        FROM "Customers" AS c
        JOIN (SELECT *, "TestOutcome" = 'DeclinedAfterAttach' AS declined FROM "Sources") AS s ON s."Id" = c."DefaultSourceId"
        CROSS JOIN (SELECT 0 AS n UNION ALL SELECT 1) AS k
        WHERE c."Sequence" > {afterSequence}
        ORDER BY 18, c."Sequence"
        """;

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
