using BillingDashboard.Components.Shared;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Sources;

namespace BillingDashboard.Features.Payments;

/// <summary>The choices of the payment forms' dropdowns, built once, and how payment statuses are shown.</summary>
public static class PaymentOptions
{
    public static readonly IReadOnlyList<Option<string>> CardBrands =
        Domain.Cards.CardBrands.All.Select(brand => new Option<string>(brand.Name, brand.Code)).ToList();

    public static readonly IReadOnlyList<Option<int>> Months =
        Enumerable.Range(1, 12).Select(month => new Option<int>(month.ToString("00", Display.Culture), month)).ToList();

    public static readonly IReadOnlyList<Option<ChargeStatus?>> Statuses =
    [
        new("All statuses", null), new("Succeeded", ChargeStatus.Succeeded), new("Failed", ChargeStatus.Failed),
    ];

    /// <summary>Whether a charge needs a look.</summary>
    public static StatusTone Tone(ChargeStatus status) => status switch
    {
        ChargeStatus.Succeeded => StatusTone.Success,
        ChargeStatus.Failed => StatusTone.Danger,
    };

    /// <summary>Whether a source can still be charged.</summary>
    public static StatusTone Tone(SourceStatus status) => status switch
    {
        SourceStatus.Chargeable => StatusTone.Success,
        SourceStatus.Pending => StatusTone.Warning,
        SourceStatus.Failed => StatusTone.Danger,
        SourceStatus.Consumed => StatusTone.Neutral,
        SourceStatus.Canceled => StatusTone.Neutral,
    };

    /// <summary>"Visa •••• 4242 · default", or with the status when it can't be charged, so the choice explains itself.</summary>
    public static string Label(Source source, string? defaultSourceId)
    {
        var label = source.Describe();
        if (source.Usage == SourceUsage.SingleUse && source.Amount is { } amount)
        {
            label += $" · single use, {Display.Money(amount, source.Currency)}";
        }
        if (source.Id == defaultSourceId)
        {
            label += " · default";
        }
        return source.IsChargeable ? label : $"{label} ({source.Status.ToApiValue()})";
    }
}
