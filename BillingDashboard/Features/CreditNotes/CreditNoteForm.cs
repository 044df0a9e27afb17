using BillingDashboard.Components.Shared;
using BillingDashboard.Domain;
using BillingDashboard.Domain.CreditNotes;

namespace BillingDashboard.Features.CreditNotes;

/// <summary>How the operator says what to credit: some of the invoice's lines, or an amount of the whole.</summary>
public enum CreditBy
{
    Lines,
    Amount,
}

/// <summary>Where the part of a credit past what is still due goes.</summary>
public enum CreditDestination
{
    Balance,
    Refund,
    Outside,
}

/// <summary>
/// What the Issue credit note dialog holds as it is filled in, and how it becomes a <see cref="CreditNoteInput"/>:
/// the same input the API builds, so the page and /v1 are checked by the same rules.
/// </summary>
public sealed class CreditNoteForm(Currency currency)
{
    public CreditBy By { get; set; } = CreditBy.Lines;

    /// <summary>Quantity to credit, by invoice line id; empty or zero leaves the line out.</summary>
    public Dictionary<string, long?> Quantities { get; } = new(StringComparer.Ordinal);

    /// <summary>The amount typed in major units ("25.00"), tax included.</summary>
    public string? Amount { get; set; }

    public string Reason { get; set; } = "";

    public string? Memo { get; set; }

    public CreditDestination Destination { get; set; } = CreditDestination.Balance;

    public bool EmailCustomer { get; set; } = true;

    /// <summary>The reasons offered (<see cref="CreditNoteRules.Reasons"/>, as the dashboard words them), after none.</summary>
    public static readonly IReadOnlyList<Option<string>> Reasons =
    [
        new("No reason given", ""), new("Duplicate", "duplicate"), new("Fraudulent", "fraudulent"), new("Order change", "order_change"),
        new("Product unsatisfactory", "product_unsatisfactory"),
    ];

    /// <summary>The input, with <paramref name="postPayment"/> (what a preview found past the amount due) sent where <see cref="Destination"/> says.</summary>
    public CreditNoteInput Read(long postPayment)
    {
        long? amount = null;
        if (By == CreditBy.Amount)
        {
            if (!AmountInputs.TryReadPositive(Amount, currency, out var minorUnits))
            {
                throw new ValidationFailedException([AmountInputs.Invalid("amount", currency)]);
            }
            amount = minorUnits;
        }
        return new CreditNoteInput
        {
            Lines = By == CreditBy.Lines
                ? [.. Quantities.Where(line => line.Value is > 0).Select(line => new CreditNoteLineInput { InvoiceLineItem = line.Key, Quantity = line.Value })]
                : [],
            Amount = amount,
            CreditAmount = postPayment > 0 && Destination == CreditDestination.Balance ? postPayment : null,
            RefundAmount = postPayment > 0 && Destination == CreditDestination.Refund ? postPayment : null,
            OutOfBandAmount = postPayment > 0 && Destination == CreditDestination.Outside ? postPayment : null,
            Reason = Reason,
            Memo = Memo,
            EmailCustomer = EmailCustomer,
        };
    }
}
