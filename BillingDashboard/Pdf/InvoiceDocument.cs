using System.Globalization;
using System.Text;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace BillingDashboard.Pdf;

/// <summary>
/// An issued invoice as a PDF, in the customer's language: drawn from the invoice's snapshot and frozen amounts
/// only, so it reads the same whenever it is downloaded. Long invoices continue on further pages, the line
/// table's header repeated; every page is numbered.
/// </summary>
public sealed class InvoiceDocument
{
    private const double Margin = 48;
    private const double BodySize = 9.5;
    private const double LineHeight = 13;
    private static readonly XBrush Ink = new XSolidBrush(XColor.FromArgb(26, 31, 54));
    private static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(105, 115, 134));
    private static readonly XPen Rule = new(XColor.FromArgb(210, 215, 222), 0.6);
    private static readonly Lock Setup = new();

    private readonly Invoice _invoice;
    private readonly IReadOnlyList<SnapshotLine> _lines;
    private readonly InvoiceSnapshot _snapshot;
    private readonly InvoiceAmounts _amounts;
    private readonly InvoiceLabels _labels;
    private readonly CultureInfo _culture;
    private readonly Currency _currency;
    private readonly XFont _regular;
    private readonly XFont _bold;
    private readonly XFont _title;
    private readonly XFont _small;
    private readonly PdfDocument _document = new();
    private readonly PageSize _pageSize;
    private XGraphics _page = default!;
    private double _y;

    private InvoiceDocument(Invoice invoice, FontCatalog fonts)
    {
        _invoice = invoice;
        _snapshot = invoice.Snapshot ?? throw new RuleViolationException("Only a finalized invoice has a PDF: finalize the draft first.");
        _amounts = invoice.Amounts!;
        _lines = _snapshot.Lines;
        (var language, _labels, _culture) = InvoiceLocales.Resolve(_snapshot.PreferredLocales);
        _currency = Currencies.Get(invoice.Currency);
        var region = _snapshot.CustomerAddress.Country ?? (_culture.IsNeutralCulture ? null : new RegionInfo(_culture.Name).TwoLetterISORegionName);
        _pageSize = region is "US" or "CA" ? PageSize.Letter : PageSize.A4;
        var font = fonts.ChooseFor(language, AllText());
        _regular = new XFont(font.Family, BodySize, XFontStyleEx.Regular);
        _bold = new XFont(font.Family, BodySize, XFontStyleEx.Bold);
        _title = new XFont(font.Family, 20, XFontStyleEx.Bold);
        _small = new XFont(font.Family, 8, XFontStyleEx.Regular);
        _document.Info.Title = $"{_labels.Invoice} {invoice.Number}";
        // The same invoice gives the same bytes whenever it is rendered (the download and the emailed copy are
        // one file): dated when it was issued, and identified by its id rather than by a random one.
        _document.Info.CreationDate = invoice.FinalizedAt!.Value.UtcDateTime;
        _document.Info.ModificationDate = invoice.FinalizedAt!.Value.UtcDateTime;
        // PDFsharp takes the 16 bytes of an id as a string of 16 characters, one per byte.
        var documentId = new string([.. System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(invoice.Id))[..16].Select(part => (char)part)]);
        _document.Internals.FirstDocumentID = documentId;
        _document.Internals.SecondDocumentID = documentId;
    }

    /// <summary>PDFsharp's process-wide setting: where fonts come from (set once).</summary>
    public static void Configure(FontCatalog fonts)
    {
        lock (Setup)
        {
            GlobalFontSettings.FontResolver ??= fonts;
        }
    }

    /// <summary>The PDF's bytes. Throws <see cref="MissingFontException"/> when no installed font covers the text.</summary>
    public static byte[] Render(Invoice invoice, FontCatalog fonts)
    {
        Configure(fonts);
        var document = new InvoiceDocument(invoice, fonts);
        document.Draw();
        using var output = new MemoryStream();
        document._document.Save(output, closeStream: false);
        var bytes = output.ToArray();
        StablePdfBytes.MakeStable(bytes, invoice.Id);
        return bytes;
    }

    private double Width => _page.PageSize.Width;

    private double Bottom => _page.PageSize.Height - Margin - 24;

    private double Right => Width - Margin;

    private void Draw()
    {
        NewPage();
        DrawHeader();
        DrawParties();
        if (_invoice.Description is { } memo)
        {
            _y += 6;
            Paragraph(memo, _regular, Ink);
            _y += 6;
        }
        DrawTableHeader();
        foreach (var line in _lines)
        {
            DrawLine(line);
        }
        DrawSummary();
        DrawClosing();
        NumberPages();
    }

    private void NewPage()
    {
        _page?.Dispose();
        var page = _document.AddPage();
        page.Size = _pageSize;
        _page = XGraphics.FromPdfPage(page);
        _y = Margin;
    }

    private void DrawHeader()
    {
        _page.DrawString(_labels.Invoice, _title, Ink, new XPoint(Margin, _y + 20));
        var sellerTop = _y;
        _y += 40;
        LabelValue(_labels.InvoiceNumber, _invoice.Number!);
        LabelValue(_labels.DateOfIssue, Date(_invoice.FinalizedAt!.Value));
        LabelValue(_labels.DateDue, Date(_invoice.DueDate!.Value));
        var afterDetails = _y;

        // The seller, right-aligned in the top corner.
        _y = sellerTop;
        var seller = _snapshot.Seller;
        var sellerLines = new List<(string Text, XFont Font)>();
        if (seller.Name.Length > 0)
        {
            sellerLines.Add((seller.Name, _bold));
        }
        sellerLines.AddRange(AddressLines(seller.Address).Select(text => (text, _regular)));
        if (seller.Email is { } email)
        {
            sellerLines.Add((email, _regular));
        }
        sellerLines.AddRange(seller.TaxIds.Select(taxId => (taxId, _regular)));
        foreach (var (text, font) in sellerLines)
        {
            _page.DrawString(text, font, Ink, new XRect(Margin, _y, Right - Margin, LineHeight), XStringFormats.TopRight);
            _y += LineHeight;
        }
        _y = Math.Max(_y, afterDetails) + 14;
    }

    private void DrawParties()
    {
        var top = _y;
        var columnWidth = (Right - Margin) / 2;
        var billTo = new List<string>();
        if (_snapshot.CustomerName is { } name)
        {
            billTo.Add(name);
        }
        billTo.AddRange(AddressLines(_snapshot.CustomerAddress));
        if (_snapshot.CustomerEmail is { } email)
        {
            billTo.Add(email);
        }
        billTo.AddRange(_snapshot.CustomerTaxIds.Select(taxId => $"{TaxIdLabel(taxId.Type)} {taxId.Value}"));
        var leftEnd = Block(_labels.BillTo, billTo, Margin, top, columnWidth - 12);
        var rightEnd = top;
        if (_snapshot.Shipping is { } shipping)
        {
            var shipTo = new List<string> { shipping.Name };
            shipTo.AddRange(AddressLines(shipping.Address));
            if (shipping.Phone is { } phone)
            {
                shipTo.Add(phone);
            }
            rightEnd = Block(_labels.ShipTo, shipTo, Margin + columnWidth, top, columnWidth);
        }
        _y = Math.Max(leftEnd, rightEnd) + 12;
    }

    private double Block(string heading, IEnumerable<string> lines, double x, double y, double width)
    {
        _page.DrawString(heading, _bold, Muted, new XRect(x, y, width, LineHeight), XStringFormats.TopLeft);
        y += LineHeight + 2;
        foreach (var text in lines)
        {
            foreach (var wrapped in Wrap(text, _regular, width))
            {
                _page.DrawString(wrapped, _regular, Ink, new XRect(x, y, width, LineHeight), XStringFormats.TopLeft);
                y += LineHeight;
            }
        }
        return y;
    }

    // Columns: description takes what the numbers leave.
    private double QuantityX => Right - 300;

    private double UnitPriceX => Right - 250;

    private double TaxX => Right - 160;

    private double DescriptionWidth => QuantityX - Margin - 8;

    private void DrawTableHeader()
    {
        _y += 4;
        Cell(_labels.Description, _bold, Muted, Margin, DescriptionWidth, XStringFormats.TopLeft);
        Cell(_labels.Quantity, _bold, Muted, QuantityX, 44, XStringFormats.TopRight);
        Cell(_labels.UnitPrice, _bold, Muted, UnitPriceX, 84, XStringFormats.TopRight);
        Cell(_labels.Tax, _bold, Muted, TaxX, 70, XStringFormats.TopLeft);
        Cell(_labels.Amount, _bold, Muted, Right - 84, 84, XStringFormats.TopRight);
        _y += LineHeight + 2;
        _page.DrawLine(Rule, Margin, _y, Right, _y);
        _y += 5;
    }

    private void DrawLine(SnapshotLine line)
    {
        var description = Wrap(line.Description, _regular, DescriptionWidth).ToList();
        var taxes = line.TaxLabels.SelectMany(label => Wrap(label, _small, 86)).ToList();
        var height = Math.Max(description.Count, Math.Max(1, taxes.Count)) * LineHeight + 5;
        if (_y + height > Bottom)
        {
            NewPage();
            DrawTableHeader();
        }
        var top = _y;
        foreach (var text in description)
        {
            Cell(text, _regular, Ink, Margin, DescriptionWidth, XStringFormats.TopLeft);
            _y += LineHeight;
        }
        _y = top;
        Cell(line.Quantity.ToString("N0", _culture), _regular, Ink, QuantityX, 44, XStringFormats.TopRight);
        Cell(Money(line.UnitAmount), _regular, Ink, UnitPriceX, 84, XStringFormats.TopRight);
        foreach (var text in taxes)
        {
            Cell(text, _small, Muted, TaxX, 86, XStringFormats.TopLeft);
            _y += LineHeight;
        }
        _y = top;
        Cell(Money(line.Amount), _regular, Ink, Right - 84, 84, XStringFormats.TopRight);
        _y = top + height;
        _page.DrawLine(Rule, Margin, _y - 3, Right, _y - 3);
    }

    private void DrawSummary()
    {
        var rows = new List<(string Label, string Value, bool Strong)> { (_labels.Subtotal, Money(_amounts.Subtotal), false) };
        rows.AddRange(_amounts.Discounts.Select(discount => ($"{_labels.Discount} ({discount.Label})", Money(-discount.Amount), false)));
        if (_amounts.Taxes.Count > 0)
        {
            rows.Add((_labels.TotalExcludingTax, Money(_amounts.TotalExcludingTax), false));
            rows.AddRange(_amounts.Taxes.Select(tax => ($"{tax.DisplayName} ({tax.Percentage.ToString("0.####", _culture)} %)", Money(tax.Amount), false)));
        }
        rows.Add((_labels.Total, Money(_amounts.Total), true));
        if (_amounts.AppliedBalance != 0)
        {
            rows.Add((_labels.AppliedBalance, Money(_amounts.AppliedBalance), false));
        }
        rows.Add((_labels.AmountDue, Money(_amounts.AmountDue), true));

        var height = rows.Count * (LineHeight + 3) + 10;
        if (_y + height > Bottom)
        {
            NewPage();
        }
        _y += 8;
        var labelX = Right - 300;
        foreach (var (label, value, strong) in rows)
        {
            var font = strong ? _bold : _regular;
            Cell(label, font, Ink, labelX, 200, XStringFormats.TopLeft);
            Cell(value, font, Ink, Right - 100, 100, XStringFormats.TopRight);
            _y += LineHeight + 3;
        }
    }

    private void DrawClosing()
    {
        _y += 10;
        foreach (var field in _invoice.CustomFields)
        {
            Paragraph($"{field.Name}: {field.Value}", _regular, Ink);
        }
        if (_snapshot.TaxExempt == TaxExempt.Reverse)
        {
            Paragraph(_labels.ReverseCharge, _bold, Ink);
        }
        if (_invoice.Footer is { } footer)
        {
            _y += 6;
            Paragraph(footer, _small, Muted);
        }
    }

    private void NumberPages()
    {
        _page.Dispose();
        var count = _document.PageCount;
        for (var index = 0; index < count; index++)
        {
            using var graphics = XGraphics.FromPdfPage(_document.Pages[index], XGraphicsPdfPageOptions.Append);
            var text = string.Format(_culture, _labels.PageOf, index + 1, count);
            graphics.DrawString($"{_invoice.Number} · {text}", _small, Muted,
                new XRect(Margin, graphics.PageSize.Height - Margin, graphics.PageSize.Width - 2 * Margin, LineHeight), XStringFormats.TopRight);
        }
    }

    private void Paragraph(string text, XFont font, XBrush brush)
    {
        foreach (var paragraph in text.Split('\n'))
        {
            foreach (var line in Wrap(paragraph.TrimEnd('\r'), font, Right - Margin))
            {
                if (_y + LineHeight > Bottom)
                {
                    NewPage();
                }
                Cell(line, font, brush, Margin, Right - Margin, XStringFormats.TopLeft);
                _y += LineHeight;
            }
        }
    }

    private void LabelValue(string label, string value)
    {
        Cell(label, _regular, Muted, Margin, 130, XStringFormats.TopLeft);
        Cell(value, _bold, Ink, Margin + 130, 170, XStringFormats.TopLeft);
        _y += LineHeight;
    }

    private void Cell(string text, XFont font, XBrush brush, double x, double width, XStringFormat format) =>
        _page.DrawString(text, font, brush, new XRect(x, _y, width, LineHeight), format);

    /// <summary>Breaks text into lines that fit: between words where there are spaces, between characters where there are none (Japanese, Chinese).</summary>
    private IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        if (text.Length == 0 || _page.MeasureString(text, font).Width <= width)
        {
            yield return text;
            yield break;
        }
        var line = new StringBuilder();
        foreach (var piece in Pieces(text))
        {
            var candidate = line.ToString() + piece;
            if (line.Length > 0 && _page.MeasureString(candidate.TrimEnd(), font).Width > width)
            {
                yield return line.ToString().TrimEnd();
                line.Clear();
                candidate = piece.TrimStart();
            }
            if (_page.MeasureString(candidate, font).Width > width)
            {
                // One word longer than the column: split it by characters.
                foreach (var character in candidate.EnumerateRunes().Select(rune => rune.ToString()))
                {
                    if (line.Length > 0 && _page.MeasureString(line + character, font).Width > width)
                    {
                        yield return line.ToString();
                        line.Clear();
                    }
                    line.Append(character);
                }
                continue;
            }
            line.Clear().Append(candidate);
        }
        if (line.Length > 0)
        {
            yield return line.ToString().TrimEnd();
        }
    }

    /// <summary>Words with their following space; each CJK character on its own, since those scripts break anywhere.</summary>
    private static IEnumerable<string> Pieces(string text)
    {
        var piece = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            var isIdeographic = rune.Value is >= 0x2E80 and <= 0x9FFF or >= 0xAC00 and <= 0xD7AF or >= 0xF900 and <= 0xFAFF or >= 0xFF00 and <= 0xFFEF;
            if (isIdeographic)
            {
                if (piece.Length > 0)
                {
                    yield return piece.ToString();
                    piece.Clear();
                }
                yield return rune.ToString();
                continue;
            }
            piece.Append(rune.ToString());
            if (Rune.IsWhiteSpace(rune))
            {
                yield return piece.ToString();
                piece.Clear();
            }
        }
        if (piece.Length > 0)
        {
            yield return piece.ToString();
        }
    }

    private string Money(long minorUnits) => new Money(minorUnits, _currency).Format(_culture);

    private string Date(DateTimeOffset instant) => InvoiceLocales.Date(instant, _culture);

    private static IEnumerable<string> AddressLines(Address address)
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

    /// <summary>"EU VAT DE123456789": the type as people read it, before the number.</summary>
    private static string TaxIdLabel(string type) => type.Replace('_', ' ').ToUpperInvariant();

    /// <summary>Everything the document prints, to choose a font that has all of it.</summary>
    private string AllText()
    {
        var text = new StringBuilder();
        foreach (var value in typeof(InvoiceLabels).GetProperties().Select(property => property.GetValue(_labels) as string))
        {
            text.Append(value);
        }
        text.Append(_snapshot.Seller.Name).Append(_snapshot.CustomerName).Append(_snapshot.CustomerEmail).Append(_invoice.Description)
            .Append(_invoice.Footer).Append(_invoice.Number);
        foreach (var address in new[] { _snapshot.Seller.Address, _snapshot.CustomerAddress, _snapshot.Shipping?.Address }.OfType<Address>())
        {
            text.AppendJoin(' ', AddressLines(address));
        }
        text.Append(_snapshot.Shipping?.Name);
        foreach (var line in _lines)
        {
            text.Append(line.Description).AppendJoin(' ', line.TaxLabels);
        }
        foreach (var field in _invoice.CustomFields)
        {
            text.Append(field.Name).Append(field.Value);
        }
        foreach (var discount in _amounts.Discounts)
        {
            text.Append(discount.Label);
        }
        text.Append(Money(-12_345_678)).Append(Date(_invoice.FinalizedAt!.Value)).Append("0123456789·()%:-");
        return text.ToString();
    }
}
