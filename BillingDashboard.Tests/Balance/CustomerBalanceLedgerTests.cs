using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Balance;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Balance;

public abstract class CustomerBalanceLedgerTests<TApp> : IClassFixture<TApp> where TApp : AppFactory
{
    private readonly TApp _app;

    protected CustomerBalanceLedgerTests(TApp app) => _app = app;

    private Task<Customer> CreateAsync(string name, string? currency = null) =>
        _app.CreateCustomerAsync(new CustomerInput { Name = name, Email = $"{name.Replace(' ', '.')}@ledger.example", Currency = currency });

    private Task AdjustAsync(string customerId, long amount, string? currency = null, string? description = null) =>
        _app.InScopeAsync(services => services.GetRequiredService<CustomerBalanceService>().AdjustAsync(customerId, amount, currency, description));

    /// <summary>The invariant: the stored balance is the ledger's sum, and each entry's ending balance is the running sum.</summary>
    private async Task AssertBalanceIsTheLedgerSumAsync(string customerId, long expected)
    {
        await using var db = await _app.OpenDatabaseAsync();
        var entries = await db.BalanceTransactions.AsNoTracking().Where(entry => entry.CustomerId == customerId).OrderBy(entry => entry.Sequence).ToListAsync();
        var customer = await _app.GetCustomerAsync(customerId);
        Assert.Equal(expected, customer.Balance);
        Assert.Equal(expected, entries.Sum(entry => entry.Amount));
        var running = 0L;
        foreach (var entry in entries)
        {
            running += entry.Amount;
            Assert.Equal(running, entry.EndingBalance);
        }
    }

    [Fact]
    public async Task AdjustAsync_FirstCredit_LocksTheCurrencyWithTheBalanceReason()
    {
        var customer = await CreateAsync("First Credit");

        await AdjustAsync(customer.Id, -1_000, "eur", "Goodwill");

        var saved = await _app.GetCustomerAsync(customer.Id);
        Assert.Equal("eur", saved.Currency);
        Assert.Equal(CurrencyLockReason.Balance, saved.CurrencyLockedBy);
        Assert.Equal("the customer has a credit balance in it", saved.DescribeLock());
        await AssertBalanceIsTheLedgerSumAsync(customer.Id, -1_000);
    }

    [Fact]
    public async Task AdjustAsync_AnySequence_BalanceIsTheLedgerSum()
    {
        var customer = await CreateAsync("Many Adjustments", "usd");
        long[] amounts = [-5_000, 1_250, 999, -1, 20_000, -17_248, 3];

        foreach (var amount in amounts)
        {
            await AdjustAsync(customer.Id, amount);
        }

        await AssertBalanceIsTheLedgerSumAsync(customer.Id, amounts.Sum());
    }

    [Fact]
    public async Task AdjustAsync_ManyAtOnce_NoneIsLostAndTheSumHolds()
    {
        var customer = await CreateAsync("Concurrent Adjustments", "gbp");
        var amounts = Enumerable.Range(1, 24).Select(index => index % 3 == 0 ? -index * 100L : index * 37L).ToArray();

        await Task.WhenAll(amounts.Select(amount => Task.Run(() => AdjustAsync(customer.Id, amount))));

        await AssertBalanceIsTheLedgerSumAsync(customer.Id, amounts.Sum());
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(amounts.Length, await db.BalanceTransactions.CountAsync(entry => entry.CustomerId == customer.Id));
    }

    [Fact]
    public async Task AdjustAsync_OtherCurrencyThanTheLockedOne_IsRefusedAndNothingIsWritten()
    {
        var customer = await CreateAsync("Locked Dollars", "usd");
        await AdjustAsync(customer.Id, -500);

        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => AdjustAsync(customer.Id, -500, "eur"));

        Assert.Contains("can't change", refusal.Message, StringComparison.Ordinal);
        await AssertBalanceIsTheLedgerSumAsync(customer.Id, -500);
    }

    [Fact]
    public async Task AdjustAsync_ZeroOrNoCurrency_IsRefused()
    {
        var customer = await CreateAsync("No Currency Yet");

        Assert.Equal("amount", (await Assert.ThrowsAsync<ValidationFailedException>(() => AdjustAsync(customer.Id, 0, "eur"))).Field);
        Assert.Equal("currency", (await Assert.ThrowsAsync<ValidationFailedException>(() => AdjustAsync(customer.Id, -100))).Field);
        Assert.Null((await _app.GetCustomerAsync(customer.Id)).Currency);
    }

    [Fact]
    public async Task ListAsync_NewestFirst_PagesByOlderThan()
    {
        var customer = await CreateAsync("Paged Ledger", "eur");
        for (var index = 1; index <= 5; index++)
        {
            await AdjustAsync(customer.Id, index, description: $"entry {index}");
        }

        var (first, second) = await _app.InScopeAsync(async services =>
        {
            var ledger = services.GetRequiredService<CustomerBalanceService>();
            var newest = await ledger.ListAsync(customer.Id, limit: 3);
            return (newest, await ledger.ListAsync(customer.Id, limit: 3, olderThanSequence: newest.Entries[^1].Sequence));
        });

        Assert.Equal(["entry 5", "entry 4", "entry 3"], first.Entries.Select(entry => entry.Description));
        Assert.True(first.HasMore);
        Assert.Equal(["entry 2", "entry 1"], second.Entries.Select(entry => entry.Description));
        Assert.False(second.HasMore);
    }

    [Fact]
    public async Task AdjustAsync_Viewer_IsRefused()
    {
        var customer = await CreateAsync("Viewer Ledger", "eur");
        var viewer = await _app.CreateViewerAsync("viewer@ledger.example");

        await Assert.ThrowsAsync<PermissionDeniedException>(() => _app.InScopeAsync(services =>
            services.GetRequiredService<CustomerBalanceService>().AdjustAsync(customer.Id, -100, null, null), viewer));

        await AssertBalanceIsTheLedgerSumAsync(customer.Id, 0);
    }
}

public sealed class CustomerBalanceLedgerTestsOnSqlite(AppFactory app) : CustomerBalanceLedgerTests<AppFactory>(app);

public sealed class CustomerBalanceLedgerTestsOnPostgreSql(PostgreSqlAppFactory app) : CustomerBalanceLedgerTests<PostgreSqlAppFactory>(app);
