using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class Customers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Customers",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<string>(type: "TEXT", nullable: true),
                    Created = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: true, collation: "NOCASE"),
                    Email = table.Column<string>(type: "TEXT", nullable: true, collation: "NOCASE"),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    Phone = table.Column<string>(type: "TEXT", nullable: true),
                    AddressLine1 = table.Column<string>(type: "TEXT", nullable: true),
                    AddressLine2 = table.Column<string>(type: "TEXT", nullable: true),
                    AddressCity = table.Column<string>(type: "TEXT", nullable: true),
                    AddressState = table.Column<string>(type: "TEXT", nullable: true),
                    AddressPostalCode = table.Column<string>(type: "TEXT", nullable: true),
                    AddressCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    ShippingName = table.Column<string>(type: "TEXT", nullable: true),
                    ShippingPhone = table.Column<string>(type: "TEXT", nullable: true),
                    ShippingAddressLine1 = table.Column<string>(type: "TEXT", nullable: true),
                    ShippingAddressLine2 = table.Column<string>(type: "TEXT", nullable: true),
                    ShippingAddressCity = table.Column<string>(type: "TEXT", nullable: true),
                    ShippingAddressState = table.Column<string>(type: "TEXT", nullable: true),
                    ShippingAddressPostalCode = table.Column<string>(type: "TEXT", nullable: true),
                    ShippingAddressCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    PreferredLocales = table.Column<string>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    CurrencyLockedBy = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    Balance = table.Column<long>(type: "INTEGER", nullable: false),
                    TaxExempt = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Metadata = table.Column<string>(type: "TEXT", nullable: false),
                    InvoicePrefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    NextInvoiceSequence = table.Column<int>(type: "INTEGER", nullable: false),
                    InvoiceCustomFields = table.Column<string>(type: "TEXT", nullable: false),
                    InvoiceFooter = table.Column<string>(type: "TEXT", nullable: true),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Customers", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Country",
                table: "Customers",
                columns: new[] { "AddressCountry", "Sequence" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Created",
                table: "Customers",
                columns: new[] { "Created", "Sequence" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Currency",
                table: "Customers",
                columns: new[] { "Currency", "Sequence" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Email",
                table: "Customers",
                columns: new[] { "Email", "Sequence" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Id",
                table: "Customers",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Customers_InvoicePrefix",
                table: "Customers",
                column: "InvoicePrefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Name",
                table: "Customers",
                columns: new[] { "Name", "Sequence" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_TaxExempt",
                table: "Customers",
                columns: new[] { "TaxExempt", "Sequence" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_WithBalance",
                table: "Customers",
                column: "Sequence",
                filter: "\"DeletedAt\" IS NULL AND \"Balance\" <> 0");

            // Substring search ("jenn" finds Jenny Rosen) over a million rows: an FTS5 trigram index, queried with
            // LIKE '%text%'. detail=none keeps it small; LIKE re-checks each candidate row, so results are exact.
            // Triggers keep it in step with Customers; a deleted customer leaves the index.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "CustomerSearch" USING fts5("Text", tokenize = 'trigram', detail = 'none');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Customers_Search_Insert" AFTER INSERT ON "Customers" WHEN new."DeletedAt" IS NULL
                BEGIN
                  INSERT INTO "CustomerSearch"(rowid, "Text") VALUES (new."Sequence", coalesce(new."Id", '') || ' ' || coalesce(new."Name", '') || ' ' || coalesce(new."Email", '') || ' ' ||
                    coalesce(new."Phone", '') || ' ' || coalesce(new."Description", '') || ' ' ||
                    coalesce((SELECT group_concat(value, ' ') FROM json_each(new."Metadata")), ''));
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Customers_Search_Update"
                AFTER UPDATE OF "Name", "Email", "Phone", "Description", "Metadata", "DeletedAt" ON "Customers"
                BEGIN
                  DELETE FROM "CustomerSearch" WHERE rowid = old."Sequence";
                  INSERT INTO "CustomerSearch"(rowid, "Text") SELECT new."Sequence", coalesce(new."Id", '') || ' ' || coalesce(new."Name", '') || ' ' || coalesce(new."Email", '') || ' ' ||
                    coalesce(new."Phone", '') || ' ' || coalesce(new."Description", '') || ' ' ||
                    coalesce((SELECT group_concat(value, ' ') FROM json_each(new."Metadata")), '') WHERE new."DeletedAt" IS NULL;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Customers_Search_Delete" AFTER DELETE ON "Customers"
                BEGIN
                  DELETE FROM "CustomerSearch" WHERE rowid = old."Sequence";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Customers_Search_Insert";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Customers_Search_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Customers_Search_Delete";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "CustomerSearch";""");

            migrationBuilder.DropTable(
                name: "Customers");
        }
    }
}
