using System.Diagnostics;
using BillingDashboard.Data.Seeding;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BillingDashboard.Tests.Benchmarks;

/// <summary>
/// The dashboard in Chromium at a million customers, timed as an operator waits: from a click or an address to the
/// rows or the content on screen. Also the server memory each open page (circuit) keeps. Prints <c>bench:</c> lines;
/// skipped by the normal test run (see README, "Benchmarks"). It finds elements as a person does, so the same file
/// measures any version of the UI.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(BenchmarkCollection.Name)]
public sealed class UiBenchmarks(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Customers = 1_000_000;
    private const int Iterations = 40;
    private const int WarmUps = 5;
    private const int Circuits = 20;

    // Rows of the Customers list, whichever grid draws it: the one table in the page's main region.
    private const string RowsScript = "() => Array.from(document.querySelectorAll('main table tbody tr')).filter(row => row.querySelector('td') && row.innerText.includes('@'))";

    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task Dashboard_AtAMillionCustomers()
    {
        var seed = await _browser.App.InScopeAsync(services =>
            services.GetRequiredService<CustomerBulkLoader>().LoadAsync(Customers, new SyntheticCustomers()));
        Assert.Equal(Customers, seed.Customers);
        List<Customer> samples;
        await using (var db = await _browser.App.OpenDatabaseAsync())
        {
            samples = await db.Customers.AsNoTracking().Where(customer => customer.Sequence % 25_000 == 11 && customer.Email != null).ToListAsync();
        }

        var page = await _browser.OpenSignedInAsync("/settings");
        await MeasureAsync("customers_page_click_to_rows", async _ =>
        {
            await page.GotoAsync("/settings");
            await BrowserFixture.WaitForInteractiveAsync(page);
            var clock = Stopwatch.StartNew();
            await page.GetByRole(AriaRole.Link, new() { Name = "Customers", Exact = true }).ClickAsync();
            await WaitForRowsAsync(page);
            return clock.Elapsed;
        });

        await MeasureAsync("customers_page_load_to_rows", async _ =>
        {
            var clock = Stopwatch.StartNew();
            await page.GotoAsync("/customers");
            await WaitForRowsAsync(page);
            return clock.Elapsed;
        });

        await page.GotoAsync("/customers");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await WaitForRowsAsync(page);
        var search = page.GetByLabel("Search customers");
        await MeasureAsync("search_enter_to_results", async index =>
        {
            var customer = samples[index % samples.Count];
            await search.FillAsync(customer.Email!);
            var clock = Stopwatch.StartNew();
            await search.PressAsync("Enter");
            await WaitForRowsAsync(page, customer.Email);
            return clock.Elapsed;
        });

        await MeasureAsync("customer_page_click_to_content", async index =>
        {
            var customer = samples[(index + 7) % samples.Count];
            // Found by its id, the one search that can only match one customer (names and emails repeat at a million).
            await page.GotoAsync($"/customers?q={customer.Id}");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await WaitForRowsAsync(page, customer.Email);
            var clock = Stopwatch.StartNew();
            await page.GetByText(customer.Name!, new() { Exact = true }).First.ClickAsync();
            await WaitForCustomerPageAsync(page, customer);
            return clock.Elapsed;
        });

        await MeasureAsync("customer_page_load_to_content", async index =>
        {
            var customer = samples[(index + 13) % samples.Count];
            var clock = Stopwatch.StartNew();
            await page.GotoAsync($"/customers/{customer.Id}");
            await WaitForCustomerPageAsync(page, customer);
            return clock.Elapsed;
        });
        await page.Context.CloseAsync();

        await MeasureCircuitMemoryAsync();
    }

    /// <summary>
    /// The managed heap of the server (it runs in this process) with no page open, then with <see cref="Circuits"/>
    /// Customers pages open and live: the difference per page is what one operator's open tab costs the server.
    /// </summary>
    private async Task MeasureCircuitMemoryAsync()
    {
        var idle = await SettledHeapAsync();
        var pages = new List<IPage>();
        for (var index = 0; index < Circuits; index++)
        {
            var page = await _browser.OpenSignedInAsync("/customers");
            await WaitForRowsAsync(page);
            pages.Add(page);
        }
        var busy = await SettledHeapAsync();
        Report("memory_per_circuit", (busy - idle) / (double)Circuits / 1024, "KB");
        Report("memory_server_heap_idle", idle / 1024.0 / 1024, "MB");
        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task<long> SettledHeapAsync()
    {
        await Task.Delay(1_000);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Until the list shows rows, and when <paramref name="text"/> is given, only rows that contain it (an email can belong to several customers).</summary>
    private static Task WaitForRowsAsync(IPage page, string? text = null) =>
        page.WaitForFunctionAsync(
            $"text => {{ const rows = ({RowsScript})(); return rows.length > 0 && (text === null || rows.every(row => row.innerText.includes(text))); }}",
            text, new() { Timeout = 20_000 });

    /// <summary>Until the customer's name is the page's heading and the customer's own cards have drawn their content.</summary>
    private static async Task WaitForCustomerPageAsync(IPage page, Customer customer)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "([name, id]) => { const squash = text => text.replace(/\\s+/g, ' ').trim(); const heading = document.querySelector('main h1');"
                + " return heading !== null && squash(heading.innerText) === squash(name) && document.querySelector('main').innerText.includes(id); }",
                new object?[] { customer.Name ?? "Unnamed customer", customer.Id }, new() { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            var heading = await page.EvaluateAsync<string?>("() => document.querySelector('main h1')?.innerText ?? null");
            throw new TimeoutException($"The page of {customer.Id} ({customer.Name}) did not show: at {page.Url}, the heading was '{heading}'.");
        }
    }

    private async Task MeasureAsync(string name, Func<int, Task<TimeSpan>> once)
    {
        for (var index = 0; index < WarmUps; index++)
        {
            await once(index);
        }
        var times = new List<double>();
        for (var index = 0; index < Iterations; index++)
        {
            times.Add((await once(WarmUps + index)).TotalMilliseconds);
        }
        Report($"{name}_median", BenchReport.Percentile(times, 0.5), "ms");
        Report($"{name}_p95", BenchReport.Percentile(times, 0.95), "ms");
    }

    private void Report(string name, double value, string unit) => BenchReport.Line(output, name, value, unit);
}
