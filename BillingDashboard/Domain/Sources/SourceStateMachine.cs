namespace BillingDashboard.Domain.Sources;

/// <summary>Something that happens to a source and may move its status.</summary>
public enum SourceEvent
{
    /// <summary>The customer completed authorization (in test form, the operator does it for them).</summary>
    Authorize,
    /// <summary>The customer failed or abandoned authorization.</summary>
    FailAuthorization,
    Cancel,
    /// <summary>A charge used it up: a single-use source, or a reusable one charged without being attached.</summary>
    ConsumeByCharge,
    /// <summary>Removed from its customer: it can never be used again.</summary>
    Detach,
}

/// <summary>
/// The one place that says how a source's status moves:
/// <code>
/// pending ──authorize──▶ chargeable ──charge (single-use / unattached), detach──▶ consumed
///    │ fail authorization ▶ failed           │ cancel ▶ canceled
///    │ cancel ▶ canceled
///    └ detach ▶ consumed
/// </code>
/// Consumed, canceled and failed are final. A refused move throws with a message that names the status.
/// </summary>
public static class SourceStateMachine
{
    public static SourceStatus Next(SourceStatus status, SourceEvent change) =>
        Transition(status, change) ?? throw new RuleViolationException(WhyNot(status, change), "source");

    /// <summary>Whether the UI should offer the action at all.</summary>
    public static bool Allows(SourceStatus status, SourceEvent change) => Transition(status, change) is not null;

    public static void Apply(Source source, SourceEvent change) => source.MoveTo(Next(source.Status, change));

    /// <summary>Rule 9: only a chargeable source can be charged; the refusal names the status and what it means.</summary>
    public static void EnsureChargeable(Source source)
    {
        if (!source.IsChargeable)
        {
            throw new RuleViolationException($"Source {source.Id} can't be charged: its status is {source.Status.ToApiValue()}. {Explain(source)}", "source");
        }
    }

    /// <summary>What the status means for the operator, e.g. why a consumed source can never be used again.</summary>
    public static string Explain(Source source) => source.Status switch
    {
        SourceStatus.Pending => "The customer has not authorized it yet.",
        SourceStatus.Chargeable => "It can be charged.",
        SourceStatus.Consumed when source.ConsumedByChargeId is { } charge => $"It was used up by charge {charge} and can't be used again.",
        SourceStatus.Consumed when source.DetachedAt is not null => "It was detached from its customer and can't be used again.",
        SourceStatus.Consumed => "It has been used up and can't be used again.",
        SourceStatus.Canceled => "It was canceled and can't be used.",
        SourceStatus.Failed => "Its authorization failed, so it can't be used.",
    };

    public static string ToApiValue(this SourceStatus status) => status switch
    {
        SourceStatus.Pending => "pending",
        SourceStatus.Chargeable => "chargeable",
        SourceStatus.Consumed => "consumed",
        SourceStatus.Canceled => "canceled",
        SourceStatus.Failed => "failed",
    };

    private static SourceStatus? Transition(SourceStatus status, SourceEvent change) => (status, change) switch
    {
        (SourceStatus.Pending, SourceEvent.Authorize) => SourceStatus.Chargeable,
        (SourceStatus.Pending, SourceEvent.FailAuthorization) => SourceStatus.Failed,
        (SourceStatus.Pending or SourceStatus.Chargeable, SourceEvent.Cancel) => SourceStatus.Canceled,
        (SourceStatus.Chargeable, SourceEvent.ConsumeByCharge) => SourceStatus.Consumed,
        (SourceStatus.Pending or SourceStatus.Chargeable, SourceEvent.Detach) => SourceStatus.Consumed,
        // Detaching a source that can no longer be used only removes it from the customer.
        (SourceStatus.Canceled or SourceStatus.Failed, SourceEvent.Detach) => status,
        _ => null,
    };

    private static string WhyNot(SourceStatus status, SourceEvent change) => change switch
    {
        SourceEvent.Authorize or SourceEvent.FailAuthorization => $"Only a pending source awaits authorization; this one is {status.ToApiValue()}.",
        SourceEvent.Cancel => $"A {status.ToApiValue()} source can't be canceled.",
        SourceEvent.ConsumeByCharge => $"A {status.ToApiValue()} source can't be charged.",
        SourceEvent.Detach => $"A {status.ToApiValue()} source can't be detached.",
    };
}
