using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BillingDashboard.Data.PostgreSql.Migrations
{
    /// <summary>
    /// What a customer's search text is, said once: the function the search trigger and the seeder both call
    /// (name, email, phone, description and metadata values, lower-cased by Unicode's rules).
    /// </summary>
    public partial class SearchTextFunction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION "CustomerSearchText"(name text, email text, phone text, description text, metadata text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                  SELECT lower((coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(description, '') || ' ' ||
                    coalesce((SELECT string_agg(value, ' ') FROM json_each_text(metadata::json)), '')) COLLATE "und-x-icu")
                $$;
                CREATE OR REPLACE FUNCTION "Customers_Search"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    DELETE FROM "CustomerSearch" WHERE "rowid" = OLD."Sequence";
                  END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."DeletedAt" IS NULL THEN
                    INSERT INTO "CustomerSearch"("rowid", "Text")
                    VALUES (NEW."Sequence", "CustomerSearchText"(NEW."Name", NEW."Email", NEW."Phone", NEW."Description", NEW."Metadata"));
                  END IF;
                  RETURN NULL;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION "Customers_Search"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    DELETE FROM "CustomerSearch" WHERE "rowid" = OLD."Sequence";
                  END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."DeletedAt" IS NULL THEN
                    INSERT INTO "CustomerSearch"("rowid", "Text") VALUES (NEW."Sequence", lower((
                      coalesce(NEW."Name", '') || ' ' || coalesce(NEW."Email", '') || ' ' || coalesce(NEW."Phone", '') || ' ' ||
                      coalesce(NEW."Description", '') || ' ' ||
                      coalesce((SELECT string_agg(value, ' ') FROM json_each_text(NEW."Metadata"::json)), '')) COLLATE "und-x-icu"));
                  END IF;
                  RETURN NULL;
                END $$;
                DROP FUNCTION "CustomerSearchText"(text, text, text, text, text);
                """);
        }
    }
}
