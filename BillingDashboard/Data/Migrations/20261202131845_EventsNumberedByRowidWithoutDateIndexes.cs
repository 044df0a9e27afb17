using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class EventsNumberedByRowidWithoutDateIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The table again without AUTOINCREMENT (its Sequence the rowid itself), written out rather than left to
            // EF Core, whose rebuild of the table writes AUTOINCREMENT back. Dropping the table drops its triggers and
            // indexes: they are made again on the new one, all but the three by date. Nothing refers to an event by
            // its row number.
            migrationBuilder.Sql("""
                CREATE TABLE "Events_numbered_by_rowid" (
                    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_Events" PRIMARY KEY,
                    "Id" TEXT NOT NULL,
                    "Type" TEXT NOT NULL,
                    "Created" INTEGER NOT NULL,
                    "ObjectId" TEXT NOT NULL,
                    "CustomerId" TEXT NULL,
                    "Data" TEXT NOT NULL,
                    "PreviousAttributes" TEXT NULL,
                    "Actor" TEXT NOT NULL,
                    "RequestId" TEXT NULL,
                    "IdempotencyKey" TEXT NULL
                );
                INSERT INTO "Events_numbered_by_rowid" ("Sequence", "Id", "Type", "Created", "ObjectId", "CustomerId", "Data", "PreviousAttributes", "Actor", "RequestId", "IdempotencyKey")
                SELECT "Sequence", "Id", "Type", "Created", "ObjectId", "CustomerId", "Data", "PreviousAttributes", "Actor", "RequestId", "IdempotencyKey"
                FROM "Events" ORDER BY "Sequence";
                DROP TABLE "Events";
                ALTER TABLE "Events_numbered_by_rowid" RENAME TO "Events";
                CREATE INDEX "IX_Events_Actor_Sequence" ON "Events" ("Actor", "Sequence");
                CREATE INDEX "IX_Events_CustomerId_Sequence" ON "Events" ("CustomerId", "Sequence");
                CREATE UNIQUE INDEX "IX_Events_Id" ON "Events" ("Id");
                CREATE INDEX "IX_Events_ObjectId_Sequence" ON "Events" ("ObjectId", "Sequence") WHERE "CustomerId" IS NULL OR "ObjectId" <> "CustomerId";
                CREATE INDEX "IX_Events_Type_Sequence" ON "Events" ("Type", "Sequence");
                CREATE TRIGGER "Events_are_immutable_update" BEFORE UPDATE ON "Events"
                BEGIN SELECT RAISE(ABORT, 'Events are immutable: an event cannot be changed.'); END;
                CREATE TRIGGER "Events_are_immutable_delete" BEFORE DELETE ON "Events"
                BEGIN SELECT RAISE(ABORT, 'Events are immutable: an event cannot be deleted.'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The row numbers stay a plain rowid: with nothing deleted, they are the numbers AUTOINCREMENT would give.

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
