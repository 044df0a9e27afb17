using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class InvoiceDefaultPaymentMethod : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DefaultPaymentMethodId",
                table: "Invoices",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DefaultPaymentMethodId",
                table: "Invoices");
        }
    }
}
