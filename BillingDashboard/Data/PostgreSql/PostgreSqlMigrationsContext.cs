using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BillingDashboard.Data.PostgreSql;

/// <summary>
/// The context PostgreSQL's migrations (Data/PostgreSql/Migrations) belong to: the same model as
/// <see cref="BillingDbContext"/>, so each provider keeps its own migrations in one project (EF Core's
/// "one context type per provider"). The app runs on <see cref="BillingDbContext"/>; only start-up migrates with this.
/// </summary>
public sealed class PostgreSqlMigrationsContext(DbContextOptions<PostgreSqlMigrationsContext> options) : BillingDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add … --context PostgreSqlMigrationsContext</c> build the model without a server.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlMigrationsContext>
{
    public PostgreSqlMigrationsContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlMigrationsContext>().UseNpgsql("Host=localhost;Database=design-time").Options);
}
