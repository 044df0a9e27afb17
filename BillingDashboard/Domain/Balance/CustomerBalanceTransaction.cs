namespace BillingDashboard.Domain.Balance;

/// <summary>
/// One entry of a customer's credit balance ledger. Entries are never changed or deleted: the customer's balance
/// is the sum of them, and <see cref="EndingBalance"/> records what it was right after this one.
/// </summary>
public sealed class CustomerBalanceTransaction : IListedObject
{
    /// <summary>Store order: "newest first" is this, descending, within a customer.</summary>
    public long Sequence { get; private set; }

    public required string Id { get; init; }

    public required string CustomerId { get; init; }

    public BalanceTransactionType Type { get; init; }

    /// <summary>Minor units of <see cref="Currency"/>: negative is credit the customer can spend, positive is an amount owed.</summary>
    public long Amount { get; init; }

    /// <summary>Lower-case ISO 4217: always the customer's (locked) currency.</summary>
    public required string Currency { get; init; }

    public long EndingBalance { get; init; }

    public string? Description { get; init; }

    public DateTimeOffset Created { get; init; }

    /// <summary>Who made it (an operator's email, "seed", or later an API key's name), for audit.</summary>
    public string? CreatedBy { get; init; }
}

public enum BalanceTransactionType
{
    /// <summary>Added by an operator on the customer page (or the API).</summary>
    Adjustment,

    /// <summary>The opening balance of an imported or seeded customer.</summary>
    Initial,

    /// <summary>Credit used to pay an invoice at finalization.</summary>
    AppliedToInvoice,

    /// <summary>What an invoice took from the balance, given back when it was voided.</summary>
    InvoiceVoided,

    /// <summary>Credit from a credit note (negative), or taken back when the credit note was voided (positive).</summary>
    CreditNote,
}

/// <summary>The rules of the ledger: what an adjustment may be.</summary>
public static class BalanceRules
{
    /// <summary>The hosted API's name for the entry's type; a voided invoice's return is its "unapplied_from_invoice".</summary>
    public static string ToApiValue(this BalanceTransactionType type) => type switch
    {
        BalanceTransactionType.Adjustment => "adjustment",
        BalanceTransactionType.Initial => "initial",
        BalanceTransactionType.AppliedToInvoice => "applied_to_invoice",
        BalanceTransactionType.InvoiceVoided => "unapplied_from_invoice",
        BalanceTransactionType.CreditNote => "credit_note",
    };

    /// <summary>What an entry without a description is, in the ledger.</summary>
    public static string Describe(this BalanceTransactionType type) => type switch
    {
        BalanceTransactionType.Adjustment => "Manual adjustment",
        BalanceTransactionType.Initial => "Opening balance",
        BalanceTransactionType.AppliedToInvoice => "Applied to an invoice",
        BalanceTransactionType.InvoiceVoided => "Returned from a voided invoice",
        BalanceTransactionType.CreditNote => "Credit note",
    };

    public const int MaxDescriptionLength = 350;

    /// <summary>The largest balance, either way, in minor units: well past any real credit, well inside a long.</summary>
    public const long MaxAbsoluteBalance = 99_999_999_999_99;

    public const string CurrencyRequiredMessage = "Choose the balance's currency: it becomes the customer's currency for good.";

    public static void ValidateAdjustment(long amount, string? description, long currentBalance)
    {
        var errors = new List<FieldError>();
        if (amount == 0)
        {
            errors.Add(new FieldError("amount", "Enter an amount other than zero: a credit (what the customer can spend) or a debit (what they owe)."));
        }
        else if (Math.Abs(currentBalance + amount) > MaxAbsoluteBalance)
        {
            errors.Add(new FieldError("amount", "That adjustment would take the balance beyond 99,999,999,999.99."));
        }
        if (description?.Trim().Length > MaxDescriptionLength)
        {
            errors.Add(new FieldError("description", $"The description can be at most {MaxDescriptionLength} characters."));
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }
}
