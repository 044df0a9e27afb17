using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class CustomerCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The live customers per combination of the list filters, kept by triggers (Features/Customers/CustomerCounts.cs),
            // counted once here for the customers already stored.
            migrationBuilder.Sql(Features.Customers.CustomerCounts.Schema);
            migrationBuilder.Sql(Features.Customers.CustomerCounts.Rebuild);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "Customers_Counts_Update";
                DROP TRIGGER "Customers_Counts_Delete";
                DROP TRIGGER "Customers_Counts_Insert";
                DROP TABLE "CustomerCounts";
                """);
        }
    }
}
