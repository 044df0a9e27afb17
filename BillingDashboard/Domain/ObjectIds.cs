using System.Security.Cryptography;

namespace BillingDashboard.Domain;

/// <summary>Public object ids in the hosted API's shape: a type prefix, an underscore, then random URL-safe characters.</summary>
public static class ObjectIds
{
    public const string Customer = "cus";
    public const string Source = "src";
    public const string Charge = "ch";
    public const string TaxId = "txi";
    public const string TaxRate = "txr";
    public const string BalanceTransaction = "cbtxn";
    public const string InvoiceItem = "ii";
    public const string Invoice = "in";
    public const string Discount = "di";
    public const string PaymentMethod = "pm";
    public const string Token = "tok";
    public const string Refund = "re";
    public const string Email = "em";
    public const string CreditNote = "cn";
    public const string CreditNoteLine = "cnli";

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    // 14 characters of 62 give 83 bits: collisions are not a practical concern, and the unique index catches one anyway.
    private const int RandomLength = 14;

    // Milliseconds since 1970 in 8 characters of 62: enough for the next six thousand years.
    private const int InstantLength = 8;

    public static string New(string prefix) => $"{prefix}_{RandomNumberGenerator.GetString(Alphabet, RandomLength)}";

    /// <summary>
    /// An id that starts with its instant, so that ids made one after another sort one after another (as the hosted
    /// API's own ids roughly do): the unique index of a table that only grows then takes each new id at its end
    /// rather than on a random page, which at every commit is a page less to write.
    /// </summary>
    public static string NewInTimeOrder(string prefix, DateTimeOffset instant)
    {
        Span<char> id = stackalloc char[InstantLength + RandomLength];
        var milliseconds = instant.ToUnixTimeMilliseconds();
        for (var position = InstantLength - 1; position >= 0; position--)
        {
            id[position] = Alphabet[(int)(milliseconds % Alphabet.Length)];
            milliseconds /= Alphabet.Length;
        }
        RandomNumberGenerator.GetItems(Alphabet, id[InstantLength..]);
        return $"{prefix}_{id}";
    }

    public static bool HasPrefix(string? id, string prefix) =>
        id is not null && id.Length > prefix.Length + 1 && id.StartsWith(prefix + "_", StringComparison.Ordinal);
}
