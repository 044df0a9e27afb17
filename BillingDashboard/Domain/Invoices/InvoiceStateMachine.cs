namespace BillingDashboard.Domain.Invoices;

public enum InvoiceStatus
{
    Draft,
    Open,
    Paid,
    Void,
    Uncollectible,
}

/// <summary>What an operator (or the API) does to an invoice that may change its status.</summary>
public enum InvoiceAction
{
    Finalize,
    Pay,
    Void,
    MarkUncollectible,
    Delete,
    Edit,
}

/// <summary>
/// The one place that says how an invoice's status moves:
/// <code>
/// draft ──finalize──▶ open ──pay──▶ paid
///   │ edit, delete      │ void ──▶ void
///                       └ mark uncollectible ──▶ uncollectible ──pay──▶ paid
///                                                      └ void ──▶ void
/// </code>
/// Paid and void are final. Only a draft can be edited or deleted: from finalization on, an invoice is a document
/// that was issued, and it is corrected by voiding it and issuing another.
/// </summary>
public static class InvoiceStateMachine
{
    /// <summary>The status after <paramref name="action"/>, or a refusal that says why and what to do instead.</summary>
    public static InvoiceStatus Next(InvoiceStatus status, InvoiceAction action) =>
        Transition(status, action) ?? throw new RuleViolationException(WhyNot(status, action), "status");

    /// <summary>Whether the invoice page should offer the action.</summary>
    public static bool Allows(InvoiceStatus status, InvoiceAction action) => Transition(status, action) is not null;

    public static string ToApiValue(this InvoiceStatus status) => status switch
    {
        InvoiceStatus.Draft => "draft",
        InvoiceStatus.Open => "open",
        InvoiceStatus.Paid => "paid",
        InvoiceStatus.Void => "void",
        InvoiceStatus.Uncollectible => "uncollectible",
    };

    /// <summary>The status the API (or a page's filter) names, or null for a name that is none.</summary>
    public static InvoiceStatus? FromApiValue(string? value) =>
        Enum.GetValues<InvoiceStatus>().Cast<InvoiceStatus?>().FirstOrDefault(status => status!.Value.ToApiValue() == value);

    private static InvoiceStatus? Transition(InvoiceStatus status, InvoiceAction action) => (status, action) switch
    {
        (InvoiceStatus.Draft, InvoiceAction.Edit or InvoiceAction.Delete) => InvoiceStatus.Draft,
        (InvoiceStatus.Draft, InvoiceAction.Finalize) => InvoiceStatus.Open,
        (InvoiceStatus.Open or InvoiceStatus.Uncollectible, InvoiceAction.Pay) => InvoiceStatus.Paid,
        (InvoiceStatus.Open or InvoiceStatus.Uncollectible, InvoiceAction.Void) => InvoiceStatus.Void,
        (InvoiceStatus.Open, InvoiceAction.MarkUncollectible) => InvoiceStatus.Uncollectible,
        _ => null,
    };

    private static string WhyNot(InvoiceStatus status, InvoiceAction action) => (status, action) switch
    {
        (InvoiceStatus.Draft, InvoiceAction.Pay or InvoiceAction.Void or InvoiceAction.MarkUncollectible) =>
            "This invoice is still a draft: finalize it first. A draft that is not needed can be deleted.",
        (_, InvoiceAction.Edit) => $"This invoice is {status.ToApiValue()} and can't change: an issued invoice stays as it was sent. Void it and create a new one instead.",
        (_, InvoiceAction.Delete) => $"Only drafts can be deleted; this invoice is {status.ToApiValue()}. Void it instead, which keeps its number and record.",
        (_, InvoiceAction.Finalize) => $"This invoice is already {status.ToApiValue()}: it was finalized and has its number.",
        (InvoiceStatus.Paid, _) => "This invoice is paid, which is final.",
        (InvoiceStatus.Void, _) => "This invoice is void, which is final.",
        (InvoiceStatus.Uncollectible, InvoiceAction.MarkUncollectible) => "This invoice is already marked uncollectible.",
        _ => $"A {status.ToApiValue()} invoice can't be changed that way.",
    };
}
