using System.Globalization;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Export;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Customers;

/// <summary>A CSV column: its key (also its header) and how a customer fills it, always culture-invariant.</summary>
public sealed record CustomerExportColumn(string Key, string Label, Func<Customer, string?> Value);

/// <summary>What to export: the page's search and filters (with the dialog's created range), or the selected rows.</summary>
public sealed record CustomerExportRequest(CustomerQuery Query, IReadOnlyList<string> Columns, IReadOnlyCollection<string>? SelectedIds = null);

/// <summary>
/// Customers to CSV, streamed from the database to the output a row at a time, so memory stays flat whether the
/// export holds ten rows or a million. Dates are ISO 8601 in UTC, amounts are major units beside their currency.
/// </summary>
public sealed class CustomerExport(IDbContextFactory<BillingDbContext> databases)
{
    public const string MetadataPrefix = "metadata.";

    /// <summary>Metadata keys offered as columns come from this many of the newest matching customers.</summary>
    public const int MetadataKeySample = 5_000;

    public static readonly IReadOnlyList<CustomerExportColumn> Columns =
    [
        new("id", "ID", customer => customer.Id),
        new("name", "Name", customer => customer.Name),
        new("email", "Email", customer => customer.Email),
        new("description", "Description", customer => customer.Description),
        new("phone", "Phone", customer => customer.Phone),
        new("created", "Created (UTC)", customer => Iso8601(customer.Created)),
        new("currency", "Currency", customer => customer.Currency),
        new("balance", "Balance", customer => Balance(customer)),
        new("tax_exempt", "Tax status", customer => customer.TaxExempt.ToApiValue()),
        new("preferred_locales", "Languages", customer => string.Join(' ', customer.PreferredLocales)),
        new("address_line1", "Address line 1", customer => customer.Address.Line1),
        new("address_line2", "Address line 2", customer => customer.Address.Line2),
        new("address_city", "City", customer => customer.Address.City),
        new("address_state", "State", customer => customer.Address.State),
        new("address_postal_code", "Postal code", customer => customer.Address.PostalCode),
        new("address_country", "Country", customer => customer.Address.Country),
        new("shipping_name", "Shipping name", customer => customer.Shipping?.Name),
        new("shipping_phone", "Shipping phone", customer => customer.Shipping?.Phone),
        new("shipping_address_line1", "Shipping line 1", customer => customer.Shipping?.Address.Line1),
        new("shipping_address_line2", "Shipping line 2", customer => customer.Shipping?.Address.Line2),
        new("shipping_address_city", "Shipping city", customer => customer.Shipping?.Address.City),
        new("shipping_address_state", "Shipping state", customer => customer.Shipping?.Address.State),
        new("shipping_address_postal_code", "Shipping postal code", customer => customer.Shipping?.Address.PostalCode),
        new("shipping_address_country", "Shipping country", customer => customer.Shipping?.Address.Country),
        new("invoice_prefix", "Invoice prefix", customer => customer.InvoicePrefix),
        new("next_invoice_sequence", "Next invoice number", customer => customer.NextInvoiceSequence.ToString(CultureInfo.InvariantCulture)),
        new("invoice_footer", "Invoice footer", customer => customer.InvoiceFooter),
    ];

    public static readonly IReadOnlyList<string> DefaultColumns = ["id", "name", "email", "created", "currency", "balance", "tax_exempt", "address_country"];

    /// <summary>The metadata keys of the newest matching customers, for the column picker (a full scan would take seconds).</summary>
    public async Task<IReadOnlyList<string>> MetadataKeysAsync(CustomerQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var metadata = await db.Customers.AsNoTracking()
            .Filter(db, query)
            .OrderByDescending(customer => customer.Sequence)
            .Take(MetadataKeySample)
            .Select(customer => customer.Metadata)
            .ToListAsync(cancellationToken);
        return metadata.SelectMany(values => values.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Exactly how many rows the export will hold, for its progress bar.</summary>
    public async Task<int> CountAsync(CustomerExportRequest request, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await Matching(db, request).CountAsync(cancellationToken);
    }

    /// <returns>How many customers were written.</returns>
    public async Task<int> WriteAsync(CustomerExportRequest request, Stream output, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var columns = Resolve(request.Columns);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var csv = new CsvWriter(output);
        foreach (var column in columns)
        {
            csv.WriteField(column.Key);
        }
        csv.EndRecord();

        var written = 0;
        await foreach (var customer in Matching(db, request).Sort(request.Query.Sort).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            foreach (var column in columns)
            {
                csv.WriteField(column.Value(customer));
            }
            csv.EndRecord();
            if (++written % 1_000 == 0)
            {
                progress?.Report(written);
            }
        }
        await csv.FlushAsync(cancellationToken);
        progress?.Report(written);
        return written;
    }

    /// <summary>Checks a request before anything is written, so a bad one fails with field errors and not a broken file.</summary>
    public static void Validate(CustomerExportRequest request) => Resolve(request.Columns, request.Query);

    private static IQueryable<Customer> Matching(BillingDbContext db, CustomerExportRequest request)
    {
        var customers = db.Customers.AsNoTracking();
        return request.SelectedIds is { } ids
            ? customers.Where(customer => ids.Contains(customer.Id))
            : customers.Filter(db, request.Query);
    }

    private static List<CustomerExportColumn> Resolve(IReadOnlyList<string> keys, CustomerQuery? query = null)
    {
        var errors = new List<FieldError>();
        if (keys.Count == 0)
        {
            errors.Add(new FieldError("columns", "Choose at least one column to export."));
        }
        if (query is { CreatedFrom: { } from, CreatedTo: { } to } && from > to)
        {
            errors.Add(new FieldError("created", "The start of the created range must not be after its end."));
        }
        var columns = new List<CustomerExportColumn>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (key.StartsWith(MetadataPrefix, StringComparison.Ordinal) && key[MetadataPrefix.Length..] is { Length: > 0 and <= Metadata.MaxKeyLength } metadataKey)
            {
                columns.Add(new CustomerExportColumn(key, metadataKey, customer => customer.Metadata.GetValueOrDefault(metadataKey)));
            }
            else if (Columns.FirstOrDefault(column => column.Key == key) is { } column)
            {
                columns.Add(column);
            }
            else
            {
                errors.Add(new FieldError("columns", $"There is no column '{key}'."));
            }
        }
        return errors.Count > 0 ? throw new ValidationFailedException(errors) : columns;
    }

    private static string Iso8601(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Balance(Customer customer) =>
        customer.Currency is { } currency ? Money.Of(customer.Balance, currency).ToInvariantString() : "0";
}
