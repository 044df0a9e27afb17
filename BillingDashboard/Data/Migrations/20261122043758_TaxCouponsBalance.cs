using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class TaxCouponsBalance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "TaxIdCount",
                table: "Customers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Coupons",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    PercentOff = table.Column<string>(type: "TEXT", nullable: true),
                    AmountOff = table.Column<long>(type: "INTEGER", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    Duration = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    DurationInMonths = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxRedemptions = table.Column<int>(type: "INTEGER", nullable: true),
                    RedeemBy = table.Column<long>(type: "INTEGER", nullable: true),
                    TimesRedeemed = table.Column<int>(type: "INTEGER", nullable: false),
                    Metadata = table.Column<string>(type: "TEXT", nullable: false),
                    Created = table.Column<long>(type: "INTEGER", nullable: false),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Coupons", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CustomerBalanceTransactions",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    EndingBalance = table.Column<long>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 350, nullable: true),
                    Created = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerBalanceTransactions", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "TaxIds",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Verification = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Created = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaxIds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TaxRates",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    Jurisdiction = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Percentage = table.Column<string>(type: "TEXT", nullable: false),
                    Inclusive = table.Column<bool>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Created = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaxRates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Discounts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    CouponId = table.Column<string>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: true),
                    RemovedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Discounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Discounts_Coupons_CouponId",
                        column: x => x.CouponId,
                        principalTable: "Coupons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Country_WithTaxIds",
                table: "Customers",
                columns: new[] { "AddressCountry", "Sequence" },
                filter: "\"DeletedAt\" IS NULL AND \"TaxIdCount\" > 0");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_WithTaxIds",
                table: "Customers",
                column: "Sequence",
                filter: "\"DeletedAt\" IS NULL AND \"TaxIdCount\" > 0");

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_Created",
                table: "Coupons",
                column: "Created");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerBalanceTransactions_CustomerId_Sequence",
                table: "CustomerBalanceTransactions",
                columns: new[] { "CustomerId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerBalanceTransactions_Id",
                table: "CustomerBalanceTransactions",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Discounts_CouponId",
                table: "Discounts",
                column: "CouponId");

            migrationBuilder.CreateIndex(
                name: "IX_Discounts_CurrentByCustomer",
                table: "Discounts",
                column: "CustomerId",
                unique: true,
                filter: "\"RemovedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_TaxIds_CustomerId_Type_Value",
                table: "TaxIds",
                columns: new[] { "CustomerId", "Type", "Value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TaxRates_Active_Created",
                table: "TaxRates",
                columns: new[] { "Active", "Created" });

            // Customers.TaxIdCount follows the TaxIds table whoever writes to it (the service, the seeder), so that
            // "has a tax ID" is an index scan.
            migrationBuilder.Sql("""
                CREATE TRIGGER "TaxIds_Count_Insert" AFTER INSERT ON "TaxIds"
                BEGIN
                  UPDATE "Customers" SET "TaxIdCount" = "TaxIdCount" + 1 WHERE "Id" = new."CustomerId";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TaxIds_Count_Delete" AFTER DELETE ON "TaxIds"
                BEGIN
                  UPDATE "Customers" SET "TaxIdCount" = "TaxIdCount" - 1 WHERE "Id" = old."CustomerId";
                END;
                """);

            // Balances set before the ledger existed become each customer's opening entry, so that every balance
            // is the sum of its ledger from now on. The entry's id reuses the customer id's random part: unique.
            migrationBuilder.Sql("""
                INSERT INTO "CustomerBalanceTransactions" ("Id", "CustomerId", "Type", "Amount", "Currency", "EndingBalance", "Description", "Created", "CreatedBy")
                SELECT 'cbtxn_' || substr("Id", 5), "Id", 'Initial', "Balance", "Currency", "Balance", 'Opening balance', "Created", 'migration'
                FROM "Customers" WHERE "Balance" <> 0 AND "Currency" IS NOT NULL ORDER BY "Sequence";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CustomerBalanceTransactions");

            migrationBuilder.DropTable(
                name: "Discounts");

            migrationBuilder.DropTable(
                name: "TaxIds");

            migrationBuilder.DropTable(
                name: "TaxRates");

            migrationBuilder.DropTable(
                name: "Coupons");

            migrationBuilder.DropIndex(
                name: "IX_Customers_Country_WithTaxIds",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Customers_WithTaxIds",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "TaxIdCount",
                table: "Customers");
        }
    }
}
