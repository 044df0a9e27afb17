using BillingDashboard.Data.Seeding;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Balance;
using BillingDashboard.Domain.Cards;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.Customers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Customers;

public abstract class CustomerSeedingTests<TApp> : IClassFixture<TApp> where TApp : AppFactory
{
    private readonly TApp _app;

    protected CustomerSeedingTests(TApp app) => _app = app;

    [Fact]
    public async Task SeededCustomers_ReadBackThroughEfCore()
    {
        var result = await _app.InScopeAsync(services =>
            services.GetRequiredService<CustomerBulkLoader>().LoadAsync(2_000, new SyntheticCustomers(randomSeed: 7)));
        var again = await _app.InScopeAsync(services =>
            services.GetRequiredService<CustomerBulkLoader>().LoadAsync(500, new SyntheticCustomers(randomSeed: 8)));

        await using var db = await _app.OpenDatabaseAsync();
        var customers = await db.Customers.AsNoTracking().OrderBy(customer => customer.Sequence).ToListAsync();
        Assert.Equal(2_000, result.Customers);
        Assert.Equal(2_500, customers.Count);
        Assert.Equal(500, again.Customers);
        Assert.All(customers, customer => Assert.StartsWith("cus_", customer.Id, StringComparison.Ordinal));
        Assert.Equal(customers.Count, customers.Select(customer => customer.InvoicePrefix).Distinct().Count());
        // Row order is creation order, across both runs.
        Assert.Equal(customers.Select(customer => customer.Created).Order(), customers.Select(customer => customer.Created));
        Assert.Contains(customers, customer => customer.Metadata.ContainsKey("plan"));
        Assert.Contains(customers, customer => customer.Shipping is { Name.Length: > 0 });
        Assert.Contains(customers, customer => customer.Balance != 0 && customer.Currency is not null);
        Assert.Contains(customers, customer => customer.PreferredLocales.Count == 1);
        Assert.Contains(customers, customer => customer.Name!.Any(character => character > 0x3000)); // Han, Kana or Hangul
        Assert.Contains(customers, customer => customer.TaxExempt == TaxExempt.Reverse);
        Assert.All(customers, customer => Assert.True(customer.Balance == 0 || customer.Currency is not null));

        // Every balance is its ledger's sum: one opening entry each.
        var ledger = await db.BalanceTransactions.AsNoTracking().ToListAsync();
        var withBalance = customers.Where(customer => customer.Balance != 0).ToList();
        Assert.Equal(withBalance.Count, ledger.Count);
        Assert.All(withBalance, customer =>
        {
            var entry = Assert.Single(ledger, candidate => candidate.CustomerId == customer.Id);
            Assert.Equal((customer.Balance, customer.Balance, customer.Currency), (entry.Amount, entry.EndingBalance, entry.Currency));
            Assert.Equal(BalanceTransactionType.Initial, entry.Type);
        });

        // Seeded tax IDs pass the same format checks as typed ones.
        var taxIds = await db.TaxIds.AsNoTracking().ToListAsync();
        Assert.NotEmpty(taxIds);
        Assert.All(taxIds, taxId => Assert.Equal(new NormalizedTaxId(taxId.Type, taxId.Value, taxId.Country), TaxIdFormats.Validate(taxId.Type, taxId.Value)));
        Assert.Equal(taxIds.Count, taxIds.Select(taxId => taxId.Id).Distinct().Count());
        Assert.All(customers, customer => Assert.Equal(taxIds.Count(taxId => taxId.CustomerId == customer.Id), customer.TaxIdCount));

        // Seeded default sources are attached, chargeable and their customer's; their charges obey the same rules as
        // made ones: amounts within the currency's limits, SEPA in euros, declined exactly where the test value says.
        var sources = await db.Sources.AsNoTracking().ToDictionaryAsync(source => source.Id);
        var withDefault = customers.Where(customer => customer.DefaultSourceId is not null).ToList();
        Assert.NotEmpty(withDefault);
        Assert.Equal(withDefault.Count, sources.Count);
        Assert.All(withDefault, customer =>
        {
            var source = sources[customer.DefaultSourceId!];
            Assert.Equal((customer.Id, true, SourceStatus.Chargeable), (source.CustomerId, source.IsAttached, source.Status));
            Assert.True(source.Type == SourceType.Card || source.Currency == "eur");
        });
        var charges = await db.Charges.AsNoTracking().OrderBy(charge => charge.Sequence).ToListAsync();
        Assert.Equal(2 * sources.Count, charges.Count);
        Assert.Equal(charges.Select(charge => charge.Created).Order(), charges.Select(charge => charge.Created));
        Assert.Contains(charges, charge => charge.Status == ChargeStatus.Failed);
        Assert.All(charges, charge =>
        {
            var source = sources[charge.SourceId!];
            var errors = new List<FieldError>();
            ChargeRules.CheckAmount(charge.Amount, Currencies.Get(charge.Currency), "amount", errors);
            Assert.Empty(errors);
            Assert.Equal(TestPaymentMethods.FailureOnCharge(source.TestOutcome, source.IsExpiredAt(charge.Created))?.Code, charge.FailureCode);
            Assert.Equal(charge.Paid, charge.Captured);
            Assert.Equal(charge.FailureCode is null ? ChargeStatus.Succeeded : ChargeStatus.Failed, charge.Status);
        });

        // The app's own next customer follows the seeded ones.
        var next = await _app.CreateCustomerAsync(new CustomerInput { Name = "After Seeding", Email = "after@seeding.example" });
        Assert.True(next.Sequence > customers[^1].Sequence);
    }

    [Fact]
    public async Task SeededCustomers_AreInTheSearchIndexAndTheIndexesAreBack()
    {
        await _app.InScopeAsync(services => services.GetRequiredService<CustomerBulkLoader>().LoadAsync(300, new SyntheticCustomers(randomSeed: 9)));
        await using var db = await _app.OpenDatabaseAsync();
        var sample = await db.Customers.AsNoTracking().OrderByDescending(customer => customer.Sequence).Skip(17).FirstAsync();

        var found = await _app.InScopeAsync(services => services.GetRequiredService<CustomerService>()
            .ListAsync(new CustomerQuery { Search = sample.Email![1..6] }));

        Assert.Contains(found.Rows, row => row.Id == sample.Id);
        var objects = await db.Database.SqlQueryRaw<string>(db.Database.IsNpgsql()
            ? """
              SELECT indexname AS "Value" FROM pg_indexes WHERE tablename = 'Customers'
              UNION ALL SELECT tgname FROM pg_trigger WHERE tgrelid = '"Customers"'::regclass AND NOT tgisinternal AND tgenabled <> 'D'
              """
            : "SELECT name AS Value FROM sqlite_master WHERE tbl_name = 'Customers' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name").ToListAsync();
        Assert.Contains(db.Database.IsNpgsql() ? "Customers_Search" : "Customers_Search_Insert", objects);
        Assert.Contains("IX_Customers_Email", objects);
        Assert.Contains("IX_Customers_InvoicePrefix", objects);
    }
}

public sealed class CustomerSeedingTestsOnSqlite(AppFactory app) : CustomerSeedingTests<AppFactory>(app);

public sealed class CustomerSeedingTestsOnPostgreSql(PostgreSqlAppFactory app) : CustomerSeedingTests<PostgreSqlAppFactory>(app);
