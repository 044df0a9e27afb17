using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BillingDashboard.Data.Seeding;
using BillingDashboard.Features.Developers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BillingDashboard.Tests.Benchmarks;

/// <summary>
/// The /v1 API under load at a million customers: the app listens on Kestrel on 127.0.0.1 and Debian's wrk, a
/// second process, sends the requests, with a Lua script of ours for the key, the bodies and the ids. Prints one
/// <c>bench:</c> line per figure; every run also checks that no response was an error. Skipped by the normal test
/// run; needs <c>apt-get install wrk</c>. See README, "Benchmarks".
/// </summary>
[Trait("Category", "Benchmark")]
public sealed partial class ApiBenchmarks(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Customers = 1_000_000;
    private const int Clients = 16;
    private const string Wrk = "/usr/bin/wrk";

    private readonly AppFactory _app = new();
    private readonly string _scripts = Directory.CreateTempSubdirectory("billing-wrk-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_scripts, recursive: true);
    }

    [Fact]
    public async Task V1Api_UnderLoadFromWrk_AtAMillionCustomers()
    {
        Assert.True(File.Exists(Wrk), $"{Wrk} is missing: apt-get install wrk");
        var server = _app.StartKestrel();
        var seed = await _app.InScopeAsync(services => services.GetRequiredService<CustomerBulkLoader>().LoadAsync(Customers, new SyntheticCustomers()));
        BenchReport.Line(output, "api_seed_1m_customers", seed.Elapsed.TotalSeconds, "s");
        var key = await _app.InScopeAsync(services => services.GetRequiredService<ApiKeyService>().CreateAsync("benchmark", readOnly: false));
        var ids = await SampleIdsAsync();

        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes(key.Secret + ":"));
        var get = Script("get.lua", auth, ids, """
            request = function()
              return wrk.format("GET", "/v1/customers/" .. ids[math.random(#ids)])
            end
            """);
        var list = Script("list.lua", auth, ids, """
            request = function()
              return wrk.format("GET", "/v1/customers?limit=100")
            end
            """);
        var listDeep = Script("list_deep.lua", auth, ids, """
            request = function()
              return wrk.format("GET", "/v1/customers?limit=100&starting_after=" .. ids[math.random(#ids)])
            end
            """);
        var post = Script("post.lua", auth, ids, """
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
            request = function()
              local n = math.random(1, 1000000000)
              return wrk.format(nil, "/v1/customers", nil,
                "email=load" .. n .. "%40bench.example&name=Load+Test+" .. n .. "&metadata[source]=wrk&preferred_locales[]=en")
            end
            """);

        // A short run first: JIT, connection pools and SQLite's page cache warm up outside the figures.
        await RunAsync(server, get, clients: Clients, seconds: 3);
        await RunAsync(server, post, clients: Clients, seconds: 3);

        Report("api_get_customer", await RunAsync(server, get, Clients, seconds: 15));
        Report("api_list_limit_100_one_client", await RunAsync(server, list, clients: 1, seconds: 10));
        Report("api_list_limit_100_deep_cursor_one_client", await RunAsync(server, listDeep, clients: 1, seconds: 10));
        Report("api_list_limit_100", await RunAsync(server, list, Clients, seconds: 10));
        Report("api_post_customers", await RunAsync(server, post, Clients, seconds: 15));
    }

    /// <summary>What wrk measured: requests per second and latency percentiles, in milliseconds.</summary>
    private sealed record WrkResult(long Requests, double RequestsPerSecond, double P50, double P95, double P99);

    private void Report(string name, WrkResult result)
    {
        BenchReport.Line(output, name + "_rps", result.RequestsPerSecond, "requests/s");
        BenchReport.Line(output, name + "_p50", result.P50, "ms");
        BenchReport.Line(output, name + "_p95", result.P95, "ms");
        BenchReport.Line(output, name + "_p99", result.P99, "ms");
    }

    private async Task<WrkResult> RunAsync(Uri server, string script, int clients, int seconds)
    {
        var start = new ProcessStartInfo(Wrk)
        {
            ArgumentList = { "-t", Math.Min(clients, 2).ToString(CultureInfo.InvariantCulture), "-c", clients.ToString(CultureInfo.InvariantCulture),
                "-d", $"{seconds}s", "--timeout", "10s", "-s", script, server.ToString().TrimEnd('/') },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var wrk = Process.Start(start)!;
        var text = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var match = ResultLine().Match(text);
        Assert.True(match.Success, $"wrk printed no result: {text} {await wrk.StandardError.ReadToEndAsync()}");
        long Field(string name) => long.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        Assert.True(Field("errors") == 0 && Field("status") == 0, $"Some requests failed: {text}");
        return new WrkResult(Field("requests"), Field("requests") / (Field("duration") / 1e6),
            Field("p50") / 1000.0, Field("p95") / 1000.0, Field("p99") / 1000.0);
    }

    /// <summary>A wrk script: the key, a sample of existing customer ids, the scenario, and one result line at the end.</summary>
    private string Script(string name, string basicAuth, IReadOnlyList<string> ids, string scenario)
    {
        var path = Path.Combine(_scripts, name);
        File.WriteAllText(path, $$"""
            wrk.headers["Authorization"] = "Basic {{basicAuth}}"
            ids = { {{string.Join(", ", ids.Select(id => $"\"{id}\""))}} }
            {{scenario}}
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("wrk_result requests=%d duration=%d p50=%d p95=%d p99=%d errors=%d status=%d\n",
                summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
                e.connect + e.read + e.write + e.timeout, e.status))
            end
            """);
        return path;
    }

    /// <summary>2,000 customers spread over the whole store, so reads are not all served from a few hot pages.</summary>
    private async Task<List<string>> SampleIdsAsync()
    {
        await using var db = await _app.OpenDatabaseAsync();
        return await db.Customers.AsNoTracking().Where(customer => customer.Sequence % (Customers / 2_000) == 7)
            .Select(customer => customer.Id).ToListAsync();
    }

    [GeneratedRegex(@"wrk_result requests=(?<requests>\d+) duration=(?<duration>\d+) p50=(?<p50>\d+) p95=(?<p95>\d+) p99=(?<p99>\d+) errors=(?<errors>\d+) status=(?<status>\d+)")]
    private static partial Regex ResultLine();
}
