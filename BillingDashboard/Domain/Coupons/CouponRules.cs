using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace BillingDashboard.Domain.Coupons;

/// <summary>What a caller asks for when creating (every field) or updating (name and metadata only) a coupon.</summary>
public sealed record CouponInput
{
    /// <summary>A custom id; generated when null or blank.</summary>
    public string? Id { get; init; }

    public string? Name { get; init; }

    public decimal? PercentOff { get; init; }

    /// <summary>Minor units.</summary>
    public long? AmountOff { get; init; }

    public string? Currency { get; init; }

    /// <summary>"once" (the default), "repeating" or "forever".</summary>
    public string? Duration { get; init; }

    public int? DurationInMonths { get; init; }

    public int? MaxRedemptions { get; init; }

    public DateTimeOffset? RedeemBy { get; init; }

    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }
}

/// <summary>
/// Every rule about coupons, in one place: exactly one of percent_off and amount_off, duration_in_months only for
/// repeating coupons, the limits, what may change after creation, and when a coupon can no longer be redeemed.
/// </summary>
public static partial class CouponRules
{
    public const int MaxNameLength = 40;
    public const int MaxIdLength = 50;
    public const int MaxDurationInMonths = 120;
    public const long MaxAmountOff = 99_999_999_99;

    public static Coupon Create(CouponInput input, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        var id = string.IsNullOrWhiteSpace(input.Id) ? NewId() : input.Id.Trim();
        if (!IdPattern().IsMatch(id))
        {
            errors.Add(new FieldError("id", $"A coupon ID can have 1 to {MaxIdLength} letters, digits, dashes and underscores, e.g. SUMMER25."));
        }

        string? currency = null;
        switch (input.PercentOff, input.AmountOff)
        {
            case (null, null):
                errors.Add(new FieldError("percent_off", "Give either a percentage off or an amount off."));
                break;
            case (not null, not null):
                errors.Add(new FieldError("percent_off", "Give either a percentage off or an amount off, not both."));
                break;
            case ({ } percent, null):
                if (percent <= 0 || percent > 100 || decimal.Round(percent, 2) != percent)
                {
                    errors.Add(new FieldError("percent_off", "The percentage off must be more than 0 and at most 100, with at most 2 decimals, e.g. 12.5."));
                }
                if (!string.IsNullOrWhiteSpace(input.Currency))
                {
                    errors.Add(new FieldError("currency", "A currency goes only with an amount off; a percentage applies in any currency."));
                }
                break;
            case (null, { } amount):
                if (!Currencies.TryFind(input.Currency, out var found))
                {
                    errors.Add(new FieldError("currency", "An amount off needs its currency, e.g. EUR."));
                }
                else
                {
                    currency = found.ApiCode;
                }
                if (amount <= 0 || amount > MaxAmountOff)
                {
                    errors.Add(new FieldError("amount_off", "The amount off must be more than 0."));
                }
                break;
        }

        var duration = CouponDuration.Once;
        if (!string.IsNullOrWhiteSpace(input.Duration) && !TryParseDuration(input.Duration, out duration))
        {
            errors.Add(new FieldError("duration", $"Duration must be once, repeating or forever, not '{input.Duration}'."));
        }
        if (duration == CouponDuration.Repeating && input.DurationInMonths is not (>= 1 and <= MaxDurationInMonths))
        {
            errors.Add(new FieldError("duration_in_months", $"A repeating coupon needs its number of months, from 1 to {MaxDurationInMonths}."));
        }
        if (duration != CouponDuration.Repeating && input.DurationInMonths is not null)
        {
            errors.Add(new FieldError("duration_in_months", "A number of months goes only with a repeating coupon."));
        }
        if (input.MaxRedemptions is < 1)
        {
            errors.Add(new FieldError("max_redemptions", "The maximum number of redemptions must be at least 1, or left empty for no limit."));
        }
        if (input.RedeemBy is { } redeemBy && redeemBy <= now)
        {
            errors.Add(new FieldError("redeem_by", "The last redemption date must be in the future."));
        }
        var name = ValidateName(input.Name, errors);
        var metadata = input.Metadata is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : Domain.Metadata.Merge(new Dictionary<string, string>(), input.Metadata, replace: true, errors);

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        return new Coupon
        {
            Id = id,
            Name = name,
            PercentOff = input.PercentOff,
            AmountOff = input.AmountOff,
            Currency = currency,
            Duration = duration,
            DurationInMonths = input.DurationInMonths,
            MaxRedemptions = input.MaxRedemptions,
            RedeemBy = input.RedeemBy,
            Metadata = metadata,
            Created = now,
        };
    }

    /// <summary>After creation only the name and metadata change, as in the hosted dashboard: the terms are what customers were promised.</summary>
    public static void Update(Coupon coupon, CouponInput input)
    {
        var errors = new List<FieldError>();
        var fixedFields = new (object? Value, string Field)[]
        {
            (input.PercentOff, "percent_off"), (input.AmountOff, "amount_off"), (input.Currency, "currency"), (input.Duration, "duration"),
            (input.DurationInMonths, "duration_in_months"), (input.MaxRedemptions, "max_redemptions"), (input.RedeemBy, "redeem_by"),
        };
        foreach (var (value, field) in fixedFields.Where(pair => pair.Value is not null))
        {
            errors.Add(new FieldError(field, $"A coupon's {field} can't change after it is created; only its name and metadata can. Create a new coupon instead."));
        }
        var name = input.Name is null ? coupon.Name : ValidateName(input.Name, errors);
        var metadata = input.Metadata is null ? coupon.Metadata : Domain.Metadata.Merge(coupon.Metadata, input.Metadata, replace: false, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        coupon.Name = name;
        coupon.Metadata = metadata;
    }

    /// <summary>
    /// Why the coupon can't be applied now (to a customer billed in <paramref name="customerCurrency"/>, if known),
    /// or null when it can.
    /// </summary>
    public static string? WhyNotRedeemable(Coupon coupon, DateTimeOffset now, string? customerCurrency)
    {
        if (coupon.DeletedAt is not null)
        {
            return $"Coupon {coupon.Id} was deleted, so it can't be applied any more.";
        }
        if (coupon.RedeemBy is { } redeemBy && now >= redeemBy)
        {
            return $"Coupon {coupon.Id} could be redeemed until {redeemBy.UtcDateTime.ToString("MMM d, yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture)}; it can't be applied any more.";
        }
        if (coupon.MaxRedemptions is { } max && coupon.TimesRedeemed >= max)
        {
            return $"Coupon {coupon.Id} has been redeemed {coupon.TimesRedeemed} of {max} times, its maximum.";
        }
        if (coupon.Currency is { } couponCurrency && customerCurrency is not null
            && !string.Equals(couponCurrency, customerCurrency, StringComparison.OrdinalIgnoreCase))
        {
            return $"Coupon {coupon.Id} takes an amount off in {couponCurrency.ToUpperInvariant()}, but this customer is billed in {customerCurrency.ToUpperInvariant()}. " +
                "An amount-off coupon applies only in its own currency.";
        }
        return null;
    }

    /// <summary>When a customer's discount from <paramref name="coupon"/> starting at <paramref name="start"/> ends; see <see cref="Discount.End"/>.</summary>
    public static DateTimeOffset? EndOf(Coupon coupon, DateTimeOffset start) =>
        coupon.Duration == CouponDuration.Repeating ? start.AddMonths(coupon.DurationInMonths!.Value) : null;

    public static bool TryParseDuration(string text, out CouponDuration duration)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "once":
                duration = CouponDuration.Once;
                return true;
            case "repeating":
                duration = CouponDuration.Repeating;
                return true;
            case "forever":
                duration = CouponDuration.Forever;
                return true;
            default:
                duration = default;
                return false;
        }
    }

    public static string ToApiValue(this CouponDuration duration) => duration switch
    {
        CouponDuration.Once => "once",
        CouponDuration.Repeating => "repeating",
        CouponDuration.Forever => "forever",
    };

    /// <summary>Eight random upper-case letters and digits, as the hosted dashboard generates them.</summary>
    public static string NewId() => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8);

    private static string? ValidateName(string? raw, List<FieldError> errors)
    {
        var name = raw?.Trim();
        if (name?.Length > MaxNameLength)
        {
            errors.Add(new FieldError("name", $"A coupon's name can be at most {MaxNameLength} characters (it is printed on invoices); this is {name.Length}."));
        }
        return string.IsNullOrEmpty(name) ? null : name;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,50}$")]
    private static partial Regex IdPattern();
}
