using System.Diagnostics;
using BillingDashboard.Data.Seeding;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Payments;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BillingDashboard.Tests.Benchmarks;

/// <summary>
/// The Customers page at a million customers: seeds a fresh store, then times what the page, search, filters and
/// export ask of the database, through the same services the page calls. Prints one <c>bench:</c> line per figure.
/// Skipped by the normal test run; see README, "Benchmarks".
/// </summary>
/// <remarks>The same figures on each store: the class runs once over SQLite and once over PostgreSQL, each line named by its store.</remarks>
[Trait("Category", "Benchmark")]
[Collection(BenchmarkCollection.Name)]
public abstract class CustomerBenchmarks<TApp>(ITestOutputHelper output, string store) : IAsyncLifetime where TApp : AppFactory, new()
{
    private const int Customers = 1_000_000;
    private const int Iterations = 60;
    private const int WarmUps = 5;

    private readonly TApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task CustomersPage_AtAMillionCustomers()
    {
        var seed = await SeedAsync(Customers, "1m");

        var samples = await SampleCustomersAsync();

        await MeasureEverydayQueriesAsync("", samples);
        await MeasureQueryAsync("two_filters_tax_status_balance", index => new CustomerQuery { TaxExempt = TaxExempt.Exempt, HasBalance = true });
        await MeasureQueryAsync("two_filters_created_currency", index => new CustomerQuery
        {
            CreatedFrom = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-400 - index)),
            CreatedTo = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-300 - index)),
            Currency = "jpy",
        });
        await MeasureQueryAsync("has_tax_id", _ => new CustomerQuery { HasTaxId = true });
        await MeasureQueryAsync("has_tax_id_and_country", index => new CustomerQuery { HasTaxId = true, Country = index % 2 == 0 ? "DE" : "US" });
        await MeasureQueryAsync("no_tax_id_reverse_charge", _ => new CustomerQuery { HasTaxId = false, TaxExempt = TaxExempt.Reverse });
        await MeasurePickerAsync(samples);

        // The Payments page over the seeded charges (two per customer with a saved payment method), and the
        // customer page's Payment methods card.
        Report("seeded_charges", seed.Charges, "charges");
        var payers = samples.Where(customer => customer.DefaultSourceId is not null).ToList();
        await MeasureChargesAsync("payments_first_page", _ => new ChargeQuery());
        await MeasureChargesAsync("payments_page_200", index => new ChargeQuery { Page = 200 + index });
        await MeasureChargesAsync("payments_failed", _ => new ChargeQuery { Status = ChargeStatus.Failed });
        await MeasureChargesAsync("payments_currency", index => new ChargeQuery { Currency = index % 2 == 0 ? "jpy" : "krw" });
        await MeasureChargesAsync("payments_customer_id", index => new ChargeQuery { Customer = payers[index % payers.Count].Id });
        await MeasureChargesAsync("payments_customer_email", index => new ChargeQuery { Customer = payers[index % payers.Count].Email });
        await MeasureChargesAsync("payments_created_range_failed", index => new ChargeQuery
        {
            CreatedFrom = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-700 - index)),
            CreatedTo = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-600 - index)),
            Status = ChargeStatus.Failed,
        });
        await MeasureChargesAsync("payments_created_range_currency", index => new ChargeQuery
        {
            CreatedFrom = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-900 - index)),
            CreatedTo = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-800 - index)),
            Currency = "eur",
        });
        await MeasureAsync("customer_payment_methods", async (services, index) =>
            await services.GetRequiredService<PaymentService>().ListCustomerSourcesAsync(payers[index % payers.Count].Id));

        // Each export twice: the first run also pays for JIT and for reading the table into the page cache.
        var allColumns = CustomerExport.Columns.Select(column => column.Key).Append(CustomerExport.MetadataPrefix + "plan").ToList();
        foreach (var run in new[] { "first", "second" })
        {
            await MeasureExportAsync($"export_default_columns_{run}_run", CustomerExport.DefaultColumns);
            var rate = await MeasureExportAsync($"export_all_columns_{run}_run", allColumns);
            if (run == "second" && _app is not PostgreSqlAppFactory)
            {
                var shell = await SqliteShellExportRateAsync();
                Report("export_all_columns_sqlite3_shell_rate", shell, "rows/s");
                Report("export_all_columns_vs_sqlite3_shell", 100 * rate / shell, "%");
            }
        }
    }

    /// <summary>
    /// The reference for the export: Debian's <c>sqlite3</c> shell writing the same rows and columns as CSV
    /// (<c>.mode csv</c>), newest first, the metadata key by <c>json_extract</c>, to a sink that keeps nothing, in
    /// the same run. Needs <c>apt-get install sqlite3</c>.
    /// </summary>
    private async Task<double> SqliteShellExportRateAsync()
    {
        const string Shell = "/usr/bin/sqlite3";
        Assert.True(File.Exists(Shell), $"{Shell} is missing: apt-get install sqlite3");
        var columns = string.Join(", ", CustomerExport.Columns.Select(column => StoredColumn(column.Key)).Append("json_extract(\"Metadata\", '$.plan')"));
        var start = new ProcessStartInfo(Shell) { RedirectStandardOutput = true, RedirectStandardInput = true };
        start.ArgumentList.Add(_app.DatabasePath);
        using var shell = Process.Start(start)!;
        var stopwatch = Stopwatch.StartNew();
        await shell.StandardInput.WriteLineAsync($".mode csv\nSELECT {columns} FROM \"Customers\" WHERE \"DeletedAt\" IS NULL ORDER BY \"Sequence\" DESC;");
        shell.StandardInput.Close();
        var rows = 0;
        while (await shell.StandardOutput.ReadLineAsync() is not null)
        {
            rows++;
        }
        await shell.WaitForExitAsync();
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        Assert.True(rows >= Customers, $"The shell wrote {rows} lines.");
        return Customers / elapsed;
    }

    /// <summary>The stored column behind an export column's key ("address_line1" is "AddressLine1").</summary>
    private static string StoredColumn(string key) => "\"" + string.Concat(key.Split('_').Select(word => char.ToUpperInvariant(word[0]) + word[1..])) + "\"";

    /// <summary>Seeds <paramref name="count"/> customers into the fresh store, reporting how long it took.</summary>
    protected async Task<SeedResult> SeedAsync(int count, string label)
    {
        var seed = await _app.InScopeAsync(services => services.GetRequiredService<CustomerBulkLoader>().LoadAsync(count, new SyntheticCustomers()));
        Report($"seed_{label}_customers", seed.Elapsed.TotalSeconds, "s");
        Report($"seed_{label}_rate", seed.Customers / seed.Elapsed.TotalSeconds, "customers/s");
        Report($"seed_{label}_payments_after", seed.PaymentsElapsed.TotalSeconds, "s");
        Assert.Equal(count, seed.Customers);
        return seed;
    }

    /// <summary>
    /// The Invoices page's customer picker as an operator types a name, a letter at a time: every keystroke from the
    /// first to the sixth is a search of its own (the page's search, its first 8 rows, no count).
    /// </summary>
    private async Task MeasurePickerAsync(IReadOnlyList<Customer> samples)
    {
        var times = Enumerable.Range(0, 7).Select(_ => new List<double>()).ToArray();
        await _app.InScopeAsync(async services =>
        {
            var customers = services.GetRequiredService<CustomerService>();
            for (var iteration = -WarmUps; iteration < Iterations; iteration++)
            {
                var name = samples[Math.Abs(iteration) % samples.Count].Name!;
                for (var typed = 1; typed <= Math.Min(6, name.Length); typed++)
                {
                    var stopwatch = Stopwatch.StartNew();
                    var page = await customers.ListAsync(new CustomerQuery { Search = name[..typed], PageSize = 8 });
                    if (iteration >= 0)
                    {
                        times[typed].Add(stopwatch.Elapsed.TotalMilliseconds);
                    }
                    Assert.NotNull(page);
                }
            }
            return 0;
        });
        var all = times.SelectMany(keystroke => keystroke).ToList();
        Report("invoice_picker_keystroke_p50", BenchReport.Percentile(all, 0.50), "ms");
        Report("invoice_picker_keystroke_p95", BenchReport.Percentile(all, 0.95), "ms");
        for (var typed = 1; typed < times.Length; typed++)
        {
            Report($"invoice_picker_{typed}_letters_p95", BenchReport.Percentile(times[typed], 0.95), "ms");
        }
    }

    /// <summary>
    /// What the page is asked most, named with <paramref name="prefix"/>: the first page, an exact email, an email's
    /// start, four letters inside a name, a currency with a country, and a sort by name.
    /// </summary>
    protected async Task MeasureEverydayQueriesAsync(string prefix, IReadOnlyList<Customer> samples)
    {
        await MeasureQueryAsync(prefix + "first_page_newest", _ => new CustomerQuery());
        await MeasureQueryAsync(prefix + "email_exact", index => new CustomerQuery { Email = samples[index % samples.Count].Email });
        await MeasureQueryAsync(prefix + "email_prefix_search", index => new CustomerQuery { Search = samples[index % samples.Count].Email![..8] });
        await MeasureQueryAsync(prefix + "name_substring_4_letters", index => new CustomerQuery { Search = FourLettersInside(samples[index % samples.Count].Name!) });
        await MeasureQueryAsync(prefix + "two_filters_currency_country", index => new CustomerQuery { Currency = "eur", Country = index % 2 == 0 ? "DE" : "FR" });
        await MeasureQueryAsync(prefix + "sort_by_name_page_100", index => new CustomerQuery { Sort = CustomerSort.NameAscending, Page = 1 + index, PageSize = 100 });
    }

    /// <summary>Times the first page (rows) and the count the page shows under it, separately.</summary>
    private async Task MeasureQueryAsync(string name, Func<int, CustomerQuery> queryFor)
    {
        var listTimes = new List<double>();
        var countTimes = new List<double>();
        await _app.InScopeAsync(async services =>
        {
            var customers = services.GetRequiredService<CustomerService>();
            for (var iteration = -WarmUps; iteration < Iterations; iteration++)
            {
                var query = queryFor(Math.Max(iteration, 0));
                var stopwatch = Stopwatch.StartNew();
                var page = await customers.ListAsync(query);
                var listed = stopwatch.Elapsed.TotalMilliseconds;
                stopwatch.Restart();
                await customers.CountAsync(query);
                var counted = stopwatch.Elapsed.TotalMilliseconds;
                if (iteration >= 0)
                {
                    listTimes.Add(listed);
                    countTimes.Add(counted);
                }
                Assert.NotNull(page);
            }
            return 0;
        });
        Report(name + "_rows_p95", BenchReport.Percentile(listTimes, 0.95), "ms");
        Report(name + "_count_p95", BenchReport.Percentile(countTimes, 0.95), "ms");
        Report(name + "_count_vs_rows", BenchReport.Percentile(countTimes, 0.95) / BenchReport.Percentile(listTimes, 0.95), "x");
    }

    /// <summary>One page of the Payments list, as the page asks for it (rows and the customers' names).</summary>
    private Task MeasureChargesAsync(string name, Func<int, ChargeQuery> queryFor) =>
        MeasureAsync(name, async (services, index) => await services.GetRequiredService<PaymentService>().ListChargesAsync(queryFor(index)));

    private async Task MeasureAsync(string name, Func<IServiceProvider, int, Task<object>> work)
    {
        var times = new List<double>();
        await _app.InScopeAsync(async services =>
        {
            for (var iteration = -WarmUps; iteration < Iterations; iteration++)
            {
                var stopwatch = Stopwatch.StartNew();
                Assert.NotNull(await work(services, Math.Max(iteration, 0)));
                if (iteration >= 0)
                {
                    times.Add(stopwatch.Elapsed.TotalMilliseconds);
                }
            }
            return 0;
        });
        Report(name + "_p95", BenchReport.Percentile(times, 0.95), "ms");
    }

    /// <summary>Rows a second, and the managed heap before, a tenth of the way in and at its peak (flat means it does not grow with rows).</summary>
    private async Task<double> MeasureExportAsync(string name, IReadOnlyList<string> columns)
    {
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long peakHeap = 0;
        var heapAtTenPercent = 0L;
        var progress = new InlineProgress(written =>
        {
            var heap = GC.GetTotalMemory(forceFullCollection: false);
            peakHeap = Math.Max(peakHeap, heap);
            if (heapAtTenPercent == 0 && written >= Customers / 10)
            {
                heapAtTenPercent = heap;
            }
        });
        var counting = new CountingStream();
        var stopwatch = Stopwatch.StartNew();
        var written = await _app.InScopeAsync(services => services.GetRequiredService<CustomerExport>()
            .WriteAsync(new CustomerExportRequest(new CustomerQuery(), columns), counting, progress));
        var elapsed = stopwatch.Elapsed.TotalSeconds;

        Assert.Equal(Customers, written);
        Report(name + "_rate", written / elapsed, "rows/s");
        Report(name + "_size", counting.Length / 1_048_576.0, "MiB");
        Report(name + "_heap_before", heapBefore / 1_048_576.0, "MiB");
        Report(name + "_heap_at_10_percent", heapAtTenPercent / 1_048_576.0, "MiB");
        Report(name + "_heap_peak", peakHeap / 1_048_576.0, "MiB");
        return written / elapsed;
    }

    /// <summary>A spread of real customers to search for: every 20,000th.</summary>
    protected async Task<List<Customer>> SampleCustomersAsync()
    {
        await using var db = await _app.OpenDatabaseAsync();
        return await db.Customers.AsNoTracking().Where(customer => customer.Sequence % 20_000 == 7).ToListAsync();
    }

    /// <summary>Four letters from the middle of the first name ("Jennifer" gives "nnif"): a substring, not a prefix.</summary>
    private static string FourLettersInside(string name) => name.Length >= 6 ? name.Substring(1, 4) : name[..Math.Min(4, name.Length)];

    private void Report(string name, double value, string unit) => BenchReport.Line(output, $"{store}.{name}", value, unit);

    private sealed class InlineProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    /// <summary>Discards what is written, counting the bytes: the export's own cost, without a disk or a network.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}

public sealed class CustomerBenchmarksOnSqlite(ITestOutputHelper output) : CustomerBenchmarks<AppFactory>(output, "sqlite");

public sealed class CustomerBenchmarksOnPostgreSql(ITestOutputHelper output) : CustomerBenchmarks<PostgreSqlAppFactory>(output, "postgresql")
{
    /// <summary>
    /// The scale-out store at ten million customers: how long seeding takes, and the page's everyday questions
    /// (README gives the targets). Run on its own: it needs about 12 GB of disk and 25 minutes.
    /// </summary>
    [Fact]
    public async Task CustomersPage_AtTenMillionCustomers()
    {
        await SeedAsync(10_000_000, "10m");
        await MeasureEverydayQueriesAsync("10m_", await SampleCustomersAsync());
    }
}
