using System.Net;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Hosting;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace BillingDashboard.Tests.Store;

/// <summary>What operations need of the store: a health endpoint for the load balancer, and a backup of SQLite while the app writes.</summary>
public sealed class StoreOperationsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Healthz_WithoutSigningIn_SaysOk_WhenTheStoreAnswersWithEveryMigrationApplied()
    {
        using var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/healthz");

        Assert.Equal((HttpStatusCode.OK, "ok"), (response.StatusCode, await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Backup_WhileCustomersAreBeingAdded_WritesAConsistentCopy_AndNeverOverwritesAFile()
    {
        var target = Path.Combine(app.DatabaseFolder, $"backup-{Guid.NewGuid():N}.db");
        await app.CreateCustomerAsync(new CustomerInput { Name = "Before Backup", Email = "before@backup.example" });
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var index = 0; !writing.IsCancellationRequested; index++)
            {
                await app.CreateCustomerAsync(new CustomerInput { Name = $"During {index}", Email = $"during{index}@backup.example" });
            }
        });

        var output = new StringWriter();
        var exit = await CommandLine.RunAsync(app.Services, ["backup", "--to", target], output, new StringWriter());
        var again = new StringWriter();
        var refused = await CommandLine.RunAsync(app.Services, ["backup", "--to", target], new StringWriter(), again);
        await writing.CancelAsync();
        await writer;

        Assert.Equal((0, 1), (exit, refused));
        Assert.Contains("Backed up to", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("exists already", again.ToString(), StringComparison.Ordinal);
        await using var copy = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False");
        await copy.OpenAsync();
        await using var check = copy.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", await check.ExecuteScalarAsync());
        check.CommandText = "SELECT count(*) FROM \"Customers\" WHERE \"Email\" = 'before@backup.example'";
        Assert.Equal(1L, await check.ExecuteScalarAsync());
    }
}

/// <summary>The health endpoint over PostgreSQL, as a load balancer in front of several instances probes it.</summary>
public sealed class PostgreSqlHealthTests(PostgreSqlAppFactory app) : IClassFixture<PostgreSqlAppFactory>
{
    [Fact]
    public async Task Healthz_OverPostgreSql_SaysOk_AndBackupPointsToPgDump()
    {
        using var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/healthz");
        var errors = new StringWriter();
        var exit = await CommandLine.RunAsync(app.Services, ["backup", "--to", "/tmp/never.db"], new StringWriter(), errors);

        Assert.Equal((HttpStatusCode.OK, "ok"), (response.StatusCode, await response.Content.ReadAsStringAsync()));
        Assert.Equal(1, exit);
        Assert.Contains("pg_dump", errors.ToString(), StringComparison.Ordinal);
    }
}
