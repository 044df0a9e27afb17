using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class EventObjectIndexSkipsCustomers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_ObjectId_Sequence",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_ObjectId_Sequence",
                table: "Events",
                columns: new[] { "ObjectId", "Sequence" },
                filter: "\"CustomerId\" IS NULL OR \"ObjectId\" <> \"CustomerId\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_ObjectId_Sequence",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_ObjectId_Sequence",
                table: "Events",
                columns: new[] { "ObjectId", "Sequence" });
        }
    }
}
