using System.Globalization;

namespace BillingDashboard.Pdf;

/// <summary>The words an invoice prints, in one language.</summary>
public sealed record InvoiceLabels(
    string Invoice, string InvoiceNumber, string DateOfIssue, string DateDue, string BillTo, string ShipTo,
    string Description, string Quantity, string UnitPrice, string Tax, string Amount,
    string Subtotal, string Discount, string TotalExcludingTax, string Total, string AppliedBalance, string AmountDue,
    string PageOf, string ReverseCharge);

/// <summary>
/// The languages invoices are printed in, and how the customer's preferred locales choose one: the first
/// supported tag wins (by its language: fr-CA gets French labels, formatted for Canada); English otherwise.
/// </summary>
public static class InvoiceLocales
{
    /// <summary>Labels by language, and the culture that formats money and dates when the tag names no region.</summary>
    private static readonly Dictionary<string, (InvoiceLabels Labels, string DefaultCulture)> Languages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = (new("Invoice", "Invoice number", "Date of issue", "Date due", "Bill to", "Ship to", "Description", "Qty", "Unit price", "Tax", "Amount",
            "Subtotal", "Discount", "Total excluding tax", "Total", "Applied balance", "Amount due", "Page {0} of {1}", "Reverse charge"), "en-US"),
        ["de"] = (new("Rechnung", "Rechnungsnummer", "Rechnungsdatum", "Fälligkeitsdatum", "Rechnungsempfänger", "Lieferadresse", "Beschreibung", "Menge",
            "Stückpreis", "Steuer", "Betrag", "Zwischensumme", "Rabatt", "Gesamtbetrag ohne Steuer", "Gesamtbetrag", "Angewandtes Guthaben", "Fälliger Betrag",
            "Seite {0} von {1}", "Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge)"), "de-DE"),
        ["fr"] = (new("Facture", "Numéro de facture", "Date d'émission", "Date d'échéance", "Facturer à", "Livrer à", "Description", "Qté", "Prix unitaire",
            "Taxe", "Montant", "Sous-total", "Remise", "Total hors taxes", "Total", "Solde appliqué", "Montant dû", "Page {0} sur {1}", "Autoliquidation"), "fr-FR"),
        ["es"] = (new("Factura", "Número de factura", "Fecha de emisión", "Fecha de vencimiento", "Facturar a", "Enviar a", "Descripción", "Cant.",
            "Precio unitario", "Impuesto", "Importe", "Subtotal", "Descuento", "Total sin impuestos", "Total", "Saldo aplicado", "Importe adeudado",
            "Página {0} de {1}", "Inversión del sujeto pasivo"), "es-ES"),
        ["it"] = (new("Fattura", "Numero fattura", "Data di emissione", "Data di scadenza", "Fatturare a", "Spedire a", "Descrizione", "Qtà",
            "Prezzo unitario", "Imposta", "Importo", "Subtotale", "Sconto", "Totale imponibile", "Totale", "Saldo applicato", "Importo dovuto",
            "Pagina {0} di {1}", "Inversione contabile"), "it-IT"),
        ["nl"] = (new("Factuur", "Factuurnummer", "Factuurdatum", "Vervaldatum", "Factuur aan", "Verzenden naar", "Omschrijving", "Aantal", "Stukprijs",
            "Btw", "Bedrag", "Subtotaal", "Korting", "Totaal excl. btw", "Totaal", "Toegepast tegoed", "Verschuldigd bedrag", "Pagina {0} van {1}",
            "Btw verlegd"), "nl-NL"),
        ["pt"] = (new("Fatura", "Número da fatura", "Data de emissão", "Data de vencimento", "Cobrar de", "Enviar para", "Descrição", "Qtd.",
            "Preço unitário", "Imposto", "Valor", "Subtotal", "Desconto", "Total sem impostos", "Total", "Saldo aplicado", "Valor devido",
            "Página {0} de {1}", "Autoliquidação"), "pt-BR"),
        ["ja"] = (new("請求書", "請求書番号", "発行日", "支払期日", "請求先", "配送先", "品目", "数量", "単価", "税", "金額", "小計", "割引", "税抜合計", "合計",
            "適用済み残高", "請求金額", "{0} / {1} ページ", "リバースチャージ"), "ja-JP"),
        ["zh"] = (new("发票", "发票编号", "开票日期", "到期日", "账单寄送至", "收货地址", "描述", "数量", "单价", "税", "金额", "小计", "折扣", "不含税总额", "总计",
            "已用余额", "应付金额", "第 {0} 页，共 {1} 页", "反向征收"), "zh-CN"),
        ["ko"] = (new("인보이스", "인보이스 번호", "발행일", "만기일", "청구 대상", "배송지", "설명", "수량", "단가", "세금", "금액", "소계", "할인", "세금 제외 합계", "합계",
            "적용된 잔액", "청구 금액", "{0} / {1} 페이지", "역청구(리버스 차지)"), "ko-KR"),
    };

    public static IReadOnlyCollection<string> Supported => Languages.Keys;

    /// <summary>A date as invoices print it (and their emails write it): the culture's short date, in UTC.</summary>
    public static string Date(DateTimeOffset instant, CultureInfo culture) => instant.UtcDateTime.ToString("d", culture);

    /// <summary>The language (its two-letter code), labels and formatting culture for a customer's preferred locales.</summary>
    public static (string Language, InvoiceLabels Labels, CultureInfo Culture) Resolve(IEnumerable<string> preferredLocales)
    {
        foreach (var tag in preferredLocales)
        {
            var language = tag.Split('-')[0];
            if (Languages.TryGetValue(language, out var known))
            {
                var culture = tag.Contains('-', StringComparison.Ordinal) ? CultureInfo.GetCultureInfo(tag) : CultureInfo.GetCultureInfo(known.DefaultCulture);
                return (language.ToLowerInvariant(), known.Labels, culture);
            }
        }
        var english = Languages["en"];
        return ("en", english.Labels, CultureInfo.GetCultureInfo(english.DefaultCulture));
    }
}
