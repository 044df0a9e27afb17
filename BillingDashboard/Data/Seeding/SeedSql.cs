namespace BillingDashboard.Data.Seeding;

/// <summary>Where SQLite and PostgreSQL word the seeding statements differently (zero-padding, an empty JSON object, true, the lesser of two).</summary>
public sealed record SeedDialect(Func<string, int, string> Pad, string EmptyObject, string True, string Least)
{
    public static readonly SeedDialect Sqlite = new((number, width) => $"printf('%0{width}d', {number})", "json_object()", "1", "min");

    public static readonly SeedDialect PostgreSql = new((number, width) => $"lpad(({number})::text, {width}, '0')", "'{}'", "true", "least");
}

/// <summary>
/// What the seeders of both stores add after the customers themselves, in SQL run on the new rows: opening ledger
/// entries, tax IDs, the payment methods the rows name and their past payments. One set of rules, two dialects.
/// </summary>
public static class SeedSql
{
    /// <summary>The markets whose customers, one in <see cref="TaxIdEvery"/>, get a tax ID.</summary>
    private static readonly string[] TaxIdCountryCodes = ["US", "GB", "DE", "FR", "GR", "JP", "BR"];

    private const int TaxIdEvery = 8;

    private static string TaxIdCountries => string.Join(", ", TaxIdCountryCodes.Select(code => $"'{code}'"));

    /// <summary>Whether <see cref="TaxIds"/> gives the customer at this row a tax ID: for a loader that writes the count with the row.</summary>
    public static bool GetsTaxId(long sequence, string? country) => sequence % TaxIdEvery == 0 && TaxIdCountryCodes.Contains(country);

    /// <summary>
    /// A balance is the sum of its ledger, so every seeded (or imported) balance gets its opening entry, by
    /// <paramref name="author"/>. The entry's id reuses the random part of the customer's id, which is unique.
    /// </summary>
    public static string OpeningBalanceEntries(long afterSequence, string author = "seed") => $"""
        INSERT INTO "CustomerBalanceTransactions" ("Id", "CustomerId", "Type", "Amount", "Currency", "EndingBalance", "Description", "Created", "CreatedBy")
        SELECT 'cbtxn_' || substr("Id", 5), "Id", 'Initial', "Balance", "Currency", "Balance", 'Opening balance', "Created", '{author.Replace("'", "''", StringComparison.Ordinal)}'
        FROM "Customers" WHERE "Sequence" > {afterSequence} AND "Balance" <> 0 ORDER BY "Sequence"
        """;

    /// <summary>
    /// One customer in eight from the markets below gets a tax ID of that country's usual type, its digits derived
    /// from the row number: valid in format (the seeding tests check each against TaxIdFormats), never real. The
    /// TaxIds insert trigger counts them into Customers.TaxIdCount (the PostgreSQL loader writes the count with the row, see <see cref="GetsTaxId"/>).
    /// </summary>
    public static string TaxIds(long afterSequence, SeedDialect dialect) => $"""
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
        FROM (SELECT "Id", "Created", "AddressCountry" AS "Country", {dialect.Pad("(\"Sequence\" * 7919) % 1000000000", 9)} AS n
              FROM "Customers"
              WHERE "Sequence" > {afterSequence} AND "Sequence" % {TaxIdEvery} = 0 AND "AddressCountry" IN ({TaxIdCountries})) AS seeded
        """;

    /// <summary>
    /// The seeded default sources: SEPA Direct Debit for half of the euro customers, cards for the rest, one card
    /// in twenty the test card that is saved without complaint and then declines every charge (4000 0000 0000 0341).
    /// Seeded cards have no fingerprint: no number was ever read for them.
    /// </summary>
    public static string Sources(long afterSequence, SeedDialect dialect) => $"""
        INSERT INTO "Sources" ("Id", "Type", "Usage", "Status", "OwnerName", "OwnerEmail", "Currency", "CardBrand", "ExpMonth", "ExpYear",
            "BankCode", "MandateReference", "Last4", "TestOutcome", "Metadata", "Created", "CustomerId", "IsAttached", "Version")
        SELECT "DefaultSourceId", CASE WHEN sepa THEN 'SepaDebit' ELSE 'Card' END, 'Reusable', 'Chargeable', "Name", "Email",
            CASE WHEN sepa THEN 'eur' END,
            CASE WHEN NOT sepa THEN CASE "Sequence" % 4 WHEN 0 THEN 'visa' WHEN 1 THEN 'mastercard' WHEN 2 THEN 'amex' ELSE 'discover' END END,
            CASE WHEN NOT sepa THEN 1 + "Sequence" % 12 END, CASE WHEN NOT sepa THEN 2027 + "Sequence" % 6 END,
            CASE WHEN sepa THEN '37040044' END, CASE WHEN sepa THEN 'SEED' || {dialect.Pad("\"Sequence\"", 12)} END,
            CASE WHEN NOT sepa AND "Sequence" % 20 = 0 THEN '0341' ELSE {dialect.Pad("4000 + (\"Sequence\" * 7) % 1000", 4)} END,
            CASE WHEN NOT sepa AND "Sequence" % 20 = 0 THEN 'DeclinedAfterAttach' ELSE 'Succeeds' END,
            {dialect.EmptyObject}, "Created", "Id", {dialect.True}, 0
        FROM (SELECT *, "Currency" = 'eur' AND "Sequence" % 2 = 0 AS sepa FROM "Customers"
              WHERE "Sequence" > {afterSequence} AND "DefaultSourceId" IS NOT NULL) AS seeded
        ORDER BY "Sequence"
        """;

    /// <summary>
    /// Two payments on each seeded source, a week and two weeks after the customer signed up (never later than
    /// now), inserted in time order so that the Payments page's newest-first is the row order. Charges on the
    /// declining test cards failed, as the test card says; the others were captured at once.
    /// </summary>
    public static string Charges(long afterSequence, DateTimeOffset now, SeedDialect dialect) => $"""
        INSERT INTO "Charges" ("Id", "Amount", "Currency", "CustomerId", "SourceId", "PaymentMethodType", "CardBrand", "Last4", "Description",
            "Metadata", "Status", "Captured", "AmountRefunded", "ReleasedAtCapture", "FailureCode", "DeclineCode", "FailureMessage", "Created", "CreatedBy")
        SELECT 'ch_' || substr(s."Id", 5) || k.n, (((c."Sequence" + k.n) * 37) % 500 + 5) * 100, c."Currency", c."Id", s."Id", s."Type", s."CardBrand", s."Last4",
            CASE k.n WHEN 0 THEN 'First order' ELSE 'Renewal' END, {dialect.EmptyObject},
            CASE WHEN declined THEN 'Failed' ELSE 'Succeeded' END, NOT declined, 0, 0,
            CASE WHEN declined THEN 'card_declined' END,
            CASE WHEN declined THEN 'generic_decline' END,
            CASE WHEN declined THEN 'Your card was declined.' END,
            {dialect.Least}(c."Created" + (k.n + 1) * {TimeSpan.FromDays(7).Ticks}, {UtcTicksConverter.ToStored(now)}), 'seed'
        FROM "Customers" AS c
        JOIN (SELECT *, "TestOutcome" = 'DeclinedAfterAttach' AS declined FROM "Sources") AS s ON s."Id" = c."DefaultSourceId"
        CROSS JOIN (SELECT 0 AS n UNION ALL SELECT 1) AS k
        WHERE c."Sequence" > {afterSequence}
        ORDER BY 18, c."Sequence"
        """;
}
