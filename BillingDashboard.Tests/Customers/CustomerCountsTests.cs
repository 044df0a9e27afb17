using BillingDashboard.Data.Seeding;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.Customers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Customers;

/// <summary>
/// The counts the Customers page shows under its list filters come from counters the store keeps as customers
/// change (Features/Customers/CustomerCounts.cs): after a seed, adds, edits, balance changes and deletes, every
/// combination of those filters must count exactly the customers that the list itself matches.
/// </summary>
public sealed class CustomerCountsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task CountAsync_EveryCombinationOfTheListFilters_CountsExactlyTheCustomersTheListMatches_AfterEveryKindOfChange()
    {
        await app.InScopeAsync(services => services.GetRequiredService<CustomerBulkLoader>().LoadAsync(400, new SyntheticCustomers(7)));
        var added = new List<Customer>();
        string?[] currencies = [null, "eur", "usd"];
        string[] countries = ["DE", "US", "FR"];
        string[] taxStatuses = ["none", "exempt", "reverse"];
        for (var index = 0; index < 27; index++)
        {
            added.Add(await app.CreateCustomerAsync(new CustomerInput
            {
                Name = $"Counted {index}",
                Email = $"counted{index}@counts.example",
                Currency = currencies[index % 3],
                Address = new AddressInput(null, null, null, null, null, countries[index / 3 % 3]),
                TaxExempt = taxStatuses[index / 9],
                TaxIds = index % 4 == 0 ? [new TaxIdInput("eu_vat", $"DE{123456780 + index}")] : null,
            }));
        }
        await app.InScopeAsync(async services =>
        {
            var customers = services.GetRequiredService<CustomerService>();
            foreach (var customer in added.Where((_, index) => index % 5 == 1))
            {
                await customers.UpdateAsync(customer.Id, new CustomerInput { Address = new AddressInput(null, null, null, null, null, "US"), TaxExempt = "exempt" }, expectedVersion: null);
            }
            await customers.DeleteManyAsync([.. added.Where((_, index) => index % 7 == 3).Select(customer => customer.Id)]);
            return 0;
        });
        await using (var db = await app.OpenDatabaseAsync())
        {
            var withBalance = added.Where((_, index) => index % 3 == 2).Select(customer => customer.Id).ToList();
            await db.Customers.Where(customer => withBalance.Contains(customer.Id)).ExecuteUpdateAsync(setters => setters.SetProperty(customer => customer.Balance, -500));
        }

        var wrong = new List<string>();
        await app.InScopeAsync(async services =>
        {
            var customers = services.GetRequiredService<CustomerService>();
            await using var db = await app.OpenDatabaseAsync();
            foreach (var currency in currencies)
            foreach (var country in new string?[] { null, "DE", "US" })
            foreach (var taxExempt in new TaxExempt?[] { null, TaxExempt.Exempt, TaxExempt.Reverse, TaxExempt.None })
            foreach (var hasBalance in new bool?[] { null, true, false })
            foreach (var hasTaxId in new bool?[] { null, true, false })
            {
                var query = new CustomerQuery { Currency = currency, Country = country, TaxExempt = taxExempt, HasBalance = hasBalance, HasTaxId = hasTaxId };
                var counted = await customers.CountAsync(query);
                var matching = await db.Customers.Filter(db, query).CountAsync();
                if (counted != new CustomerCount(matching, IsExact: true))
                {
                    wrong.Add($"{query.ToQueryString()}: counted {counted.Count}, the list matches {matching}");
                }
            }
            return 0;
        });

        Assert.Empty(wrong);
    }
}
