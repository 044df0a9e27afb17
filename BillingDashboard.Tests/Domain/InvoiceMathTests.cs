using BillingDashboard.Domain.Invoices;

namespace BillingDashboard.Tests.Domain;

public sealed class InvoiceMathTests
{
    private static readonly LineTaxRate Vat19 = new("txr_vat19", 19m, Inclusive: false);
    private static readonly LineTaxRate Vat20Inclusive = new("txr_vat20", 20m, Inclusive: true);

    private static LineToPrice Line(long quantity, long unitAmount, params LineTaxRate[] rates) => new(quantity, unitAmount, rates);

    private static InvoiceTotals Price(IReadOnlyList<LineToPrice> lines, params DiscountToApply[] discounts) => InvoiceMath.Price(lines, discounts, chargeTax: true);

    [Fact]
    public void Price_TwoLinesOneTaxed_AddsExclusiveTaxToTheTaxedLine()
    {
        var totals = Price([Line(2, 1_000, Vat19), Line(1, 500)]);

        Assert.Equal((2_500L, 2_500L, 380L, 2_880L), (totals.Subtotal, totals.TotalExcludingTax, totals.Tax, totals.Total));
        Assert.Equal(new LineTax("txr_vat19", 380, 2_000, false), Assert.Single(totals.TaxesByRate));
    }

    [Fact]
    public void Price_PercentDiscount_ComesOffBeforeTaxInProportionToTheLines()
    {
        var totals = Price([Line(2, 1_000, Vat19), Line(1, 500)], new DiscountToApply("TEN", 10m, null));

        Assert.Equal([200L, 50L], totals.Lines.Select(line => line.Discount));
        Assert.Equal(250, totals.TotalDiscount);
        Assert.Equal(342, totals.Tax); // 19% of 1,800
        Assert.Equal(2_250 + 342, totals.Total);
    }

    [Fact]
    public void Price_DiscountThatDoesNotDivideEvenly_GivesTheRemainderToTheLargestLine()
    {
        var totals = Price([Line(1, 1_000), Line(1, 3_000), Line(1, 1_000)], new DiscountToApply("OFF", null, 101));

        // Shares of 101 over 1,000 / 3,000 / 1,000 are 20.2, 60.6 and 20.2: 20, 60, 20, and 1 to the largest.
        Assert.Equal([20L, 61L, 20L], totals.Lines.Select(line => line.Discount));
    }

    [Fact]
    public void Price_AmountOffAboveTheSubtotal_StopsAtZero()
    {
        var totals = Price([Line(1, 700, Vat19)], new DiscountToApply("BIG", null, 5_000));

        Assert.Equal((700L, 0L, 0L), (totals.TotalDiscount, totals.Tax, totals.Total));
    }

    [Fact]
    public void Price_TwoDiscounts_ApplyOneAfterTheOther()
    {
        var totals = Price([Line(1, 10_000)], new DiscountToApply("TEN", 10m, null), new DiscountToApply("FIVE", null, 500));

        Assert.Equal([new DiscountAmount("TEN", 1_000), new DiscountAmount("FIVE", 500)], totals.Discounts);
        Assert.Equal(8_500, totals.Total);
    }

    [Fact]
    public void Price_InclusiveRate_IsContainedInTheAmount()
    {
        var totals = Price([Line(1, 1_200, Vat20Inclusive)]);

        Assert.Equal((1_200L, 1_000L, 200L, 1_200L), (totals.Subtotal, totals.TotalExcludingTax, totals.Tax, totals.Total));
    }

    [Fact]
    public void Price_TwoInclusiveRates_ShareTheAmount()
    {
        var totals = Price([Line(1, 1_000, new LineTaxRate("txr_a", 10m, true), new LineTaxRate("txr_b", 5m, true))]);

        // 1,000 × 10/115 = 86.96 and 1,000 × 5/115 = 43.48.
        Assert.Equal([87L, 43L], totals.Lines[0].Taxes.Select(tax => tax.Amount));
        Assert.Equal((870L, 1_000L), (totals.TotalExcludingTax, totals.Total));
    }

    [Theory]
    [InlineData(50, 19, 10)]   // 9.5 rounds up
    [InlineData(49, 19, 9)]    // 9.31 rounds down
    [InlineData(150, 7, 11)]   // 10.5 rounds up
    public void Price_HalfAMinorUnit_RoundsUp(long amount, int percent, long tax) =>
        Assert.Equal(tax, Price([Line(1, amount, new LineTaxRate("txr", percent, false))]).Tax);

    [Fact]
    public void Price_ZeroDecimalCurrency_IsExactInWholeUnits()
    {
        // ¥333 × 3 with 10%: tax 99.9 yen rounds to 100.
        var totals = Price([Line(3, 333, new LineTaxRate("txr_jp", 10m, false))]);

        Assert.Equal((999L, 100L, 1_099L), (totals.Subtotal, totals.Tax, totals.Total));
    }

    [Fact]
    public void Price_WithoutTax_ForExemptOrReverseChargeCustomers_ChargesNone()
    {
        var totals = InvoiceMath.Price([Line(1, 1_200, Vat20Inclusive), Line(2, 500, Vat19)], [], chargeTax: false);

        Assert.Equal((0L, 2_200L, 2_200L), (totals.Tax, totals.TotalExcludingTax, totals.Total));
        Assert.Empty(totals.TaxesByRate);
    }

    [Theory]
    [InlineData(10_000, -3_000, 7_000, -3_000, 0)]     // credit partly spends the total
    [InlineData(10_000, -15_000, 0, -10_000, -5_000)]  // more credit than the total: the rest stays
    [InlineData(10_000, 2_000, 12_000, 2_000, 0)]      // an amount owed is added
    [InlineData(10_000, 0, 10_000, 0, 0)]
    [InlineData(0, 2_000, 2_000, 2_000, 0)]
    public void ApplyBalance_CreditOrAmountOwed_MeetsTheTotal(long total, long starting, long due, long applied, long ending) =>
        Assert.Equal(new BalanceApplication(starting, applied, due, ending), InvoiceMath.ApplyBalance(total, starting));

    [Fact]
    public void Price_RandomInvoices_AreAlwaysConsistent()
    {
        var random = new Random(20261122);
        for (var run = 0; run < 5_000; run++)
        {
            var rates = new[] { new LineTaxRate("a", 19m, false), new LineTaxRate("b", 7.5m, false), new LineTaxRate("c", 20m, true), new LineTaxRate("d", 8.875m, true) };
            var lines = Enumerable.Range(0, random.Next(1, 8)).Select(_ =>
            {
                var inclusive = random.Next(2) == 0;
                var lineRates = rates.Where(rate => rate.Inclusive == inclusive && random.Next(3) == 0).ToArray();
                return new LineToPrice(random.Next(1, 20), random.Next(0, 3) == 0 ? random.Next(0, 100) : random.Next(0, 1_000_000), lineRates);
            }).ToList();
            var discounts = Enumerable.Range(0, random.Next(0, 3)).Select(index => random.Next(2) == 0
                ? new DiscountToApply($"p{index}", Math.Round((decimal)random.NextDouble() * 100m, 2), null)
                : new DiscountToApply($"a{index}", null, random.Next(0, 2_000_000))).ToList();

            var totals = InvoiceMath.Price(lines, discounts, chargeTax: random.Next(5) != 0);

            Assert.Equal(totals.Lines.Sum(line => line.Amount), totals.Subtotal);
            Assert.Equal(totals.TotalDiscount, totals.Lines.Sum(line => line.Discount));
            Assert.InRange(totals.TotalDiscount, 0, totals.Subtotal);
            Assert.Equal(totals.TotalExcludingTax + totals.Tax, totals.Total);
            Assert.Equal(totals.Tax, totals.TaxesByRate.Sum(rate => rate.Amount));
            Assert.True(totals.Total >= 0 && totals.TotalExcludingTax >= 0 && totals.Tax >= 0);
            foreach (var (line, index) in totals.Lines.Select((line, index) => (line, index)))
            {
                Assert.InRange(line.Discount, 0, line.Amount);
                var taxable = line.Amount - line.Discount;
                var inclusiveSum = lines[index].TaxRates.Where(rate => rate.Inclusive).Sum(rate => rate.Percentage);
                foreach (var tax in line.Taxes)
                {
                    var rate = lines[index].TaxRates.Single(candidate => candidate.Id == tax.TaxRateId);
                    var exact = rate.Inclusive ? taxable * rate.Percentage / (100m + inclusiveSum) : taxable * rate.Percentage / 100m;
                    // Within half a minor unit of the exact figure: never off by a whole one.
                    Assert.InRange(tax.Amount - exact, -0.5m, 0.5m);
                }
                Assert.Equal(line.AmountExcludingTax + line.Taxes.Sum(tax => tax.Amount), line.Total);
            }
            var balance = InvoiceMath.ApplyBalance(totals.Total, random.Next(-2_000_000, 2_000_000));
            Assert.True(balance.AmountDue >= 0);
            Assert.Equal(balance.StartingBalance - balance.Applied, balance.EndingBalance);
            Assert.Equal(totals.Total + balance.Applied, balance.AmountDue);
        }
    }

    [Fact]
    public void Price_ProportionalDiscount_NeverDiffersFromTheExactShareByAWholeUnitExceptOnTheLargestLine()
    {
        var random = new Random(7);
        for (var run = 0; run < 2_000; run++)
        {
            var lines = Enumerable.Range(0, random.Next(2, 10)).Select(_ => new LineToPrice(1, random.Next(1, 100_000), [])).ToList();
            var subtotal = lines.Sum(line => line.UnitAmount);
            var amountOff = random.Next(0, (int)subtotal + 1);

            var totals = InvoiceMath.Price(lines, [new DiscountToApply("x", null, amountOff)], chargeTax: true);

            var largest = lines.Select((line, index) => (line.UnitAmount, index)).OrderByDescending(pair => pair.UnitAmount).ThenBy(pair => pair.index).First().index;
            for (var index = 0; index < lines.Count; index++)
            {
                var exact = (decimal)amountOff * lines[index].UnitAmount / subtotal;
                if (index != largest)
                {
                    Assert.InRange(totals.Lines[index].Discount - exact, -1m, 1m);
                }
            }
            Assert.Equal(amountOff, totals.TotalDiscount);
        }
    }
}
