namespace BillingDashboard.Domain.Invoices;

/// <summary>A tax rate as a line applies it: its id, percentage and whether line amounts already contain it.</summary>
public sealed record LineTaxRate(string Id, decimal Percentage, bool Inclusive);

/// <summary>One line to price: quantity × unit amount (minor units), with zero or more tax rates, all inclusive or all exclusive.</summary>
public sealed record LineToPrice(long Quantity, long UnitAmount, IReadOnlyList<LineTaxRate> TaxRates);

/// <summary>A discount as the invoice applies it: a percentage, or an amount in the invoice's currency.</summary>
public sealed record DiscountToApply(string CouponId, decimal? PercentOff, long? AmountOff);

public sealed record LineTax(string TaxRateId, long Amount, long TaxableAmount, bool Inclusive);

public sealed record PricedLine(long Amount, long Discount, IReadOnlyList<LineTax> Taxes, long AmountExcludingTax, long Total);

public sealed record DiscountAmount(string CouponId, long Amount);

/// <summary>What the invoice's summary table shows; every figure in minor units of the invoice's currency.</summary>
public sealed record InvoiceTotals(
    IReadOnlyList<PricedLine> Lines,
    long Subtotal,
    IReadOnlyList<DiscountAmount> Discounts,
    IReadOnlyList<LineTax> TaxesByRate,
    long TotalExcludingTax,
    long Tax,
    long Total)
{
    public long TotalDiscount => Discounts.Sum(discount => discount.Amount);
}

/// <summary>How a customer balance meets an invoice's total at finalization.</summary>
/// <param name="StartingBalance">The customer's balance before: negative is credit, positive is owed.</param>
/// <param name="Applied">What the balance added to the total: negative when credit was spent, positive when an amount owed was added.</param>
/// <param name="AmountDue">The total plus what was applied; never below zero.</param>
/// <param name="EndingBalance">The customer's balance after.</param>
public sealed record BalanceApplication(long StartingBalance, long Applied, long AmountDue, long EndingBalance);

/// <summary>
/// Invoice arithmetic, in integer minor units (so JPY and KRW are as exact as EUR):
/// <list type="number">
/// <item>each line is quantity × unit amount; the subtotal is their sum;</item>
/// <item>discounts come off the pre-tax amount, one after the other, never below zero; each is spread over the
/// lines in proportion to their amounts (rounded down), the remainder going to the largest line, so every line
/// knows its own discounted amount and its tax is exact;</item>
/// <item>tax per line and rate, on the discounted amount, rounded half up: exclusive rates are added to it,
/// inclusive rates are contained in it;</item>
/// <item>a tax-exempt or reverse-charge customer pays no tax;</item>
/// <item>the customer's balance meets the total at finalization (<see cref="ApplyBalance"/>).</item>
/// </list>
/// </summary>
public static class InvoiceMath
{
    public static InvoiceTotals Price(IReadOnlyList<LineToPrice> lines, IReadOnlyList<DiscountToApply> discounts, bool chargeTax)
    {
        var amounts = lines.Select(line => checked(line.Quantity * line.UnitAmount)).ToArray();
        var subtotal = amounts.Sum();
        var lineDiscounts = new long[lines.Count];
        var discountAmounts = new List<DiscountAmount>();
        foreach (var discount in discounts)
        {
            var remaining = subtotal - lineDiscounts.Sum();
            var amount = discount.PercentOff is { } percent
                ? RoundHalfUp(remaining * percent / 100m)
                : Math.Min(discount.AmountOff ?? 0, remaining);
            amount = Math.Clamp(amount, 0, remaining);
            Spread(amount, amounts, lineDiscounts);
            discountAmounts.Add(new DiscountAmount(discount.CouponId, amount));
        }

        var priced = new List<PricedLine>(lines.Count);
        for (var index = 0; index < lines.Count; index++)
        {
            var taxable = amounts[index] - lineDiscounts[index];
            var taxes = chargeTax ? Taxes(taxable, lines[index].TaxRates) : [];
            var inclusiveTax = taxes.Where(tax => tax.Inclusive).Sum(tax => tax.Amount);
            var exclusiveTax = taxes.Where(tax => !tax.Inclusive).Sum(tax => tax.Amount);
            priced.Add(new PricedLine(amounts[index], lineDiscounts[index], taxes, taxable - inclusiveTax, taxable + exclusiveTax));
        }
        var byRate = priced.SelectMany(line => line.Taxes)
            .GroupBy(tax => tax.TaxRateId)
            .Select(rate => new LineTax(rate.Key, rate.Sum(tax => tax.Amount), rate.Sum(tax => tax.TaxableAmount), rate.First().Inclusive))
            .ToList();
        var totalExcludingTax = priced.Sum(line => line.AmountExcludingTax);
        var tax = priced.Sum(line => line.Taxes.Sum(lineTax => lineTax.Amount));
        return new InvoiceTotals(priced, subtotal, discountAmounts, byRate, totalExcludingTax, tax, totalExcludingTax + tax);
    }

    /// <summary>
    /// Credit (a negative balance) lowers the amount due, down to zero, and what is left stays credit; an amount
    /// owed (positive) is added to it.
    /// </summary>
    public static BalanceApplication ApplyBalance(long total, long startingBalance)
    {
        var amountDue = Math.Max(0, total + startingBalance);
        var applied = amountDue - total;
        return new BalanceApplication(startingBalance, applied, amountDue, startingBalance - applied);
    }

    /// <summary>Half up for the positive amounts invoices deal in: 0.5 of a minor unit rounds to 1.</summary>
    public static long RoundHalfUp(decimal value) => (long)Math.Round(value, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Tax contained in, or added to, <paramref name="taxable"/>. Inclusive rates share the amount: each rate's
    /// part is taxable × rate / (100 + the sum of the line's inclusive rates).
    /// </summary>
    private static List<LineTax> Taxes(long taxable, IReadOnlyList<LineTaxRate> rates)
    {
        var inclusiveSum = rates.Where(rate => rate.Inclusive).Sum(rate => rate.Percentage);
        return rates.Select(rate => new LineTax(
                rate.Id,
                rate.Inclusive ? RoundHalfUp(taxable * rate.Percentage / (100m + inclusiveSum)) : RoundHalfUp(taxable * rate.Percentage / 100m),
                taxable,
                rate.Inclusive))
            .ToList();
    }

    /// <summary>
    /// Adds <paramref name="amount"/> to the lines' discounts in proportion to what each line has left, rounded
    /// down, then gives the remainder to the largest line (and, should it run out, to the next largest).
    /// </summary>
    private static void Spread(long amount, long[] amounts, long[] discounts)
    {
        var left = amounts.Select((lineAmount, index) => lineAmount - discounts[index]).ToArray();
        var undiscounted = left.Sum();
        if (amount == 0 || undiscounted == 0)
        {
            return;
        }
        var given = 0L;
        for (var index = 0; index < left.Length; index++)
        {
            var share = (long)((decimal)amount * left[index] / undiscounted);
            discounts[index] += share;
            left[index] -= share;
            given += share;
        }
        var remainder = amount - given;
        foreach (var index in Enumerable.Range(0, left.Length).OrderByDescending(index => amounts[index]).ThenBy(index => index))
        {
            var take = Math.Min(remainder, left[index]);
            discounts[index] += take;
            remainder -= take;
            if (remainder == 0)
            {
                break;
            }
        }
    }
}
