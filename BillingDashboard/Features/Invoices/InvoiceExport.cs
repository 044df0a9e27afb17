using System.Globalization;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Features.Export;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Invoices;

/// <summary>The Invoices page's search and filters, exported: every matching invoice, newest first.</summary>
public sealed record InvoiceExportRequest(InvoiceQuery Query) : ICsvExport
{
    public string Noun => "invoices";

    public void Validate()
    {
        var errors = new List<FieldError>();
        if (Query is { CreatedFrom: { } createdFrom, CreatedTo: { } createdTo } && createdFrom > createdTo)
        {
            errors.Add(new FieldError("created", "The start of the created range must not be after its end."));
        }
        if (Query is { DueFrom: { } dueFrom, DueTo: { } dueTo } && dueFrom > dueTo)
        {
            errors.Add(new FieldError("due", "The start of the due range must not be after its end."));
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    public Task<int> CountAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<InvoiceExport>().CountAsync(Query, cancellationToken);

    public Task<int> WriteAsync(IServiceProvider services, Stream output, IProgress<int> progress, CancellationToken cancellationToken) =>
        services.GetRequiredService<InvoiceExport>().WriteAsync(Query, output, progress, cancellationToken);
}

/// <summary>
/// Invoices to CSV, streamed from the database a row at a time, so memory stays flat however many there are.
/// Amounts are major units beside their currency, dates ISO 8601 in UTC; a draft has no number, totals or dates
/// of issue yet, and leaves them empty.
/// </summary>
public sealed class InvoiceExport(IDbContextFactory<BillingDbContext> databases, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Header =
    [
        "id", "number", "customer", "customer_name", "customer_email", "status", "collection_method", "currency",
        "subtotal", "tax", "total", "amount_due", "amount_paid", "amount_remaining", "created", "finalized", "due_date",
    ];

    /// <summary>What a row needs, read in one query with its customer's name and email (a deleted customer's too).</summary>
    private sealed record Row(string Id, string? Number, string CustomerId, string? CustomerName, string? CustomerEmail, InvoiceStatus Status,
        CollectionMethod CollectionMethod, string Currency, InvoiceAmounts? Amounts, long AmountPaid, DateTimeOffset Created, DateTimeOffset? FinalizedAt,
        DateTimeOffset? DueDate);

    public async Task<int> CountAsync(InvoiceQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Invoices.AsNoTracking().Filter(db, query, clock.GetUtcNow()).CountAsync(cancellationToken);
    }

    /// <returns>How many invoices were written.</returns>
    public async Task<int> WriteAsync(InvoiceQuery query, Stream output, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = db.Invoices.AsNoTracking().Filter(db, query, clock.GetUtcNow())
            .OrderByDescending(invoice => invoice.Created).ThenByDescending(invoice => invoice.Sequence)
            .GroupJoin(db.Customers.IgnoreQueryFilters(), invoice => invoice.CustomerId, customer => customer.Id, (invoice, customers) => new { invoice, customers })
            .SelectMany(pair => pair.customers.DefaultIfEmpty(), (pair, customer) => new Row(pair.invoice.Id, pair.invoice.Number, pair.invoice.CustomerId,
                customer == null ? null : customer.Name, customer == null ? null : customer.Email, pair.invoice.Status, pair.invoice.CollectionMethod,
                pair.invoice.Currency, pair.invoice.Amounts, pair.invoice.AmountPaid, pair.invoice.Created, pair.invoice.FinalizedAt, pair.invoice.DueDate))
            .AsAsyncEnumerable();
        var csv = new CsvWriter(output);
        foreach (var column in Header)
        {
            csv.WriteField(column);
        }
        await csv.EndRecordAsync(cancellationToken);
        var written = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            Write(csv, row);
            await csv.EndRecordAsync(cancellationToken);
            if (++written % 1_000 == 0)
            {
                progress?.Report(written);
            }
        }
        await csv.FlushAsync(cancellationToken);
        progress?.Report(written);
        return written;
    }

    private static void Write(CsvWriter csv, Row row)
    {
        var amounts = row.Amounts;
        var remaining = row.Status is InvoiceStatus.Void || amounts is null ? 0 : amounts.AmountDue - row.AmountPaid;
        csv.WriteField(row.Id);
        csv.WriteField(row.Number);
        csv.WriteField(row.CustomerId);
        csv.WriteField(row.CustomerName);
        csv.WriteField(row.CustomerEmail);
        csv.WriteField(row.Status.ToApiValue());
        csv.WriteField(row.CollectionMethod == CollectionMethod.SendInvoice ? "send_invoice" : "charge_automatically");
        csv.WriteField(row.Currency);
        csv.WriteField(Amount(amounts?.Subtotal, row.Currency));
        csv.WriteField(Amount(amounts?.Tax, row.Currency));
        csv.WriteField(Amount(amounts?.Total, row.Currency));
        csv.WriteField(Amount(amounts?.AmountDue, row.Currency));
        csv.WriteField(Amount(row.AmountPaid, row.Currency));
        csv.WriteField(Amount(amounts is null ? null : remaining, row.Currency));
        csv.WriteField(Iso8601(row.Created));
        csv.WriteField(row.FinalizedAt is { } finalized ? Iso8601(finalized) : null);
        csv.WriteField(row.FinalizedAt is not null && row.DueDate is { } due ? Iso8601(due) : null);
    }

    private static string? Amount(long? minorUnits, string currency) => minorUnits is { } amount ? Money.Of(amount, currency).ToInvariantString() : null;

    private static string Iso8601(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
