using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Pdf;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Invoices;

/// <summary>A finalized invoice's PDF, named after its number.</summary>
public sealed record InvoicePdf(string FileName, byte[] Content);

/// <summary>Renders issued invoices with the fonts found on this machine (<see cref="FontCatalog"/>).</summary>
public sealed class InvoicePdfService(IDbContextFactory<BillingDbContext> databases, FontCatalog fonts)
{
    public async Task<InvoicePdf> RenderAsync(string invoiceId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var invoice = await db.Invoices.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == invoiceId, cancellationToken)
            ?? throw new NotFoundException("invoice", invoiceId);
        var content = InvoiceDocument.Render(invoice, fonts);
        return new InvoicePdf($"{invoice.Number}.pdf", content);
    }
}
