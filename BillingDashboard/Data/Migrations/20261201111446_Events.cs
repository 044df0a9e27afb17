using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class Events : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Events",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Created = table.Column<long>(type: "INTEGER", nullable: false),
                    ObjectId = table.Column<string>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", nullable: true),
                    Data = table.Column<string>(type: "TEXT", nullable: false),
                    PreviousAttributes = table.Column<string>(type: "TEXT", nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Events", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Events_Actor_Sequence",
                table: "Events",
                columns: new[] { "Actor", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_Created",
                table: "Events",
                column: "Created");

            migrationBuilder.CreateIndex(
                name: "IX_Events_CustomerId_Sequence",
                table: "Events",
                columns: new[] { "CustomerId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_Id",
                table: "Events",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Events_ObjectId_Sequence",
                table: "Events",
                columns: new[] { "ObjectId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_Type_Sequence",
                table: "Events",
                columns: new[] { "Type", "Sequence" });

            // Events are a record of what happened: the store itself refuses to change or delete one, whatever the code asks.
            migrationBuilder.Sql("""
                CREATE TRIGGER "Events_are_immutable_update" BEFORE UPDATE ON "Events"
                BEGIN SELECT RAISE(ABORT, 'Events are immutable: an event cannot be changed.'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Events_are_immutable_delete" BEFORE DELETE ON "Events"
                BEGIN SELECT RAISE(ABORT, 'Events are immutable: an event cannot be deleted.'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Events");
        }
    }
}
