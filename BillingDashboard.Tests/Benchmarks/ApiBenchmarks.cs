using System.Text;
using BillingDashboard.Data.Seeding;
using BillingDashboard.Features.Developers;
using BillingDashboard.Tests.Infrastructure;
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

        // A short run first: JIT, connection pools and SQLite's page cache warm up outside the figures.
        await Wrk.RunAsync(server, get, clients: Clients, seconds: 3);
        await Wrk.RunAsync(server, post, clients: Clients, seconds: 3);

        Wrk.Report(output, "api_get_customer", await Wrk.RunAsync(server, get, Clients, seconds: 15));
        Wrk.Report(output, "api_list_limit_100_one_client", await Wrk.RunAsync(server, list, clients: 1, seconds: 10));
        Wrk.Report(output, "api_list_limit_100_deep_cursor_one_client", await Wrk.RunAsync(server, listDeep, clients: 1, seconds: 10));
        Wrk.Report(output, "api_list_limit_100", await Wrk.RunAsync(server, list, Clients, seconds: 10));
        Wrk.Report(output, "api_post_customers", await Wrk.RunAsync(server, post, Clients, seconds: 15));
    }

    /// <summary>2,000 customers spread over the whole store, so reads are not all served from a few hot pages.</summary>
    private async Task<List<string>> SampleIdsAsync()
    {
        await using var db = await _app.OpenDatabaseAsync();
        return await db.Customers.AsNoTracking().Where(customer => customer.Sequence % (Customers / 2_000) == 7)
            .Select(customer => customer.Id).ToListAsync();
    }
}
