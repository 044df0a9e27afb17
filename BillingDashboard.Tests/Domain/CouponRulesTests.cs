using System.Globalization;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Coupons;

namespace BillingDashboard.Tests.Domain;

public sealed class CouponRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<FieldError> Errors(CouponInput input) =>
        Assert.Throws<ValidationFailedException>(() => CouponRules.Create(input, Now)).Errors;

    [Fact]
    public void Create_TwentyPercentOnce_HasAGeneratedIdAndTerms()
    {
        var coupon = CouponRules.Create(new CouponInput { Name = "Launch", PercentOff = 20m }, Now);

        Assert.Matches("^[A-Z0-9]{8}$", coupon.Id);
        Assert.Equal(CouponDuration.Once, coupon.Duration);
        Assert.Equal("20% off once", coupon.DescribeTerms(CultureInfo.GetCultureInfo("en-US")));
        Assert.True(coupon.IsValidAt(Now));
    }

    [Fact]
    public void Create_AmountOffRepeating_KeepsMinorUnitsAndCurrency()
    {
        var coupon = CouponRules.Create(new CouponInput { Id = "SPRING-5", AmountOff = 500, Currency = "EUR", Duration = "repeating", DurationInMonths = 3 }, Now);

        Assert.Equal("SPRING-5", coupon.Id);
        Assert.Equal("eur", coupon.Currency);
        Assert.Equal("€5.00 off for 3 months", coupon.DescribeTerms(CultureInfo.GetCultureInfo("en-US")));
        Assert.Equal(Now.AddMonths(3), CouponRules.EndOf(coupon, Now));
    }

    [Fact]
    public void Create_BothPercentAndAmount_IsRefused() =>
        Assert.Contains(Errors(new CouponInput { PercentOff = 10m, AmountOff = 100, Currency = "usd" }), error => error.Field == "percent_off");

    [Fact]
    public void Create_NeitherPercentNorAmount_IsRefused() =>
        Assert.Contains(Errors(new CouponInput { Name = "Nothing off" }), error => error.Field == "percent_off");

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("100.01")]
    [InlineData("12.345")]
    public void Create_PercentOutOfRangeOrTooPrecise_IsRefused(string percent) =>
        Assert.Contains(Errors(new CouponInput { PercentOff = decimal.Parse(percent, CultureInfo.InvariantCulture) }), error => error.Field == "percent_off");

    [Theory]
    [InlineData("100")]
    [InlineData("0.01")]
    [InlineData("12.5")]
    public void Create_PercentInRange_IsAccepted(string percent) =>
        CouponRules.Create(new CouponInput { PercentOff = decimal.Parse(percent, CultureInfo.InvariantCulture) }, Now);

    [Fact]
    public void Create_AmountOffWithoutCurrency_IsRefused() =>
        Assert.Contains(Errors(new CouponInput { AmountOff = 500 }), error => error.Field == "currency");

    [Fact]
    public void Create_PercentWithCurrency_IsRefused() =>
        Assert.Contains(Errors(new CouponInput { PercentOff = 10m, Currency = "eur" }), error => error.Field == "currency");

    [Fact]
    public void Create_RepeatingWithoutMonths_IsRefused() =>
        Assert.Contains(Errors(new CouponInput { PercentOff = 10m, Duration = "repeating" }), error => error.Field == "duration_in_months");

    [Theory]
    [InlineData("once")]
    [InlineData("forever")]
    public void Create_MonthsWithoutRepeating_IsRefused(string duration) =>
        Assert.Contains(Errors(new CouponInput { PercentOff = 10m, Duration = duration, DurationInMonths = 3 }), error => error.Field == "duration_in_months");

    [Fact]
    public void Create_ZeroMaxRedemptions_IsRefused() =>
        Assert.Contains(Errors(new CouponInput { PercentOff = 10m, MaxRedemptions = 0 }), error => error.Field == "max_redemptions");

    [Fact]
    public void Create_RedeemByInThePast_IsRefused() =>
        Assert.Contains(Errors(new CouponInput { PercentOff = 10m, RedeemBy = Now.AddMinutes(-1) }), error => error.Field == "redeem_by");

    [Fact]
    public void Create_BadIdAndLongName_AreBothReported()
    {
        var errors = Errors(new CouponInput { Id = "has space", Name = new string('n', 41), PercentOff = 10m });

        Assert.Contains(errors, error => error.Field == "id");
        Assert.Contains(errors, error => error.Field == "name");
    }

    [Fact]
    public void Update_NameAndMetadata_Change()
    {
        var coupon = CouponRules.Create(new CouponInput { PercentOff = 10m, Metadata = new Dictionary<string, string?> { ["campaign"] = "fall" } }, Now);

        CouponRules.Update(coupon, new CouponInput { Name = "Fall sale", Metadata = new Dictionary<string, string?> { ["campaign"] = "", ["owner"] = "ops" } });

        Assert.Equal("Fall sale", coupon.Name);
        Assert.Equal(new Dictionary<string, string> { ["owner"] = "ops" }, coupon.Metadata);
    }

    [Fact]
    public void Update_Terms_AreRefusedAndNothingChanges()
    {
        var coupon = CouponRules.Create(new CouponInput { Name = "Ten", PercentOff = 10m }, Now);

        var errors = Assert.Throws<ValidationFailedException>(() => CouponRules.Update(coupon, new CouponInput { Name = "Twenty", PercentOff = 20m })).Errors;

        Assert.Equal("percent_off", Assert.Single(errors).Field);
        Assert.Equal("Ten", coupon.Name);
        Assert.Equal(10m, coupon.PercentOff);
    }

    [Fact]
    public void WhyNotRedeemable_PastRedeemBy_SaysUntilWhen()
    {
        var coupon = CouponRules.Create(new CouponInput { Id = "LATE", PercentOff = 10m, RedeemBy = Now.AddDays(1) }, Now);

        Assert.Null(CouponRules.WhyNotRedeemable(coupon, Now, null));
        Assert.Contains("could be redeemed until", CouponRules.WhyNotRedeemable(coupon, Now.AddDays(1), null), StringComparison.Ordinal);
        Assert.False(coupon.IsValidAt(Now.AddDays(2)));
    }

    [Fact]
    public void WhyNotRedeemable_MaxRedemptionsReached_SaysSo()
    {
        var coupon = CouponRules.Create(new CouponInput { Id = "TWICE", PercentOff = 10m, MaxRedemptions = 2 }, Now);
        coupon.TimesRedeemed = 2;

        Assert.Equal("Coupon TWICE has been redeemed 2 of 2 times, its maximum.", CouponRules.WhyNotRedeemable(coupon, Now, null));
    }

    [Fact]
    public void WhyNotRedeemable_AmountOffInAnotherCurrency_IsRefusedButAPercentIsNot()
    {
        var euros = CouponRules.Create(new CouponInput { Id = "FIVE-EUR", AmountOff = 500, Currency = "eur" }, Now);
        var percent = CouponRules.Create(new CouponInput { Id = "TEN", PercentOff = 10m }, Now);

        Assert.Contains("billed in USD", CouponRules.WhyNotRedeemable(euros, Now, "usd"), StringComparison.Ordinal);
        Assert.Null(CouponRules.WhyNotRedeemable(euros, Now, "eur"));
        Assert.Null(CouponRules.WhyNotRedeemable(percent, Now, "usd"));
    }

    [Fact]
    public void WhyNotRedeemable_Deleted_SaysSo()
    {
        var coupon = CouponRules.Create(new CouponInput { Id = "GONE", PercentOff = 10m }, Now);
        coupon.DeletedAt = Now;

        Assert.Contains("was deleted", CouponRules.WhyNotRedeemable(coupon, Now, null), StringComparison.Ordinal);
    }
}
