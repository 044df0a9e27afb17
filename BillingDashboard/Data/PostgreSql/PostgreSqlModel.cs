using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Data.PostgreSql;

/// <summary>
/// Where the model on PostgreSQL differs from SQLite's, so that both compare text the same way: every text column
/// compares byte by byte ("C"), as SQLite's BINARY does, whatever locale the server was set up with; and the columns
/// SQLite compares with NOCASE (names, emails) use an ICU collation that ignores case, which sorts and ranges over
/// its index as NOCASE does.
/// </summary>
public static class PostgreSqlModel
{
    public const string CaseInsensitive = "case_insensitive";

    private const string Binary = "C";

    public static void Adapt(ModelBuilder builder)
    {
        builder.HasCollation(CaseInsensitive, locale: "und-u-ks-level2", provider: "icu", deterministic: false);
        foreach (var property in builder.Model.GetEntityTypes().SelectMany(entity => entity.GetProperties()).Where(property => property.ClrType == typeof(string)))
        {
            property.SetCollation(property.GetCollation() == "NOCASE" ? CaseInsensitive : Binary);
        }
    }
}
