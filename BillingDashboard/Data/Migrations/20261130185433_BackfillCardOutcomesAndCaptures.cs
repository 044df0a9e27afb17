using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class BackfillCardOutcomesAndCaptures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // In a migration of their own: the table rebuilds of the one before are done by now.
            // Sources made before card numbers were read (they have no fingerprint) had their test outcome in their
            // last four digits; every other source is 'Succeeds', the column's default.
            migrationBuilder.Sql("""
                UPDATE "Sources" SET "TestOutcome" = CASE
                    WHEN "Type" = 'Card' AND "Last4" = '0002' THEN 'Declined'
                    WHEN "Type" = 'Card' AND "Last4" = '9995' THEN 'InsufficientFunds'
                    WHEN "Type" = 'Card' AND "Last4" = '0069' THEN 'ExpiredCard'
                    WHEN "Type" = 'Card' AND "Last4" = '0119' THEN 'ProcessingError'
                    WHEN "Type" = 'Card' AND "Last4" = '3220' THEN 'AuthenticationRequired'
                    ELSE 'DebitInsufficientFunds' END
                WHERE "Fingerprint" IS NULL
                  AND ("Type" = 'Card' AND "Last4" IN ('0002', '9995', '0069', '0119', '3220') OR "Type" = 'SepaDebit' AND "Last4" = '3001');
                """);
            // Every charge that succeeded before capture=false existed was captured at once.
            migrationBuilder.Sql("""UPDATE "Charges" SET "Captured" = 1 WHERE "Status" = 'Succeeded';""");
            migrationBuilder.Sql("""
                UPDATE "Charges" SET "InvoiceId" = (SELECT "Invoices"."Id" FROM "Invoices" WHERE "Invoices"."ChargeId" = "Charges"."Id")
                WHERE "Description" LIKE 'Invoice %';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
