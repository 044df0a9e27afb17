using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Features.TaxRates;
using BillingDashboard.Pdf;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Pdf;

/// <summary>Invoices rendered to PDF and read back with poppler's pdftotext, as a person would read the printout.</summary>
public sealed class InvoicePdfTests : IClassFixture<AppFactory>
{
    private readonly AppFactory _app;

    public InvoicePdfTests(AppFactory app) => _app = app;

    private async Task<InvoicePdf> IssueAsync(CustomerInput customerInput, string rate, params (string Description, long Quantity, long UnitAmount)[] lines)
    {
        var customer = await _app.CreateCustomerAsync(customerInput);
        var vat = await _app.InScopeAsync(services => services.GetRequiredService<TaxRateService>()
            .CreateAsync(new TaxRateInput { DisplayName = "VAT", Percentage = rate }));
        return await _app.InScopeAsync(async services =>
        {
            var invoices = services.GetRequiredService<InvoiceService>();
            var draft = await invoices.CreateDraftAsync(customer.Id, input: new InvoiceDraftInput
            {
                CollectionMethod = "send_invoice", DaysUntilDue = 30, Description = "Thank you for your order.", Footer = "Bank: IBAN DE89 3704 0044 0532 0130 00",
            });
            foreach (var (description, quantity, unitAmount) in lines)
            {
                await invoices.AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = description, Quantity = quantity, UnitAmount = unitAmount, TaxRateIds = [vat.Id] });
            }
            await invoices.FinalizeAsync(draft.Invoice.Id);
            return await services.GetRequiredService<InvoicePdfService>().RenderAsync(draft.Invoice.Id);
        });
    }

    private static Task<string> TextAsync(InvoicePdf pdf, int? page = null) => Poppler.ReadAsync(pdf.Content, path => Poppler.TextAsync(path, page));

    private static Task<string> InfoAsync(InvoicePdf pdf) => Poppler.ReadAsync(pdf.Content, Poppler.InfoAsync);

    [Fact]
    public async Task Render_GermanCustomer_PrintsGermanLabelsAndGermanMoneyOnA4()
    {
        var pdf = await IssueAsync(new CustomerInput
        {
            Name = "Müller GmbH", Email = "buchhaltung@mueller.example", Currency = "eur", PreferredLocales = ["de-DE"],
            Address = new AddressInput { Line1 = "Hauptstraße 5", PostalCode = "10115", City = "Berlin", Country = "DE" },
        }, "19", ("Beratung", 2, 61_728));

        var text = await TextAsync(pdf);

        Assert.EndsWith(".pdf", pdf.FileName, StringComparison.Ordinal);
        foreach (var expected in new[] { "Rechnung", "Rechnungsnummer", "Fälligkeitsdatum", "Rechnungsempfänger", "Müller GmbH", "Hauptstraße 5",
                     "Zwischensumme", "Gesamtbetrag", "Fälliger Betrag", "1.234,56 €", "VAT (19 %)", "234,57 €", "1.469,13 €", "Seite 1 von 1" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        Assert.Contains("595 x 842 pts (A4)", await InfoAsync(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_TheSameInvoiceTwice_GivesTheSameBytes_SoTheEmailedCopyIsTheDownload()
    {
        var first = await IssueAsync(new CustomerInput { Name = "長谷川 株式会社", Email = "twice@pdf.example", Currency = "jpy", PreferredLocales = ["ja-JP"] },
            "10", ("コンサルティング", 1, 5_000));
        var invoiceId = await _app.InScopeAsync(async services =>
            (await services.GetRequiredService<InvoiceService>().ListAsync(pageSize: 1)).Rows.Single().Id);

        var again = await _app.InScopeAsync(services => services.GetRequiredService<InvoicePdfService>().RenderAsync(invoiceId));

        Assert.Equal(first.Content, again.Content);
        Assert.Matches("/BaseFont/[A-Z]{6}\\+", System.Text.Encoding.Latin1.GetString(again.Content));
        Assert.Contains("請求書", await TextAsync(again), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_JapaneseCustomer_PrintsJapaneseLabelsAndYen()
    {
        var pdf = await IssueAsync(new CustomerInput
        {
            Name = "株式会社テスト", Email = "keiri@test.example", Currency = "jpy", PreferredLocales = ["ja-JP"],
            Address = new AddressInput { Line1 = "千代田区1-1", City = "東京都", Country = "JP" },
        }, "10", ("コンサルティング", 1, 1_123));

        var text = await TextAsync(pdf);

        foreach (var expected in new[] { "請求書", "請求書番号", "請求先", "株式会社テスト", "小計", "合計", "請求金額", "¥1,123", "¥112", "¥1,235", "1 / 1 ページ" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("ko-KR", "krw", "주식회사 테스트", "인보이스", "청구 금액")]
    [InlineData("fr-FR", "eur", "Société Générale", "Facture", "Montant dû")]
    public async Task Render_OtherLanguages_PrintTheirLabelsAndNames(string locale, string currency, string name, string title, string amountDue)
    {
        var pdf = await IssueAsync(new CustomerInput { Name = name, Email = $"{locale}@pdf.example", Currency = currency, PreferredLocales = [locale] }, "10",
            ("Service", 1, 50_000));

        var text = await TextAsync(pdf);

        Assert.Contains(title, text, StringComparison.Ordinal);
        Assert.Contains(name, text, StringComparison.Ordinal);
        Assert.Contains(amountDue, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ReverseChargeCustomer_PrintsNoTaxAndSaysReverseChargeInTheirLanguage()
    {
        var pdf = await IssueAsync(new CustomerInput
        {
            Name = "Studio Rossi", Email = "rossi@pdf.example", Currency = "eur", PreferredLocales = ["it-IT"], TaxExempt = "reverse",
            Address = new AddressInput { City = "Milano", Country = "IT" },
        }, "22", ("Progettazione", 1, 100_000));

        var text = await TextAsync(pdf);

        Assert.Contains("Inversione contabile", text, StringComparison.Ordinal);
        Assert.Contains("Importo dovuto", text, StringComparison.Ordinal);
        Assert.DoesNotContain("VAT (22", text, StringComparison.Ordinal);
        Assert.Contains("1.000,00 €", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_EnglishUsCustomer_PrintsEnglishOnLetterPaper()
    {
        var pdf = await IssueAsync(new CustomerInput
        {
            Name = "Acme Inc.", Email = "ap@acme.example", Currency = "usd",
            Address = new AddressInput { Line1 = "1 Market St", City = "San Francisco", State = "CA", PostalCode = "94105", Country = "US" },
        }, "8.875", ("Support plan", 3, 99_900));

        var text = await TextAsync(pdf);

        foreach (var expected in new[] { "Invoice number", "Date of issue", "Date due", "Bill to", "Subtotal", "$2,997.00", "VAT (8.875 %)", "$265.98", "$3,262.98",
                     "Amount due", "Thank you for your order.", "Page 1 of 1" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        Assert.Contains("612 x 792 pts (letter)", await InfoAsync(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_SixtyLines_ContinuesOnMorePagesWithTheTableHeaderRepeated()
    {
        var lines = Enumerable.Range(1, 60).Select(index => ($"Line item number {index} with a description long enough to read", 1L, 1_000L + index)).ToArray();
        var pdf = await IssueAsync(new CustomerInput { Name = "Long Invoice Ltd", Email = "long@pdf.example", Currency = "gbp" }, "20", lines);

        var pages = int.Parse((await InfoAsync(pdf)).Split('\n').Single(line => line.StartsWith("Pages:", StringComparison.Ordinal))[6..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pages >= 2, $"60 lines fit on {pages} page(s)");
        for (var page = 1; page <= pages; page++)
        {
            var text = await TextAsync(pdf, page);
            Assert.Contains($"Page {page} of {pages}", text, StringComparison.Ordinal);
            if (text.Contains("Line item number", StringComparison.Ordinal))
            {
                Assert.Contains("Unit price", text, StringComparison.Ordinal);
            }
        }
        var all = await TextAsync(pdf);
        Assert.Contains("Line item number 60 ", all, StringComparison.Ordinal);
        Assert.Contains("Amount due", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ChineseWithAEuroAmount_IsRefusedNamingTheMissingGlyphRatherThanPrintingBoxes()
    {
        // The installable Chinese TrueType font (AR PL SungtiL GB) has no € or ¥, and PDFsharp draws one font per
        // text run: the invoice is refused with what is missing instead of printing empty boxes.
        var failure = await Assert.ThrowsAsync<MissingFontException>(() => IssueAsync(
            new CustomerInput { Name = "测试有限公司", Email = "zh@pdf.example", Currency = "eur", PreferredLocales = ["zh-CN"] }, "10", ("服务", 1, 50_000)));

        Assert.Contains("U+20AC", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChooseFor_TextNoInstalledFontCovers_NamesAPackageToInstall()
    {
        var catalog = new FontCatalog([Path.Combine(Path.GetTempPath(), "no-fonts-here")]);

        var failure = Assert.Throws<MissingFontException>(() => catalog.ChooseFor("ja", "請求書"));

        Assert.Contains("fonts-ipafont-gothic", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChooseFor_Japanese_PicksAFontThatCoversKanaAndKanji()
    {
        var catalog = new FontCatalog(FontCatalog.SystemFolders);

        var font = catalog.ChooseFor("ja", "請求書 株式会社テスト ¥1,235");

        Assert.Contains(font.Family, new[] { "IPAGothic", "VL Gothic", "Droid Sans Fallback" });
        Assert.Contains(0x8ACB, font.Coverage); // 請
    }
}
