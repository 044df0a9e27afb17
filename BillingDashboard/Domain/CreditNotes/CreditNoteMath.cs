using BillingDashboard.Domain.Invoices;

namespace BillingDashboard.Domain.CreditNotes;

/// <summary>What an invoice line has been credited already, by the credit notes issued on it that are not void.</summary>
public sealed record CreditedSoFar(long Amount, long Discount, IReadOnlyDictionary<string, long> Taxes)
{
    public static readonly CreditedSoFar Nothing = new(0, 0, new Dictionary<string, long>());

    public long Tax(string taxRateId) => Taxes.GetValueOrDefault(taxRateId);
}

/// <summary>An issued invoice's line as a credit note sees it: what it was billed at (frozen) and what was credited of it.</summary>
public sealed record CreditableLine(string Id, string Description, long Quantity, long UnitAmount, long Amount, long Discount,
    IReadOnlyList<LineTax> Taxes, CreditedSoFar Credited)
{
    public long AmountLeft => Amount - Credited.Amount;
}

/// <summary>One line of a credit note, priced: its gross amount, the discount it gives back and its taxes.</summary>
public sealed record PricedCredit(long Amount, long Discount, IReadOnlyList<LineTax> Taxes)
{
    public long Total => Amount - Discount + Taxes.Where(tax => !tax.Inclusive).Sum(tax => tax.Amount);
}

/// <summary>A credit note's summary, from its priced lines.</summary>
public sealed record CreditTotals(long Subtotal, long Discount, IReadOnlyList<LineTax> TaxesByRate, long Total);

/// <summary>
/// Credit note arithmetic, in integer minor units, on top of what <see cref="InvoiceMath"/> froze at finalization.
/// <list type="bullet">
/// <item>Crediting part of an invoice line gives back the same part of its discount and of each of its taxes.
/// Each share is cumulative: the line's credits so far plus this one, times the line's figure, rounded half up,
/// less what was credited before. Rounding therefore never adds up across credit notes, and the credit that
/// reaches the whole line takes exactly what is left of it.</item>
/// <item>A credit of an amount alone (no lines) is the total the customer gets back, tax included; the tax in it is
/// in proportion to the tax still uncredited on the invoice, rate by rate.</item>
/// <item>A custom line is priced as an invoice line would be, without discounts.</item>
/// </list>
/// Nothing here checks limits: <see cref="CreditNoteRules"/> refuses a credit beyond the line or the invoice first.
/// </summary>
public static class CreditNoteMath
{
    /// <summary>
    /// <paramref name="amount"/> of the line's gross amount (quantity × unit amount for a quantity), with the
    /// discount and taxes that go with it.
    /// </summary>
    public static PricedCredit CreditLine(CreditableLine line, long amount)
    {
        var before = line.Credited.Amount;
        var after = before + amount;
        var discount = Slice(line.Discount, line.Credited.Discount, before, after, line.Amount);
        var taxable = amount - discount;
        var taxes = line.Taxes
            .Select(tax => new LineTax(tax.TaxRateId, Slice(tax.Amount, line.Credited.Tax(tax.TaxRateId), before, after, line.Amount), taxable, tax.Inclusive))
            .ToList();
        return new PricedCredit(amount, discount, taxes);
    }

    /// <summary>A line that belongs to no invoice line: quantity × unit amount with its own rates (all inclusive or all exclusive).</summary>
    public static PricedCredit CustomLine(long quantity, long unitAmount, IReadOnlyList<LineTaxRate> rates)
    {
        var priced = InvoiceMath.Price([new LineToPrice(quantity, unitAmount, rates)], [], chargeTax: true).Lines[0];
        return new PricedCredit(priced.Amount, 0, priced.Taxes);
    }

    /// <summary>
    /// A credit of <paramref name="total"/>, tax included, on an invoice with <paramref name="invoiceTotalLeft"/>
    /// still uncredited, of which <paramref name="taxesLeft"/> is tax: each rate's share is
    /// total × its tax left ÷ the total left, rounded half up, and all of it when the credit takes everything left.
    /// </summary>
    public static PricedCredit CreditTotal(long total, long invoiceTotalLeft, IReadOnlyList<LineTax> taxesLeft)
    {
        var taxes = taxesLeft
            .Select(tax => new LineTax(tax.TaxRateId,
                total >= invoiceTotalLeft ? tax.Amount : Math.Min(tax.Amount, InvoiceMath.RoundHalfUp((decimal)total * tax.Amount / invoiceTotalLeft)),
                0, tax.Inclusive))
            .ToList();
        var gross = total - taxes.Where(tax => !tax.Inclusive).Sum(tax => tax.Amount);
        return new PricedCredit(gross, 0, [.. taxes.Select(tax => tax with { TaxableAmount = gross })]);
    }

    public static CreditTotals Sum(IReadOnlyList<PricedCredit> lines)
    {
        var byRate = lines.SelectMany(line => line.Taxes)
            .GroupBy(tax => tax.TaxRateId)
            .Select(rate => new LineTax(rate.Key, rate.Sum(tax => tax.Amount), rate.Sum(tax => tax.TaxableAmount), rate.First().Inclusive))
            .ToList();
        return new CreditTotals(lines.Sum(line => line.Amount), lines.Sum(line => line.Discount), byRate, lines.Sum(line => line.Total));
    }

    /// <summary>
    /// Where a credit of <paramref name="total"/> goes: first off what is still due on the invoice (never below
    /// zero); the rest past it, which the caller splits between balance, refund and outside.
    /// </summary>
    public static (long PrePayment, long PostPayment) Split(long total, long amountRemaining)
    {
        var prePayment = Math.Clamp(amountRemaining, 0, total);
        return (prePayment, total - prePayment);
    }

    /// <summary>
    /// The part of <paramref name="whole"/> that goes with crediting the line from <paramref name="before"/> to
    /// <paramref name="after"/> of its <paramref name="lineAmount"/>: cumulative shares, capped by what is left.
    /// </summary>
    private static long Slice(long whole, long creditedSoFar, long before, long after, long lineAmount)
    {
        var left = whole - creditedSoFar;
        if (lineAmount == 0 || after >= lineAmount)
        {
            return left;
        }
        var share = Share(whole, after, lineAmount) - Share(whole, before, lineAmount);
        return Math.Clamp(share, 0, left);
    }

    private static long Share(long whole, long part, long of) => InvoiceMath.RoundHalfUp((decimal)whole * part / of);
}
