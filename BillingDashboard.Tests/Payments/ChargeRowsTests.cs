using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Features.Payments;
using BillingDashboard.Tests.Infrastructure;
using Bunit;

namespace BillingDashboard.Tests.Payments;

public sealed class ChargeRowsTests : ComponentTestContext
{
    private static readonly Charge Paid = new()
    {
        Id = "ch_paid", Amount = 123_456, Currency = "eur", CustomerId = "cus_known", SourceId = "src_1", Last4 = "4242", CardBrand = "visa",
        PaymentMethodType = SourceType.Card, Status = ChargeStatus.Succeeded, Captured = true, Description = "Annual plan", Created = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero),
    };

    private static readonly Charge Declined = new()
    {
        Id = "ch_declined", Amount = 500, Currency = "eur", CustomerId = "cus_gone", SourceId = "src_2", Last4 = "3001",
        PaymentMethodType = SourceType.SepaDebit, Status = ChargeStatus.Failed, FailureCode = "insufficient_funds",
        FailureMessage = "The bank account has insufficient funds.", Created = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero),
    };

    [Theory]
    [InlineData(false, 0L, 0L, "Uncaptured")]
    [InlineData(true, 0L, 0L, "Succeeded")]
    [InlineData(true, 2_500L, 0L, "Partially refunded")]
    [InlineData(true, 10_000L, 0L, "Refunded")]
    [InlineData(true, 10_000L, 4_000L, "Refunded")]
    public void ChargeStatus_SaysWhetherItIsCapturedAndRefunded(bool captured, long refunded, long released, string expected)
    {
        var charge = new Charge
        {
            Id = "ch_state", Amount = 10_000, Currency = "usd", SourceId = "src_1", Last4 = "4242", Status = ChargeStatus.Succeeded,
            Captured = captured, AmountRefunded = refunded, ReleasedAtCapture = released,
        };

        var badge = Render<ChargeStatusBadge>(parameters => parameters.Add(component => component.Charge, charge));

        Assert.Equal(expected, badge.Find("[data-testid=charge-status]").TextContent.Trim());
    }

    private static ChargeList List() => new([Paid, Declined], HasMore: false, new Dictionary<string, string> { ["cus_known"] = "Known Customer" });

    [Fact]
    public void ChargeRows_PaidAndFailedCharges_ShowAmountStatusMethodAndCustomer()
    {
        var rows = Render<ChargeRows>(parameters => parameters.Add(component => component.List, List()));

        var paid = rows.Find("tr[data-charge-id=ch_paid]");
        Assert.Contains("€1,234.56", paid.TextContent, StringComparison.Ordinal);
        Assert.Equal("Succeeded", paid.QuerySelector("[data-testid=charge-status]")!.TextContent.Trim());
        Assert.Contains("Visa •••• 4242", paid.TextContent, StringComparison.Ordinal);
        Assert.Equal("/customers/cus_known", paid.QuerySelector("a[href^='/customers/']")!.GetAttribute("href"));
        Assert.Equal("Known Customer", paid.QuerySelector("a[href^='/customers/']")!.TextContent);

        var declined = rows.Find("tr[data-charge-id=ch_declined]");
        Assert.Equal("Failed", declined.QuerySelector("[data-testid=charge-status]")!.TextContent.Trim());
        Assert.Contains("The bank account has insufficient funds.", declined.TextContent, StringComparison.Ordinal);
        Assert.Contains("€5.00", declined.TextContent, StringComparison.Ordinal);
        Assert.Contains("SEPA Direct Debit •••• 3001", declined.TextContent, StringComparison.Ordinal);
        // A customer the page could not name still links, by id.
        Assert.Equal("cus_gone", declined.QuerySelector("a[href^='/customers/']")!.TextContent);
    }

    [Fact]
    public void ChargeRows_OnTheCustomersOwnPage_LeavesOutTheCustomerColumn()
    {
        var rows = Render<ChargeRows>(parameters => parameters.Add(component => component.List, List()).Add(component => component.ShowCustomer, false));

        Assert.DoesNotContain(rows.FindAll("th"), header => header.TextContent == "Customer");
        Assert.Empty(rows.FindAll("a[href^='/customers/']"));
    }
}
