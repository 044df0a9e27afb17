using BillingDashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Customers;

/// <summary>
/// How many live customers there are for each combination of the Customers page's list filters (currency, country,
/// tax status, balance or not, tax ID or not), kept by triggers on SQLite as customers are added, changed and
/// deleted. Any of those filters, alone or together, is then counted by summing a few of these rows: exactly, in
/// about what the page's rows cost, where counting the matching customers themselves read up to
/// <see cref="CustomerService.CountCap"/> index entries (tens of milliseconds for two filters at a million
/// customers). The search, the email and the created range are not among them: those counts still read the
/// customers. On PostgreSQL the table does not exist and every count reads the customers.
/// </summary>
public static class CustomerCounts
{
    /// <summary>The table and its triggers (the migration <c>CustomerCounts</c> creates them, then runs <see cref="Rebuild"/>).</summary>
    public const string Schema = """
        CREATE TABLE "CustomerCounts" (
            "Currency" TEXT NOT NULL,
            "Country" TEXT NOT NULL,
            "TaxExempt" TEXT NOT NULL,
            "HasBalance" INTEGER NOT NULL,
            "HasTaxId" INTEGER NOT NULL,
            "Count" INTEGER NOT NULL,
            PRIMARY KEY ("Currency", "Country", "TaxExempt", "HasBalance", "HasTaxId")
        ) WITHOUT ROWID;

        CREATE TRIGGER "Customers_Counts_Insert" AFTER INSERT ON "Customers" WHEN new."DeletedAt" IS NULL
        BEGIN
          INSERT INTO "CustomerCounts"
          VALUES (coalesce(new."Currency", ''), coalesce(new."AddressCountry", ''), new."TaxExempt", new."Balance" <> 0, new."TaxIdCount" > 0, 1)
          ON CONFLICT DO UPDATE SET "Count" = "Count" + 1;
        END;

        CREATE TRIGGER "Customers_Counts_Delete" AFTER DELETE ON "Customers" WHEN old."DeletedAt" IS NULL
        BEGIN
          UPDATE "CustomerCounts" SET "Count" = "Count" - 1
          WHERE "Currency" = coalesce(old."Currency", '') AND "Country" = coalesce(old."AddressCountry", '') AND "TaxExempt" = old."TaxExempt"
            AND "HasBalance" = (old."Balance" <> 0) AND "HasTaxId" = (old."TaxIdCount" > 0);
        END;

        CREATE TRIGGER "Customers_Counts_Update"
        AFTER UPDATE OF "Currency", "AddressCountry", "TaxExempt", "Balance", "TaxIdCount", "DeletedAt" ON "Customers"
        BEGIN
          UPDATE "CustomerCounts" SET "Count" = "Count" - 1
          WHERE old."DeletedAt" IS NULL
            AND "Currency" = coalesce(old."Currency", '') AND "Country" = coalesce(old."AddressCountry", '') AND "TaxExempt" = old."TaxExempt"
            AND "HasBalance" = (old."Balance" <> 0) AND "HasTaxId" = (old."TaxIdCount" > 0);
          INSERT INTO "CustomerCounts"
          SELECT coalesce(new."Currency", ''), coalesce(new."AddressCountry", ''), new."TaxExempt", new."Balance" <> 0, new."TaxIdCount" > 0, 1
          WHERE new."DeletedAt" IS NULL
          ON CONFLICT DO UPDATE SET "Count" = "Count" + 1;
        END;
        """;

    /// <summary>Counts every live customer again: after the migration, and after the seeder, which loads with the triggers set aside.</summary>
    public const string Rebuild = """
        DELETE FROM "CustomerCounts";
        INSERT INTO "CustomerCounts"
        SELECT coalesce("Currency", ''), coalesce("AddressCountry", ''), "TaxExempt", "Balance" <> 0, "TaxIdCount" > 0, count(*)
        FROM "Customers" WHERE "DeletedAt" IS NULL
        GROUP BY 1, 2, 3, 4, 5;
        """;

    /// <summary>Whether this query's count can be summed from the table: only the list filters, on SQLite.</summary>
    public static bool CanCount(BillingDbContext db, CustomerQuery query) =>
        db.Database.IsSqlite() && query is { Search: null, Email: null, CreatedFrom: null, CreatedTo: null };

    public static async Task<long> CountAsync(BillingDbContext db, CustomerQuery query, CancellationToken cancellationToken)
    {
        var conditions = new List<string> { "1 = 1" };
        var parameters = new List<SqliteParameter>();
        void Add(string column, object value)
        {
            var name = "$" + column;
            conditions.Add($"\"{column}\" = {name}");
            parameters.Add(new SqliteParameter(name, value));
        }
        if (query.Currency is { } currency)
        {
            Add("Currency", currency);
        }
        if (query.Country is { } country)
        {
            Add("Country", country);
        }
        if (query.TaxExempt is { } taxExempt)
        {
            Add("TaxExempt", taxExempt.ToString());
        }
        if (query.HasBalance is { } hasBalance)
        {
            Add("HasBalance", hasBalance ? 1 : 0);
        }
        if (query.HasTaxId is { } hasTaxId)
        {
            Add("HasTaxId", hasTaxId ? 1 : 0);
        }
        // Only this class's own column names go into the text; every value is a parameter.
        var sql = "SELECT coalesce(sum(\"Count\"), 0) AS \"Value\" FROM \"CustomerCounts\" WHERE " + string.Join(" AND ", conditions);
        return await db.Database.SqlQueryRaw<long>(sql, [.. parameters]).SingleAsync(cancellationToken);
    }
}
