using BillingDashboard.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Data;

/// <summary>Brings the database to the current schema and makes sure the roles exist. Safe to run twice at once.</summary>
public static class DatabaseStartup
{
    // Test processes start the app twice (a test server and a Kestrel host): start-up must not race itself.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<Store>();
            if (store.Provider == StoreProvider.PostgreSql)
            {
                // EF Core locks the database while it migrates, so instances starting together apply them once.
                await using var migrations = OpenMigrations(store);
                await migrations.Database.MigrateAsync(cancellationToken);
            }
            else
            {
                var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
                if (store.LocalFolder is { } folder)
                {
                    Directory.CreateDirectory(folder);
                }
                await db.Database.MigrateAsync(cancellationToken);
                // WAL lets the pages read while an export or a seed writes; the setting is stored in the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in AppRoles.All)
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    await roles.CreateAsync(new IdentityRole(role));
                }
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Whether the store answers and has every migration this build knows applied (GET /healthz).</summary>
    public static async Task<string?> WhyUnhealthyAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var store = services.GetRequiredService<Store>();
        try
        {
            await using var db = store.Provider == StoreProvider.PostgreSql
                ? OpenMigrations(store)
                : await services.GetRequiredService<IDbContextFactory<BillingDbContext>>().CreateDbContextAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0 ? null : $"{pending.Count} migration(s) not applied.";
        }
        catch (Exception failure) when (failure is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            // The details are for the log, not for whoever probes the endpoint.
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseStartup)).LogWarning(failure, "Health check: the database does not answer.");
            return "the database does not answer.";
        }
    }

    /// <summary>PostgreSQL's migrations belong to their own context type (<see cref="PostgreSql.PostgreSqlMigrationsContext"/>).</summary>
    private static PostgreSql.PostgreSqlMigrationsContext OpenMigrations(Store store)
    {
        var options = new DbContextOptionsBuilder<PostgreSql.PostgreSqlMigrationsContext>();
        store.Configure(options);
        return new PostgreSql.PostgreSqlMigrationsContext(options.Options);
    }
}
