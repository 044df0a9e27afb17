using BillingDashboard.Domain;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.TaxRates;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.TaxRates;

public sealed class TaxRateServiceTests : IClassFixture<AppFactory>
{
    private readonly AppFactory _app;

    public TaxRateServiceTests(AppFactory app) => _app = app;

    private Task<T> WithRatesAsync<T>(Func<TaxRateService, Task<T>> work) =>
        _app.InScopeAsync(services => work(services.GetRequiredService<TaxRateService>()));

    [Fact]
    public async Task SetArchivedAsync_ArchivedRate_LeavesTheActiveListButIsKept()
    {
        var rate = await WithRatesAsync(rates => rates.CreateAsync(new TaxRateInput { DisplayName = "MwSt", Percentage = "19", Country = "DE", Inclusive = true }));

        await WithRatesAsync(rates => rates.SetArchivedAsync(rate.Id, archived: true, rate.Version));

        Assert.DoesNotContain(await WithRatesAsync(rates => rates.ListAsync(includeArchived: false)), candidate => candidate.Id == rate.Id);
        var archived = Assert.Single(await WithRatesAsync(rates => rates.ListAsync(includeArchived: true)), candidate => candidate.Id == rate.Id);
        Assert.False(archived.Active);
        Assert.Equal((19m, true), (archived.Percentage, archived.Inclusive));
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_IsRefused()
    {
        var rate = await WithRatesAsync(rates => rates.CreateAsync(new TaxRateInput { DisplayName = "GST", Percentage = "5" }));
        await WithRatesAsync(rates => rates.UpdateAsync(rate.Id, new TaxRateInput { Description = "Canada" }, rate.Version));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => WithRatesAsync(rates => rates.SetArchivedAsync(rate.Id, archived: true, rate.Version)));

        Assert.True((await WithRatesAsync(rates => rates.GetAsync(rate.Id))).Active);
    }

    [Fact]
    public async Task Viewer_CannotCreateOrArchive()
    {
        var rate = await WithRatesAsync(rates => rates.CreateAsync(new TaxRateInput { DisplayName = "VAT", Percentage = "20" }));
        var viewer = await _app.CreateViewerAsync("viewer@taxrates.example");

        await Assert.ThrowsAsync<PermissionDeniedException>(() => _app.InScopeAsync(services =>
            services.GetRequiredService<TaxRateService>().CreateAsync(new TaxRateInput { DisplayName = "Sneaky", Percentage = "1" }), viewer));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => _app.InScopeAsync(services =>
            services.GetRequiredService<TaxRateService>().SetArchivedAsync(rate.Id, archived: true, null), viewer));

        Assert.True((await WithRatesAsync(rates => rates.GetAsync(rate.Id))).Active);
    }
}
