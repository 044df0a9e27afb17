using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Pdf;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Invoices;

/// <summary>A document's PDF, named after its number.</summary>
public sealed record InvoicePdf(string FileName, byte[] Content);

/// <summary>Renders issued invoices and their credit notes with the fonts found on this machine (<see cref="FontCatalog"/>).</summary>
public sealed class InvoicePdfService(IDbContextFactory<BillingDbContext> databases, FontCatalog fonts)
{
    public async Task<InvoicePdf> RenderAsync(string invoiceId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var invoice = await db.Invoices.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == invoiceId, cancellationToken)
            ?? throw new NotFoundException("invoice", invoiceId);
        return new InvoicePdf($"{invoice.Number}.pdf", InvoiceDocument.Render(invoice, fonts));
    }

    /// <summary>A credit note's PDF, in its invoice's language and with its customer as the invoice billed them.</summary>
    public async Task<InvoicePdf> RenderCreditNoteAsync(string creditNoteId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var creditNote = await db.CreditNotes.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == creditNoteId, cancellationToken)
            ?? throw new NotFoundException("credit_note", creditNoteId);
        var invoice = await db.Invoices.AsNoTracking().SingleAsync(candidate => candidate.Id == creditNote.InvoiceId, cancellationToken);
        return new InvoicePdf($"{creditNote.Number}.pdf", CreditNoteDocument.Render(creditNote, invoice, fonts));
    }
}
