using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class PaymentMethodsTokensRefunds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Country",
                table: "Sources",
                type: "TEXT",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Fingerprint",
                table: "Sources",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Funding",
                table: "Sources",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TestOutcome",
                table: "Sources",
                type: "TEXT",
                maxLength: 24,
                nullable: false,
                defaultValue: "Succeeds");

            migrationBuilder.AddColumn<string>(
                name: "InvoiceDefaultPaymentMethodId",
                table: "Customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "SourceId",
                table: "Charges",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AddColumn<long>(
                name: "AmountRefunded",
                table: "Charges",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "Captured",
                table: "Charges",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "InvoiceId",
                table: "Charges",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PaymentMethodId",
                table: "Charges",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ReleasedAtCapture",
                table: "Charges",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "PaymentMethods",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    CardBrand = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Last4 = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    ExpMonth = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Funding = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TestOutcome = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    BillingName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    BillingEmail = table.Column<string>(type: "TEXT", nullable: true),
                    BillingPhone = table.Column<string>(type: "TEXT", nullable: true),
                    BillingAddressLine1 = table.Column<string>(type: "TEXT", nullable: true),
                    BillingAddressLine2 = table.Column<string>(type: "TEXT", nullable: true),
                    BillingAddressCity = table.Column<string>(type: "TEXT", nullable: true),
                    BillingAddressState = table.Column<string>(type: "TEXT", nullable: true),
                    BillingAddressPostalCode = table.Column<string>(type: "TEXT", nullable: true),
                    BillingAddressCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Metadata = table.Column<string>(type: "TEXT", nullable: false),
                    Created = table.Column<long>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", nullable: true),
                    DetachedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentMethods", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "Refunds",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ChargeId = table.Column<string>(type: "TEXT", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    Metadata = table.Column<string>(type: "TEXT", nullable: false),
                    Created = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Refunds", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "Tokens",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    CardBrand = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Last4 = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    ExpMonth = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Funding = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TestOutcome = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    CardholderName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Created = table.Column<long>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tokens", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Charges_PaymentMethodId_Created",
                table: "Charges",
                columns: new[] { "PaymentMethodId", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentMethods_CustomerId_Sequence",
                table: "PaymentMethods",
                columns: new[] { "CustomerId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentMethods_Id",
                table: "PaymentMethods",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_ChargeId_Sequence",
                table: "Refunds",
                columns: new[] { "ChargeId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_Id",
                table: "Refunds",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tokens_Id",
                table: "Tokens",
                column: "Id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PaymentMethods");

            migrationBuilder.DropTable(
                name: "Refunds");

            migrationBuilder.DropTable(
                name: "Tokens");

            migrationBuilder.DropIndex(
                name: "IX_Charges_PaymentMethodId_Created",
                table: "Charges");

            migrationBuilder.DropColumn(
                name: "Country",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "Fingerprint",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "Funding",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "TestOutcome",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "InvoiceDefaultPaymentMethodId",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "AmountRefunded",
                table: "Charges");

            migrationBuilder.DropColumn(
                name: "Captured",
                table: "Charges");

            migrationBuilder.DropColumn(
                name: "InvoiceId",
                table: "Charges");

            migrationBuilder.DropColumn(
                name: "PaymentMethodId",
                table: "Charges");

            migrationBuilder.DropColumn(
                name: "ReleasedAtCapture",
                table: "Charges");

            migrationBuilder.AlterColumn<string>(
                name: "SourceId",
                table: "Charges",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
