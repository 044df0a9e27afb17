namespace BillingDashboard.Domain.Charges;

/// <summary>Money given back from a captured charge (the hosted API's Refund, <c>re_…</c>). Never more, in all, than was captured.</summary>
public sealed class Refund : IListedObject
{
    public long Sequence { get; private set; }

    public required string Id { get; init; }

    public required string ChargeId { get; init; }

    /// <summary>Minor units of <see cref="Currency"/>, positive.</summary>
    public long Amount { get; init; }

    public required string Currency { get; init; }

    /// <summary>duplicate, fraudulent or requested_by_customer; null when none was given.</summary>
    public string? Reason { get; init; }

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    public DateTimeOffset Created { get; init; }

    public string? CreatedBy { get; init; }
}
