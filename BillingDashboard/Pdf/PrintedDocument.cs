using System.Globalization;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;
using PdfSharp;

namespace BillingDashboard.Pdf;

/// <summary>One row of the line table, its figures already formatted.</summary>
public sealed record PrintedLine(string Description, string? Quantity, string? UnitPrice, IReadOnlyList<string> TaxLabels, string Amount);

/// <summary>A label and a value: a detail under the title, or a row of the summary.</summary>
public sealed record PrintedRow(string Label, string Value, bool Strong = false);

/// <summary>The column headings of the line table.</summary>
public sealed record PrintedColumns(string Description, string Quantity, string UnitPrice, string Tax, string Amount);

/// <summary>
/// Everything a billing document (an invoice, a credit note) prints, in words and formatted figures, in its
/// language: what <see cref="DocumentRenderer"/> lays out. Invoices and credit notes differ here, not in the drawing.
/// </summary>
public sealed record PrintedDocument
{
    /// <summary>The object's id: the file's /ID and font tags derive from it, so a document renders to the same bytes.</summary>
    public required string Id { get; init; }

    /// <summary>Printed at the foot of every page, beside the page number.</summary>
    public required string Number { get; init; }

    public required DateTimeOffset Issued { get; init; }

    public required string Language { get; init; }

    public required CultureInfo Culture { get; init; }

    public required PageSize PageSize { get; init; }

    public required string Title { get; init; }

    public IReadOnlyList<PrintedRow> Details { get; init; } = [];

    public required SellerDetails Seller { get; init; }

    public required string BillToHeading { get; init; }

    public IReadOnlyList<string> BillTo { get; init; } = [];

    public string? ShipToHeading { get; init; }

    public IReadOnlyList<string> ShipTo { get; init; } = [];

    public string? Memo { get; init; }

    public required PrintedColumns Columns { get; init; }

    public IReadOnlyList<PrintedLine> Lines { get; init; } = [];

    public IReadOnlyList<PrintedRow> Summary { get; init; } = [];

    /// <summary>Paragraphs after the summary (custom fields, a reverse-charge notice); strong ones in bold.</summary>
    public IReadOnlyList<(string Text, bool Strong)> Closing { get; init; } = [];

    public string? Footer { get; init; }

    /// <summary>"Page {0} of {1}" in the document's language.</summary>
    public required string PageOf { get; init; }
}

/// <summary>What invoices and credit notes both print about the customer and the seller, and how.</summary>
public static class PrintedParties
{
    /// <summary>Letter for the United States and Canada, A4 elsewhere: by the customer's country, else the language's region.</summary>
    public static PageSize PageSizeFor(Address customerAddress, CultureInfo culture)
    {
        var region = customerAddress.Country ?? (culture.IsNeutralCulture ? null : new RegionInfo(culture.Name).TwoLetterISORegionName);
        return region is "US" or "CA" ? PageSize.Letter : PageSize.A4;
    }

    /// <summary>Name, address, email and tax ids ("EU VAT DE123456789"), as the invoice's snapshot has them.</summary>
    public static IReadOnlyList<string> BillTo(InvoiceSnapshot snapshot)
    {
        var lines = new List<string>();
        if (snapshot.CustomerName is { } name)
        {
            lines.Add(name);
        }
        lines.AddRange(AddressLines(snapshot.CustomerAddress));
        if (snapshot.CustomerEmail is { } email)
        {
            lines.Add(email);
        }
        lines.AddRange(snapshot.CustomerTaxIds.Select(taxId => $"{taxId.Type.Replace('_', ' ').ToUpperInvariant()} {taxId.Value}"));
        return lines;
    }

    public static IReadOnlyList<string> ShipTo(Shipping? shipping)
    {
        if (shipping is null)
        {
            return [];
        }
        var lines = new List<string> { shipping.Name };
        lines.AddRange(AddressLines(shipping.Address));
        if (shipping.Phone is { } phone)
        {
            lines.Add(phone);
        }
        return lines;
    }

    public static IEnumerable<string> AddressLines(Address address)
    {
        if (address.Line1 is { } line1)
        {
            yield return line1;
        }
        if (address.Line2 is { } line2)
        {
            yield return line2;
        }
        var city = string.Join(" ", new[] { address.PostalCode, address.City }.OfType<string>());
        if (city.Length > 0)
        {
            yield return city;
        }
        if (address.State is { } state)
        {
            yield return state;
        }
        if (address.Country is { } country)
        {
            yield return Countries.NameOf(country);
        }
    }

    /// <summary>"VAT 19 %": a tax rate's name and percentage as the summary prints them.</summary>
    public static string TaxRow(AppliedTax tax, CultureInfo culture) => $"{tax.DisplayName} ({tax.Percentage.ToString("0.####", culture)} %)";
}
