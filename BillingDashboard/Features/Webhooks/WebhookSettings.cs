using BillingDashboard.Domain.Email;

namespace BillingDashboard.Features.Webhooks;

/// <summary>The <c>Webhooks</c> section of appsettings.json.</summary>
public sealed class WebhookSettings
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Whether endpoints may be on this machine (loopback) or its link (169.254.x.x, fe80::): off, so that nobody who
    /// can add an endpoint can make the app call its own private services. Tests, whose receivers run locally, set it.
    /// </summary>
    public bool AllowLocalTargets { get; set; }

    /// <summary>How long an endpoint has to answer before the attempt counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan FirstRetryDelay { get; set; } = DeliveryRetry.Default.FirstDelay;

    public TimeSpan MaxRetryDelay { get; set; } = DeliveryRetry.Default.MaxDelay;

    /// <summary>How long a delivery is retried before it is marked failed: three days, as the hosted API does.</summary>
    public TimeSpan GiveUpAfter { get; set; } = DeliveryRetry.Default.GiveUpAfter;

    public DeliveryRetry Retry => new(FirstRetryDelay, MaxRetryDelay, GiveUpAfter);
}
