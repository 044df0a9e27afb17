namespace BillingDashboard.Domain.Events;

/// <summary>
/// One change, as it happened: written in the same transaction as the change, whatever door it came through, and
/// never changed or deleted afterwards (the store refuses both: see the Events migration's triggers). It holds the
/// object as the API rendered it after the change and, for updates, the fields as they were before, so that "what
/// did this say before?" has an answer that does not depend on today's code.
/// </summary>
public sealed class Event : IListedObject
{
    /// <summary>
    /// The hosted API version events say they are in: its official clients refuse to parse an event of another release
    /// (Stripe.net 53 is on this one, and the tests check with it).
    /// </summary>
    public const string ApiVersion = "2026-10-28.endive";

    public long Sequence { get; private set; }

    /// <summary>"evt_…".</summary>
    public required string Id { get; init; }

    /// <summary>What happened, in the hosted API's names (<see cref="EventTypes"/>).</summary>
    public required string Type { get; init; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>The id of the object in <see cref="Data"/>.</summary>
    public required string ObjectId { get; init; }

    /// <summary>The customer the object belongs to, for the customer's Activity card; none for coupons, keys and users.</summary>
    public string? CustomerId { get; init; }

    /// <summary>The object after the change (before it, for a deletion), as JSON in the API's shape.</summary>
    public required string Data { get; init; }

    /// <summary>For updates: the fields that changed, with the values they had before, as a JSON object.</summary>
    public string? PreviousAttributes { get; init; }

    /// <summary>Who made the change (<see cref="ChangeOrigin.Actor"/>).</summary>
    public required string Actor { get; init; }

    public string? RequestId { get; init; }

    public string? IdempotencyKey { get; init; }
}
