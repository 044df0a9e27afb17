using BillingDashboard.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
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
            var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
            CreateDatabaseFolder(db.Database.GetConnectionString());
            await db.Database.MigrateAsync(cancellationToken);
            // WAL lets the pages read while an export or a seed writes; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

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

    private static void CreateDatabaseFolder(string? connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
