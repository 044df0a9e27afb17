using BillingDashboard.Domain.Email;

namespace BillingDashboard.Email;

/// <summary>
/// The subject and body of one kind of email, with {0} the seller, {1} the document's number (the invoice's, or the
/// credit note's), {2} the amount, {3} the date and {4} a reason (for a credit note, the number of the invoice it credits).
/// </summary>
public sealed record EmailText(string Subject, string Body);

/// <summary>
/// What the emails to customers say, in every language the invoice PDFs are printed in (<see cref="Pdf.InvoiceLocales"/>
/// chooses the language, so an email and its attachment always agree).
/// </summary>
public static class EmailTexts
{
    private static readonly Dictionary<string, Dictionary<EmailKind, EmailText>> Languages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = new()
        {
            [EmailKind.Invoice] = new("Invoice {1} from {0}",
                "Hello,\n\nPlease find attached invoice {1} from {0} for {2}, due {3}.\n\nThank you for your business.\n{0}"),
            [EmailKind.Receipt] = new("Receipt for invoice {1} from {0}",
                "Hello,\n\nWe received your payment of {2} for invoice {1} on {3}. Thank you.\n\nThe invoice is attached for your records.\n{0}"),
            [EmailKind.PaymentFailed] = new("Payment for invoice {1} from {0} failed",
                "Hello,\n\nWe could not charge {2} for invoice {1}: {4}\n\nPlease update your payment details or pay by {3}. The invoice is attached.\n{0}"),
            [EmailKind.CreditNote] = new("Credit note {1} from {0}",
                "Hello,\n\nPlease find attached credit note {1} from {0} for {2}, issued on {3} against invoice {4}.\n\nThe credit note shows what was credited and where it went.\n{0}"),
        },
        ["de"] = new()
        {
            [EmailKind.Invoice] = new("Rechnung {1} von {0}",
                "Guten Tag,\n\nanbei erhalten Sie die Rechnung {1} von {0} über {2}, fällig am {3}.\n\nVielen Dank für Ihren Auftrag.\n{0}"),
            [EmailKind.Receipt] = new("Zahlungsbestätigung für Rechnung {1} von {0}",
                "Guten Tag,\n\nwir haben Ihre Zahlung über {2} für die Rechnung {1} am {3} erhalten. Vielen Dank.\n\nDie Rechnung liegt für Ihre Unterlagen bei.\n{0}"),
            [EmailKind.PaymentFailed] = new("Zahlung für Rechnung {1} von {0} fehlgeschlagen",
                "Guten Tag,\n\nwir konnten {2} für die Rechnung {1} nicht einziehen: {4}\n\nBitte aktualisieren Sie Ihre Zahlungsdaten oder zahlen Sie bis zum {3}. Die Rechnung liegt bei.\n{0}"),
            [EmailKind.CreditNote] = new("Gutschrift {1} von {0}",
                "Guten Tag,\n\nanbei erhalten Sie die Gutschrift {1} von {0} über {2} vom {3} zur Rechnung {4}.\n\nDie Gutschrift zeigt, was gutgeschrieben wurde und wohin.\n{0}"),
        },
        ["fr"] = new()
        {
            [EmailKind.Invoice] = new("Facture {1} de {0}",
                "Bonjour,\n\nVeuillez trouver ci-joint la facture {1} de {0} d'un montant de {2}, à régler avant le {3}.\n\nMerci de votre confiance.\n{0}"),
            [EmailKind.Receipt] = new("Reçu pour la facture {1} de {0}",
                "Bonjour,\n\nNous avons bien reçu votre paiement de {2} pour la facture {1} le {3}. Merci.\n\nLa facture est jointe pour vos archives.\n{0}"),
            [EmailKind.PaymentFailed] = new("Échec du paiement de la facture {1} de {0}",
                "Bonjour,\n\nNous n'avons pas pu prélever {2} pour la facture {1} : {4}\n\nVeuillez mettre à jour vos informations de paiement ou régler avant le {3}. La facture est jointe.\n{0}"),
            [EmailKind.CreditNote] = new("Avoir {1} de {0}",
                "Bonjour,\n\nVeuillez trouver ci-joint l'avoir {1} de {0} d'un montant de {2}, émis le {3} sur la facture {4}.\n\nL'avoir indique ce qui a été crédité et comment.\n{0}"),
        },
        ["es"] = new()
        {
            [EmailKind.Invoice] = new("Factura {1} de {0}",
                "Hola:\n\nAdjuntamos la factura {1} de {0} por {2}, con vencimiento el {3}.\n\nGracias por su confianza.\n{0}"),
            [EmailKind.Receipt] = new("Recibo de la factura {1} de {0}",
                "Hola:\n\nHemos recibido su pago de {2} de la factura {1} el {3}. Gracias.\n\nAdjuntamos la factura para sus registros.\n{0}"),
            [EmailKind.PaymentFailed] = new("Error en el pago de la factura {1} de {0}",
                "Hola:\n\nNo hemos podido cobrar {2} de la factura {1}: {4}\n\nActualice sus datos de pago o pague antes del {3}. Adjuntamos la factura.\n{0}"),
            [EmailKind.CreditNote] = new("Nota de crédito {1} de {0}",
                "Hola:\n\nAdjuntamos la nota de crédito {1} de {0} por {2}, emitida el {3} sobre la factura {4}.\n\nLa nota de crédito indica qué se acreditó y cómo.\n{0}"),
        },
        ["it"] = new()
        {
            [EmailKind.Invoice] = new("Fattura {1} da {0}",
                "Gentile cliente,\n\nin allegato trova la fattura {1} di {0} per {2}, con scadenza il {3}.\n\nGrazie per la fiducia.\n{0}"),
            [EmailKind.Receipt] = new("Ricevuta per la fattura {1} da {0}",
                "Gentile cliente,\n\nabbiamo ricevuto il suo pagamento di {2} per la fattura {1} il {3}. Grazie.\n\nIn allegato la fattura per i suoi archivi.\n{0}"),
            [EmailKind.PaymentFailed] = new("Pagamento della fattura {1} da {0} non riuscito",
                "Gentile cliente,\n\nnon è stato possibile addebitare {2} per la fattura {1}: {4}\n\nAggiorni i dati di pagamento o paghi entro il {3}. In allegato la fattura.\n{0}"),
            [EmailKind.CreditNote] = new("Nota di credito {1} da {0}",
                "Gentile cliente,\n\nin allegato trova la nota di credito {1} di {0} per {2}, emessa il {3} sulla fattura {4}.\n\nLa nota di credito indica cosa è stato accreditato e come.\n{0}"),
        },
        ["nl"] = new()
        {
            [EmailKind.Invoice] = new("Factuur {1} van {0}",
                "Beste klant,\n\nIn de bijlage vindt u factuur {1} van {0} voor {2}, te betalen vóór {3}.\n\nBedankt voor uw vertrouwen.\n{0}"),
            [EmailKind.Receipt] = new("Betalingsbewijs voor factuur {1} van {0}",
                "Beste klant,\n\nWe hebben uw betaling van {2} voor factuur {1} ontvangen op {3}. Hartelijk dank.\n\nDe factuur is bijgevoegd voor uw administratie.\n{0}"),
            [EmailKind.PaymentFailed] = new("Betaling voor factuur {1} van {0} mislukt",
                "Beste klant,\n\nWe konden {2} voor factuur {1} niet afschrijven: {4}\n\nWerk uw betaalgegevens bij of betaal vóór {3}. De factuur is bijgevoegd.\n{0}"),
            [EmailKind.CreditNote] = new("Creditnota {1} van {0}",
                "Beste klant,\n\nIn de bijlage vindt u creditnota {1} van {0} voor {2}, uitgegeven op {3} op factuur {4}.\n\nDe creditnota toont wat er is gecrediteerd en hoe.\n{0}"),
        },
        ["pt"] = new()
        {
            [EmailKind.Invoice] = new("Fatura {1} de {0}",
                "Olá,\n\nSegue em anexo a fatura {1} de {0} no valor de {2}, com vencimento em {3}.\n\nObrigado pela preferência.\n{0}"),
            [EmailKind.Receipt] = new("Recibo da fatura {1} de {0}",
                "Olá,\n\nRecebemos o seu pagamento de {2} referente à fatura {1} em {3}. Obrigado.\n\nA fatura segue em anexo para os seus registros.\n{0}"),
            [EmailKind.PaymentFailed] = new("Falha no pagamento da fatura {1} de {0}",
                "Olá,\n\nNão foi possível cobrar {2} referente à fatura {1}: {4}\n\nAtualize os seus dados de pagamento ou pague até {3}. A fatura segue em anexo.\n{0}"),
            [EmailKind.CreditNote] = new("Nota de crédito {1} de {0}",
                "Olá,\n\nSegue em anexo a nota de crédito {1} de {0} no valor de {2}, emitida em {3} sobre a fatura {4}.\n\nA nota de crédito mostra o que foi creditado e como.\n{0}"),
        },
        ["ja"] = new()
        {
            [EmailKind.Invoice] = new("{0}からの請求書 {1}",
                "いつもお世話になっております。\n\n{0}より請求書 {1}（{2}、支払期日 {3}）を添付いたします。\n\nよろしくお願いいたします。\n{0}"),
            [EmailKind.Receipt] = new("{0}からの領収書（請求書 {1}）",
                "いつもお世話になっております。\n\n{3}に請求書 {1} のお支払い {2} を受領いたしました。ありがとうございます。\n\n控えとして請求書を添付いたします。\n{0}"),
            [EmailKind.PaymentFailed] = new("{0}の請求書 {1} のお支払いに失敗しました",
                "いつもお世話になっております。\n\n請求書 {1} の {2} を請求できませんでした：{4}\n\nお支払い情報を更新いただくか、{3}までにお支払いください。請求書を添付いたします。\n{0}"),
            [EmailKind.CreditNote] = new("{0}からのクレジットノート {1}",
                "いつもお世話になっております。\n\n{0}より請求書 {4} に対するクレジットノート {1}（{2}、発行日 {3}）を添付いたします。\n\nクレジットの内容と処理方法はクレジットノートをご確認ください。\n{0}"),
        },
        ["zh"] = new()
        {
            [EmailKind.Invoice] = new("来自 {0} 的发票 {1}",
                "您好：\n\n附件是 {0} 开具的发票 {1}，金额 {2}，到期日 {3}。\n\n感谢您的惠顾。\n{0}"),
            [EmailKind.Receipt] = new("{0} 发票 {1} 的收据",
                "您好：\n\n我们已于 {3} 收到您为发票 {1} 支付的 {2}。谢谢。\n\n附件中的发票供您存档。\n{0}"),
            [EmailKind.PaymentFailed] = new("{0} 发票 {1} 付款失败",
                "您好：\n\n我们无法为发票 {1} 扣款 {2}：{4}\n\n请更新您的付款信息，或在 {3} 前付款。附件是发票。\n{0}"),
            [EmailKind.CreditNote] = new("来自 {0} 的贷项通知单 {1}",
                "您好：\n\n附件是 {0} 针对发票 {4} 于 {3} 开具的贷项通知单 {1}，金额 {2}。\n\n贷项通知单列明了贷记的内容和方式。\n{0}"),
        },
        ["ko"] = new()
        {
            [EmailKind.Invoice] = new("{0}의 인보이스 {1}",
                "안녕하세요.\n\n{0}의 인보이스 {1}을(를) 첨부합니다. 금액은 {2}이며 만기일은 {3}입니다.\n\n감사합니다.\n{0}"),
            [EmailKind.Receipt] = new("{0} 인보이스 {1} 영수증",
                "안녕하세요.\n\n{3}에 인보이스 {1}에 대한 {2} 결제를 받았습니다. 감사합니다.\n\n기록용으로 인보이스를 첨부합니다.\n{0}"),
            [EmailKind.PaymentFailed] = new("{0} 인보이스 {1} 결제 실패",
                "안녕하세요.\n\n인보이스 {1}의 {2}을(를) 청구하지 못했습니다: {4}\n\n결제 정보를 업데이트하시거나 {3}까지 결제해 주세요. 인보이스를 첨부합니다.\n{0}"),
            [EmailKind.CreditNote] = new("{0}의 대변표 {1}",
                "안녕하세요.\n\n{0}이(가) {3}에 인보이스 {4}에 대해 발행한 대변표 {1}({2})을(를) 첨부합니다.\n\n대변표에 적립 내역과 처리 방법이 나와 있습니다.\n{0}"),
        },
    };

    public static IReadOnlyCollection<string> Supported => Languages.Keys;

    /// <summary>The words for <paramref name="kind"/> in <paramref name="language"/> (a language the PDFs are printed in).</summary>
    public static EmailText For(string language, EmailKind kind) => Languages[language][kind];
}
