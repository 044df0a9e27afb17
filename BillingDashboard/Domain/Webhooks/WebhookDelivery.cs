using BillingDashboard.Domain.Email;

namespace BillingDashboard.Domain.Webhooks;

/// <summary>
/// One event to one endpoint: written with the event, in its transaction, and delivered afterwards by the webhook
/// sender, in order per endpoint, retried as email is (<see cref="DeliveryRetry"/>) until the endpoint answers 2xx.
/// </summary>
public sealed class WebhookDelivery
{
    public const string IdPrefix = "whd";

    /// <summary>Longest part of an endpoint's answer kept, to show why it failed.</summary>
    public const int MaxResponseLength = 1_000;

    /// <summary>The store's row number: an endpoint's deliveries go out in this order.</summary>
    public long Sequence { get; private set; }

    /// <summary>"whd_…".</summary>
    public required string Id { get; init; }

    public required string EndpointId { get; init; }

    public required string EventId { get; init; }

    public required DateTimeOffset Created
    {
        get;
        init
        {
            field = value;
            NextAttemptAt = value;
        }
    }

    /// <summary>A delivery an operator asked for again (Resend), rather than one the event made.</summary>
    public bool IsResend { get; init; }

    public WebhookDeliveryStatus Status { get; private set; } = WebhookDeliveryStatus.Pending;

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    /// <summary>The endpoint's last HTTP status; none when it could not be reached.</summary>
    public int? LastStatusCode { get; private set; }

    /// <summary>The start of the endpoint's last answer, or why it could not be reached.</summary>
    public string? LastResponse { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public void MarkDelivered(DateTimeOffset now, int statusCode, string response)
    {
        Record(now, statusCode, response);
        (Status, DeliveredAt) = (WebhookDeliveryStatus.Succeeded, now);
    }

    /// <summary>A failed attempt: tried again later, until the retry's time runs out.</summary>
    public void MarkAttemptFailed(DateTimeOffset now, int? statusCode, string response, DeliveryRetry retry)
    {
        Record(now, statusCode, response);
        if (retry.NextAttempt(Created, Attempts, now) is { } next)
        {
            NextAttemptAt = next;
            return;
        }
        Status = WebhookDeliveryStatus.Failed;
    }

    private void Record(DateTimeOffset now, int? statusCode, string response)
    {
        Attempts++;
        (LastAttemptAt, LastStatusCode) = (now, statusCode);
        LastResponse = response.Length > MaxResponseLength ? response[..MaxResponseLength] : response;
    }
}

public enum WebhookDeliveryStatus
{
    Pending,
    Succeeded,
    /// <summary>Given up after the retry's time ran out; Resend tries again.</summary>
    Failed,
}
