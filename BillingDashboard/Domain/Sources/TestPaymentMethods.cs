namespace BillingDashboard.Domain.Sources;

/// <summary>Why a charge failed, in the API's terms: a failure code, the card network's decline code, a message for people.</summary>
public sealed record ChargeFailure(string Code, string? DeclineCode, string Message);

/// <summary>One documented test value: the last four digits that trigger an outcome, and what happens.</summary>
public sealed record TestPaymentMethod(SourceType Type, string Last4, string Outcome, ChargeFailure? Failure = null, bool StartsPending = false);

/// <summary>
/// There is no card network or bank here: sources are created from the details an operator types, and these
/// last-four values stand in for the network's answers, so that declines and authorization can be tried out.
/// Any other value succeeds. The dialog that creates sources and the README list them from here.
/// </summary>
public static class TestPaymentMethods
{
    public static readonly ChargeFailure Expired = new("expired_card", null, "Your card has expired.");

    public static readonly IReadOnlyList<TestPaymentMethod> All =
    [
        new(SourceType.Card, "0002", "Charges are declined", new("card_declined", "generic_decline", "Your card was declined.")),
        new(SourceType.Card, "9995", "Charges are declined for insufficient funds", new("card_declined", "insufficient_funds", "Your card has insufficient funds.")),
        new(SourceType.Card, "0069", "Charges fail as expired", Expired),
        new(SourceType.Card, "0119", "Charges fail with a processing error",
            new("processing_error", null, "An error occurred while processing your card. Try again in a little bit.")),
        new(SourceType.Card, "3220", "The source starts pending: it needs 3-D Secure authorization before it can be charged", StartsPending: true),
        new(SourceType.SepaDebit, "3001", "Debits fail for insufficient funds", new("insufficient_funds", null, "The bank account has insufficient funds.")),
    ];

    public static SourceStatus InitialStatus(SourceType type, string last4) =>
        Find(type, last4) is { StartsPending: true } ? SourceStatus.Pending : SourceStatus.Chargeable;

    /// <summary>What the network would answer to a charge on <paramref name="source"/> now; null means it is paid.</summary>
    public static ChargeFailure? FailureFor(Source source, DateTimeOffset now) =>
        source.IsExpiredAt(now) ? Expired : Find(source.Type, source.Last4)?.Failure;

    private static TestPaymentMethod? Find(SourceType type, string last4) =>
        All.FirstOrDefault(value => value.Type == type && string.Equals(value.Last4, last4, StringComparison.Ordinal));
}
