using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.TaxIds;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.TaxIds;

public abstract class TaxIdServiceTests<TApp> : IClassFixture<TApp> where TApp : AppFactory
{
    private readonly TApp _app;

    protected TaxIdServiceTests(TApp app) => _app = app;

    private Task<T> WithTaxIdsAsync<T>(Func<TaxIdService, Task<T>> work) =>
        _app.InScopeAsync(services => work(services.GetRequiredService<TaxIdService>()));

    private Task<Customer> CreateCustomerAsync(string name, IReadOnlyList<TaxIdInput>? taxIds = null) =>
        _app.CreateCustomerAsync(new CustomerInput { Name = name, Email = $"{name.Replace(' ', '.')}@taxids.example", TaxIds = taxIds });

    [Fact]
    public async Task AddAsync_TypedVatNumber_IsStoredNormalisedAndUnverified()
    {
        var customer = await CreateCustomerAsync("Vat Vera");

        var added = await WithTaxIdsAsync(taxIds => taxIds.AddAsync(customer.Id, new TaxIdInput("eu_vat", "nl 123456789 b01")));

        Assert.StartsWith("txi_", added.Id, StringComparison.Ordinal);
        var stored = Assert.Single(await WithTaxIdsAsync(taxIds => taxIds.ListAsync(customer.Id)));
        Assert.Equal(("eu_vat", "NL123456789B01", "NL", TaxIdVerification.Unverified), (stored.Type, stored.Value, stored.Country, stored.Verification));
    }

    [Fact]
    public async Task AddAsync_SameNumberAgain_IsRefused()
    {
        var customer = await CreateCustomerAsync("Twice Tom");
        await WithTaxIdsAsync(taxIds => taxIds.AddAsync(customer.Id, new TaxIdInput("gb_vat", "GB123456789")));

        var refusal = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            WithTaxIdsAsync(taxIds => taxIds.AddAsync(customer.Id, new TaxIdInput("gb_vat", "gb 123 456 789"))));

        Assert.Contains("already has", refusal.Message, StringComparison.Ordinal);
        Assert.Single(await WithTaxIdsAsync(taxIds => taxIds.ListAsync(customer.Id)));
    }

    [Fact]
    public async Task CreateAsync_WithTaxIds_StoresThemAndAnInvalidOneRefusesTheWholeCustomer()
    {
        var customer = await CreateCustomerAsync("Created With Ids", [new TaxIdInput("us_ein", "123456789"), new TaxIdInput("eu_vat", "DE123456789")]);

        Assert.Equal(["12-3456789", "DE123456789"], (await WithTaxIdsAsync(taxIds => taxIds.ListAsync(customer.Id))).Select(taxId => taxId.Value).Order());

        var refusal = await Assert.ThrowsAsync<ValidationFailedException>(() => CreateCustomerAsync("Bad Id Bob", [new TaxIdInput("eu_vat", "DE1234")]));
        Assert.Equal("tax_id[value]", refusal.Field);
        var found = await _app.InScopeAsync(services => services.GetRequiredService<CustomerService>().FindByEmailAsync("Bad.Id.Bob@taxids.example"));
        Assert.Empty(found);
    }

    [Fact]
    public async Task RemoveAsync_TakesTheTaxIdOff()
    {
        var customer = await CreateCustomerAsync("Removing Ruth", [new TaxIdInput("au_abn", "12 345 678 912")]);
        var taxId = Assert.Single(await WithTaxIdsAsync(taxIds => taxIds.ListAsync(customer.Id)));

        await WithTaxIdsAsync(async taxIds => { await taxIds.RemoveAsync(customer.Id, taxId.Id); return 0; });

        Assert.Empty(await WithTaxIdsAsync(taxIds => taxIds.ListAsync(customer.Id)));
        Assert.Equal(0, (await _app.GetCustomerAsync(customer.Id)).TaxIdCount);
    }

    [Fact]
    public async Task HasTaxIdFilter_FindsOnlyCustomersWithOrWithout()
    {
        var with = await CreateCustomerAsync("Filter With", [new TaxIdInput("ca_bn", "123456789")]);
        var without = await CreateCustomerAsync("Filter Without");

        var (withRows, withoutRows) = await _app.InScopeAsync(async services =>
        {
            var customers = services.GetRequiredService<CustomerService>();
            return ((await customers.ListAsync(new CustomerQuery { Search = "Filter", HasTaxId = true })).Rows,
                (await customers.ListAsync(new CustomerQuery { Search = "Filter", HasTaxId = false })).Rows);
        });

        Assert.Equal([with.Id], withRows.Select(row => row.Id));
        Assert.Equal([without.Id], withoutRows.Select(row => row.Id));
        Assert.Equal("?q=Filter&has_tax_id=true", new CustomerQuery { Search = "Filter", HasTaxId = true }.ToQueryString());
        Assert.Equal(true, CustomerQuery.Parse("?has_tax_id=true").HasTaxId);
    }

    [Fact]
    public async Task Viewer_CannotAddOrRemove()
    {
        var customer = await CreateCustomerAsync("Viewer Tax", [new TaxIdInput("za_vat", "4123456789")]);
        var taxId = Assert.Single(await WithTaxIdsAsync(taxIds => taxIds.ListAsync(customer.Id)));
        var viewer = await _app.CreateViewerAsync("viewer@taxids.example");

        await Assert.ThrowsAsync<PermissionDeniedException>(() => _app.InScopeAsync(services =>
            services.GetRequiredService<TaxIdService>().AddAsync(customer.Id, new TaxIdInput("eu_vat", "DE123456789")), viewer));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => _app.InScopeAsync(async services =>
        {
            await services.GetRequiredService<TaxIdService>().RemoveAsync(customer.Id, taxId.Id);
            return 0;
        }, viewer));

        Assert.Equal([taxId.Id], (await WithTaxIdsAsync(taxIds => taxIds.ListAsync(customer.Id))).Select(stored => stored.Id));
    }
}

public sealed class TaxIdServiceTestsOnSqlite(AppFactory app) : TaxIdServiceTests<AppFactory>(app);

public sealed class TaxIdServiceTestsOnPostgreSql(PostgreSqlAppFactory app) : TaxIdServiceTests<PostgreSqlAppFactory>(app);
