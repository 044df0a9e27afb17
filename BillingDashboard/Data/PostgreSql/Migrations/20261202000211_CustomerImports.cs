using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BillingDashboard.Data.PostgreSql.Migrations
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
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false, collation: "C"),
                    FileSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Mapping = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Options = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    RowsDone = table.Column<long>(type: "bigint", nullable: false),
                    New = table.Column<long>(type: "bigint", nullable: false),
                    Updated = table.Column<long>(type: "bigint", nullable: false),
                    Unchanged = table.Column<long>(type: "bigint", nullable: false),
                    Skipped = table.Column<long>(type: "bigint", nullable: false),
                    Refused = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    StartedBy = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Started = table.Column<long>(type: "bigint", nullable: false),
                    Finished = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerImports", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "SavedImportMappings",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    Columns = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Updated = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedBy = table.Column<string>(type: "text", nullable: true, collation: "C")
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
