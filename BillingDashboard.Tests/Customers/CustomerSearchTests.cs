using BillingDashboard.Data;
using BillingDashboard.Data.Seeding;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Customers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Customers;

/// <summary>A substring search alone is read newest first and counted straight from the search index: the same rows, pages and count as any other query.</summary>
public abstract class CustomerSearchTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AppFactory
{
    private Task<T> WithCustomersAsync<T>(Func<CustomerService, Task<T>> work) =>
        app.InScopeAsync(services => work(services.GetRequiredService<CustomerService>()));

    [Fact]
    public async Task ASearchAlone_PagesNewestFirst_WithoutDeletedCustomers()
    {
        var created = new List<Customer>();
        for (var index = 0; index < 30; index++)
        {
            created.Add(await app.CreateCustomerAsync(new CustomerInput { Name = $"Qorvath {index:D2}", Email = $"q{index}@qorvath.example" }));
        }
        await WithCustomersAsync(customers => customers.DeleteManyAsync([.. created.Skip(25).Select(customer => customer.Id)]));
        var newestFirst = created.Take(25).Reverse().Select(customer => customer.Name).ToList();

        var first = await WithCustomersAsync(customers => customers.ListAsync(new CustomerQuery { Search = "orvat", PageSize = 10 }));
        var third = await WithCustomersAsync(customers => customers.ListAsync(new CustomerQuery { Search = "orvat", PageSize = 10, Page = 3 }));
        var filtered = await WithCustomersAsync(customers => customers.ListAsync(new CustomerQuery { Search = "orvat", PageSize = 10, Page = 3, Currency = "eur" }));

        Assert.Equal(newestFirst[..10], first.Rows.Select(row => row.Name));
        Assert.True(first.HasMore);
        Assert.Equal(newestFirst[20..], third.Rows.Select(row => row.Name));
        Assert.False(third.HasMore);
        Assert.Empty(filtered.Rows);
        Assert.Equal(new CustomerCount(25, IsExact: true), await WithCustomersAsync(customers => customers.CountAsync(new CustomerQuery { Search = "orvat" })));
        Assert.Empty((await WithCustomersAsync(customers => customers.ListAsync(new CustomerQuery { Search = "orv%t" }))).Rows);

        // % and _ are characters like any other; and a page small enough to be found among the newest entries alone.
        var offer = await app.CreateCustomerAsync(new CustomerInput { Name = "Qorvath 50%_off", Email = "offer@qorvath.example" });
        var literal = await WithCustomersAsync(customers => customers.ListAsync(new CustomerQuery { Search = "50%_o" }));
        var newest = await WithCustomersAsync(customers => customers.ListAsync(new CustomerQuery { Search = "orvat", PageSize = 1 }));
        var second = await WithCustomersAsync(customers => customers.ListAsync(new CustomerQuery { Search = "orvat", PageSize = 1, Page = 2 }));

        Assert.Equal(offer.Id, Assert.Single(literal.Rows).Id);
        Assert.Equal([offer.Id, created[24].Id], [Assert.Single(newest.Rows).Id, Assert.Single(second.Rows).Id]);
        Assert.True(second.HasMore);
    }
}

public sealed class CustomerSearchTestsOnSqlite(AppFactory app) : CustomerSearchTests<AppFactory>(app);

public sealed class CustomerSearchTestsOnPostgreSql(PostgreSqlAppFactory app) : CustomerSearchTests<PostgreSqlAppFactory>(app);

/// <summary>
/// PostgreSQL finds a search's newest matches in up to three steps, chosen by how common the pattern is
/// (<see cref="CustomerFilters.NewestSearchMatchesAsync(BillingDashboard.Data.BillingDbContext, string, int, CancellationToken)"/>):
/// whichever step answers, the answer is the one a plain sorted query over every match gives. A first window of 200
/// entries over 12,000 seeded customers takes each step at a size a test can seed.
/// </summary>
public sealed class SearchStepsOnPostgreSqlTests(PostgreSqlAppFactory app) : IClassFixture<PostgreSqlAppFactory>, IAsyncLifetime
{
    private const int FirstWindow = 200;

    public Task InitializeAsync() =>
        app.InScopeAsync(services => services.GetRequiredService<CustomerBulkLoader>().LoadAsync(12_000, new SyntheticCustomers(randomSeed: 11)));

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("crm-", 40, 40)] // in 3 of 10 metadata: the first window holds the page
    [InlineData("crm-", 200, 200)] // too few in the first window, but common enough to read on in row order
    [InlineData("crm-1", 40, 40)] // 3 in 100: the trigram index
    [InlineData("crm-00", 40, 40)] // rarer still, and outside the first window
    [InlineData("nobody-has-this", 40, 0)]
    public async Task NewestMatches_AreThoseOfThePlainSortedQuery(string search, int limit, int expectedCount)
    {
        var (found, expected) = await app.InScopeAsync(async services =>
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<BillingDbContext>>().CreateDbContextAsync();
            var found = await CustomerFilters.NewestSearchMatchesAsync(db, search, limit, FirstWindow, CancellationToken.None);
            var expected = await CustomerFilters.SearchMatches(db, search).OrderByDescending(entry => entry.RowId).Select(entry => entry.RowId)
                .Take(limit).ToListAsync();
            return (found, expected);
        });

        Assert.Equal(expected, found);
        Assert.Equal(expectedCount, found.Count);
    }
}
