using BillingDashboard.Domain;
using BillingDashboard.Pdf;

namespace BillingDashboard.Features.Invoices;

/// <summary>GET /invoices/{id}/pdf: the issued invoice as a file named after its number (signed-in operators only, like every page).</summary>
public static class InvoicePdfEndpoint
{
    public static string PathFor(string invoiceId) => $"/invoices/{Uri.EscapeDataString(invoiceId)}/pdf";

    public static void MapInvoicePdf(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/invoices/{id}/pdf", DownloadAsync);

    private static async Task<IResult> DownloadAsync(string id, InvoicePdfService pdfs, CancellationToken cancellationToken)
    {
        try
        {
            var pdf = await pdfs.RenderAsync(id, cancellationToken);
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
            return TypedResults.Problem(noFont.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "No font for this invoice");
        }
    }
}
