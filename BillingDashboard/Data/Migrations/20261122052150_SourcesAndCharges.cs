using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class SourcesAndCharges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DefaultSourceId",
                table: "Customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Charges",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", nullable: true),
                    SourceId = table.Column<string>(type: "TEXT", nullable: false),
                    PaymentMethodType = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CardBrand = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Last4 = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Metadata = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    FailureCode = table.Column<string>(type: "TEXT", nullable: true),
                    DeclineCode = table.Column<string>(type: "TEXT", nullable: true),
                    FailureMessage = table.Column<string>(type: "TEXT", nullable: true),
                    Created = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Charges", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "Sources",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Usage = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OwnerName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OwnerEmail = table.Column<string>(type: "TEXT", nullable: true),
                    Amount = table.Column<long>(type: "INTEGER", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    CardBrand = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ExpMonth = table.Column<int>(type: "INTEGER", nullable: true),
                    ExpYear = table.Column<int>(type: "INTEGER", nullable: true),
                    BankCode = table.Column<string>(type: "TEXT", maxLength: 11, nullable: true),
                    MandateReference = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    Last4 = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Metadata = table.Column<string>(type: "TEXT", nullable: false),
                    Created = table.Column<long>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", nullable: true),
                    IsAttached = table.Column<bool>(type: "INTEGER", nullable: false),
                    DetachedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ConsumedByChargeId = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sources", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Charges_Created",
                table: "Charges",
                column: "Created");

            migrationBuilder.CreateIndex(
                name: "IX_Charges_Currency_Created",
                table: "Charges",
                columns: new[] { "Currency", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Charges_CustomerId_Created",
                table: "Charges",
                columns: new[] { "CustomerId", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Charges_Id",
                table: "Charges",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Charges_SourceId_Created",
                table: "Charges",
                columns: new[] { "SourceId", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Charges_Status_Created",
                table: "Charges",
                columns: new[] { "Status", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Sources_CustomerId_Sequence",
                table: "Sources",
                columns: new[] { "CustomerId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Sources_Id",
                table: "Sources",
                column: "Id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Charges");

            migrationBuilder.DropTable(
                name: "Sources");

            migrationBuilder.DropColumn(
                name: "DefaultSourceId",
                table: "Customers");
        }
    }
}
