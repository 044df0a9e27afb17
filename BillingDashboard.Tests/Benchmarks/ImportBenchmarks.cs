using System.Diagnostics;
using BillingDashboard.Data.Seeding;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Import;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BillingDashboard.Tests.Benchmarks;

/// <summary>
/// Importing a million customers from our own all-columns export into an empty store: the dry run's and the
/// import's rows a second, and the largest managed heap seen while each ran (sampled every 50 ms), beside the heap
/// before it started. Prints <c>bench:</c> lines; skipped by the normal test run. See README, "Benchmarks".
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(BenchmarkCollection.Name)]
public sealed class ImportBenchmarks(ITestOutputHelper output)
{
    private const int Customers = 1_000_000;

    [Fact]
    public async Task ImportingAMillionRowsOfOurOwnExport()
    {
        var path = Path.Combine(Path.GetTempPath(), $"billing-import-bench-{Guid.NewGuid():N}.csv");
        try
        {
            await using (var source = new AppFactory())
            {
                await source.InScopeAsync(services => services.GetRequiredService<CustomerBulkLoader>().LoadAsync(Customers, new SyntheticCustomers()));
                await using var file = File.Create(path);
                await source.InScopeAsync(async services =>
                {
                    var export = services.GetRequiredService<CustomerExport>();
                    var everyone = new CustomerQuery { Sort = CustomerSort.Oldest };
                    var metadata = (await export.MetadataKeysAsync(everyone)).Select(key => CustomerExport.MetadataPrefix + key);
                    return await export.WriteAsync(new CustomerExportRequest(everyone, [.. CustomerExport.Columns.Select(column => column.Key), .. metadata]), file);
                });
            }
            BenchReport.Line(output, "import_file_size", new FileInfo(path).Length / (1024.0 * 1024.0), "MB");

            await using var target = new AppFactory();
            Stream Open() => File.OpenRead(path);
            var mapping = await target.InScopeAsync(async _ =>
            {
                await using var file = Open();
                return ImportMapping.Guess((await CustomerImporter.PreviewAsync(file, 0)).Headers);
            });

            var dryRun = await MeasureAsync("import_dry_run", () => target.InScopeAsync(services =>
                services.GetRequiredService<CustomerImporter>().DryRunAsync(Open, mapping, new ImportOptions())));
            var import = await MeasureAsync("import_write", () => target.InScopeAsync(services =>
                services.GetRequiredService<CustomerImporter>().ImportAsync(Open, path, mapping, new ImportOptions(), dryRun.Rows)));

            Assert.Equal((Customers, 0L), (dryRun.New, dryRun.Refused));
            Assert.Equal((Customers, 0L), (import.New, import.Refused));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<ImportReport> MeasureAsync(string name, Func<Task<ImportReport>> run)
    {
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(50);
            }
        });
        var stopwatch = Stopwatch.StartNew();
        var report = await run();
        stopwatch.Stop();
        await stop.CancelAsync();
        await sampler;
        BenchReport.Line(output, $"{name}_rate", report.Rows / stopwatch.Elapsed.TotalSeconds, "rows/s");
        BenchReport.Line(output, $"{name}_seconds", stopwatch.Elapsed.TotalSeconds, "s");
        BenchReport.Line(output, $"{name}_heap_before", before / (1024.0 * 1024.0), "MB");
        BenchReport.Line(output, $"{name}_heap_peak", peak / (1024.0 * 1024.0), "MB");
        return report;
    }
}
