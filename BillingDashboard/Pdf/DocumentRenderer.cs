using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace BillingDashboard.Pdf;

/// <summary>
/// Lays out a <see cref="PrintedDocument"/> (an invoice, a credit note) as a PDF: title and details with the
/// seller in the top corner, bill-to and ship-to, the memo, the line table, the summary, closing paragraphs and
/// the footer. Long documents continue on further pages, the table's header repeated; every page is numbered.
/// The same document renders to the same bytes (<see cref="StablePdfBytes"/>).
/// </summary>
public sealed class DocumentRenderer
{
    private const double Margin = 48;
    private const double BodySize = 9.5;
    private const double LineHeight = 13;
    private static readonly XBrush Ink = new XSolidBrush(XColor.FromArgb(26, 31, 54));
    private static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(105, 115, 134));
    private static readonly XPen Rule = new(XColor.FromArgb(210, 215, 222), 0.6);
    private static readonly Lock Setup = new();

    private readonly PrintedDocument _model;
    private readonly XFont _regular;
    private readonly XFont _bold;
    private readonly XFont _title;
    private readonly XFont _small;
    private readonly PdfDocument _document = new();
    private XGraphics _page = default!;
    private double _y;

    private DocumentRenderer(PrintedDocument model, FontCatalog fonts)
    {
        _model = model;
        var font = fonts.ChooseFor(model.Language, AllText(model));
        _regular = new XFont(font.Family, BodySize, XFontStyleEx.Regular);
        _bold = new XFont(font.Family, BodySize, XFontStyleEx.Bold);
        _title = new XFont(font.Family, 20, XFontStyleEx.Bold);
        _small = new XFont(font.Family, 8, XFontStyleEx.Regular);
        _document.Info.Title = $"{model.Title} {model.Number}";
        // The same document gives the same bytes whenever it is rendered (the download and the emailed copy are
        // one file): dated when it was issued, and identified by its id rather than by a random one.
        _document.Info.CreationDate = model.Issued.UtcDateTime;
        _document.Info.ModificationDate = model.Issued.UtcDateTime;
        // PDFsharp takes the 16 bytes of an id as a string of 16 characters, one per byte.
        var documentId = new string([.. System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(model.Id))[..16].Select(part => (char)part)]);
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
    public static byte[] Render(PrintedDocument model, FontCatalog fonts)
    {
        Configure(fonts);
        var renderer = new DocumentRenderer(model, fonts);
        renderer.Draw();
        using var output = new MemoryStream();
        renderer._document.Save(output, closeStream: false);
        var bytes = output.ToArray();
        StablePdfBytes.MakeStable(bytes, model.Id);
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
        if (_model.Memo is { } memo)
        {
            _y += 6;
            Paragraph(memo, _regular, Ink);
            _y += 6;
        }
        DrawTableHeader();
        foreach (var line in _model.Lines)
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
        page.Size = _model.PageSize;
        _page = XGraphics.FromPdfPage(page);
        _y = Margin;
    }

    private void DrawHeader()
    {
        _page.DrawString(_model.Title, _title, Ink, new XPoint(Margin, _y + 20));
        var sellerTop = _y;
        _y += 40;
        foreach (var detail in _model.Details)
        {
            LabelValue(detail.Label, detail.Value);
        }
        var afterDetails = _y;

        // The seller, right-aligned in the top corner.
        _y = sellerTop;
        var seller = _model.Seller;
        var sellerLines = new List<(string Text, XFont Font)>();
        if (seller.Name.Length > 0)
        {
            sellerLines.Add((seller.Name, _bold));
        }
        sellerLines.AddRange(PrintedParties.AddressLines(seller.Address).Select(text => (text, _regular)));
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
        var leftEnd = Block(_model.BillToHeading, _model.BillTo, Margin, top, columnWidth - 12);
        var rightEnd = _model.ShipToHeading is { } shipTo && _model.ShipTo.Count > 0
            ? Block(shipTo, _model.ShipTo, Margin + columnWidth, top, columnWidth)
            : top;
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
        var columns = _model.Columns;
        Cell(columns.Description, _bold, Muted, Margin, DescriptionWidth, XStringFormats.TopLeft);
        Cell(columns.Quantity, _bold, Muted, QuantityX, 44, XStringFormats.TopRight);
        Cell(columns.UnitPrice, _bold, Muted, UnitPriceX, 84, XStringFormats.TopRight);
        Cell(columns.Tax, _bold, Muted, TaxX, 70, XStringFormats.TopLeft);
        Cell(columns.Amount, _bold, Muted, Right - 84, 84, XStringFormats.TopRight);
        _y += LineHeight + 2;
        _page.DrawLine(Rule, Margin, _y, Right, _y);
        _y += 5;
    }

    private void DrawLine(PrintedLine line)
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
        Cell(line.Quantity ?? "", _regular, Ink, QuantityX, 44, XStringFormats.TopRight);
        Cell(line.UnitPrice ?? "", _regular, Ink, UnitPriceX, 84, XStringFormats.TopRight);
        foreach (var text in taxes)
        {
            Cell(text, _small, Muted, TaxX, 86, XStringFormats.TopLeft);
            _y += LineHeight;
        }
        _y = top;
        Cell(line.Amount, _regular, Ink, Right - 84, 84, XStringFormats.TopRight);
        _y = top + height;
        _page.DrawLine(Rule, Margin, _y - 3, Right, _y - 3);
    }

    private void DrawSummary()
    {
        var rows = _model.Summary;
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
        foreach (var (text, strong) in _model.Closing)
        {
            Paragraph(text, strong ? _bold : _regular, Ink);
        }
        if (_model.Footer is { } footer)
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
            var text = string.Format(_model.Culture, _model.PageOf, index + 1, count);
            graphics.DrawString($"{_model.Number} · {text}", _small, Muted,
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

    /// <summary>Everything the document prints, to choose a font that has all of it.</summary>
    private static string AllText(PrintedDocument model)
    {
        var text = new StringBuilder();
        text.Append(model.Title).Append(model.Number).Append(model.BillToHeading).Append(model.ShipToHeading).Append(model.Memo).Append(model.Footer)
            .Append(model.PageOf).Append("0123456789·()%:-");
        foreach (var row in model.Details.Concat(model.Summary))
        {
            text.Append(row.Label).Append(row.Value);
        }
        var seller = model.Seller;
        text.Append(seller.Name).Append(seller.Email).AppendJoin(' ', seller.TaxIds).AppendJoin(' ', PrintedParties.AddressLines(seller.Address));
        text.AppendJoin(' ', model.BillTo).AppendJoin(' ', model.ShipTo);
        var columns = model.Columns;
        text.Append(columns.Description).Append(columns.Quantity).Append(columns.UnitPrice).Append(columns.Tax).Append(columns.Amount);
        foreach (var line in model.Lines)
        {
            text.Append(line.Description).Append(line.Quantity).Append(line.UnitPrice).Append(line.Amount).AppendJoin(' ', line.TaxLabels);
        }
        foreach (var (paragraph, _) in model.Closing)
        {
            text.Append(paragraph);
        }
        return text.ToString();
    }
}
