using System.Collections.Concurrent;
using System.Diagnostics;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Features.TaxRates;
using BillingDashboard.Pdf;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BillingDashboard.Tests.Benchmarks;

/// <summary>
/// Invoices: finalizing 1,000 drafts with concurrent callers, then rendering a one-page PDF on one thread, and a
/// batch of 1,000 PDFs with the heap watched. Prints <c>bench:</c> lines; skipped by the normal test run.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(BenchmarkCollection.Name)]
public sealed class InvoiceBenchmarks(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Invoices = 1_000;
    private const int Customers = 50;
    private const int Callers = 8;

    private readonly AppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Invoices_FinalizeAndRender()
    {
        var drafts = await CreateDraftsAsync();

        // Finalize throughput: several callers at once, as operators and the API would.
        var queue = new ConcurrentQueue<string>(drafts);
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var id))
            {
                await _app.InScopeAsync(services => services.GetRequiredService<InvoiceService>().FinalizeAsync(id));
            }
        })));
        Report("finalize_throughput_8_callers", Invoices / stopwatch.Elapsed.TotalSeconds, "invoices/s");
        await using (var db = await _app.OpenDatabaseAsync())
        {
            var numbers = await db.Invoices.Where(invoice => invoice.Number != null).Select(invoice => invoice.Number!).ToListAsync();
            Assert.Equal(Invoices, numbers.Distinct().Count());
        }

        var fonts = new FontCatalog(FontCatalog.SystemFolders);
        var invoices = await LoadInvoicesAsync();

        // One-page PDF on one thread, after warming up (the first document also loads fonts and JIT-compiles).
        var times = new List<double>();
        for (var iteration = -20; iteration < 200; iteration++)
        {
            var started = Stopwatch.GetTimestamp();
            var bytes = InvoiceDocument.Render(invoices[0], fonts);
            if (iteration >= 0)
            {
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            Assert.True(bytes.Length > 1_000);
        }
        times.Sort();
        Report("pdf_one_page_median", times[times.Count / 2], "ms");
        Report("pdf_one_page_p95", BenchReport.Percentile(times, 0.95), "ms");

        // A batch of 1,000: the heap should stay flat, each document being garbage once written.
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        long totalBytes = 0;
        stopwatch.Restart();
        foreach (var invoice in invoices)
        {
            totalBytes += InvoiceDocument.Render(invoice, fonts).Length;
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        }
        Report("pdf_batch_1000_rate", invoices.Count / stopwatch.Elapsed.TotalSeconds, "pdfs/s");
        Report("pdf_batch_1000_size", totalBytes / 1_048_576.0, "MiB");
        Report("pdf_batch_heap_before", heapBefore / 1_048_576.0, "MiB");
        Report("pdf_batch_heap_peak", peak / 1_048_576.0, "MiB");
        Report("pdf_batch_heap_after", GC.GetTotalMemory(forceFullCollection: true) / 1_048_576.0, "MiB");
    }

    private async Task<List<string>> CreateDraftsAsync()
    {
        var rate = await _app.InScopeAsync(services => services.GetRequiredService<TaxRateService>()
            .CreateAsync(new TaxRateInput { DisplayName = "VAT", Percentage = "19" }));
        var customers = new List<Customer>();
        for (var index = 0; index < Customers; index++)
        {
            customers.Add(await _app.CreateCustomerAsync(new CustomerInput
            {
                Name = $"Bench Customer {index}", Email = $"bench{index}@invoices.example", Currency = "eur", PreferredLocales = [index % 2 == 0 ? "de-DE" : "en-GB"],
                Address = new AddressInput { Line1 = "Hauptstraße 1", City = "Berlin", PostalCode = "10115", Country = "DE" },
            }));
        }
        var drafts = new List<string>();
        await _app.InScopeAsync(async services =>
        {
            var invoices = services.GetRequiredService<InvoiceService>();
            for (var index = 0; index < Invoices; index++)
            {
                var draft = await invoices.CreateDraftAsync(customers[index % Customers].Id, input: new InvoiceDraftInput { CollectionMethod = "send_invoice" });
                await invoices.AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = "Consulting", Quantity = 3, UnitAmount = 12_500, TaxRateIds = [rate.Id] });
                await invoices.AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = "Travel expenses", Quantity = 1, UnitAmount = 8_990 });
                drafts.Add(draft.Invoice.Id);
            }
            return 0;
        });
        return drafts;
    }

    private async Task<List<Invoice>> LoadInvoicesAsync()
    {
        await using var db = await _app.OpenDatabaseAsync();
        return await db.Invoices.AsNoTracking().Where(invoice => invoice.Number != null).ToListAsync();
    }

    private void Report(string name, double value, string unit) => BenchReport.Line(output, name, value, unit);
}
