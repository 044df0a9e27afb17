using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Customers;
using BillingDashboard.Tests.Infrastructure;
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
