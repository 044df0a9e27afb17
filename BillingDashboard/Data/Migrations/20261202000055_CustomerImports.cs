using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class CustomerImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CustomerImports",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    FileSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Mapping = table.Column<string>(type: "TEXT", nullable: false),
                    Options = table.Column<string>(type: "TEXT", nullable: false),
                    RowsDone = table.Column<long>(type: "INTEGER", nullable: false),
                    New = table.Column<long>(type: "INTEGER", nullable: false),
                    Updated = table.Column<long>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<long>(type: "INTEGER", nullable: false),
                    Skipped = table.Column<long>(type: "INTEGER", nullable: false),
                    Refused = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartedBy = table.Column<string>(type: "TEXT", nullable: true),
                    Started = table.Column<long>(type: "INTEGER", nullable: false),
                    Finished = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerImports", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "SavedImportMappings",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Columns = table.Column<string>(type: "TEXT", nullable: false),
                    Updated = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SavedImportMappings", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerImports_FileSha256_Status",
                table: "CustomerImports",
                columns: new[] { "FileSha256", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerImports_Id",
                table: "CustomerImports",
                column: "Id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CustomerImports");

            migrationBuilder.DropTable(
                name: "SavedImportMappings");
        }
    }
}
