using System.Data.Common;
using System.Text;
using System.Text.Json;
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

    /// <summary>The columns read, in this order, with each invoice's customer's name and email (a deleted customer's too).</summary>
    private sealed record Row(string Id, string? Number, string CustomerId, string? CustomerName, string? CustomerEmail, InvoiceStatus Status,
        CollectionMethod CollectionMethod, string Currency, InvoiceAmounts? Amounts, long AmountPaid, DateTimeOffset Created, DateTimeOffset? FinalizedAt,
        DateTimeOffset? DueDate, long PrePaymentCreditNotesAmount);

    public async Task<int> CountAsync(InvoiceQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Invoices.AsNoTracking().Filter(db, query, clock.GetUtcNow()).CountAsync(cancellationToken);
    }

    /// <returns>How many invoices were written.</returns>
    public async Task<int> WriteAsync(InvoiceQuery query, Stream output, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // The query is EF Core's (the page's filters), but its rows are read straight off the data reader, the totals
        // picked out of their JSON: materializing each invoice held the export under 100,000 rows a second.
        var rows = db.Invoices.AsNoTracking().Filter(db, query, clock.GetUtcNow())
            .OrderByDescending(invoice => invoice.Created).ThenByDescending(invoice => invoice.Sequence)
            .GroupJoin(db.Customers.IgnoreQueryFilters(), invoice => invoice.CustomerId, customer => customer.Id, (invoice, customers) => new { invoice, customers })
            .SelectMany(pair => pair.customers.DefaultIfEmpty(), (pair, customer) => new Row(pair.invoice.Id, pair.invoice.Number, pair.invoice.CustomerId,
                customer == null ? null : customer.Name, customer == null ? null : customer.Email, pair.invoice.Status, pair.invoice.CollectionMethod,
                pair.invoice.Currency, pair.invoice.Amounts, pair.invoice.AmountPaid, pair.invoice.Created, pair.invoice.FinalizedAt, pair.invoice.DueDate,
                pair.invoice.PrePaymentCreditNotesAmount));
        await using var command = rows.CreateDbCommand();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var csv = new CsvWriter(output);
        foreach (var column in Header)
        {
            csv.WriteField(column);
        }
        await csv.EndRecordAsync(cancellationToken);
        var written = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            Write(csv, reader);
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

    /// <summary>One row, its columns in <see cref="Row"/>'s order.</summary>
    private static void Write(CsvWriter csv, DbDataReader row)
    {
        string? Text(int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
        string? Instant(int ordinal) => row.IsDBNull(ordinal) ? null : CsvWriter.Iso8601(UtcTicksConverter.FromStored(row.GetInt64(ordinal)));
        var status = Enum.Parse<InvoiceStatus>(row.GetString(5));
        var currency = row.GetString(7);
        var totals = Text(8) is { } json ? Totals.Read(json) : (Totals?)null;
        var amountPaid = row.GetInt64(9);
        // What the invoice asks for now: the amount due it was finalized with, less what credit notes took off it.
        var amountDue = totals?.AmountDue - row.GetInt64(13);
        csv.WriteField(row.GetString(0));
        csv.WriteField(Text(1));
        csv.WriteField(row.GetString(2));
        csv.WriteField(Text(3));
        csv.WriteField(Text(4));
        csv.WriteField(status.ToApiValue());
        csv.WriteField(Enum.Parse<CollectionMethod>(row.GetString(6)) == CollectionMethod.SendInvoice ? "send_invoice" : "charge_automatically");
        csv.WriteField(currency);
        csv.WriteField(Amount(totals?.Subtotal, currency));
        csv.WriteField(Amount(totals?.Tax, currency));
        csv.WriteField(Amount(totals?.Total, currency));
        csv.WriteField(Amount(amountDue, currency));
        csv.WriteField(Amount(amountPaid, currency));
        csv.WriteField(Amount(status == InvoiceStatus.Void ? (amountDue is null ? null : 0) : amountDue - amountPaid, currency));
        csv.WriteField(Instant(10));
        var finalized = Instant(11);
        csv.WriteField(finalized);
        csv.WriteField(finalized is null ? null : Instant(12));
    }

    /// <summary>The four totals the export shows, read from the frozen <see cref="InvoiceAmounts"/> without building it.</summary>
    private readonly record struct Totals(long Subtotal, long Tax, long Total, long AmountDue)
    {
        public static Totals Read(string json)
        {
            var totals = new Totals();
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            while (reader.Read())
            {
                // Only the top level's numbers: the discounts and taxes inside have amounts of their own.
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }
                var name = reader.GetString();
                reader.Read();
                totals = name switch
                {
                    nameof(InvoiceAmounts.Subtotal) => totals with { Subtotal = reader.GetInt64() },
                    nameof(InvoiceAmounts.Tax) => totals with { Tax = reader.GetInt64() },
                    nameof(InvoiceAmounts.Total) => totals with { Total = reader.GetInt64() },
                    nameof(InvoiceAmounts.AmountDue) => totals with { AmountDue = reader.GetInt64() },
                    _ => totals,
                };
                if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    reader.Skip();
                }
            }
            return totals;
        }
    }

    private static string? Amount(long? minorUnits, string currency) => minorUnits is { } amount ? Money.Of(amount, currency).ToInvariantString() : null;
}
