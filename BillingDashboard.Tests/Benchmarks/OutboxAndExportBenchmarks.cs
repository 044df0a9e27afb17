using System.Diagnostics;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Email;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Email;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Tests.Email;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BillingDashboard.Tests.Benchmarks;

/// <summary>
/// The outbox's delivery rate to a real SMTP server in this process, each message with its invoice's PDF, and the
/// invoice export's rate and heap over 200,000 invoices. Prints <c>bench:</c> lines; skipped by the normal test run.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(BenchmarkCollection.Name)]
public sealed class OutboxAndExportBenchmarks(ITestOutputHelper output)
{
    private const int Messages = 500;
    private const int ExportedInvoices = 200_000;

    [Fact]
    public async Task Outbox_DeliversInvoicesWithPdfs()
    {
        await using var mail = new TestSmtpServer().Start();
        await using var app = new AppFactory();
        mail.Serve(app);
        await EmailedInvoices.SellerAsync(app);
        // Charged automatically with nothing to charge: finalized without an email of their own.
        var invoices = new List<Invoice>();
        for (var index = 0; index < 50; index++)
        {
            invoices.Add(await EmailedInvoices.FinalizedAsync(app, $"bench{index}@outbox.example", locale: index % 2 == 0 ? "de-DE" : "en-US", method: "charge_automatically"));
        }
        Assert.Empty(mail.Received);

        // Written in one transaction, as a burst of finalizations would, then delivered by the running sender.
        var stopwatch = Stopwatch.StartNew();
        await app.InScopeAsync(async services =>
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<Data.BillingDbContext>>().CreateDbContextAsync();
            db.OutboxMessages.AddRange(Enumerable.Range(0, Messages).Select(index =>
                InvoiceEmails.Compose(EmailKind.Invoice, invoices[index % invoices.Count], $"bench{index}@outbox.example", "bench", DateTimeOffset.UtcNow)));
            await db.SaveChangesAsync();
            return 0;
        });
        app.Services.GetRequiredService<OutboxSignal>().Wake();
        await mail.WaitForAsync(Messages, seconds: 300);
        var elapsed = stopwatch.Elapsed.TotalSeconds;

        Report("outbox_delivery_rate_with_pdf", Messages / elapsed, "messages/s");
        Assert.All(mail.Received, message => Assert.Single(message.Attachments));
    }

    [Fact]
    public async Task InvoiceExport_StreamsWithFlatMemory()
    {
        await using var app = new AppFactory();
        var customer = await app.CreateCustomerAsync(new CustomerInput { Name = "Export Bench", Email = "bench@export.example", Currency = "eur" });
        var now = DateTimeOffset.UtcNow;
        var amounts = new InvoiceAmounts(100_00, [], [new AppliedTax("txr_bench", "VAT", 19, false, 100_00, 19_00)], 100_00, 19_00, 119_00, 0, 0, 119_00);
        var snapshot = new InvoiceSnapshot { Seller = new SellerDetails { Name = "Bench" }, CustomerName = "Export Bench" };
        var stopwatch = Stopwatch.StartNew();
        for (var batch = 0; batch < ExportedInvoices / 10_000; batch++)
        {
            await using var db = await app.OpenDatabaseAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var index = 0; index < 10_000; index++)
            {
                var number = batch * 10_000 + index;
                var invoice = new Invoice { Id = $"in_bench{number:D8}", CustomerId = customer.Id, Currency = "eur", Created = now.AddSeconds(-number) };
                invoice.MarkFinalized($"BENCH-{number:D7}", now.AddSeconds(-number), amounts, snapshot, "bench");
                db.Invoices.Add(invoice);
            }
            await db.SaveChangesAsync();
        }
        Report("export_seed_200k_invoices", stopwatch.Elapsed.TotalSeconds, "s");

        var export = new InvoiceExport(app.Services.GetRequiredService<IDbContextFactory<Data.BillingDbContext>>(), TimeProvider.System);
        for (var round = 0; round < 2; round++)
        {
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            long peak = 0;
            var progress = new Progress(() => peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false)));
            var sink = new CountingStream();
            stopwatch.Restart();
            var written = await export.WriteAsync(new InvoiceQuery(), sink, progress);
            var seconds = stopwatch.Elapsed.TotalSeconds;
            Assert.Equal(ExportedInvoices, written);
            if (round == 1)
            {
                Report("invoice_export_rate", written / seconds, "rows/s");
                Report("invoice_export_size", sink.Length / 1_048_576.0, "MiB");
                Report("invoice_export_heap_before", heapBefore / 1_048_576.0, "MiB");
                Report("invoice_export_heap_peak", peak / 1_048_576.0, "MiB");
            }
        }
    }

    private void Report(string name, double value, string unit) => BenchReport.Line(output, name, value, unit);

    private sealed class Progress(Action report) : IProgress<int>
    {
        public void Report(int value) => report();
    }

    /// <summary>A response body that keeps nothing: what the export costs, not what the client does with it.</summary>
    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Position;
        public override long Position { get; set; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Position += count;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Position += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
