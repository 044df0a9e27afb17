namespace BillingDashboard.Domain.Cards;

/// <summary>
/// What a card number says about itself: whether it is well formed (its length and Luhn check digit) and which
/// network issued it, from its leading digits. The number is only ever held for the length of a request.
/// </summary>
public static class CardNumbers
{
    public const int MinLength = 12;
    public const int MaxLength = 19;

    /// <summary>The digits of a number typed with spaces or dashes between groups; null when anything else is in it.</summary>
    public static string? Digits(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var digits = new char[text.Length];
        var count = 0;
        foreach (var character in text)
        {
            if (char.IsAsciiDigit(character))
            {
                digits[count++] = character;
            }
            else if (character is not (' ' or '-'))
            {
                return null;
            }
        }
        return new string(digits, 0, count);
    }

    /// <summary>The Luhn (mod 10) check every card network uses: doubling every second digit from the right.</summary>
    public static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var index = 0; index < digits.Length; index++)
        {
            var digit = digits[digits.Length - 1 - index] - '0';
            if (index % 2 == 1)
            {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    /// <summary>The issuing network, by the networks' published prefixes; null for a prefix none of them issues.</summary>
    public static string? Brand(string digits)
    {
        int Prefix(int length) => digits.Length >= length ? int.Parse(digits.AsSpan(0, length), provider: null) : -1;
        return digits switch
        {
            _ when Prefix(2) is 34 or 37 => "amex",
            _ when Prefix(4) == 6011 || Prefix(2) == 65 || Prefix(3) is >= 644 and <= 649 => "discover",
            _ when Prefix(2) == 62 => "unionpay",
            _ when Prefix(4) is >= 3528 and <= 3589 => "jcb",
            _ when Prefix(2) is 36 or 38 or 39 || Prefix(3) is >= 300 and <= 305 => "diners",
            _ when Prefix(2) is >= 51 and <= 55 || Prefix(4) is >= 2221 and <= 2720 => "mastercard",
            _ when digits.StartsWith('4') => "visa",
            _ => null,
        };
    }

    /// <summary>How many digits a security code has on this network's cards: four on the front of an Amex, three elsewhere.</summary>
    public static int CvcLength(string brand) => brand == "amex" ? 4 : 3;
}
