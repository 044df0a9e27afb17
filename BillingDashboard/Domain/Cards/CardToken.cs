namespace BillingDashboard.Domain.Cards;

/// <summary>
/// The hosted API's Token (<c>tok_…</c>): a card read once, to be used once wherever a source is taken (a
/// customer's source, a charge). Using it makes a source of the card; a second use is refused.
/// </summary>
public sealed class CardToken
{
    public long Sequence { get; private set; }

    public required string Id { get; init; }

    public required string CardBrand { get; init; }

    public required string Last4 { get; init; }

    public int ExpMonth { get; init; }

    public int ExpYear { get; init; }

    public required string Funding { get; init; }

    public string? Country { get; init; }

    public required string Fingerprint { get; init; }

    public TestOutcome TestOutcome { get; init; }

    /// <summary>card[name]: the cardholder, which becomes the source's owner.</summary>
    public string? CardholderName { get; init; }

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset? UsedAt { get; set; }

    public CardDetails Card => new(CardBrand, Last4, ExpMonth, ExpYear, Funding, Country, Fingerprint, TestOutcome);

    public static CardToken Create(string id, CardDetails card, string? cardholderName, DateTimeOffset now) => new()
    {
        Id = id,
        CardBrand = card.Brand,
        Last4 = card.Last4,
        ExpMonth = card.ExpMonth,
        ExpYear = card.ExpYear,
        Funding = card.Funding,
        Country = card.Country,
        Fingerprint = card.Fingerprint,
        TestOutcome = card.Outcome,
        CardholderName = string.IsNullOrWhiteSpace(cardholderName) ? null : cardholderName.Trim(),
        Created = now,
    };

    /// <summary>The hosted API's own words for a token used twice, which integrations recognise.</summary>
    public static string UsedTwice(string id) => $"You cannot use a Stripe token more than once: {id}.";
}
