using BillingDashboard.Components.Shared;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Sources;

namespace BillingDashboard.Features.Payments;

/// <summary>The choices of the payment forms' dropdowns, built once, and how payment statuses are shown.</summary>
public static class PaymentOptions
{
    public static readonly IReadOnlyList<Option<int>> Months =
        Enumerable.Range(1, 12).Select(month => new Option<int>(month.ToString("00", Display.Culture), month)).ToList();

    public static readonly IReadOnlyList<Option<ChargeStatus?>> Statuses =
    [
        new("All statuses", null), new("Succeeded", ChargeStatus.Succeeded), new("Failed", ChargeStatus.Failed),
    ];

    /// <summary>Why money was given back, in the hosted API's reasons (<see cref="ChargeRules.RefundReasons"/>).</summary>
    public static readonly IReadOnlyList<Option<string>> RefundReasons =
    [
        new("Requested by customer", "requested_by_customer"), new("Duplicate", "duplicate"), new("Fraudulent", "fraudulent"),
    ];

    /// <summary>Where a charge stands, as the Payments list and its page show it, and whether it needs a look.</summary>
    public static (string Text, StatusTone Tone) State(Charge charge) => charge switch
    {
        { Paid: false } => ("Failed", StatusTone.Danger),
        { Captured: false } => ("Uncaptured", StatusTone.Warning),
        { FullyRefunded: true } => ("Refunded", StatusTone.Neutral),
        { AmountRefunded: > 0 } => ("Partially refunded", StatusTone.Info),
        _ => ("Succeeded", StatusTone.Success),
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
