using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BillingDashboard.Data;
using BillingDashboard.Domain.Email;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using static BillingDashboard.Tests.Api.ApiTestClient;

namespace BillingDashboard.Tests.Api;

/// <summary>
/// What a careless or hostile integration sends: broken brackets, wrong types, over-long values, unknown ids and
/// parameters, impossible amounts, the wrong content type, actions the status does not allow. Each must get a
/// 4xx in the error envelope, none a 5xx, and afterwards the store must be exactly as it was.
/// </summary>
public sealed class MalformedRequestsTests : IClassFixture<AppFactory>
{
    private const string Form = "application/x-www-form-urlencoded";

    private readonly AppFactory _app;
    private readonly ITestOutputHelper _output;

    public MalformedRequestsTests(AppFactory app, ITestOutputHelper output) => (_app, _output) = (app, output);

    /// <summary>Method, path and body; <c>{cus}</c>, <c>{src}</c> and the like stand for objects that exist.</summary>
    private sealed record Bad(string Method, string Path, string Body = "", string ContentType = Form);

    private static readonly string Long5001 = new('x', 5001);
    private static readonly string ManyKeys = string.Join('&', Enumerable.Range(0, 51).Select(index => $"metadata[k{index}]=v"));

    private static IEnumerable<Bad> Table() =>
    [
        // Broken brackets
        new("POST", "/v1/customers", "metadata[plan=gold"),
        new("POST", "/v1/customers", "metadata]plan[=gold"),
        new("POST", "/v1/customers", "address[city=Berlin"),
        new("POST", "/v1/customers", "[email]=a%40b.example"),
        new("POST", "/v1/customers", "preferred_locales[=de"),
        new("POST", "/v1/customers", "tax_id_data[0[type]=eu_vat&tax_id_data[0][value]=DE123456789"),
        new("POST", "/v1/customers", "metadata[a]]=x"),
        new("GET", "/v1/customers/{cus}?expand[=default_source"),
        new("POST", "/v1/sources", "type=card&card[last4=4242"),
        new("POST", "/v1/invoices", "customer={cus}&custom_fields[0][name=PO"),
        new("POST", "/v1/charges", "amount=100&currency=usd&customer={cus}&metadata[[x]=1"),

        // Wrong types
        new("GET", "/v1/customers?limit=abc"),
        new("GET", "/v1/customers?limit=0"),
        new("GET", "/v1/customers?limit=101"),
        new("GET", "/v1/customers?limit=-5"),
        new("GET", "/v1/customers?limit=1.5"),
        new("GET", "/v1/customers?created[gte]=yesterday"),
        new("GET", "/v1/customers?created[lt]=-1"),
        new("GET", "/v1/customers?starting_after={cus}&ending_before={cus}"),
        new("POST", "/v1/charges", "amount=12.50&currency=usd&customer={cus}"),
        new("POST", "/v1/charges", "amount=ten&currency=usd&customer={cus}"),
        new("POST", "/v1/charges", "amount=1e3&currency=usd&customer={cus}"),
        new("POST", "/v1/charges", "amount=1000&currency=dollars&customer={cus}"),
        new("POST", "/v1/sources", "type=card&card[number]=4242424242424242&card[exp_month]=december&card[exp_year]=2034"),
        new("POST", "/v1/sources", "type=card&card[number]=4242424242424242&card[exp_month]=13&card[exp_year]=2034"),
        new("POST", "/v1/sources", "type=card&card[number]=4242424242424241&card[exp_month]=1&card[exp_year]=2034"),
        new("POST", "/v1/sources", "type=card&card[number]=4242&card[exp_month]=1&card[exp_year]=2034"),
        new("POST", "/v1/sources", "type=card&card[number]=378282246310005&card[exp_month]=1&card[exp_year]=2034&card[cvc]=123"),
        new("POST", "/v1/sources", "type=card&card[last4]=4242&card[brand]=visa&card[exp_month]=1&card[exp_year]=2034"),
        new("POST", "/v1/sources", "type=sepa_debit&sepa_debit[iban]=DE89370400440532013001"),
        new("POST", "/v1/sources", "type=sepa_debit&sepa_debit[iban]=XX00"),
        new("POST", "/v1/sources", "token=tok_nonexistent"),
        new("POST", "/v1/tokens", "card[exp_month]=1&card[exp_year]=2034"),
        new("POST", "/v1/tokens", "card[number]=4242424242424241&card[exp_month]=1&card[exp_year]=2034"),
        new("POST", "/v1/tokens", "card[number]=4242424242424242&card[exp_month]=1&card[exp_year]=1999"),
        new("POST", "/v1/tokens", "card[number]=4242424242424242&card[exp_month]=1&card[exp_year]=2034&card[name]=" + new string('n', 201)),
        new("GET", "/v1/tokens/tok_nonexistent"),
        new("POST", "/v1/payment_methods", "card[number]=4242424242424242&card[exp_month]=1&card[exp_year]=2034"),
        new("POST", "/v1/payment_methods", "type=us_bank_account"),
        new("POST", "/v1/payment_methods", "type=card"),
        new("POST", "/v1/payment_methods", "type=card&card[number]=4242424242424242&card[exp_month]=0&card[exp_year]=2034"),
        new("POST", "/v1/payment_methods", "type=card&card[number]=4242424242424242&card[exp_month]=1&card[exp_year]=2034&billing_details[email]=nope"),
        new("POST", "/v1/payment_methods", "type=card&card[number]=4242424242424242&card[exp_month]=1&card[exp_year]=2034&billing_details[address][country]=ZZ"),
        new("POST", "/v1/payment_methods", "type=card&card[number]=4242424242424242&card[exp_month]=1&card[exp_year]=2034&expand[]=card"),
        new("GET", "/v1/payment_methods/pm_nonexistent"),
        new("GET", "/v1/payment_methods?type=sepa_debit"),
        new("GET", "/v1/payment_methods?customer=cus_nonexistent"),
        new("POST", "/v1/payment_methods/pm_nonexistent/attach", "customer={cus}"),
        new("POST", "/v1/payment_methods/pm_card_visa/attach", ""),
        new("POST", "/v1/payment_methods/pm_card_chargeDeclined/attach", "customer={cus}"),
        new("POST", "/v1/payment_methods/pm_card_visa/attach", "customer=cus_nonexistent"),
        new("POST", "/v1/payment_methods/pm_nonexistent/detach", ""),
        new("GET", "/v1/customers/{cus}/payment_methods?type=ideal"),
        new("GET", "/v1/customers/cus_nonexistent/payment_methods"),
        new("POST", "/v1/customers", "payment_method=pm_card_chargeDeclined"),
        new("POST", "/v1/customers", "payment_method=pm_nonexistent"),
        new("POST", "/v1/customers", "invoice_settings[default_payment_method]=pm_card_visa"),
        new("POST", "/v1/customers", "source=tok_chargeDeclined"),
        new("POST", "/v1/customers", "source=tok_nonexistent"),
        new("POST", "/v1/customers/{cus}", "invoice_settings[default_payment_method]=pm_nonexistent"),
        new("POST", "/v1/customers/{cus}", "expand[]=invoice_settings.default_payment_method.customer"),
        new("POST", "/v1/charges", "amount=1000&currency=eur&source=tok_visa&capture=maybe"),
        new("POST", "/v1/charges/{ch}/capture", ""),
        new("POST", "/v1/charges/ch_nonexistent/capture", ""),
        new("POST", "/v1/refunds", ""),
        new("POST", "/v1/refunds", "charge=ch_nonexistent"),
        new("POST", "/v1/refunds", "charge={ch}&amount=-1"),
        new("POST", "/v1/refunds", "charge={ch}&amount=99999999"),
        new("POST", "/v1/refunds", "charge={ch}&reason=changed_mind"),
        new("POST", "/v1/refunds", "charge={ch}&amount=ten"),
        new("GET", "/v1/refunds/re_nonexistent"),
        new("GET", "/v1/refunds?expand[]=charge"),
        new("GET", "/v1/charges/ch_nonexistent/refunds"),
        new("GET", "/v1/charges/{ch}/refunds?limit=0"),
        new("POST", "/v1/sources", "type=bitcoin&usage=reusable"),
        new("POST", "/v1/sources", "type=sepa_debit&sepa_debit[last4]=3000&currency=usd"),
        new("POST", "/v1/tax_rates", "display_name=VAT&percentage=abc&inclusive=false"),
        new("POST", "/v1/tax_rates", "display_name=VAT&percentage=19&inclusive=maybe"),
        new("POST", "/v1/coupons", "percent_off=ten&duration=once"),
        new("POST", "/v1/coupons", "percent_off=10&duration=repeating&duration_in_months=three"),
        new("POST", "/v1/coupons", "percent_off=10&duration=sometimes"),
        new("POST", "/v1/invoiceitems", "customer={cus}&quantity=two&unit_amount=100&description=x"),
        new("POST", "/v1/invoiceitems", "customer={cus}&unit_amount=1.5&description=x"),
        new("POST", "/v1/invoices/{draft}", "days_until_due=soon&collection_method=send_invoice"),
        new("POST", "/v1/invoices/{draft}", "collection_method=by_carrier_pigeon"),
        new("POST", "/v1/invoices/{open}/pay", "paid_out_of_band=yes"),
        new("GET", "/v1/invoiceitems?pending=perhaps"),
        new("GET", "/v1/invoices?status=overdue"),
        new("GET", "/v1/tax_rates?active=yes"),
        new("POST", "/v1/customers", "tax_exempt=sometimes"),
        new("POST", "/v1/customers", "email=not-an-email"),
        new("POST", "/v1/customers", "address[country]=Germany"),
        new("POST", "/v1/customers", "preferred_locales[]=not a locale"),
        new("POST", "/v1/customers", "tax_id_data[0][type]=eu_vat&tax_id_data[0][value]=DE12"),
        new("POST", "/v1/customers", "invoice_prefix=a"),
        new("POST", "/v1/customers", "shipping[phone]=%2B46%208%20123&shipping[address][city]=Stockholm"),
        new("POST", "/v1/customers", "shipping[name]=Sven&shipping[address][country]=Sweden"),
        new("POST", "/v1/customers", "invoice_settings[custom_fields][0][name]=PO"),
        new("POST", "/v1/customers", "invoice_settings[custom_fields][0][name]=a&invoice_settings[custom_fields][0][value]=1&invoice_settings[custom_fields][1][name]=b&invoice_settings[custom_fields][1][value]=2&invoice_settings[custom_fields][2][name]=c&invoice_settings[custom_fields][2][value]=3&invoice_settings[custom_fields][3][name]=d&invoice_settings[custom_fields][3][value]=4&invoice_settings[custom_fields][4][name]=e&invoice_settings[custom_fields][4][value]=5"),
        new("POST", "/v1/customers", "next_invoice_sequence=first"),
        new("POST", "/v1/customers/{cus}", "next_invoice_sequence=0"),
        new("POST", "/v1/customers/{cus}", "expand[]=subscriptions"),
        new("DELETE", "/v1/customers/{cus}?expand[]=default_source"),
        new("GET", "/v1/customers/{cus}?expand[]=default_source.customer"),
        new("GET", "/v1/charges/{ch}?expand[]=invoice.customer"),
        new("POST", "/v1/charges/{ch}", "expand[]=refunds"),
        new("GET", "/v1/invoices/{open}?expand[]=subscription"),
        new("GET", "/v1/tax_rates?expand[]=data.customer"),
        new("POST", "/v1/coupons", "percent_off=10&duration=once&expand[]=applies_to"),
        new("POST", "/v1/customers/{cus}/tax_ids", "type=xx_vat&value=123"),
        new("POST", "/v1/invoices", "customer={cus}&pending_invoice_items_behavior=sometimes"),

        // Over-long strings and metadata
        new("POST", "/v1/customers", $"name={Long5001}"),
        new("POST", "/v1/customers", $"name={new string('n', 300)}"),
        new("POST", "/v1/customers", $"description={new string('d', 501)}"),
        new("POST", "/v1/customers", $"phone={new string('5', 21)}"),
        new("POST", "/v1/customers", $"address[line1]={new string('l', 201)}"),
        new("POST", "/v1/customers", $"metadata[{new string('k', 41)}]=v"),
        new("POST", "/v1/customers", $"metadata[k]={new string('v', 501)}"),
        new("POST", "/v1/customers", ManyKeys),
        new("POST", "/v1/customers/{cus}", $"metadata[k]={new string('v', 501)}"),
        new("POST", "/v1/customers/{cus}", ManyKeys),
        new("POST", "/v1/charges", $"amount=100&currency=usd&customer={{cus}}&description={new string('d', 1001)}"),
        new("POST", "/v1/charges/{ch}", $"description={new string('d', 1001)}"),
        new("POST", "/v1/charges/{ch}", $"metadata[{new string('k', 41)}]=v"),
        new("POST", "/v1/sources/{src}", $"owner[name]={new string('o', 201)}"),
        new("POST", "/v1/sources/{src}", ManyKeys),
        new("POST", "/v1/invoices/{draft}", $"description={new string('m', 1501)}"),
        new("POST", "/v1/invoices/{draft}", ManyKeys),
        new("POST", "/v1/invoiceitems", $"customer={{cus}}&amount=100&description={new string('i', 501)}"),
        new("POST", "/v1/invoiceitems/{ii}", $"description={new string('i', 501)}"),
        new("POST", "/v1/customers/{cus}/balance_transactions", $"amount=-100&currency=usd&description={new string('b', 351)}"),

        // Unknown ids
        new("GET", "/v1/customers/cus_nope"),
        new("POST", "/v1/customers/cus_nope", "name=Nobody"),
        new("DELETE", "/v1/customers/cus_nope"),
        new("GET", "/v1/customers?starting_after=cus_nope"),
        new("GET", "/v1/sources/src_nope"),
        new("POST", "/v1/sources/src_nope", "metadata[a]=b"),
        new("POST", "/v1/customers/{cus}/sources", "source=src_nope"),
        new("GET", "/v1/customers/{cus}/sources/src_nope"),
        new("DELETE", "/v1/customers/{cus}/sources/src_nope"),
        new("GET", "/v1/customers/cus_nope/sources"),
        new("GET", "/v1/customers/cus_nope/tax_ids"),
        new("GET", "/v1/customers/cus_nope/balance_transactions"),
        new("GET", "/v1/charges/ch_nope"),
        new("POST", "/v1/charges/ch_nope", "description=x"),
        new("POST", "/v1/charges", "amount=100&currency=usd&customer=cus_nope"),
        new("POST", "/v1/charges", "amount=100&currency=usd&source=src_nope"),
        new("GET", "/v1/invoices/in_nope"),
        new("POST", "/v1/invoices/in_nope", "description=x"),
        new("DELETE", "/v1/invoices/in_nope"),
        new("POST", "/v1/invoices/in_nope/finalize"),
        new("POST", "/v1/invoices/in_nope/pay"),
        new("POST", "/v1/invoices/in_nope/void"),
        new("POST", "/v1/invoices/in_nope/mark_uncollectible"),
        new("GET", "/v1/invoices/in_nope/lines"),
        new("GET", "/v1/invoices/in_nope/pdf"),
        new("POST", "/v1/invoices", "customer=cus_nope"),
        new("GET", "/v1/invoiceitems/ii_nope"),
        new("POST", "/v1/invoiceitems/ii_nope", "amount=100"),
        new("DELETE", "/v1/invoiceitems/ii_nope"),
        new("POST", "/v1/invoiceitems", "customer=cus_nope&amount=100&description=x"),
        new("POST", "/v1/invoiceitems", "customer={cus}&amount=100&description=x&tax_rates[]=txr_nope"),
        new("POST", "/v1/invoiceitems", "customer={cus}&invoice=in_nope&amount=100&description=x"),
        new("GET", "/v1/tax_rates/txr_nope"),
        new("GET", "/v1/coupons/NOPE"),
        new("POST", "/v1/customers", "email=coupon.nope%40example.com&coupon=NOPE"),
        new("POST", "/v1/customers", "email=source.nope%40example.com&source=src_nope"),
        new("POST", "/v1/customers/{cus}", "name=Changed&source=src_nope"),
        new("POST", "/v1/customers/{cus}", "name=Changed&default_source=src_nope"),
        new("POST", "/v1/customers/{cus}", "name=Changed&coupon=NOPE"),
        new("GET", "/v1/customers/{cus}/tax_ids/txi_nope"),
        new("GET", "/v1/customers/{cus}/balance_transactions/cbtxn_nope"),
        new("DELETE", "/v1/customers/cus_nope/discount"),
        new("GET", "/v1/widgets"),

        // Unknown parameters
        new("POST", "/v1/customers", "foo=bar"),
        new("GET", "/v1/customers?foo=1"),
        new("POST", "/v1/charges", "amount=100&currency=usd&customer={cus}&payment_method=pm_card_visa"),
        new("POST", "/v1/sources/{src}", "type=sepa_debit"),
        new("POST", "/v1/charges/{ch}", "amount=1"),
        new("POST", "/v1/invoices/{draft}", "customer={cus}"),
        new("POST", "/v1/customers/{cus}", "balance=100000"),
        new("GET", "/v1/invoices?due_date=1"),
        new("POST", "/v1/tax_rates/{txr}", "percentage=10"),
        new("POST", "/v1/customers/{cus}/balance_transactions/{cbtxn}", "description=x"),

        // Negative and huge amounts
        new("POST", "/v1/charges", "amount=-100&currency=usd&customer={cus}"),
        new("POST", "/v1/charges", "amount=0&currency=usd&customer={cus}"),
        new("POST", "/v1/charges", "amount=99999999999999999999&currency=usd&customer={cus}"),
        new("POST", "/v1/charges", "amount=100000000&currency=usd&customer={cus}"),
        new("POST", "/v1/charges", "amount=49&currency=usd&customer={cus}"),
        new("POST", "/v1/customers/{cus}/balance_transactions", "amount=99999999999999999&currency=usd"),
        new("POST", "/v1/customers/{cus}/balance_transactions", "amount=0&currency=usd"),
        new("POST", "/v1/invoiceitems", "customer={cus}&unit_amount=-1&description=x"),
        new("POST", "/v1/invoiceitems", "customer={cus}&quantity=0&unit_amount=100&description=x"),
        new("POST", "/v1/invoiceitems", "customer={cus}&quantity=-3&unit_amount=100&description=x"),
        new("POST", "/v1/invoiceitems", "customer={cus}&quantity=1000001&unit_amount=100&description=x"),
        new("POST", "/v1/invoiceitems", "customer={cus}&amount=-50&description=x"),
        new("POST", "/v1/invoiceitems", "customer={cus}&amount=999999999999999999&description=x"),
        new("POST", "/v1/sources", "type=card&usage=single_use&amount=-5&currency=usd&card[number]=4242424242424242&card[exp_month]=1&card[exp_year]=2034"),
        new("POST", "/v1/coupons", "amount_off=-10&currency=usd&duration=once"),
        new("POST", "/v1/coupons", "percent_off=-5&duration=once"),
        new("POST", "/v1/coupons", "percent_off=101&duration=once"),
        new("POST", "/v1/invoices/{draft}", "collection_method=send_invoice&days_until_due=-1"),
        new("POST", "/v1/invoices/{draft}", "collection_method=send_invoice&days_until_due=366"),
        new("POST", "/v1/invoices/{draft}", "collection_method=send_invoice&due_date=soon"),
        new("POST", "/v1/invoices/{draft}", "collection_method=send_invoice&due_date=86400"),
        new("POST", "/v1/invoices/{draft}", "collection_method=send_invoice&due_date=99999999999999"),
        new("POST", "/v1/invoices/{draft}", "due_date=4102444800"),
        new("POST", "/v1/invoices/{draft}/send", ""),
        new("POST", "/v1/invoices/{open}/send", "expand[]=lines"),
        new("POST", "/v1/tax_rates", "display_name=VAT&percentage=-19&inclusive=false"),
        new("POST", "/v1/tax_rates", "display_name=VAT&percentage=101&inclusive=false"),

        // Wrong content types
        new("POST", "/v1/customers", "{\"email\":\"json@example.com\"}", "application/json"),
        new("POST", "/v1/customers", "email=plain@example.com", "text/plain"),
        new("POST", "/v1/customers", "<customer><email>x@example.com</email></customer>", "application/xml"),
        new("POST", "/v1/charges", "{\"amount\":100,\"currency\":\"usd\"}", "application/json"),
        new("POST", "/v1/invoices", "{\"customer\":\"{cus}\"}", "application/json"),
        new("POST", "/v1/customers/{cus}", "{\"name\":\"Changed\"}", "application/json"),
        new("POST", "/v1/invoiceitems", "customer={cus}&amount=100&description=x", ""),

        // Actions the rules refuse
        new("POST", "/v1/invoices/{draft}/pay"),
        new("POST", "/v1/invoices/{draft}/void"),
        new("POST", "/v1/invoices/{draft}/mark_uncollectible"),
        new("GET", "/v1/invoices/{draft}/pdf"),
        new("POST", "/v1/invoices/{open}/finalize"),
        new("DELETE", "/v1/invoices/{open}"),
        new("POST", "/v1/invoices/{open}", "description=Changed"),
        new("POST", "/v1/invoiceitems", "customer={cus}&invoice={open}&amount=100&description=late"),
        new("POST", "/v1/customers/{cus}/sources", "source={consumed}"),
        new("POST", "/v1/customers/{cus}/sources", "source={src}"),
        new("POST", "/v1/customers/{cus}", "name=Changed&source={consumed}"),
        new("POST", "/v1/customers", "email=consumed%40example.com&source={consumed}"),
        new("POST", "/v1/charges", "amount=100&currency=usd&source={consumed}"),
        new("POST", "/v1/customers/{cus}/balance_transactions", "amount=100&currency=eur"),
        new("POST", "/v1/tax_rates/{txr}", "inclusive=true"),
        new("POST", "/v1/invoices/{open}/void"),

        // Credit notes: what to credit, how much, where it goes, and actions their status refuses
        new("POST", "/v1/credit_notes", "amount=100"),
        new("POST", "/v1/credit_notes", "invoice=in_nope&amount=100"),
        new("POST", "/v1/credit_notes", "invoice={draft}&amount=100"),
        new("POST", "/v1/credit_notes", "invoice={open}"),
        new("POST", "/v1/credit_notes", "invoice={open}&amount=0"),
        new("POST", "/v1/credit_notes", "invoice={open}&amount=-5"),
        new("POST", "/v1/credit_notes", "invoice={open}&amount=abc"),
        new("POST", "/v1/credit_notes", "invoice={open}&amount=99999999999999999999999"),
        new("POST", "/v1/credit_notes", "invoice={open}&amount=1901"),
        new("POST", "/v1/credit_notes", "invoice={open}&lines[0][invoice_line_item]={il}&lines[0][quantity]=2"),
        new("POST", "/v1/credit_notes", "invoice={open}&lines[0][invoice_line_item]={il}&lines[0][quantity]=1&lines[0][amount]=5"),
        new("POST", "/v1/credit_notes", "invoice={open}&lines[0][invoice_line_item]={il}&lines[0][amount]=2001"),
        new("POST", "/v1/credit_notes", "invoice={open}&lines[0][invoice_line_item]=il_nope&lines[0][quantity]=1"),
        new("POST", "/v1/credit_notes", "invoice={open}&lines[0][invoice_line_item]={il}&lines[0][quantity]=1&lines[1][invoice_line_item]={il}&lines[1][quantity]=1"),
        new("POST", "/v1/credit_notes", "invoice={open}&lines[0][type]=banana&lines[0][quantity]=1"),
        new("POST", "/v1/credit_notes", "invoice={open}&lines[0][type]=custom_line_item&lines[0][unit_amount]=100"),
        new("POST", "/v1/credit_notes", "invoice={open}&lines[0][type]=custom_line_item&lines[0][description]=x&lines[0][unit_amount]=100&lines[0][tax_rates][]=txr_nope"),
        new("POST", "/v1/credit_notes", "invoice={open}&amount=100&lines[0][invoice_line_item]={il}&lines[0][quantity]=1"),
        new("POST", "/v1/credit_notes", "invoice={open}&amount=100&reason=changed_mind"),
        new("POST", "/v1/credit_notes", "invoice={open}&amount=100&refund_amount=100"),
        new("POST", "/v1/credit_notes", "invoice={open}&amount=100&credit_amount=-100"),
        new("POST", "/v1/credit_notes", "invoice={open}&amount=100&email_type=fax"),
        new("POST", "/v1/credit_notes", $"invoice={{open}}&amount=100&memo={Long5001}"),
        new("GET", "/v1/credit_notes/preview?invoice={open}&amount=0"),
        new("GET", "/v1/credit_notes/preview/lines?invoice={open}&lines[0][invoice_line_item]={il}&lines[0][quantity]=9"),
        new("GET", "/v1/credit_notes/cn_nope"),
        new("GET", "/v1/credit_notes?limit=0"),
        new("GET", "/v1/credit_notes/{cn}/lines?limit=abc"),
        new("POST", "/v1/credit_notes/{cn}", "amount=5"),
        new("POST", "/v1/credit_notes/{cn}", $"memo=" + new string('m', 1501)),
        new("POST", "/v1/credit_notes/{voidcn}/void"),
        new("GET", "/v1/credit_notes/cn_nope/pdf"),
        new("POST", "/v1/credit_notes", "invoice={open}&amount=100&send_email=true"),
    ];

    [Fact]
    public async Task EveryMalformedRequest_Gets4xxInTheEnvelope_AndTheStoreIsUnchanged()
    {
        var client = await ApiTestClient.CreateAsync(_app);
        var ids = await CreateObjectsAsync(client);
        // The invoices made above send their emails in the background; the store is compared once they are out.
        await OutboxDeliveredAsync();
        var before = await FingerprintAsync();

        var failures = new List<string>();
        var table = Table().ToList();
        foreach (var bad in table)
        {
            var path = Substitute(bad.Path, ids);
            using var request = new HttpRequestMessage(new HttpMethod(bad.Method), path);
            if (bad.Body.Length > 0 || bad.Method == "POST")
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Substitute(bad.Body, ids)));
                if (bad.ContentType.Length > 0)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", bad.ContentType);
                }
            }
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500)
            {
                failures.Add($"{bad.Method} {path[..Math.Min(path.Length, 80)]}: {status} {text[..Math.Min(text.Length, 200)]}");
                continue;
            }
            try
            {
                var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
                if (error.GetProperty("type").GetString() is not { Length: > 0 } || error.GetProperty("message").GetString() is not { Length: > 0 } message)
                {
                    failures.Add($"{bad.Method} {path}: an envelope without type or message: {text}");
                    continue;
                }
                _output.WriteLine($"{status} {bad.Method} {path[..Math.Min(path.Length, 70)]} → {message[..Math.Min(message.Length, 110)]}");
            }
            catch (Exception notTheEnvelope) when (notTheEnvelope is JsonException or KeyNotFoundException)
            {
                failures.Add($"{bad.Method} {path}: {status} without the error envelope: {text[..Math.Min(text.Length, 200)]}");
            }
        }

        Assert.True(table.Count >= 100, $"The table has {table.Count} requests.");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, await FingerprintAsync());
    }

    /// <summary>The objects the table's placeholders name: each exists, so a refusal is about the request, not a missing id.</summary>
    private static async Task<Dictionary<string, string>> CreateObjectsAsync(HttpClient client)
    {
        static string Card(string number) => $"type=card&card[number]={number}&card[exp_month]=12&card[exp_year]=2034";
        async Task<JsonElement> PostAsync(string path, string body)
        {
            var (status, json) = await SendAsync(client, HttpMethod.Post, path, new StringContent(body, Encoding.UTF8, Form));
            Assert.True(status == HttpStatusCode.OK, $"{path}: {json}");
            return json;
        }
        var source = await PostAsync("/v1/sources", Card(TestCards.Visa));
        var customer = await PostAsync("/v1/customers", $"email=malformed%40api.example&name=Malformed&source={source.Id()}");
        var cus = customer.Id();
        var spare = await PostAsync("/v1/sources", Card("5555555555554444"));
        await PostAsync($"/v1/customers/{cus}/sources", $"source={spare.Id()}");
        await SendAsync(client, HttpMethod.Delete, $"/v1/customers/{cus}/sources/{spare.Id()}");
        var charge = await PostAsync("/v1/charges", $"amount=1500&currency=usd&customer={cus}");
        var rate = await PostAsync("/v1/tax_rates", "display_name=VAT&percentage=19&inclusive=false");
        await PostAsync("/v1/coupons", "id=MALFORMED10&percent_off=10&duration=once");
        var open = await PostAsync("/v1/invoices", $"customer={cus}&currency=usd&collection_method=send_invoice&days_until_due=30");
        await PostAsync("/v1/invoiceitems", $"customer={cus}&invoice={open.Id()}&amount=2000&description=Issued");
        var finalized = await PostAsync($"/v1/invoices/{open.Id()}/finalize", "");
        var line = finalized.GetProperty("lines").GetProperty("data")[0].Id();
        // One credit note issued (1.00 off the 20.00 due) and one voided: 19.00 is left to credit.
        var creditNote = await PostAsync("/v1/credit_notes", $"invoice={open.Id()}&amount=100&reason=duplicate");
        var voided = await PostAsync("/v1/credit_notes", $"invoice={open.Id()}&amount=50");
        await PostAsync($"/v1/credit_notes/{voided.Id()}/void", "");
        var draft = await PostAsync("/v1/invoices", $"customer={cus}");
        var item = await PostAsync("/v1/invoiceitems", $"customer={cus}&invoice={draft.Id()}&amount=1000&description=Draft line&tax_rates[]={rate.Id()}");
        var entry = await PostAsync($"/v1/customers/{cus}/balance_transactions", "amount=-300&currency=usd");
        return new()
        {
            ["cus"] = cus, ["src"] = source.Id(), ["consumed"] = spare.Id(), ["ch"] = charge.Id(), ["txr"] = rate.Id(),
            ["open"] = open.Id(), ["draft"] = draft.Id(), ["ii"] = item.Id(), ["cbtxn"] = entry.Id(), ["il"] = line, ["cn"] = creditNote.Id(),
            ["voidcn"] = voided.Id(),
        };
    }

    private static string Substitute(string text, Dictionary<string, string> ids) =>
        ids.Aggregate(text, (current, id) => current.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));

    /// <summary>
    /// A hash of every row of every table, but the keys' last-used times and the idempotency records, which
    /// requests are meant to touch.
    /// </summary>
    private async Task OutboxDeliveredAsync()
    {
        for (var waited = 0; await _app.InScopeAsync(services => services.GetRequiredService<BillingDbContext>().OutboxMessages
                 .AnyAsync(message => message.Status == OutboxStatus.Queued)); waited++)
        {
            Assert.True(waited < 300, "The outbox did not deliver in 30 s.");
            await Task.Delay(100);
        }
    }

    private async Task<string> FingerprintAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_app.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('ApiKeys', 'IdempotentRequests') ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            await using var rows = connection.CreateCommand();
            rows.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await rows.ExecuteReaderAsync();
            hash.AppendData(Encoding.UTF8.GetBytes(table));
            while (await reader.ReadAsync())
            {
                for (var column = 0; column < reader.FieldCount; column++)
                {
                    hash.AppendData(Encoding.UTF8.GetBytes($"|{reader.GetValue(column)}"));
                }
            }
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
