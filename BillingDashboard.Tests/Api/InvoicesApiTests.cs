using System.Net;
using System.Text.Json;
using BillingDashboard.Tests.Infrastructure;
using static BillingDashboard.Tests.Api.ApiTestClient;

namespace BillingDashboard.Tests.Api;

/// <summary>Invoice items, invoices, the balance ledger, and updates of sources and charges, over HTTP against the real app.</summary>
public abstract class InvoicesApiTests<TApp> : IClassFixture<TApp> where TApp : AppFactory
{
    private readonly TApp _app;

    protected InvoicesApiTests(TApp app) => _app = app;

    private async Task<(HttpClient Client, string CustomerId)> CustomerWithCardAsync(string email, string number = TestCards.Visa)
    {
        var client = await ApiTestClient.CreateAsync(_app);
        var (_, source) = await SendAsync(client, HttpMethod.Post, "/v1/sources", Form(TestCards.CardForm(number)));
        var (_, customer) = await SendAsync(client, HttpMethod.Post, "/v1/customers", Form(("email", email), ("name", "Invoice API"), ("source", source.Id())));
        return (client, customer.Id());
    }

    [Fact]
    public async Task PendingItems_BecomeTheDraftsLines_AndFinalizingChargesTheDefaultSource()
    {
        var (client, customerId) = await CustomerWithCardAsync("invoice.flow@api.example");
        var (_, rate) = await SendAsync(client, HttpMethod.Post, "/v1/tax_rates", Form(("display_name", "VAT"), ("percentage", "20"), ("inclusive", "false")));

        var (itemStatus, item) = await SendAsync(client, HttpMethod.Post, "/v1/invoiceitems", Form(("customer", customerId), ("currency", "gbp"),
            ("description", "Consulting"), ("quantity", "3"), ("unit_amount", "15000"), ("tax_rates[]", rate.Id())));
        var (_, second) = await SendAsync(client, HttpMethod.Post, "/v1/invoiceitems", Form(("customer", customerId), ("amount", "5000"), ("description", "Setup")));
        var (_, pending) = await SendAsync(client, HttpMethod.Get, $"/v1/invoiceitems?customer={customerId}&pending=true");
        var (draftStatus, draft) = await SendAsync(client, HttpMethod.Post, "/v1/invoices", Form(("customer", customerId), ("metadata[order]", "PO-7"),
            ("custom_fields[0][name]", "PO number"), ("custom_fields[0][value]", "PO-4711")));
        var invoiceId = draft.Id();
        var (_, updatedItem) = await SendAsync(client, HttpMethod.Post, $"/v1/invoiceitems/{second.Id()}", Form(("unit_amount", "6000")));
        var (_, lines) = await SendAsync(client, HttpMethod.Get, $"/v1/invoices/{invoiceId}/lines?limit=1");
        var (_, finalized) = await SendAsync(client, HttpMethod.Post, $"/v1/invoices/{invoiceId}/finalize");
        var (lateEdit, lateEditJson) = await SendAsync(client, HttpMethod.Post, $"/v1/invoices/{invoiceId}", Form(("description", "too late")));
        var (lateDelete, lateDeleteJson) = await SendAsync(client, HttpMethod.Delete, $"/v1/invoices/{invoiceId}");

        Assert.Equal((HttpStatusCode.OK, "invoiceitem", 45000L, (string?)null), (itemStatus, item.GetProperty("object").GetString(),
            item.GetProperty("amount").GetInt64(), item.GetProperty("invoice").GetString()));
        Assert.Equal(rate.Id(), item.GetProperty("tax_rates")[0].Id());
        Assert.Equal(("gbp", 1L), (second.GetProperty("currency").GetString(), second.GetProperty("quantity").GetInt64()));
        Assert.Equal(2, pending.GetProperty("data").GetArrayLength());
        Assert.Equal((HttpStatusCode.OK, "draft", JsonValueKind.Null), (draftStatus, draft.GetProperty("status").GetString(), draft.GetProperty("number").ValueKind));
        Assert.Equal((2, 50000L, 9000L, 59000L), (draft.GetProperty("lines").GetProperty("data").GetArrayLength(), draft.GetProperty("subtotal").GetInt64(),
            draft.GetProperty("tax").GetInt64(), draft.GetProperty("total").GetInt64()));
        Assert.Equal(("PO-7", "PO-4711"), (draft.GetProperty("metadata").GetProperty("order").GetString(),
            draft.GetProperty("custom_fields")[0].GetProperty("value").GetString()));
        Assert.Equal((6000L, invoiceId), (updatedItem.GetProperty("amount").GetInt64(), updatedItem.GetProperty("invoice").GetString()));
        Assert.Equal((1, true, "line_item"), (lines.GetProperty("data").GetArrayLength(), lines.GetProperty("has_more").GetBoolean(),
            lines.GetProperty("data")[0].GetProperty("object").GetString()));

        Assert.Equal(("paid", 60000L, 60000L, 0L), (finalized.GetProperty("status").GetString(), finalized.GetProperty("total").GetInt64(),
            finalized.GetProperty("amount_paid").GetInt64(), finalized.GetProperty("amount_remaining").GetInt64()));
        Assert.EndsWith("-0001", finalized.GetProperty("number").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("ch_", finalized.GetProperty("charge").GetString(), StringComparison.Ordinal);
        Assert.Equal("Invoice API", finalized.GetProperty("customer_name").GetString());
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (lateEdit, lateDelete));
        Assert.Contains("This invoice is paid and can't change", lateEditJson.ErrorMessage(), StringComparison.Ordinal);
        Assert.Contains("Void it instead", lateDeleteJson.ErrorMessage(), StringComparison.Ordinal);

        using var pdf = await client.GetAsync(new Uri(finalized.GetProperty("invoice_pdf").GetString()!).PathAndQuery);
        Assert.Equal((HttpStatusCode.OK, "application/pdf"), (pdf.StatusCode, pdf.Content.Headers.ContentType?.MediaType));
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync())[..4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeclinedCard_LeavesTheInvoiceOpen_PayGets402_ThenPaidOutOfBand()
    {
        var (client, customerId) = await CustomerWithCardAsync("invoice.declined@api.example", number: TestCards.DeclinedAfterAttach);
        var (_, draft) = await SendAsync(client, HttpMethod.Post, "/v1/invoices", Form(("customer", customerId), ("currency", "eur")));
        var invoiceId = draft.Id();
        await SendAsync(client, HttpMethod.Post, "/v1/invoiceitems", Form(("customer", customerId), ("invoice", invoiceId), ("amount", "2500"), ("description", "Support")));

        var (_, finalized) = await SendAsync(client, HttpMethod.Post, $"/v1/invoices/{invoiceId}/finalize");
        var (payStatus, payJson) = await SendAsync(client, HttpMethod.Post, $"/v1/invoices/{invoiceId}/pay");
        var (_, paid) = await SendAsync(client, HttpMethod.Post, $"/v1/invoices/{invoiceId}/pay", Form(("paid_out_of_band", "true")));
        var (_, listed) = await SendAsync(client, HttpMethod.Get, $"/v1/invoices?customer={customerId}&status=paid");

        Assert.Equal(("open", true, 2500L), (finalized.GetProperty("status").GetString(), finalized.GetProperty("attempted").GetBoolean(),
            finalized.GetProperty("amount_remaining").GetInt64()));
        Assert.Equal(HttpStatusCode.PaymentRequired, payStatus);
        Assert.Equal(("card_error", "card_declined"), (payJson.GetProperty("error").GetProperty("type").GetString(), payJson.GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal(("paid", true, JsonValueKind.Null), (paid.GetProperty("status").GetString(), paid.GetProperty("paid_out_of_band").GetBoolean(),
            paid.GetProperty("charge").ValueKind));
        Assert.True(paid.GetProperty("status_transitions").GetProperty("paid_at").GetInt64() > 1_700_000_000);
        Assert.Equal(invoiceId, listed.GetProperty("data")[0].Id());
    }

    [Fact]
    public async Task VoidAndMarkUncollectible_FollowTheStatusRules_AndDraftsDelete()
    {
        var (client, customerId) = await CustomerWithCardAsync("invoice.void@api.example");
        async Task<string> OpenInvoiceAsync()
        {
            var (_, draft) = await SendAsync(client, HttpMethod.Post, "/v1/invoices", Form(("customer", customerId), ("currency", "usd"),
                ("collection_method", "send_invoice"), ("days_until_due", "14")));
            await SendAsync(client, HttpMethod.Post, "/v1/invoiceitems", Form(("customer", customerId), ("invoice", draft.Id()), ("amount", "1000"), ("description", "Hours")));
            await SendAsync(client, HttpMethod.Post, $"/v1/invoices/{draft.Id()}/finalize");
            return draft.Id();
        }

        var voided = await OpenInvoiceAsync();
        var (_, voidJson) = await SendAsync(client, HttpMethod.Post, $"/v1/invoices/{voided}/void");
        var (again, againJson) = await SendAsync(client, HttpMethod.Post, $"/v1/invoices/{voided}/void");
        var uncollectible = await OpenInvoiceAsync();
        var (_, uncollectibleJson) = await SendAsync(client, HttpMethod.Post, $"/v1/invoices/{uncollectible}/mark_uncollectible");
        var (_, spare) = await SendAsync(client, HttpMethod.Post, "/v1/invoices", Form(("customer", customerId)));
        var (_, deleted) = await SendAsync(client, HttpMethod.Delete, $"/v1/invoices/{spare.Id()}");
        var (gone, _) = await SendAsync(client, HttpMethod.Get, $"/v1/invoices/{spare.Id()}");
        var (_, expanded) = await SendAsync(client, HttpMethod.Get, $"/v1/invoices/{uncollectible}?expand[]=customer");

        Assert.Equal(("void", 0L), (voidJson.GetProperty("status").GetString(), voidJson.GetProperty("amount_remaining").GetInt64()));
        Assert.True(voidJson.GetProperty("due_date").GetInt64() > voidJson.GetProperty("created").GetInt64() + 13 * 86_400);
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Contains("void", againJson.ErrorMessage(), StringComparison.Ordinal);
        Assert.Equal("uncollectible", uncollectibleJson.GetProperty("status").GetString());
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, gone);
        Assert.Equal(("customer", "invoice.void@api.example"), (expanded.GetProperty("customer").GetProperty("object").GetString(),
            expanded.GetProperty("customer").GetProperty("email").GetString()));
    }

    [Fact]
    public async Task InvoiceItems_OnAnotherCustomersInvoiceOrAFinalizedOne_AreRefused()
    {
        var (client, customerId) = await CustomerWithCardAsync("invoice.items@api.example");
        var (_, other) = await SendAsync(client, HttpMethod.Post, "/v1/customers", Form(("email", "invoice.items.other@api.example")));
        var (_, draft) = await SendAsync(client, HttpMethod.Post, "/v1/invoices", Form(("customer", customerId), ("currency", "usd")));
        var (_, line) = await SendAsync(client, HttpMethod.Post, "/v1/invoiceitems", Form(("customer", customerId), ("invoice", draft.Id()), ("amount", "700"), ("description", "Line")));

        var (wrongCustomer, wrongCustomerJson) = await SendAsync(client, HttpMethod.Post, "/v1/invoiceitems",
            Form(("customer", other.Id()), ("invoice", draft.Id()), ("amount", "100"), ("description", "x")));
        var (both, bothJson) = await SendAsync(client, HttpMethod.Post, "/v1/invoiceitems",
            Form(("customer", customerId), ("amount", "100"), ("unit_amount", "100"), ("description", "x")));
        var (noDescription, noDescriptionJson) = await SendAsync(client, HttpMethod.Post, "/v1/invoiceitems", Form(("customer", customerId), ("amount", "100")));
        await SendAsync(client, HttpMethod.Post, $"/v1/invoices/{draft.Id()}/finalize");
        var (frozen, frozenJson) = await SendAsync(client, HttpMethod.Delete, $"/v1/invoiceitems/{line.Id()}");

        Assert.Equal((HttpStatusCode.BadRequest, "invoice"), (wrongCustomer, wrongCustomerJson.GetProperty("error").GetProperty("param").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "amount"), (both, bothJson.GetProperty("error").GetProperty("param").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "description"), (noDescription, noDescriptionJson.GetProperty("error").GetProperty("param").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, frozen);
        Assert.Contains("paid", frozenJson.ErrorMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BalanceTransactions_CreditTheCustomerAndListNewestFirst()
    {
        var (client, customerId) = await CustomerWithCardAsync("balance@api.example");

        var (_, credit) = await SendAsync(client, HttpMethod.Post, $"/v1/customers/{customerId}/balance_transactions",
            Form(("amount", "-500"), ("currency", "usd"), ("description", "Goodwill")));
        var (_, owed) = await SendAsync(client, HttpMethod.Post, $"/v1/customers/{customerId}/balance_transactions", Form(("amount", "200"), ("currency", "usd")));
        var (otherCurrency, otherCurrencyJson) = await SendAsync(client, HttpMethod.Post, $"/v1/customers/{customerId}/balance_transactions",
            Form(("amount", "200"), ("currency", "eur")));
        var (_, list) = await SendAsync(client, HttpMethod.Get, $"/v1/customers/{customerId}/balance_transactions");
        var (_, older) = await SendAsync(client, HttpMethod.Get, $"/v1/customers/{customerId}/balance_transactions?limit=1&starting_after={owed.Id()}");
        var (_, fetched) = await SendAsync(client, HttpMethod.Get, $"/v1/customers/{customerId}/balance_transactions/{credit.Id()}");
        var (_, customer) = await SendAsync(client, HttpMethod.Get, $"/v1/customers/{customerId}");

        Assert.Equal(("customer_balance_transaction", "adjustment", -500L), (credit.GetProperty("object").GetString(), credit.GetProperty("type").GetString(),
            credit.GetProperty("ending_balance").GetInt64()));
        Assert.Equal(-300L, owed.GetProperty("ending_balance").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, otherCurrency);
        Assert.Contains("USD", otherCurrencyJson.ErrorMessage(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(new[] { owed.Id(), credit.Id() }, list.GetProperty("data").EnumerateArray().Select(entry => entry.Id()));
        Assert.Equal((credit.Id(), false), (older.GetProperty("data")[0].Id(), older.GetProperty("has_more").GetBoolean()));
        Assert.Equal("Goodwill", fetched.GetProperty("description").GetString());
        Assert.Equal(-300L, customer.GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task SourcesAndCharges_UpdateOnlyTheirNotes()
    {
        var (client, customerId) = await CustomerWithCardAsync("updates@api.example");
        var (_, customer) = await SendAsync(client, HttpMethod.Get, $"/v1/customers/{customerId}");
        var sourceId = customer.GetProperty("default_source").GetString()!;
        var (_, charge) = await SendAsync(client, HttpMethod.Post, "/v1/charges", Form(("amount", "1500"), ("currency", "usd"), ("customer", customerId)));

        var (_, source) = await SendAsync(client, HttpMethod.Post, $"/v1/sources/{sourceId}", Form(("owner[name]", "Jenny Rosen"), ("metadata[ref]", "R-1")));
        var (badEmail, badEmailJson) = await SendAsync(client, HttpMethod.Post, $"/v1/sources/{sourceId}", Form(("owner[email]", "nope")));
        var (amountChange, amountChangeJson) = await SendAsync(client, HttpMethod.Post, $"/v1/charges/{charge.Id()}", Form(("amount", "1")));
        var (_, updated) = await SendAsync(client, HttpMethod.Post, $"/v1/charges/{charge.Id()}", Form(("description", "Order 42"), ("metadata[order]", "42")));
        var (_, charges) = await SendAsync(client, HttpMethod.Get, $"/v1/charges?customer={customerId}&limit=1");

        Assert.Equal(("Jenny Rosen", "R-1", "chargeable"), (source.GetProperty("owner").GetProperty("name").GetString(),
            source.GetProperty("metadata").GetProperty("ref").GetString(), source.GetProperty("status").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "owner[email]"), (badEmail, badEmailJson.GetProperty("error").GetProperty("param").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "amount"), (amountChange, amountChangeJson.GetProperty("error").GetProperty("param").GetString()));
        Assert.Equal(("Order 42", "42", 1500L), (updated.GetProperty("description").GetString(), updated.GetProperty("metadata").GetProperty("order").GetString(),
            updated.GetProperty("amount").GetInt64()));
        Assert.Equal((charge.Id(), false), (charges.GetProperty("data")[0].Id(), charges.GetProperty("has_more").GetBoolean()));
    }
}

public sealed class InvoicesApiTestsOnSqlite(AppFactory app) : InvoicesApiTests<AppFactory>(app);

public sealed class InvoicesApiTestsOnPostgreSql(PostgreSqlAppFactory app) : InvoicesApiTests<PostgreSqlAppFactory>(app);
