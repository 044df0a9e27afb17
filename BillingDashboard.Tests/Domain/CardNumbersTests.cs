using BillingDashboard.Domain.Cards;
using BillingDashboard.Tests.Infrastructure;

namespace BillingDashboard.Tests.Domain;

public sealed class CardNumbersTests
{
    [Theory]
    [InlineData("4242424242424242", "visa")]
    [InlineData("4000056655665556", "visa")]
    [InlineData("5555555555554444", "mastercard")]
    [InlineData("2223003122003222", "mastercard")]
    [InlineData("378282246310005", "amex")]
    [InlineData("371449635398431", "amex")]
    [InlineData("6011111111111117", "discover")]
    [InlineData("3056930009020004", "diners")]
    [InlineData("36227206271667", "diners")]
    [InlineData("3566002020360505", "jcb")]
    [InlineData("6200000000000005", "unionpay")]
    public void TheHostedApisTestNumbers_PassLuhnAndHaveTheirBrand(string number, string brand)
    {
        Assert.True(CardNumbers.PassesLuhn(number));
        Assert.Equal(brand, CardNumbers.Brand(number));
    }

    [Theory]
    [InlineData("4242424242424241")]
    [InlineData("4242424242424224")]
    [InlineData("5555555555554443")]
    public void AMistypedDigitOrSwappedPair_FailsLuhn(string number) => Assert.False(CardNumbers.PassesLuhn(number));

    [Fact]
    public void EveryDocumentedTestCardIsValid()
    {
        foreach (var test in TestPaymentMethods.All.Where(test => !test.IsIban))
        {
            Assert.True(CardNumbers.PassesLuhn(test.Number), test.Number);
            Assert.NotNull(CardNumbers.Brand(test.Number));
        }
        foreach (var test in TestPaymentMethods.All.Where(test => test.IsIban))
        {
            Assert.Null(Iban.Problem(test.Number));
        }
    }

    [Theory]
    [InlineData("FR1420041010050500013M02606", "20041")]
    [InlineData("NL91ABNA0417164300", "ABNA")]
    [InlineData("AT611904300234573201", "19043")]
    public void Iban_PassesMod97AndGivesItsBankCode(string iban, string bankCode)
    {
        Assert.Null(Iban.Problem(iban));
        Assert.Equal(bankCode, Iban.BankCode(iban));
    }

    [Fact]
    public void Fingerprints_DependOnTheKey() =>
        Assert.NotEqual(TestCards.Fingerprints.Of("card", TestCards.Visa),
            new BillingDashboard.Features.Payments.PaymentSecrets(Enumerable.Repeat((byte)7, 32).ToArray()).Of("card", TestCards.Visa));
}
