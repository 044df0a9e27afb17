using BillingDashboard.Domain;
using BillingDashboard.Domain.Sources;

namespace BillingDashboard.Tests.Domain;

public sealed class SourceRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<FieldError> Errors(SourceInput input) =>
        Assert.Throws<ValidationFailedException>(() => SourceRules.Create("src_1", Now, input)).Errors;

    [Fact]
    public void Create_Card_KeepsTheDisplayDetailsAndIsChargeable()
    {
        var card = SourceRules.Create("src_1", Now, new SourceInput
        {
            Type = "card", CardBrand = "Visa", Last4 = "4242", ExpMonth = 8, ExpYear = 2030, OwnerName = " Jenny Rosen ", OwnerEmail = "jenny@example.com",
        });

        Assert.Equal((SourceType.Card, SourceUsage.Reusable, SourceStatus.Chargeable), (card.Type, card.Usage, card.Status));
        Assert.Equal("Visa •••• 4242", card.Describe());
        Assert.Equal("Expires 08/2030", card.DescribeDetails());
        Assert.Equal("Jenny Rosen", card.OwnerName);
        Assert.Null(card.Currency);
    }

    [Fact]
    public void Create_SepaDebitWithoutMandate_GeneratesOneAndIsInEuros()
    {
        var sepa = SourceRules.Create("src_1", Now, new SourceInput { Type = "sepa_debit", BankCode = "3704 0044", Last4 = "3000" });

        Assert.Equal("eur", sepa.Currency);
        Assert.Equal("37040044", sepa.BankCode);
        Assert.Matches("^[A-Z0-9]{16}$", sepa.MandateReference);
        Assert.Equal("SEPA Direct Debit •••• 3000", sepa.Describe());
    }

    [Fact]
    public void Create_TestCard3220_StartsPendingUntilAuthorized()
    {
        var card = SourceRules.Create("src_1", Now, new SourceInput { Type = "card", CardBrand = "visa", Last4 = "3220", ExpMonth = 1, ExpYear = 2031 });

        Assert.Equal(SourceStatus.Pending, card.Status);
        SourceStateMachine.Apply(card, SourceEvent.Authorize);
        Assert.Equal(SourceStatus.Chargeable, card.Status);
    }

    [Fact]
    public void Create_ExpiredCard_IsRefused() =>
        Assert.Equal("This card expired at the end of 10/2026; an expired card can't be added.",
            Errors(new SourceInput { Type = "card", CardBrand = "visa", Last4 = "4242", ExpMonth = 10, ExpYear = 2026 }).Single().Message);

    [Fact]
    public void Create_CardExpiringThisMonth_IsAccepted() =>
        Assert.False(SourceRules.Create("src_1", Now, new SourceInput { Type = "card", CardBrand = "visa", Last4 = "4242", ExpMonth = 11, ExpYear = 2026 }).IsExpiredAt(Now));

    [Fact]
    public void Create_SingleUseWithoutAmountOrCurrency_IsRefused()
    {
        var errors = Errors(new SourceInput { Type = "card", Usage = "single_use", CardBrand = "visa", Last4 = "4242", ExpMonth = 8, ExpYear = 2030 });

        Assert.Contains(errors, error => error.Field == "currency");
    }

    [Fact]
    public void Create_ReusableWithAnAmount_IsRefused() =>
        Assert.Contains(Errors(new SourceInput { Type = "card", CardBrand = "visa", Last4 = "4242", ExpMonth = 8, ExpYear = 2030, Amount = 500, Currency = "eur" }),
            error => error.Field == "amount");

    [Theory]
    [InlineData("paypal", null, "4242", "type")]
    [InlineData("card", "visa", "42", "last4")]
    [InlineData("card", "visa", "42a2", "last4")]
    [InlineData("card", "bankcard", "4242", "card[brand]")]
    public void Create_InvalidCardDetails_NamesTheField(string type, string? brand, string last4, string field) =>
        Assert.Contains(Errors(new SourceInput { Type = type, CardBrand = brand, Last4 = last4, ExpMonth = 8, ExpYear = 2030 }), error => error.Field == field);

    [Fact]
    public void Create_SepaInDollars_IsRefused() =>
        Assert.Contains(Errors(new SourceInput { Type = "sepa_debit", BankCode = "37040044", Last4 = "3000", Currency = "usd" }),
            error => error.Message == "SEPA Direct Debit collects euros only, not USD.");

    [Fact]
    public void Create_BadOwnerEmail_IsRefused() =>
        Assert.Contains(Errors(new SourceInput { Type = "sepa_debit", BankCode = "37040044", Last4 = "3000", OwnerEmail = "jenny" }),
            error => error.Field == "owner[email]");
}
