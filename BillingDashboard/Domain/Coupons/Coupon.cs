using System.Globalization;

namespace BillingDashboard.Domain.Coupons;

/// <summary>
/// A percent-off or amount-off discount with a duration. After creation only its name and metadata change; a
/// deleted coupon takes no new redemptions, and the discounts already made from it stay.
/// </summary>
public sealed class Coupon
{
    /// <summary>Chosen by the operator (what customers type, e.g. SUMMER25) or generated.</summary>
    public required string Id { get; init; }

    public string? Name { get; set; }

    /// <summary>0 &lt; percent ≤ 100, two decimals at most; null for an amount-off coupon.</summary>
    public decimal? PercentOff { get; init; }

    /// <summary>Minor units of <see cref="Currency"/>; null for a percent-off coupon.</summary>
    public long? AmountOff { get; init; }

    /// <summary>Lower-case ISO 4217; set only with <see cref="AmountOff"/>.</summary>
    public string? Currency { get; init; }

    public CouponDuration Duration { get; init; }

    /// <summary>Only for <see cref="CouponDuration.Repeating"/>.</summary>
    public int? DurationInMonths { get; init; }

    public int? MaxRedemptions { get; init; }

    public DateTimeOffset? RedeemBy { get; init; }

    public int TimesRedeemed { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset? DeletedAt { get; set; }

    public int Version { get; set; }

    /// <summary>The hosted API's "valid": it can still be applied to a customer or an invoice.</summary>
    public bool IsValidAt(DateTimeOffset now) => CouponRules.WhyNotRedeemable(this, now, customerCurrency: null) is null;

    /// <summary>"20% off once", "€5.00 off for 3 months", "10% off forever".</summary>
    public string DescribeTerms(CultureInfo culture)
    {
        var off = PercentOff is { } percent
            ? $"{percent.ToString("0.##", culture)}% off"
            : $"{new Money(AmountOff ?? 0, Currencies.Get(Currency!)).Format(culture)} off";
        var duration = Duration switch
        {
            CouponDuration.Once => "once",
            CouponDuration.Repeating => DurationInMonths == 1 ? "for 1 month" : $"for {DurationInMonths} months",
            CouponDuration.Forever => "forever",
        };
        return $"{off} {duration}";
    }
}

public enum CouponDuration
{
    /// <summary>Applies to one invoice.</summary>
    Once,

    /// <summary>Applies to every invoice for <see cref="Coupon.DurationInMonths"/> months from the start.</summary>
    Repeating,

    Forever,
}

/// <summary>A coupon applied: to a customer (every invoice until it ends) or, from the invoice issue, to one invoice.</summary>
public sealed class Discount
{
    public required string Id { get; init; }

    public required string CouponId { get; init; }

    public required string CustomerId { get; init; }

    public DateTimeOffset Start { get; init; }

    /// <summary>
    /// When it stops applying: start plus the months of a repeating coupon. Null for forever; null for once until
    /// the invoice that uses it is finalized, which ends it.
    /// </summary>
    public DateTimeOffset? End { get; set; }

    /// <summary>Set when an operator removes it or applies another coupon; the row stays for history.</summary>
    public DateTimeOffset? RemovedAt { get; set; }

    public Coupon? Coupon { get; init; }
}
