using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class CreditNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CreditNoteCount",
                table: "Invoices",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "PostPaymentCreditNotesAmount",
                table: "Invoices",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "PrePaymentCreditNotesAmount",
                table: "Invoices",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "CreditNotes",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    InvoiceId = table.Column<string>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    Memo = table.Column<string>(type: "TEXT", nullable: true),
                    Metadata = table.Column<string>(type: "TEXT", nullable: false),
                    Lines = table.Column<string>(type: "TEXT", nullable: false),
                    Subtotal = table.Column<long>(type: "INTEGER", nullable: false),
                    DiscountAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    Taxes = table.Column<string>(type: "TEXT", nullable: false),
                    Total = table.Column<long>(type: "INTEGER", nullable: false),
                    PrePaymentAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    RefundAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    OutOfBandAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    CustomerBalanceTransactionId = table.Column<string>(type: "TEXT", nullable: true),
                    RefundId = table.Column<string>(type: "TEXT", nullable: true),
                    Seller = table.Column<string>(type: "TEXT", nullable: false),
                    Created = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: true),
                    VoidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    VoidedBy = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CreditNotes", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CreditNotes_CustomerId_Sequence",
                table: "CreditNotes",
                columns: new[] { "CustomerId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_CreditNotes_Id",
                table: "CreditNotes",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CreditNotes_InvoiceId_Sequence",
                table: "CreditNotes",
                columns: new[] { "InvoiceId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_CreditNotes_Number",
                table: "CreditNotes",
                column: "Number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CreditNotes");

            migrationBuilder.DropColumn(
                name: "CreditNoteCount",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "PostPaymentCreditNotesAmount",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "PrePaymentCreditNotesAmount",
                table: "Invoices");
        }
    }
}
