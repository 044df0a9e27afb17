using System.Text;
using BillingDashboard.Data.Seeding;
using BillingDashboard.Features.Developers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BillingDashboard.Tests.Benchmarks;

/// <summary>
/// Writes through /v1 on each way of running the app, in one run: <c>POST /v1/customers</c> from 16 connections
/// against one instance on SQLite, one on PostgreSQL, and two instances on one PostgreSQL database (8 connections
/// each, as a load balancer would split them). Each store first holds 100,000 seeded customers, so that the
/// indexes the writes update are not trivially small. Skipped by the normal test run; needs
/// <c>apt-get install wrk</c>. See README, "Benchmarks".
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(BenchmarkCollection.Name)]
public sealed class StoreWriteBenchmarks(ITestOutputHelper output) : IDisposable
{
    private const int Connections = 16;
    private const int Seconds = 15;
    private const int SeededCustomers = 100_000;

    private readonly Wrk _wrk = new();

    public void Dispose() => _wrk.Dispose();

    [Fact]
    public async Task PostCustomers_OnSqlite_OnPostgreSql_AndOnTwoInstancesOverOnePostgreSql()
    {
        await using var sqlite = new AppFactory();
        var sqliteServer = sqlite.StartKestrel();
        var sqliteScript = await PrepareAsync(sqlite, "sqlite");
        await Wrk.RunAsync(sqliteServer, sqliteScript, Connections, seconds: 3);
        Wrk.Report(output, "post_customers_sqlite_one_instance", await Wrk.RunAsync(sqliteServer, sqliteScript, Connections, Seconds));

        await using var postgres = new PostgreSqlAppFactory();
        await using var secondPostgres = postgres.SecondInstance();
        var (first, second) = (postgres.StartKestrel(), secondPostgres.StartKestrel());
        var postgresScript = await PrepareAsync(postgres, "postgresql");
        await Task.WhenAll(Wrk.RunAsync(first, postgresScript, Connections / 2, seconds: 3), Wrk.RunAsync(second, postgresScript, Connections / 2, seconds: 3));
        Wrk.Report(output, "post_customers_postgresql_one_instance", await Wrk.RunAsync(first, postgresScript, Connections, Seconds));

        var both = await Task.WhenAll(Wrk.RunAsync(first, postgresScript, Connections / 2, Seconds), Wrk.RunAsync(second, postgresScript, Connections / 2, Seconds));
        // Two wrk processes, one per instance: their rates add up; the combined percentiles lie between the two
        // instances' own, so the larger of each is reported (an upper bound).
        Wrk.Report(output, "post_customers_postgresql_two_instances", new WrkResult(both.Sum(run => run.Requests), both.Sum(run => run.RequestsPerSecond),
            both.Max(run => run.P50), both.Max(run => run.P95), both.Max(run => run.P99)));
    }

    /// <summary>Seeds the store, makes a secret key and writes the POST script with it.</summary>
    private async Task<string> PrepareAsync(AppFactory app, string store)
    {
        await app.InScopeAsync(services => services.GetRequiredService<CustomerBulkLoader>().LoadAsync(SeededCustomers, new SyntheticCustomers()));
        var key = await app.InScopeAsync(services => services.GetRequiredService<ApiKeyService>().CreateAsync("benchmark", readOnly: false));
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes(key.Secret + ":"));
        return _wrk.Script($"post_{store}.lua", auth, [], Wrk.PostCustomers);
    }
}
