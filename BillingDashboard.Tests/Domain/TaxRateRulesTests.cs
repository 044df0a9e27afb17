using BillingDashboard.Domain;
using BillingDashboard.Domain.Tax;

namespace BillingDashboard.Tests.Domain;

public sealed class TaxRateRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_FourDecimals_IsKeptExactly()
    {
        var rate = TaxRateRules.Create("txr_test", Now, new TaxRateInput { DisplayName = "Sales tax", Percentage = "8.8750", Country = "us", Jurisdiction = "NY" });

        Assert.Equal(8.875m, rate.Percentage);
        Assert.Equal("US", rate.Country);
        Assert.Equal("Sales tax 8.875% (exclusive)", rate.Describe());
    }

    [Theory]
    [InlineData("12.34567")]
    [InlineData("100.5")]
    [InlineData("-1")]
    [InlineData("abc")]
    public void Create_BadPercentage_IsRefused(string percentage)
    {
        var errors = Assert.Throws<ValidationFailedException>(() =>
            TaxRateRules.Create("txr_test", Now, new TaxRateInput { DisplayName = "VAT", Percentage = percentage })).Errors;

        Assert.Equal("percentage", Assert.Single(errors).Field);
    }

    [Fact]
    public void Create_NoName_IsRefused() =>
        Assert.Contains(Assert.Throws<ValidationFailedException>(() => TaxRateRules.Create("txr_test", Now, new TaxRateInput { Percentage = "19" })).Errors,
            error => error.Field == "display_name");

    [Fact]
    public void Update_Percentage_IsRefused()
    {
        var rate = TaxRateRules.Create("txr_test", Now, new TaxRateInput { DisplayName = "VAT", Percentage = "19" });

        Assert.Throws<ValidationFailedException>(() => TaxRateRules.Update(rate, new TaxRateInput { Percentage = "20" }));
        Assert.Equal(19m, rate.Percentage);
    }

    [Fact]
    public void Update_Archive_OnlyChangesActive()
    {
        var rate = TaxRateRules.Create("txr_test", Now, new TaxRateInput { DisplayName = "VAT", Percentage = "19" });

        TaxRateRules.Update(rate, new TaxRateInput { Active = false });

        Assert.False(rate.Active);
        Assert.Equal("VAT", rate.DisplayName);
    }
}
