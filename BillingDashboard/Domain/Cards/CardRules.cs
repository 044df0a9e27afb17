using System.Globalization;

namespace BillingDashboard.Domain.Cards;

/// <summary>A card as it is typed or sent: the number and security code are read once and never kept.</summary>
public sealed record CardInput
{
    public string? Number { get; init; }

    public int? ExpMonth { get; init; }

    public int? ExpYear { get; init; }

    public string? Cvc { get; init; }
}

/// <summary>
/// Everything kept of a card: what an operator needs to recognise it, a fingerprint that is the same for the same
/// number (a keyed hash, so it can't be reversed by trying numbers), and what the test network does with it.
/// </summary>
public sealed record CardDetails(string Brand, string Last4, int ExpMonth, int ExpYear, string Funding, string? Country, string Fingerprint,
    TestOutcome Outcome)
{
    /// <summary>Cards are valid through the last day of their expiry month (UTC, the networks being everywhere).</summary>
    public bool IsExpiredAt(DateTimeOffset now) => ExpiryHasPassed(ExpMonth, ExpYear, now);

    public static bool ExpiryHasPassed(int month, int year, DateTimeOffset now) =>
        new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1) <= now;
}

/// <summary>The keyed hash that stands for a card number or IBAN; <see cref="Features.Payments.PaymentSecrets"/> holds the key.</summary>
public interface IFingerprints
{
    string Of(string kind, string value);
}

/// <summary>
/// Reading a card: a number is digits that pass the Luhn check and start with a network's prefix; the expiry is a
/// month not yet past and at most <see cref="MaxYearsAhead"/> years ahead; a security code, when given, has the
/// network's length. Each error carries the hosted API's card error code, which clients switch on.
/// </summary>
public static class CardRules
{
    public const int MaxYearsAhead = 20;

    /// <summary>The card's details, or null with the reasons added to <paramref name="errors"/>.</summary>
    public static CardDetails? Read(CardInput input, DateTimeOffset now, IFingerprints fingerprints, List<FieldError> errors)
    {
        var before = errors.Count;
        var digits = CardNumbers.Digits(input.Number);
        string? brand = null;
        if (digits is null || digits.Length is < CardNumbers.MinLength or > CardNumbers.MaxLength)
        {
            errors.Add(new FieldError("card[number]", "Enter the card number: 12 to 19 digits.", "invalid_number"));
        }
        else if (!CardNumbers.PassesLuhn(digits))
        {
            // Never echo the number: messages reach logs and screens.
            errors.Add(new FieldError("card[number]", "Your card number is incorrect: check the digits.", "incorrect_number"));
        }
        else if ((brand = CardNumbers.Brand(digits)) is null)
        {
            errors.Add(new FieldError("card[number]", "This card number is from no network accepted here (Visa, Mastercard, American Express, Discover, JCB, Diners Club, UnionPay).", "invalid_number"));
        }
        CheckExpiry(input.ExpMonth, input.ExpYear, now, errors);
        var cvc = input.Cvc?.Trim();
        if (!string.IsNullOrEmpty(cvc) && brand is not null && (cvc.Length != CardNumbers.CvcLength(brand) || !cvc.All(char.IsAsciiDigit)))
        {
            errors.Add(new FieldError("card[cvc]", $"Your card's security code is invalid: {CardNumbers.CvcLength(brand)} digits on this card.", "invalid_cvc"));
        }
        if (errors.Count > before)
        {
            return null;
        }
        return Details(digits!, brand!, input.ExpMonth!.Value, input.ExpYear!.Value, fingerprints);
    }

    /// <summary>A documented test card (pm_card_visa, tok_visa), valid for a few years from now.</summary>
    public static CardDetails ForTest(TestPaymentMethod test, DateTimeOffset now, IFingerprints fingerprints) =>
        Details(test.Number, CardNumbers.Brand(test.Number)!, 12, now.UtcDateTime.Year + 3, fingerprints);

    /// <summary>A new expiry for a card already read (the API's update); the errors name the same fields.</summary>
    public static void CheckExpiry(int? month, int? year, DateTimeOffset now, List<FieldError> errors)
    {
        var monthIsValid = month is >= 1 and <= 12;
        if (!monthIsValid)
        {
            errors.Add(new FieldError("card[exp_month]", "Your card's expiration month is invalid: enter 1 to 12.", "invalid_expiry_month"));
        }
        var latestYear = now.UtcDateTime.Year + MaxYearsAhead;
        if (year is not { } value || value < 2000 || value > latestYear)
        {
            errors.Add(new FieldError("card[exp_year]",
                $"Your card's expiration year is invalid: enter four digits, at most {latestYear.ToString(CultureInfo.InvariantCulture)}.", "invalid_expiry_year"));
        }
        else if (monthIsValid && CardDetails.ExpiryHasPassed(month!.Value, value, now))
        {
            errors.Add(new FieldError("card[exp_year]", string.Create(CultureInfo.InvariantCulture,
                $"This card expired at the end of {month:00}/{value}; an expired card can't be added."), "invalid_expiry_year"));
        }
    }

    private static CardDetails Details(string digits, string brand, int expMonth, int expYear, IFingerprints fingerprints)
    {
        var test = TestPaymentMethods.All.FirstOrDefault(known => known.Number == digits);
        // No BIN table here: the documented test cards say what they are; any other card's funding is not known.
        var country = test is null ? null : brand switch { "unionpay" => "CN", "jcb" => "JP", _ => "US" };
        return new CardDetails(brand, digits[^4..], expMonth, expYear, test is null ? "unknown" : "credit", country,
            fingerprints.Of("card", digits), test?.Outcome ?? TestOutcome.Succeeds);
    }
}
