using BillingDashboard.Tests.Infrastructure;
using static BillingDashboard.Tests.Api.ApiTestClient;

namespace BillingDashboard.Tests.Api;

/// <summary>
/// GET /v1/invoices reads a page's lines in one statement however many invoices the page holds: the SQL the app
/// sends, as EF Core logs it, has no statement per invoice.
/// </summary>
public sealed class InvoiceListStatementsTests : IDisposable
{
    private readonly AppFactory _app = new();
    private readonly CapturedLogs _logs = new();

    public InvoiceListStatementsTests()
    {
        _app.Logging = _logs;
        _app.Settings["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task APageOfTwelveInvoices_ReadsItsLinesAndInvoicesOnce_AsAPageOfThreeDoes()
    {
        var client = await CreateAsync(_app);
        var (_, source) = await SendAsync(client, HttpMethod.Post, "/v1/sources", Form(TestCards.CardForm(TestCards.Visa)));
        var (_, customer) = await SendAsync(client, HttpMethod.Post, "/v1/customers", Form(("email", "many.invoices@api.example"), ("source", source.Id())));
        for (var index = 0; index < 12; index++)
        {
            var (_, draft) = await SendAsync(client, HttpMethod.Post, "/v1/invoices", Form(("customer", customer.Id()), ("currency", "eur")));
            await SendAsync(client, HttpMethod.Post, "/v1/invoiceitems", Form(("customer", customer.Id()), ("invoice", draft.Id()), ("amount", $"{1000 + index}")));
            await SendAsync(client, HttpMethod.Post, $"/v1/invoices/{draft.Id()}/finalize");
        }

        var three = await StatementsAsync(client, customer.Id(), limit: 3);
        var twelve = await StatementsAsync(client, customer.Id(), limit: 12);

        Assert.Equal((1, 1), (three.Pages, three.Lines));
        Assert.Equal((1, 1), (twelve.Pages, twelve.Lines));
    }

    /// <summary>How many statements read invoices and how many read their lines while the list was served (other work, such as the outbox, may run meanwhile).</summary>
    private async Task<(int Pages, int Lines)> StatementsAsync(HttpClient client, string customerId, int limit)
    {
        var before = _logs.Lines.Count;
        var (_, list) = await SendAsync(client, HttpMethod.Get, $"/v1/invoices?customer={customerId}&limit={limit}");
        Assert.Equal(limit, list.GetProperty("data").GetArrayLength());
        var statements = _logs.Lines.Skip(before).Where(line => line.Contains("Executed DbCommand", StringComparison.Ordinal)).ToList();
        return (statements.Count(line => line.Contains("FROM \"Invoices\"", StringComparison.Ordinal)),
            statements.Count(line => line.Contains("FROM \"InvoiceItems\"", StringComparison.Ordinal)));
    }
}
