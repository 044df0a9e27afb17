using BillingDashboard.Components.Shared;
using BillingDashboard.Domain.CreditNotes;

namespace BillingDashboard.Features.CreditNotes;

/// <summary>How the dashboard shows credit notes (the PDF has its own, localized, words).</summary>
public static class CreditNoteDisplay
{
    public static string Status(CreditNote creditNote) => creditNote.Status == CreditNoteStatus.Void ? "Void" : "Issued";

    public static StatusTone Tone(CreditNote creditNote) => creditNote.Status == CreditNoteStatus.Void ? StatusTone.Neutral : StatusTone.Success;

    public static string Reason(string? reason) =>
        CreditNoteForm.Reasons.FirstOrDefault(option => option.Value == (reason ?? ""))?.Text ?? reason ?? "";

    /// <summary>"Off the amount due 59.50 € · To the balance 10.00 €": where each part of the credit went.</summary>
    public static string WhereItWent(CreditNote creditNote) => string.Join(" · ", Parts(creditNote).Select(part => $"{part.Label} {Display.Money(part.Amount, creditNote.Currency)}"));

    public static IEnumerable<(string Label, long Amount)> Parts(CreditNote creditNote) =>
        new[]
        {
            ("Off the amount due", creditNote.PrePaymentAmount), ("To the customer's balance", creditNote.CreditAmount),
            ("Refunded to the card", creditNote.RefundAmount), ("Settled outside", creditNote.OutOfBandAmount),
        }.Where(part => part.Item2 > 0);
}
