using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace BillingDashboard.Tests.Benchmarks;

/// <summary>What wrk measured: requests per second and latency percentiles, in milliseconds.</summary>
internal sealed record WrkResult(long Requests, double RequestsPerSecond, double P50, double P95, double P99);

/// <summary>
/// Debian's wrk, driven from the benchmarks: a second process sends the requests, with a Lua script of ours for
/// the key, the bodies and the ids, and prints one result line that <see cref="RunAsync"/> reads. Every run also
/// checks that no response was an error. Needs <c>apt-get install wrk</c>.
/// </summary>
internal sealed partial class Wrk : IDisposable
{
    private const string Program = "/usr/bin/wrk";

    private readonly string _scripts = Directory.CreateTempSubdirectory("billing-wrk-").FullName;

    /// <summary>POST /v1/customers, each with a new email, a name, metadata and a language, as an integration signs customers up.</summary>
    public const string PostCustomers = """
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = function()
          local n = math.random(1, 1000000000)
          return wrk.format(nil, "/v1/customers", nil,
            "email=load" .. n .. "%40bench.example&name=Load+Test+" .. n .. "&metadata[source]=wrk&preferred_locales[]=en")
        end
        """;

    public Wrk() => Assert.True(File.Exists(Program), $"{Program} is missing: apt-get install wrk");

    public void Dispose() => Directory.Delete(_scripts, recursive: true);

    /// <summary>A script: the key, a sample of existing customer ids, the scenario, and one result line at the end.</summary>
    public string Script(string name, string basicAuth, IReadOnlyList<string> ids, string scenario)
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

    /// <param name="notFound">
    /// Every answer is expected to be a 404 (the reference run against an unknown /v1 route), rather than a success.
    /// </param>
    public static async Task<WrkResult> RunAsync(Uri server, string script, int clients, int seconds, bool notFound = false)
    {
        var start = new ProcessStartInfo(Program)
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
        Assert.True(Field("errors") == 0 && Field("status") == (notFound ? Field("requests") : 0), $"Some requests failed: {text}");
        return new WrkResult(Field("requests"), Field("requests") / (Field("duration") / 1e6),
            Field("p50") / 1000.0, Field("p95") / 1000.0, Field("p99") / 1000.0);
    }

    /// <summary>Four <c>bench:</c> lines: requests a second, and the 50th, 95th and 99th percentile latencies.</summary>
    public static void Report(ITestOutputHelper output, string name, WrkResult result)
    {
        BenchReport.Line(output, name + "_rps", result.RequestsPerSecond, "requests/s");
        BenchReport.Line(output, name + "_p50", result.P50, "ms");
        BenchReport.Line(output, name + "_p95", result.P95, "ms");
        BenchReport.Line(output, name + "_p99", result.P99, "ms");
    }

    [GeneratedRegex(@"wrk_result requests=(?<requests>\d+) duration=(?<duration>\d+) p50=(?<p50>\d+) p95=(?<p95>\d+) p99=(?<p99>\d+) errors=(?<errors>\d+) status=(?<status>\d+)")]
    private static partial Regex ResultLine();
}
