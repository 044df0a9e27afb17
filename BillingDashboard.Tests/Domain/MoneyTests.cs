using System.Globalization;
using BillingDashboard.Domain;

namespace BillingDashboard.Tests.Domain;

public sealed class MoneyTests
{
    [Theory]
    [InlineData(123456, "eur", "1234.56")]
    [InlineData(1235, "jpy", "1235")]
    [InlineData(-500, "usd", "-5.00")]
    [InlineData(1234567, "kwd", "1234.567")]
    public void ToInvariantString_UsesTheCurrencyExponent(long minorUnits, string currency, string expected) =>
        Assert.Equal(expected, Money.Of(minorUnits, currency).ToInvariantString());

    [Fact]
    public void Format_German_PutsTheEuroAfter() =>
        Assert.Equal("1.234,56 €", Money.Of(123456, "eur").Format(CultureInfo.GetCultureInfo("de-DE")));

    [Fact]
    public void Format_Japanese_YenWithoutDecimals() =>
        Assert.Equal("¥1,235", Money.Of(1235, "jpy").Format(CultureInfo.GetCultureInfo("ja-JP")));

    [Fact]
    public void Format_UsEnglish_Dollars() =>
        Assert.Equal("$1,234.56", Money.Of(123456, "usd").Format(CultureInfo.GetCultureInfo("en-US")));

    [Theory]
    [InlineData(31800, "eur", "€318.00")]
    [InlineData(1200, "brl", "R$12.00")]
    [InlineData(5000, "krw", "₩5,000")]
    [InlineData(1200, "cad", "CA$12.00")]
    [InlineData(500, "usd", "$5.00")]
    [InlineData(1200, "chf", "CHF 12.00")]
    [InlineData(-1200, "chf", "-CHF 12.00")]
    [InlineData(-250, "gbp", "-£2.50")]
    public void Format_UsEnglish_AsTheHostedDashboardShowsIt(long minorUnits, string currency, string expected) =>
        Assert.Equal(expected, Money.Of(minorUnits, currency).Format(CultureInfo.GetCultureInfo("en-US")));

    [Theory]
    [InlineData("10", "eur", 1000)]
    [InlineData("10.5", "eur", 1050)]
    [InlineData("1,234.56", "usd", 123456)]
    [InlineData("-3", "jpy", -3)]
    public void TryParseMajor_Valid_GivesMinorUnits(string text, string currency, long expected)
    {
        Assert.True(Money.TryParseMajor(text, Currencies.Get(currency), out var minorUnits));
        Assert.Equal(expected, minorUnits);
    }

    [Theory]
    [InlineData("10.001", "eur")]
    [InlineData("1.5", "jpy")]
    [InlineData("ten", "eur")]
    [InlineData("", "eur")]
    public void TryParseMajor_TooPreciseOrNotANumber_IsRefused(string text, string currency) =>
        Assert.False(Money.TryParseMajor(text, Currencies.Get(currency), out _));
}
