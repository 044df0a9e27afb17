using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class CreditNoteEmails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CreditNoteId",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CreditNoteId",
                table: "OutboxMessages");
        }
    }
}
