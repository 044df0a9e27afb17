using BillingDashboard.Domain.Cards;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Features.Payments;

namespace BillingDashboard.Tests.Infrastructure;

/// <summary>The hosted API's documented test numbers, and sources made from them as a form or a request would.</summary>
public static class TestCards
{
    public const string Visa = "4242424242424242";
    public const string Amex = "378282246310005";
    public const string Jcb = "3566002020360505";
    /// <summary>Declines when saved to a customer and on every charge.</summary>
    public const string Declined = "4000000000000002";
    /// <summary>Saved to a customer without complaint, then every charge declined.</summary>
    public const string DeclinedAfterAttach = "4000000000000341";
    public const string InsufficientFunds = "4000000000009995";
    public const string AuthenticationRequired = "4000002500003155";
    public const string Iban = "DE89370400440532013000";
    public const string IbanInsufficientFunds = "DE62370400440532013001";

    /// <summary>A fixed key: fingerprints in unit tests are reproducible.</summary>
    public static readonly IFingerprints Fingerprints = new PaymentSecrets(new byte[32]);

    public static SourceInput Card(string number = Visa, int expMonth = 12, int expYear = 2034, string? usage = null, long? amount = null,
        string? currency = null) => new()
    {
        Type = "card",
        Usage = usage,
        Card = new CardInput { Number = number, ExpMonth = expMonth, ExpYear = expYear },
        Amount = amount,
        Currency = currency,
    };

    public static SourceInput Sepa(string iban = Iban) => new() { Type = "sepa_debit", Iban = iban };

    /// <summary>The form fields of a card source, for /v1/sources.</summary>
    public static (string, string)[] CardForm(string number = Visa) =>
        [("type", "card"), ("card[number]", number), ("card[exp_month]", "12"), ("card[exp_year]", "2034")];
}
