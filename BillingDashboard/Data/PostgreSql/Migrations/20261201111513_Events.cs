using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BillingDashboard.Data.PostgreSql.Migrations
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
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Created = table.Column<long>(type: "bigint", nullable: false),
                    ObjectId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CustomerId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Data = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    PreviousAttributes = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    RequestId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    IdempotencyKey = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C")
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
                CREATE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'Events are immutable: an event cannot be changed or deleted.'; END $$;
                CREATE TRIGGER events_are_immutable BEFORE UPDATE OR DELETE ON "Events"
                FOR EACH ROW EXECUTE FUNCTION events_are_immutable();
                CREATE TRIGGER events_are_not_truncated BEFORE TRUNCATE ON "Events"
                FOR EACH STATEMENT EXECUTE FUNCTION events_are_immutable();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Events");
            migrationBuilder.Sql("DROP FUNCTION events_are_immutable();");
        }
    }
}
