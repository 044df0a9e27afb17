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
                // PostgreSQL's migrations belong to their own context type; EF Core locks the database while it migrates,
                // so instances starting together apply them once.
                var options = new DbContextOptionsBuilder<PostgreSql.PostgreSqlMigrationsContext>();
                store.Configure(options);
                await using var migrations = new PostgreSql.PostgreSqlMigrationsContext(options.Options);
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
}
