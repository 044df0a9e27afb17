using BillingDashboard.Domain;
using BillingDashboard.Pdf;

namespace BillingDashboard.Features.Invoices;

/// <summary>
/// GET /invoices/{id}/pdf and /credit-notes/{id}/pdf: an issued invoice or credit note as a file named after its
/// number (signed-in operators only, like every page).
/// </summary>
public static class PdfDownloads
{
    public static string InvoicePath(string invoiceId) => $"/invoices/{Uri.EscapeDataString(invoiceId)}/pdf";

    public static string CreditNotePath(string creditNoteId) => $"/credit-notes/{Uri.EscapeDataString(creditNoteId)}/pdf";

    public static void MapPdfDownloads(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/invoices/{id}/pdf", (string id, InvoicePdfService pdfs, CancellationToken cancellationToken) =>
            DownloadAsync(() => pdfs.RenderAsync(id, cancellationToken)));
        endpoints.MapGet("/credit-notes/{id}/pdf", (string id, InvoicePdfService pdfs, CancellationToken cancellationToken) =>
            DownloadAsync(() => pdfs.RenderCreditNoteAsync(id, cancellationToken)));
    }

    private static async Task<IResult> DownloadAsync(Func<Task<InvoicePdf>> render)
    {
        try
        {
            var pdf = await render();
            return TypedResults.File(pdf.Content, "application/pdf", pdf.FileName);
        }
        catch (NotFoundException missing)
        {
            return TypedResults.NotFound(missing.Message);
        }
        catch (RuleViolationException refusal)
        {
            return TypedResults.Conflict(refusal.Message);
        }
        catch (MissingFontException noFont)
        {
            return TypedResults.Problem(noFont.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "No font for this document");
        }
    }
}
