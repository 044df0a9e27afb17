using System.Text;
using BillingDashboard.Data.Seeding;
using BillingDashboard.Features.Developers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BillingDashboard.Tests.Benchmarks;

/// <summary>
/// The /v1 API under load at a million customers: the app listens on Kestrel on 127.0.0.1 and Debian's wrk, a
/// second process, sends the requests (see <see cref="Wrk"/>). Prints one <c>bench:</c> line per figure. Skipped
/// by the normal test run; needs <c>apt-get install wrk</c>. See README, "Benchmarks".
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(BenchmarkCollection.Name)]
public sealed class ApiBenchmarks(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Customers = 1_000_000;
    private const int Clients = 16;

    private readonly AppFactory _app = new();
    private readonly Wrk _wrk = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _wrk.Dispose();
    }

    [Fact]
    public async Task V1Api_UnderLoadFromWrk_AtAMillionCustomers()
    {
        var server = _app.StartKestrel();
        var seed = await _app.InScopeAsync(services => services.GetRequiredService<CustomerBulkLoader>().LoadAsync(Customers, new SyntheticCustomers()));
        BenchReport.Line(output, "api_seed_1m_customers", seed.Elapsed.TotalSeconds, "s");
        var key = await _app.InScopeAsync(services => services.GetRequiredService<ApiKeyService>().CreateAsync("benchmark", readOnly: false));
        var ids = await SampleIdsAsync();

        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes(key.Secret + ":"));
        var get = _wrk.Script("get.lua", auth, ids, """
            request = function()
              return wrk.format("GET", "/v1/customers/" .. ids[math.random(#ids)])
            end
            """);
        var list = _wrk.Script("list.lua", auth, ids, """
            request = function()
              return wrk.format("GET", "/v1/customers?limit=100")
            end
            """);
        var listDeep = _wrk.Script("list_deep.lua", auth, ids, """
            request = function()
              return wrk.format("GET", "/v1/customers?limit=100&starting_after=" .. ids[math.random(#ids)])
            end
            """);
        var post = _wrk.Script("post.lua", auth, ids, Wrk.PostCustomers);
        // The reference for reads: what the server costs for an authenticated /v1 request that reads nothing (an
        // unknown route's constant 404 passes the same key check, filters and error envelope).
        var constant = _wrk.Script("constant.lua", auth, ids, """
            request = function()
              return wrk.format("GET", "/v1/benchmark_constant")
            end
            """);

        // A short run first: JIT, connection pools and SQLite's page cache warm up outside the figures.
        await Wrk.RunAsync(server, get, clients: Clients, seconds: 3);
        await Wrk.RunAsync(server, post, clients: Clients, seconds: 3);

        var getCustomer = await Wrk.RunAsync(server, get, Clients, seconds: 15);
        var constantAnswer = await Wrk.RunAsync(server, constant, Clients, seconds: 15, notFound: true);
        Wrk.Report(output, "api_get_customer", getCustomer);
        Wrk.Report(output, "api_authenticated_constant", constantAnswer);
        BenchReport.Line(output, "api_get_customer_vs_constant", 100 * getCustomer.RequestsPerSecond / constantAnswer.RequestsPerSecond, "%");
        Wrk.Report(output, "api_list_limit_100_one_client", await Wrk.RunAsync(server, list, clients: 1, seconds: 10));
        Wrk.Report(output, "api_list_limit_100_deep_cursor_one_client", await Wrk.RunAsync(server, listDeep, clients: 1, seconds: 10));
        Wrk.Report(output, "api_list_limit_100", await Wrk.RunAsync(server, list, Clients, seconds: 10));
        var posts = await Wrk.RunAsync(server, post, Clients, seconds: 15);
        var oneConnection = await OneConnectionInsertRateAsync(TimeSpan.FromSeconds(10));
        Wrk.Report(output, "api_post_customers", posts);
        BenchReport.Line(output, "sqlite_one_connection_inserts", oneConnection, "rows/s");
        BenchReport.Line(output, "api_post_customers_vs_one_connection", 100 * posts.RequestsPerSecond / oneConnection, "%");
    }

    /// <summary>
    /// The reference for writes: the same rows inserted through one SQLite connection into the same file (same
    /// indexes, same search trigger, same durability setting), a prepared statement, each row committed on its own
    /// as each answered API write must be.
    /// </summary>
    private async Task<double> OneConnectionInsertRateAsync(TimeSpan duration)
    {
        await using var connection = new SqliteConnection($"Data Source={_app.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO "Customers" ("Id", "Created", "Name", "Email", "PreferredLocales", "Balance", "TaxExempt", "Metadata",
                "InvoicePrefix", "NextInvoiceSequence", "InvoiceCustomFields", "Version")
            VALUES ($id, $created, $name, $email, '["en"]', 0, 'None', '{"source":"reference"}', $prefix, 1, '[]', 0)
            """;
        var parameters = new[] { "$id", "$created", "$name", "$email", "$prefix" }.Select(name => insert.Parameters.Add(name, SqliteType.Text)).ToArray();
        insert.Prepare();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rows = 0;
        for (; clock.Elapsed < duration; rows++)
        {
            await using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            parameters[0].Value = $"cus_reference{rows:D10}";
            parameters[1].Value = DateTimeOffset.UtcNow.UtcTicks;
            parameters[2].Value = $"Reference Row {rows}";
            parameters[3].Value = $"reference{rows}@bench.example";
            parameters[4].Value = $"R{rows:D7}";
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        return rows / clock.Elapsed.TotalSeconds;
    }

    /// <summary>2,000 customers spread over the whole store, so reads are not all served from a few hot pages.</summary>
    private async Task<List<string>> SampleIdsAsync()
    {
        await using var db = await _app.OpenDatabaseAsync();
        return await db.Customers.AsNoTracking().Where(customer => customer.Sequence % (Customers / 2_000) == 7)
            .Select(customer => customer.Id).ToListAsync();
    }
}
