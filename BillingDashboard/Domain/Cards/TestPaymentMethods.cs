namespace BillingDashboard.Domain.Cards;

/// <summary>Why a payment failed, in the API's terms: a failure code, the card network's decline code, a message for people.</summary>
public sealed record ChargeFailure(string Code, string? DeclineCode, string Message);

/// <summary>What the network does with a card or account made from one of the documented test numbers; kept with it, as the number is not.</summary>
public enum TestOutcome
{
    Succeeds,
    /// <summary>Refused when saved to a customer, and every charge declined.</summary>
    Declined,
    InsufficientFunds,
    ExpiredCard,
    ProcessingError,
    /// <summary>Saved to a customer without complaint; every charge declined.</summary>
    DeclinedAfterAttach,
    /// <summary>A source waits for 3-D Secure; a payment method's charges made without the cardholder are declined.</summary>
    AuthenticationRequired,
    DebitInsufficientFunds,
}

/// <summary>One documented test number, what it does, and the ids that stand for it (pm_card_visa, tok_visa).</summary>
public sealed record TestPaymentMethod(string Number, bool IsIban, TestOutcome Outcome, string WhatHappens, string? PaymentMethodId = null, string? TokenId = null);

/// <summary>
/// There is no card network or bank here: the hosted API's documented test numbers stand in for its answers, so
/// that declines and authentication can be tried. Any other valid number succeeds. Only the outcome is kept with
/// a card, never the number. The dialog that adds payment methods and the README list them from here.
/// </summary>
public static class TestPaymentMethods
{
    public static readonly ChargeFailure Expired = new("expired_card", "expired_card", "Your card has expired.");

    private static readonly ChargeFailure GenericDecline = new("card_declined", "generic_decline", "Your card was declined.");

    public static readonly IReadOnlyList<TestPaymentMethod> All =
    [
        new("4242424242424242", false, TestOutcome.Succeeds, "Visa: payments succeed", "pm_card_visa", "tok_visa"),
        new("5555555555554444", false, TestOutcome.Succeeds, "Mastercard: payments succeed", "pm_card_mastercard", "tok_mastercard"),
        new("378282246310005", false, TestOutcome.Succeeds, "American Express: payments succeed", "pm_card_amex", "tok_amex"),
        new("6011111111111117", false, TestOutcome.Succeeds, "Discover: payments succeed", "pm_card_discover", "tok_discover"),
        new("3566002020360505", false, TestOutcome.Succeeds, "JCB: payments succeed", "pm_card_jcb", "tok_jcb"),
        new("6200000000000005", false, TestOutcome.Succeeds, "UnionPay: payments succeed", "pm_card_unionpay", "tok_unionpay"),
        new("4000000000000002", false, TestOutcome.Declined, "Declined, also when saved to a customer", "pm_card_chargeDeclined", "tok_chargeDeclined"),
        new("4000000000009995", false, TestOutcome.InsufficientFunds, "Declined for insufficient funds",
            "pm_card_chargeDeclinedInsufficientFunds", "tok_chargeDeclinedInsufficientFunds"),
        new("4000000000000069", false, TestOutcome.ExpiredCard, "Declined as expired", "pm_card_chargeDeclinedExpiredCard", "tok_chargeDeclinedExpiredCard"),
        new("4000000000000119", false, TestOutcome.ProcessingError, "Fails with a processing error",
            "pm_card_chargeDeclinedProcessingError", "tok_chargeDeclinedProcessingError"),
        new("4000000000000341", false, TestOutcome.DeclinedAfterAttach, "Saved to a customer, then every charge declined",
            "pm_card_chargeCustomerFail", "tok_chargeCustomerFail"),
        new("4000002500003155", false, TestOutcome.AuthenticationRequired,
            "Needs authentication: a source waits for 3-D Secure; a saved payment method's charges are declined", "pm_card_authenticationRequired"),
        new("4000000000003220", false, TestOutcome.AuthenticationRequired, "Needs 3-D Secure 2, as above", "pm_card_threeDSecure2Required"),
        new("DE89370400440532013000", true, TestOutcome.Succeeds, "SEPA Direct Debit: debits succeed"),
        new("DE62370400440532013001", true, TestOutcome.DebitInsufficientFunds, "SEPA Direct Debit: debits fail for insufficient funds"),
    ];

    public static TestOutcome OutcomeOf(string number) =>
        All.FirstOrDefault(test => string.Equals(test.Number, number, StringComparison.Ordinal))?.Outcome ?? TestOutcome.Succeeds;

    public static TestPaymentMethod? FindPaymentMethod(string id) =>
        All.FirstOrDefault(test => string.Equals(test.PaymentMethodId, id, StringComparison.Ordinal));

    public static TestPaymentMethod? FindToken(string id) => All.FirstOrDefault(test => string.Equals(test.TokenId, id, StringComparison.Ordinal));

    /// <summary>
    /// What the issuer answers when the card is saved to a customer (the hosted API checks it then): null when it
    /// accepts. A card that declines every charge declines this check too, except the one made to pass it.
    /// </summary>
    public static ChargeFailure? FailureOnAttach(TestOutcome outcome) => outcome switch
    {
        TestOutcome.Declined or TestOutcome.InsufficientFunds or TestOutcome.ExpiredCard or TestOutcome.ProcessingError => FailureOnCharge(outcome),
        _ => null,
    };

    /// <summary>Refuses, as the issuer would, a card that declines when it is saved to a customer.</summary>
    public static void EnsureAcceptedOnAttach(TestOutcome outcome)
    {
        if (FailureOnAttach(outcome) is { } declined)
        {
            throw new CardDeclinedException(declined);
        }
    }

    /// <summary>
    /// What the network answers to a charge now; null means it is paid. <paramref name="cardholderPresent"/> is
    /// false for a saved payment method charged by the business (an invoice), which a card needing authentication refuses.
    /// </summary>
    public static ChargeFailure? FailureOnCharge(TestOutcome outcome, bool expired = false, bool cardholderPresent = true) => outcome switch
    {
        _ when expired => Expired,
        TestOutcome.Declined or TestOutcome.DeclinedAfterAttach => GenericDecline,
        TestOutcome.InsufficientFunds => new("card_declined", "insufficient_funds", "Your card has insufficient funds."),
        TestOutcome.ExpiredCard => Expired,
        TestOutcome.ProcessingError => new("processing_error", null, "An error occurred while processing your card. Try again in a little bit."),
        TestOutcome.AuthenticationRequired when !cardholderPresent =>
            new("card_declined", "authentication_required", "Your card was declined. This transaction requires authentication."),
        TestOutcome.DebitInsufficientFunds => new("insufficient_funds", null, "The bank account has insufficient funds."),
        _ => null,
    };
}
