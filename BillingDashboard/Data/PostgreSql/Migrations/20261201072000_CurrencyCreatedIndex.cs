using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class CurrencyCreatedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Customers_Currency_Created",
                table: "Customers",
                columns: new[] { "Currency", "Created" },
                filter: "\"DeletedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Customers_Currency_Created",
                table: "Customers");
        }
    }
}
