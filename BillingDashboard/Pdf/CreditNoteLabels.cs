namespace BillingDashboard.Pdf;

/// <summary>The words a credit note prints beyond an invoice's (<see cref="InvoiceLabels"/>), in one language.</summary>
public sealed record CreditNoteLabels(
    string CreditNote, string CreditNoteNumber, string Reason,
    string Duplicate, string Fraudulent, string OrderChange, string ProductUnsatisfactory,
    string TotalCredited, string AppliedToAmountDue, string CreditedToBalance, string Refunded, string CreditedOutside, string Voided)
{
    /// <summary>A reason as the API names it (duplicate, …), in this language.</summary>
    public string ReasonText(string reason) => reason switch
    {
        "duplicate" => Duplicate,
        "fraudulent" => Fraudulent,
        "order_change" => OrderChange,
        "product_unsatisfactory" => ProductUnsatisfactory,
        _ => reason,
    };
}

/// <summary>Credit note labels for each language invoices are printed in (<see cref="InvoiceLocales"/> chooses the language).</summary>
public static class CreditNoteLocales
{
    private static readonly Dictionary<string, CreditNoteLabels> Languages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = new("Credit note", "Credit note number", "Reason", "Duplicate", "Fraudulent", "Order change", "Product unsatisfactory",
            "Total credited", "Adjustment to amount due", "Credited to customer balance", "Refunded to payment method", "Credited outside", "Voided"),
        ["de"] = new("Gutschrift", "Gutschriftsnummer", "Grund", "Doppelte Berechnung", "Betrügerisch", "Bestelländerung", "Produkt nicht zufriedenstellend",
            "Gutgeschriebener Gesamtbetrag", "Minderung des fälligen Betrags", "Dem Kundenguthaben gutgeschrieben", "Auf das Zahlungsmittel erstattet",
            "Anderweitig erstattet", "Storniert"),
        ["fr"] = new("Avoir", "Numéro d'avoir", "Motif", "Doublon", "Frauduleux", "Modification de commande", "Produit non satisfaisant",
            "Total crédité", "Réduction du montant dû", "Crédité sur le solde client", "Remboursé sur le moyen de paiement", "Crédité hors plateforme", "Annulé"),
        ["es"] = new("Nota de crédito", "Número de nota de crédito", "Motivo", "Duplicado", "Fraudulento", "Cambio de pedido", "Producto insatisfactorio",
            "Total acreditado", "Ajuste del importe adeudado", "Acreditado al saldo del cliente", "Reembolsado al método de pago", "Acreditado por otros medios",
            "Anulada"),
        ["it"] = new("Nota di credito", "Numero nota di credito", "Motivo", "Duplicato", "Fraudolento", "Modifica dell'ordine", "Prodotto insoddisfacente",
            "Totale accreditato", "Rettifica dell'importo dovuto", "Accreditato sul saldo cliente", "Rimborsato sul metodo di pagamento", "Accreditato esternamente",
            "Annullata"),
        ["nl"] = new("Creditnota", "Creditnotanummer", "Reden", "Dubbel", "Frauduleus", "Gewijzigde bestelling", "Product niet naar tevredenheid",
            "Totaal gecrediteerd", "Verlaging van verschuldigd bedrag", "Bijgeschreven op klanttegoed", "Terugbetaald op betaalmethode", "Elders gecrediteerd",
            "Vervallen"),
        ["pt"] = new("Nota de crédito", "Número da nota de crédito", "Motivo", "Duplicado", "Fraudulento", "Alteração do pedido", "Produto insatisfatório",
            "Total creditado", "Ajuste do valor devido", "Creditado no saldo do cliente", "Reembolsado no método de pagamento", "Creditado externamente", "Anulada"),
        ["ja"] = new("クレジットノート", "クレジットノート番号", "理由", "重複", "不正", "注文変更", "製品への不満", "クレジット合計", "請求金額の減額",
            "顧客残高へのクレジット", "支払い方法への返金", "外部でのクレジット", "無効"),
        ["zh"] = new("贷项通知单", "贷项通知单编号", "原因", "重复", "欺诈", "订单变更", "产品不满意", "贷记总额", "应付金额调整", "已计入客户余额",
            "已退款至支付方式", "已在外部贷记", "已作废"),
        ["ko"] = new("대변표", "대변표 번호", "사유", "중복", "사기", "주문 변경", "제품 불만족", "총 대변 금액", "청구 금액 조정", "고객 잔액에 적립",
            "결제 수단으로 환불", "외부에서 적립", "무효"),
    };

    public static IReadOnlyCollection<string> Supported => Languages.Keys;

    /// <summary>The labels for a language <see cref="InvoiceLocales.Resolve"/> chose.</summary>
    public static CreditNoteLabels For(string language) => Languages[language];
}
