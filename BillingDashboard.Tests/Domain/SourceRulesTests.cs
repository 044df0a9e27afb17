using BillingDashboard.Domain;
using BillingDashboard.Domain.Cards;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Tests.Infrastructure;

namespace BillingDashboard.Tests.Domain;

public sealed class SourceRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static Source Create(SourceInput input) => SourceRules.Create("src_1", Now, input, TestCards.Fingerprints);

    private static IReadOnlyList<FieldError> Errors(SourceInput input) => Assert.Throws<ValidationFailedException>(() => Create(input)).Errors;

    [Fact]
    public void Create_Card_KeepsOnlyWhatIdentifiesItAndIsChargeable()
    {
        var card = Create(TestCards.Card("4242 4242 4242 4242", 8, 2030) with { OwnerName = " Jenny Rosen ", OwnerEmail = "jenny@example.com" });

        Assert.Equal((SourceType.Card, SourceUsage.Reusable, SourceStatus.Chargeable), (card.Type, card.Usage, card.Status));
        Assert.Equal(("visa", "4242", "credit", "US"), (card.CardBrand, card.Last4, card.Funding, card.Country));
        Assert.Equal("Visa •••• 4242", card.Describe());
        Assert.Equal("Expires 08/2030", card.DescribeDetails());
        Assert.Equal("Jenny Rosen", card.OwnerName);
        Assert.Null(card.Currency);
    }

    [Fact]
    public void Create_SameCardTwice_HasTheSameFingerprint_AnotherCardAnother()
    {
        var first = Create(TestCards.Card());
        var again = Create(TestCards.Card("4242-4242-4242-4242", 1, 2031));
        var other = Create(TestCards.Card(TestCards.DeclinedAfterAttach));

        Assert.Matches("^[0-9A-Za-z]{16}$", first.Fingerprint);
        Assert.Equal(first.Fingerprint, again.Fingerprint);
        Assert.NotEqual(first.Fingerprint, other.Fingerprint);
    }

    [Fact]
    public void Create_SepaDebitWithoutMandate_ReadsTheIbanGeneratesAMandateAndIsInEuros()
    {
        var sepa = Create(TestCards.Sepa("DE89 3704 0044 0532 0130 00"));

        Assert.Equal(("eur", "37040044", "DE", "3000"), (sepa.Currency, sepa.BankCode, sepa.Country, sepa.Last4));
        Assert.Matches("^[A-Z0-9]{16}$", sepa.MandateReference);
        Assert.Equal("SEPA Direct Debit •••• 3000", sepa.Describe());
    }

    [Theory]
    [InlineData("DE89370400440532013001", "check digits")]
    [InlineData("DE8937040044053201300", "has 22 characters")]
    [InlineData("US89370400440532013000", "SEPA country")]
    [InlineData("DE89-3704", "Enter the account's IBAN")]
    public void Create_BadIban_SaysWhatIsWrong(string iban, string expected) =>
        Assert.Contains(expected, Errors(TestCards.Sepa(iban)).Single(error => error.Field == "sepa_debit[iban]").Message, StringComparison.Ordinal);

    [Fact]
    public void Create_CardNeedingAuthentication_StartsPendingUntilAuthorized()
    {
        var card = Create(TestCards.Card(TestCards.AuthenticationRequired));

        Assert.Equal(SourceStatus.Pending, card.Status);
        SourceStateMachine.Apply(card, SourceEvent.Authorize);
        Assert.Equal(SourceStatus.Chargeable, card.Status);
    }

    [Fact]
    public void Create_ExpiredCard_IsRefused() =>
        Assert.Equal("This card expired at the end of 10/2026; an expired card can't be added.",
            Errors(TestCards.Card(expMonth: 10, expYear: 2026)).Single().Message);

    [Fact]
    public void Create_CardExpiringThisMonth_IsAccepted() => Assert.False(Create(TestCards.Card(expMonth: 11, expYear: 2026)).IsExpiredAt(Now));

    [Fact]
    public void Create_SingleUseWithoutAmountOrCurrency_IsRefused() =>
        Assert.Contains(Errors(TestCards.Card(usage: "single_use")), error => error.Field == "currency");

    [Fact]
    public void Create_ReusableWithAnAmount_IsRefused() =>
        Assert.Contains(Errors(TestCards.Card(amount: 500, currency: "eur")), error => error.Field == "amount");

    [Theory]
    [InlineData("4242424242424241", "card[number]", "incorrect_number")]
    [InlineData("4242", "card[number]", "invalid_number")]
    [InlineData("4242 4242 4242 424x", "card[number]", "invalid_number")]
    [InlineData("9999999999999995", "card[number]", "invalid_number")]
    public void Create_BadCardNumber_IsACardErrorThatNeverRepeatsTheNumber(string number, string field, string code)
    {
        var error = Errors(TestCards.Card(number)).Single();

        Assert.Equal((field, code), (error.Field, error.Code));
        Assert.DoesNotContain(number, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownType_NamesTheField() =>
        Assert.Contains(Errors(TestCards.Card() with { Type = "paypal" }), error => error.Field == "type");

    [Fact]
    public void Create_AmexCvcOfThreeDigits_IsRefused() =>
        Assert.Equal("invalid_cvc", Errors(TestCards.Card(TestCards.Amex) with { Card = new CardInput { Number = TestCards.Amex, ExpMonth = 1, ExpYear = 2030, Cvc = "123" } })
            .Single().Code);

    [Fact]
    public void Create_SepaInDollars_IsRefused() =>
        Assert.Contains(Errors(TestCards.Sepa() with { Currency = "usd" }), error => error.Message == "SEPA Direct Debit collects euros only, not USD.");

    [Fact]
    public void Create_BadOwnerEmail_IsRefused() =>
        Assert.Contains(Errors(TestCards.Sepa() with { OwnerEmail = "jenny" }), error => error.Field == "owner[email]");
}
