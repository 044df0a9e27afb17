using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain.CreditNotes;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Features.TaxRates;

namespace BillingDashboard.Features.CreditNotes;

/// <summary>/v1/credit_notes: the CreditNoteService the invoice page calls, so limits, numbering and where the credit goes are the page's own.</summary>
public static class CreditNotesApi
{
    public static void MapCreditNotesApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/credit_notes", CreateAsync);
        v1.MapGet("/credit_notes/preview", PreviewAsync);
        v1.MapGet("/credit_notes/preview/lines", PreviewLinesAsync);
        v1.MapGet("/credit_notes", ListAsync);
        v1.MapGet("/credit_notes/{id}", RetrieveAsync);
        v1.MapPost("/credit_notes/{id}", UpdateAsync);
        v1.MapPost("/credit_notes/{id}/void", VoidAsync);
        v1.MapGet("/credit_notes/{id}/lines", ListLinesAsync);
        v1.MapGet("/credit_notes/{id}/pdf", DownloadPdfAsync);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, CreditNoteService creditNotes, TaxRateService rates)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var (invoice, input) = ReadCreditNote(parameters);
        parameters.EnsureNoneUnknown();
        return await RenderAsync(await creditNotes.CreateAsync(invoice, input), request, rates);
    }

    /// <summary>The credit note these parameters would issue, computed the same way, with nothing issued.</summary>
    private static async Task<IResult> PreviewAsync(HttpRequest request, CreditNoteService creditNotes, TaxRateService rates)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var (invoice, input) = ReadCreditNote(parameters);
        parameters.EnsureNoneUnknown();
        return await RenderAsync(await creditNotes.PreviewAsync(invoice, input), request, rates);
    }

    private static async Task<IResult> PreviewLinesAsync(HttpRequest request, CreditNoteService creditNotes, TaxRateService rates)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var (invoice, input) = ReadCreditNote(parameters);
        var cursor = V1Api.Cursor(parameters);
        parameters.EnsureNoneUnknown();
        return await RenderLinesAsync(await creditNotes.PreviewAsync(invoice, input), "/v1/credit_notes/preview/lines", cursor, rates);
    }

    private static async Task<IResult> RetrieveAsync(string id, HttpRequest request, CreditNoteService creditNotes, TaxRateService rates)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        return await RenderAsync(await creditNotes.GetAsync(id), request, rates);
    }

    /// <summary>Only the memo and the metadata change; the amounts are those of a document already issued.</summary>
    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, CreditNoteService creditNotes, TaxRateService rates)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var memo = parameters.String("memo");
        var metadata = parameters.Dictionary("metadata", out var replace);
        parameters.EnsureNoneUnknown();
        return await RenderAsync(await creditNotes.UpdateAsync(id, memo, metadata, replace), request, rates);
    }

    private static async Task<IResult> VoidAsync(string id, HttpRequest request, CreditNoteService creditNotes, TaxRateService rates)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        return await RenderAsync(await creditNotes.VoidAsync(id), request, rates);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, CreditNoteService creditNotes, TaxRateService rates)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        var invoice = parameters.String("invoice");
        var customer = parameters.String("customer");
        parameters.EnsureNoneUnknown();
        var page = await creditNotes.ListPageAsync(invoice, customer, cursor);
        var known = await rates.FindManyAsync(page.Rows.SelectMany(creditNote => creditNote.TaxRateIds));
        return Results.Json(ApiObjects.List("/v1/credit_notes", page, creditNote => ApiObjects.CreditNote(creditNote, known, PdfUrl(request, creditNote.Id))));
    }

    private static async Task<IResult> ListLinesAsync(string id, HttpRequest request, CreditNoteService creditNotes, TaxRateService rates)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        parameters.EnsureNoneUnknown();
        return await RenderLinesAsync(await creditNotes.GetAsync(id), $"/v1/credit_notes/{id}/lines", cursor, rates);
    }

    private static async Task<IResult> DownloadPdfAsync(string id, HttpRequest request, InvoicePdfService pdfs)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        var pdf = await pdfs.RenderCreditNoteAsync(id, request.HttpContext.RequestAborted);
        return TypedResults.File(pdf.Content, "application/pdf", pdf.FileName);
    }

    private static async Task<IResult> RenderLinesAsync(CreditNote creditNote, string url, ListCursor cursor, TaxRateService rates)
    {
        var known = await rates.FindManyAsync(creditNote.TaxRateIds);
        var page = CursorPaging.Page(creditNote.Lines, line => line.Id, cursor, "credit_note_line_item");
        return Results.Json(ApiObjects.List(url, page, line => ApiObjects.CreditNoteLine(line, known)));
    }

    private static async Task<IResult> RenderAsync(CreditNote creditNote, HttpRequest request, TaxRateService rates) =>
        Results.Json(ApiObjects.CreditNote(creditNote, await rates.FindManyAsync(creditNote.TaxRateIds), PdfUrl(request, creditNote.Id)));

    private static string PdfUrl(HttpRequest request, string id) => $"{request.Scheme}://{request.Host}/v1/credit_notes/{Uri.EscapeDataString(id)}/pdf";

    /// <summary>
    /// <c>invoice</c>, then <c>lines[i][type|invoice_line_item|quantity|amount|description|unit_amount|tax_rates]</c>
    /// or <c>amount</c>, where the part past the amount due goes (<c>credit_amount</c>, <c>refund_amount</c>,
    /// <c>out_of_band_amount</c>), <c>reason</c>, <c>memo</c>, <c>metadata</c> and <c>email_type</c>.
    /// </summary>
    private static (string Invoice, CreditNoteInput Input) ReadCreditNote(ApiParameters parameters)
    {
        var invoice = parameters.String("invoice") ?? throw ApiRequestException.Missing("invoice");
        var lines = new List<CreditNoteLineInput>();
        for (var index = 0; parameters.Has($"lines[{index}]"); index++)
        {
            var prefix = $"lines[{index}]";
            lines.Add(new CreditNoteLineInput
            {
                Type = parameters.String($"{prefix}[type]"),
                InvoiceLineItem = parameters.String($"{prefix}[invoice_line_item]"),
                Quantity = parameters.Long($"{prefix}[quantity]"),
                Amount = parameters.Long($"{prefix}[amount]"),
                Description = parameters.String($"{prefix}[description]"),
                UnitAmount = parameters.Long($"{prefix}[unit_amount]"),
                TaxRateIds = parameters.List($"{prefix}[tax_rates]") ?? [],
            });
        }
        return (invoice, new CreditNoteInput
        {
            Lines = lines,
            Amount = parameters.Long("amount"),
            CreditAmount = parameters.Long("credit_amount"),
            RefundAmount = parameters.Long("refund_amount"),
            OutOfBandAmount = parameters.Long("out_of_band_amount"),
            Reason = parameters.String("reason"),
            Memo = parameters.String("memo"),
            Metadata = parameters.Dictionary("metadata", out _),
            EmailCustomer = parameters.String("email_type") switch
            {
                null or "credit_note" => true,
                "none" => false,
                var other => throw new ApiRequestException($"Invalid email_type: '{other}': use credit_note or none.", "email_type"),
            },
        });
    }
}
