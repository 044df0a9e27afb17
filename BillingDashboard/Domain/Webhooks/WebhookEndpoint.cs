namespace BillingDashboard.Domain.Webhooks;

/// <summary>
/// Where an integration wants events POSTed, and which ones. Each delivery is signed with the endpoint's secret
/// (<see cref="WebhookSignature"/>), which is stored encrypted and shown once, when the endpoint is created.
/// </summary>
public sealed class WebhookEndpoint : IListedObject
{
    public const string IdPrefix = "we";

    /// <summary>What <see cref="EnabledEvents"/> holds to receive every type.</summary>
    public const string AllEvents = "*";

    public long Sequence { get; private set; }

    public required string Id { get; init; }

    public required string Url { get; set; }

    public string? Description { get; set; }

    public List<string> EnabledEvents { get; set; } = [];

    /// <summary>Disabled endpoints are sent nothing; events are not queued for them meanwhile.</summary>
    public bool Disabled { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The signing secret ("whsec_…"), encrypted with the app's key ring (Hosting/KeyRing.cs).</summary>
    public required string ProtectedSecret { get; init; }

    public DateTimeOffset Created { get; init; }

    /// <summary>Deleted endpoints are kept, with their deliveries, for the record; they receive nothing.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public int Version { get; set; }

    /// <summary>The sender that is delivering to this endpoint, until <see cref="LeaseUntil"/>: one at a time, so deliveries stay in order.</summary>
    public string? LeaseToken { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public bool Receives(string eventType) => !Disabled && DeletedAt is null && (EnabledEvents.Contains(AllEvents) || EnabledEvents.Contains(eventType));
}
