using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Customers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Store;

/// <summary>
/// SQLite's shared writer (Data/StoreWriter.cs): writes that wait while another runs are committed together, and a
/// write its rules refuse is undone alone, even when it had already saved part of itself; its connection writes with
/// temporary storage in memory and goes back to the pool as it came.
/// </summary>
public sealed class StoreWriterTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Batch_ARefusedWriteAmongWaitingOnes_IsUndoneAlone_AndTheOthersAreCommittedTogether()
    {
        var writer = app.Services.GetRequiredService<StoreWriter>();
        var holdFirstBatch = new TaskCompletionSource();
        var firstBatch = writer.WriteAsync(async (db, _) =>
        {
            await holdFirstBatch.Task;
            return db.Database.CurrentTransaction!.TransactionId;
        });
        await WaitUntilAsync(() => writer.Waiting == 0);

        // Queued while the first batch runs: two creates asking for one invoice prefix (the second in line is
        // refused by the unique-prefix rule, seeing the first's uncommitted row), a write that saves a customer and
        // then refuses, two plain creates, and a probe at each end of the queue.
        var prefix = "BATCH" + Random.Shared.Next(100, 999);
        var firstProbe = writer.WriteAsync((db, _) => Task.FromResult(db.Database.CurrentTransaction!.TransactionId));
        var samePrefix = new[] { CreateAsync("Same Prefix One", prefix), CreateAsync("Same Prefix Two", prefix) };
        var savedThenRefused = writer.WriteAsync(async (db, token) =>
        {
            db.Customers.Add(new Customer { Id = "cus_savedthenrefused", Created = DateTimeOffset.UtcNow, InvoicePrefix = "REFUSED1", Name = "Saved Then Refused" });
            await db.SaveChangesAsync(token);
            throw new RuleViolationException("Refused after saving.");
        });
        var plain = new[] { CreateAsync("Plain One", null), CreateAsync("Plain Two", null) };
        var lastProbe = writer.WriteAsync((db, _) => Task.FromResult(db.Database.CurrentTransaction!.TransactionId));
        await WaitUntilAsync(() => writer.Waiting == 7);
        holdFirstBatch.SetResult();

        var (firstTransaction, first, last) = (await firstBatch, await firstProbe, await lastProbe);
        Assert.Equal(first, last);
        Assert.NotEqual(firstTransaction, first);
        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => savedThenRefused);
        Assert.Equal("Refused after saving.", refusal.Message);
        await Task.WhenAll(plain);
        await Task.WhenAny(Task.WhenAll(samePrefix));
        var prefixRefusal = Assert.Single(samePrefix, create => create.IsFaulted).Exception!.InnerException;
        Assert.Contains($"The invoice prefix {prefix} is already used", Assert.IsType<ValidationFailedException>(prefixRefusal).Message, StringComparison.Ordinal);

        await using var db = await app.OpenDatabaseAsync();
        var stored = await db.Customers.IgnoreQueryFilters().Where(customer => customer.Name!.StartsWith("Same Prefix") || customer.Name!.StartsWith("Plain")
            || customer.Id == "cus_savedthenrefused").Select(customer => customer.Name).ToListAsync();
        Assert.Equal(3, stored.Count);
        Assert.Contains("Plain One", stored);
        Assert.Contains("Plain Two", stored);
        Assert.Single(stored, name => name!.StartsWith("Same Prefix", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Writes_KeepTheirJournalsInMemory_AndThePoolGetsItsConnectionBackAsItLentIt()
    {
        var writer = app.Services.GetRequiredService<StoreWriter>();
        var duringWrite = await writer.WriteAsync((db, token) => TempStoreAsync(db, token));

        // Every connection the pool holds now, the writer's among them, as a reader gets it: SQLite's default
        // (0), under which a big sort spills to a file instead of growing in memory.
        var readers = new List<BillingDbContext>();
        try
        {
            var afterwards = new List<long>();
            for (var reader = 0; reader < 4; reader++)
            {
                var db = await app.Services.GetRequiredService<IDbContextFactory<BillingDbContext>>().CreateDbContextAsync();
                readers.Add(db);
                await db.Database.OpenConnectionAsync();
                afterwards.Add(await TempStoreAsync(db, CancellationToken.None));
            }
            Assert.Equal(2, duringWrite);
            Assert.Equal([0, 0, 0, 0], afterwards);
        }
        finally
        {
            foreach (var db in readers)
            {
                await db.DisposeAsync();
            }
        }

        static async Task<long> TempStoreAsync(BillingDbContext db, CancellationToken token) =>
            (await db.Database.SqlQueryRaw<long>("SELECT temp_store AS \"Value\" FROM pragma_temp_store").ToListAsync(token)).Single();
    }

    private Task<Customer> CreateAsync(string name, string? invoicePrefix) =>
        app.CreateCustomerAsync(new CustomerInput { Name = name, Email = $"{name.Replace(' ', '.').ToLowerInvariant()}@batch.example", InvoicePrefix = invoicePrefix });

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            Assert.True(waited < 10_000, "The writes did not queue up within 10 s.");
            await Task.Delay(10);
        }
    }
}
