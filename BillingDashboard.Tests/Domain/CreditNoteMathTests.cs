using BillingDashboard.Domain;
using BillingDashboard.Domain.CreditNotes;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.Tax;

namespace BillingDashboard.Tests.Domain;

public sealed class CreditNoteMathTests
{
    private const string Vat = "txr_vat19";

    /// <summary>3 × 33.33 with 19% VAT added: 99.99, tax 19.00 (18.9981 rounded), total 118.99.</summary>
    private static CreditableLine ThreeLicences(CreditedSoFar? credited = null) =>
        new("il_1", "Licence", 3, 3_333, 9_999, 0, [new LineTax(Vat, 1_900, 9_999, false)], credited ?? CreditedSoFar.Nothing);

    private static CreditableInvoice Invoice(IReadOnlyList<CreditableLine> lines, long total, long remaining, long credited = 0, long refundable = 0,
        InvoiceStatus status = InvoiceStatus.Paid) =>
        new(status, "ACME-0001", "eur", total, credited, remaining,
            [.. lines.SelectMany(line => line.Taxes.Select(tax => tax with { Amount = tax.Amount - line.Credited.Tax(tax.TaxRateId) }))], lines, refundable, true);

    private static CreditNotePlan Plan(CreditableInvoice invoice, CreditNoteInput input)
    {
        var next = 0;
        return CreditNoteRules.Plan(input, invoice, new Dictionary<string, TaxRate>(), () => $"cnli_{++next}");
    }

    private static CreditNoteInput Quantity(long quantity, string line = "il_1") => new() { Lines = [new CreditNoteLineInput { InvoiceLineItem = line, Quantity = quantity }] };

    [Fact]
    public void CreditLine_OneOfThree_CreditsAThirdOfTheTaxRoundedHalfUp()
    {
        var credit = CreditNoteMath.CreditLine(ThreeLicences(), 3_333);

        // 1,900 × 3,333 / 9,999 = 633.33…: 633.
        Assert.Equal((3_333L, 0L, 633L, 3_966L), (credit.Amount, credit.Discount, Assert.Single(credit.Taxes).Amount, credit.Total));
    }

    [Fact]
    public void CreditLine_ThreeSeparateThirds_AddUpToExactlyTheLine_NotToThreeRoundedThirds()
    {
        var credited = CreditedSoFar.Nothing;
        var taxes = new List<long>();
        for (var note = 0; note < 3; note++)
        {
            var credit = CreditNoteMath.CreditLine(ThreeLicences(credited), 3_333);
            taxes.Add(credit.Taxes[0].Amount);
            credited = new CreditedSoFar(credited.Amount + credit.Amount, 0, new Dictionary<string, long> { [Vat] = credited.Tax(Vat) + credit.Taxes[0].Amount });
        }

        // Rounded alone each third would be 633, 633 + 633 + 633 = 1,899: a cent of tax never credited.
        Assert.Equal([633L, 634L, 633L], taxes);
        Assert.Equal(1_900, taxes.Sum());
    }

    [Fact]
    public void CreditLine_PartOfADiscountedLine_GivesBackTheDiscountInProportion_AndTaxOnWhatWasPaid()
    {
        // 10 × 10.00 with 25.00 off and 20% VAT on the 75.00 left: 15.00 tax.
        var line = new CreditableLine("il_1", "Seats", 10, 1_000, 10_000, 2_500, [new LineTax(Vat, 1_500, 7_500, false)], CreditedSoFar.Nothing);

        var credit = CreditNoteMath.CreditLine(line, 4_000);

        Assert.Equal((4_000L, 1_000L, 600L), (credit.Amount, credit.Discount, credit.Taxes[0].Amount));
        Assert.Equal(3_600, credit.Total); // what the customer paid for 4 of the 10 seats
    }

    [Fact]
    public void CreditLine_InclusiveTax_IsContainedInTheAmount_NotAdded()
    {
        var line = new CreditableLine("il_1", "Book", 2, 1_190, 2_380, 0, [new LineTax("txr_incl", 380, 2_380, true)], CreditedSoFar.Nothing);

        var credit = CreditNoteMath.CreditLine(line, 1_190);

        Assert.Equal((1_190L, 190L, 1_190L), (credit.Amount, credit.Taxes[0].Amount, credit.Total));
    }

    [Fact]
    public void CreditTotal_AnAmountAlone_CarriesTaxInProportionToTheTaxLeft()
    {
        // 119.00 total, of which 19.00 VAT: a credit of 59.50 is half, so 9.50 of it is tax.
        var credit = CreditNoteMath.CreditTotal(5_950, 11_900, [new LineTax(Vat, 1_900, 10_000, false)]);

        Assert.Equal((5_000L, 950L, 5_950L), (credit.Amount, credit.Taxes[0].Amount, credit.Total));
    }

    [Fact]
    public void CreditTotal_AllThatIsLeft_TakesAllTheTaxLeft()
    {
        var credit = CreditNoteMath.CreditTotal(3_967, 3_967, [new LineTax(Vat, 634, 3_333, false)]);

        Assert.Equal((3_333L, 634L), (credit.Amount, credit.Taxes[0].Amount));
    }

    [Theory]
    [InlineData(5_000, 0, 0, 5_000)]
    [InlineData(5_000, 2_000, 2_000, 3_000)]
    [InlineData(5_000, 8_000, 5_000, 0)]
    public void Split_LowersWhatIsStillDueFirst_ThenThePastIt(long total, long remaining, long prePayment, long postPayment) =>
        Assert.Equal((prePayment, postPayment), CreditNoteMath.Split(total, remaining));

    [Fact]
    public void Plan_MoreThanTheLineHasLeft_IsRefusedNamingTheLimit()
    {
        var invoice = Invoice([ThreeLicences(new CreditedSoFar(6_666, 0, new Dictionary<string, long> { [Vat] = 1_267 }))], 11_899, 0, credited: 7_933);

        var refusal = Assert.Throws<ValidationFailedException>(() => Plan(invoice, Quantity(2)));

        Assert.Equal("lines[0][quantity]", refusal.Errors[0].Field);
        Assert.Contains("from 1 to 1 of line 'Licence'", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_NeverCreditsMoreThanTheInvoicesTotal_EvenWhenTheLinesStillHaveRoom()
    {
        // An amount-only credit of 100.00 already took most of the 118.99: crediting a whole licence (39.66) is too much.
        var invoice = Invoice([ThreeLicences()], 11_899, 0, credited: 10_000);

        var refusal = Assert.Throws<ValidationFailedException>(() => Plan(invoice, Quantity(1)));

        Assert.Contains("only 18.99 EUR of the invoice's 118.99 EUR is left to credit", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_OnAPaidInvoice_CreditsTheBalanceByDefault_OrSplitsAsAsked()
    {
        var invoice = Invoice([ThreeLicences()], 11_899, 0, refundable: 11_899);

        var toBalance = Plan(invoice, Quantity(1));
        var split = Plan(invoice, Quantity(1) with { RefundAmount = 1_000, OutOfBandAmount = 2_966 });
        var wrongSum = Assert.Throws<ValidationFailedException>(() => Plan(invoice, Quantity(1) with { RefundAmount = 1_000 }));

        Assert.Equal((0L, 3_966L, 0L, 0L), (toBalance.PrePaymentAmount, toBalance.CreditAmount, toBalance.RefundAmount, toBalance.OutOfBandAmount));
        Assert.Equal((0L, 1_000L, 2_966L), (split.CreditAmount, split.RefundAmount, split.OutOfBandAmount));
        Assert.Contains("must add up to it", wrongSum.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_OnAnOpenInvoice_LowersTheAmountDue()
    {
        var invoice = Invoice([ThreeLicences()], 11_899, 11_899, status: InvoiceStatus.Open);

        var plan = Plan(invoice, Quantity(1) with { Reason = "order_change", Memo = "One licence returned" });

        Assert.Equal((3_966L, 0L, "order_change"), (plan.PrePaymentAmount, plan.CreditAmount, plan.Reason));
    }

    [Theory]
    [InlineData(InvoiceStatus.Draft)]
    [InlineData(InvoiceStatus.Void)]
    [InlineData(InvoiceStatus.Uncollectible)]
    public void Plan_OnAnInvoiceNeitherOpenNorPaid_IsRefused(InvoiceStatus status) =>
        Assert.Throws<RuleViolationException>(() => Plan(Invoice([ThreeLicences()], 11_899, 0, status: status), Quantity(1)));

    [Fact]
    public void Plan_AnUnknownReasonAndARefundWithoutACharge_AreRefusedTogether()
    {
        var invoice = Invoice([ThreeLicences()], 11_899, 0);

        var refusal = Assert.Throws<ValidationFailedException>(() => Plan(invoice, Quantity(1) with { Reason = "changed_mind", RefundAmount = 3_966 }));

        Assert.Equal(["reason", "refund_amount"], refusal.Errors.Select(error => error.Field).Order());
    }

    [Fact]
    public void Number_FollowsTheInvoicesNumber() => Assert.Equal("ACME-0001-CN-02", CreditNoteRules.Number("ACME-0001", 2));
}
