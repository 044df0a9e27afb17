using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace BillingDashboard.Data;

/// <summary>Which database the app keeps its data in.</summary>
public enum StoreProvider
{
    /// <summary>The embedded default: one file beside the app, one writer at a time.</summary>
    Sqlite,

    /// <summary>A server several app instances share (Data/PostgreSql).</summary>
    PostgreSql,
}

/// <summary>
/// The store the app runs on: <c>Database:Provider</c> (Sqlite, the default, or PostgreSql) and
/// <c>ConnectionStrings:Billing</c>. The one place that knows how each provider is set up; the services above it
/// are the same on both.
/// </summary>
public sealed record Store(StoreProvider Provider, string ConnectionString)
{
    public static Store FromConfiguration(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Billing")
            ?? throw new InvalidOperationException("ConnectionStrings:Billing is missing from appsettings.json.");
        var provider = configuration["Database:Provider"] switch
        {
            null or "" or "Sqlite" => StoreProvider.Sqlite,
            "PostgreSql" => StoreProvider.PostgreSql,
            var other => throw new InvalidOperationException($"Database:Provider '{other}' is not a store: use Sqlite or PostgreSql."),
        };
        return new Store(provider, connectionString);
    }

    /// <summary>The context's options for this store.</summary>
    public void Configure(DbContextOptionsBuilder options)
    {
        switch (Provider)
        {
            case StoreProvider.Sqlite:
                options.UseSqlite(ConnectionString);
                break;
            case StoreProvider.PostgreSql:
                options.UseNpgsql(WithSessionSettings(ConnectionString)).AddInterceptors(PostgreSql.WriteLock.Instance);
                break;
        }
        // One process may hold both (the tests do): the model, which differs by provider, is cached per provider.
        options.ReplaceService<IModelCacheKeyFactory, ModelCacheKeyPerProvider>();
    }

    /// <summary>
    /// How every connection of the app's plans its queries on PostgreSQL, whatever the server's defaults: no JIT
    /// (compiling a plan costs 50 to 200 ms, more than any of our queries takes to run, and the default threshold
    /// compiles the Customers page's counts), and random reads priced as on solid-state storage (at the default, 4,
    /// the planner walks the primary key backwards through a quarter of a million customers rather than read
    /// one currency's index: 260 ms against 19 for "JPY, created last year"). And the client's side of each query
    /// made cheap: statements the app repeats are prepared once per connection (parsing and planning cost more than
    /// running most of our queries: at a million customers an exact email went from 3.0 to about 1 ms at p95), and a connection going back to
    /// the pool is not reset, because the app changes no session state outside a transaction (SET LOCAL only).
    /// </summary>
    private static string WithSessionSettings(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = $"{builder.Options} -c jit=off -c random_page_cost=1.1".Trim();
        builder.MaxAutoPrepare = 64;
        builder.AutoPrepareMinUsages = 2;
        builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>The folder beside a SQLite database file (for the mail pickup folder, backups), or null for a server.</summary>
    public string? LocalFolder => Provider == StoreProvider.Sqlite && new SqliteConnectionStringBuilder(ConnectionString).DataSource is { Length: > 0 } file
        && file != ":memory:"
            ? Path.GetDirectoryName(Path.GetFullPath(file))
            : null;
}

/// <summary>What the database said, in terms the services act on, whichever provider said it.</summary>
public static class StoreErrors
{
    /// <summary>A unique index refused the row (SQLite's constraint error, PostgreSQL's 23505).</summary>
    public static bool IsUniqueViolation(DbUpdateException failure) => failure.InnerException switch
    {
        SqliteException { SqliteErrorCode: 19 } => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => false,
    };
}

/// <summary>EF Core caches a model per context type; ours differs by provider (collations, the search table), so the key says which.</summary>
internal sealed class ModelCacheKeyPerProvider : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) => (context.GetType(), context.Database.ProviderName, designTime);
}
