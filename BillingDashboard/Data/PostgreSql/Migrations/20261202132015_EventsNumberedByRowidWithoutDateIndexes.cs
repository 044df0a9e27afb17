using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class EventsNumberedByRowidWithoutDateIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_Actor_Created",
                table: "Events");

            migrationBuilder.DropIndex(
                name: "IX_Events_Created",
                table: "Events");

            migrationBuilder.DropIndex(
                name: "IX_Events_Type_Created",
                table: "Events");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Events_Actor_Created",
                table: "Events",
                columns: new[] { "Actor", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_Created",
                table: "Events",
                column: "Created");

            migrationBuilder.CreateIndex(
                name: "IX_Events_Type_Created",
                table: "Events",
                columns: new[] { "Type", "Created" });
        }
    }
}
