using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BillingDashboard.Features.Developers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static BillingDashboard.Tests.Api.ApiTestClient;

namespace BillingDashboard.Tests.Api;

/// <summary>Keys, the wire format and the error envelope, over HTTP against the real app.</summary>
public abstract class ApiBasicsTests<TApp> : IClassFixture<TApp> where TApp : AppFactory
{
    private readonly TApp _app;

    protected ApiBasicsTests(TApp app) => _app = app;

    private Task<HttpClient> ClientAsync(bool readOnly = false, bool bearer = false) => ApiTestClient.CreateAsync(_app, readOnly, bearer);

    [Fact]
    public async Task Customers_CreateRetrieveUpdateListDelete_SpeakTheHostedApisFormat()
    {
        var client = await ClientAsync(bearer: true);

        var (created, customer) = await SendAsync(client, HttpMethod.Post, "/v1/customers", Form(("email", "api.alice@example.com"), ("name", "Alice API"),
            ("metadata[crm_id]", "A-1"), ("preferred_locales[]", "de-DE"), ("address[country]", "DE"), ("tax_id_data[0][type]", "eu_vat"), ("tax_id_data[0][value]", "DE123456789")));
        var id = customer.GetProperty("id").GetString()!;
        var (_, updated) = await SendAsync(client, HttpMethod.Post, $"/v1/customers/{id}", Form(("description", "Updated over the API"), ("metadata[crm_id]", "")));
        var (_, fetched) = await SendAsync(client, HttpMethod.Get, $"/v1/customers/{id}");
        var (_, list) = await SendAsync(client, HttpMethod.Get, "/v1/customers?email=api.alice%40example.com&limit=5");
        var (deletedStatus, deleted) = await SendAsync(client, HttpMethod.Delete, $"/v1/customers/{id}");
        var (goneStatus, gone) = await SendAsync(client, HttpMethod.Get, $"/v1/customers/{id}");

        Assert.Equal(HttpStatusCode.OK, created);
        Assert.StartsWith("cus_", id, StringComparison.Ordinal);
        Assert.Equal(("customer", false, "A-1", "DE"), (customer.GetProperty("object").GetString(), customer.GetProperty("livemode").GetBoolean(),
            customer.GetProperty("metadata").GetProperty("crm_id").GetString(), customer.GetProperty("address").GetProperty("country").GetString()));
        Assert.True(customer.GetProperty("created").GetInt64() > 1_700_000_000);
        Assert.Equal(("Updated over the API", 0), (updated.GetProperty("description").GetString(), updated.GetProperty("metadata").EnumerateObject().Count()));
        Assert.Equal("Alice API", fetched.GetProperty("name").GetString());
        Assert.Equal(("list", "/v1/customers", false, id), (list.GetProperty("object").GetString(), list.GetProperty("url").GetString(),
            list.GetProperty("has_more").GetBoolean(), list.GetProperty("data")[0].GetProperty("id").GetString()));
        Assert.Equal((HttpStatusCode.OK, true), (deletedStatus, deleted.GetProperty("deleted").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, goneStatus);
        Assert.Equal("resource_missing", gone.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Requests_WithoutAKeyOrWithAWrongOne_Get401WithTheEnvelope()
    {
        var anonymous = _app.CreateClient(new() { AllowAutoRedirect = false });
        var (missing, missingJson) = await SendAsync(anonymous, HttpMethod.Get, "/v1/customers");
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk_test_notAKeyWeIssued000000000");
        var (wrong, wrongJson) = await SendAsync(anonymous, HttpMethod.Get, "/v1/customers");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (missing, wrong));
        Assert.Contains("did not provide an API key", missingJson.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Invalid API key", wrongJson.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedKey_IsRefusedFromTheNextRequest()
    {
        var key = await _app.InScopeAsync(services => services.GetRequiredService<ApiKeyService>().CreateAsync("short lived", readOnly: false));
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/v1/customers")).Status);

        await _app.InScopeAsync(async services => { await services.GetRequiredService<ApiKeyService>().RevokeAsync(key.Key.Id); return 0; });

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, HttpMethod.Get, "/v1/customers")).Status);
    }

    [Fact]
    public async Task ReadOnlyKey_CanListButNotCreate()
    {
        var client = await ClientAsync(readOnly: true);

        var (listed, _) = await SendAsync(client, HttpMethod.Get, "/v1/customers");
        var (created, json) = await SendAsync(client, HttpMethod.Post, "/v1/customers", Form(("email", "nope@example.com")));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (listed, created));
        Assert.Contains("read-only", json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/customers", "nickname=x", "Received unknown parameter: nickname", "nickname")]
    [InlineData("/v1/customers", "email=not-an-email", "Enter an email address", "email")]
    [InlineData("/v1/customers", "metadata[a=1", "brackets don't match", "metadata[a")]
    [InlineData("/v1/charges", "amount=ten&currency=eur&customer=cus_x", "Invalid integer: 'ten'", "amount")]
    [InlineData("/v1/charges", "amount=-5&currency=eur&source=src_nope", "positive amount", "amount")]
    [InlineData("/v1/charges", "amount=1000&currency=eur&source=src_nope", "No such source: 'src_nope'", null)]
    [InlineData("/v1/customers/cus_nope/sources", "source=src_nope", "No such customer: 'cus_nope'", null)]
    public async Task BadRequests_Get4xxWithTheEnvelopeNamingTheProblem(string path, string body, string message, string? param)
    {
        var client = await ClientAsync();

        using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.InRange((int)response.StatusCode, 400, 499);
        var error = json.GetProperty("error");
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        if (param is not null)
        {
            Assert.Equal(param, error.GetProperty("param").GetString());
        }
    }

    [Fact]
    public async Task JsonBody_IsRefusedAsTheWrongContentType()
    {
        var client = await ClientAsync();

        using var response = await client.PostAsync("/v1/customers", new StringContent("{\"email\":\"a@b.c\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("application/x-www-form-urlencoded", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeclinedCard_Gets402WithTheStoredChargesId()
    {
        var client = await ClientAsync();
        var (_, customer) = await SendAsync(client, HttpMethod.Post, "/v1/customers", Form(("email", "declined@api.example")));
        var (_, source) = await SendAsync(client, HttpMethod.Post, "/v1/sources",
            Form(TestCards.CardForm(TestCards.DeclinedAfterAttach)));
        var customerId = customer.GetProperty("id").GetString()!;
        await SendAsync(client, HttpMethod.Post, $"/v1/customers/{customerId}/sources", Form(("source", source.GetProperty("id").GetString()!)));

        var (status, json) = await SendAsync(client, HttpMethod.Post, "/v1/charges", Form(("amount", "2000"), ("currency", "usd"), ("customer", customerId)));

        Assert.Equal(HttpStatusCode.PaymentRequired, status);
        var error = json.GetProperty("error");
        Assert.Equal(("card_error", "card_declined", "generic_decline"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString(), error.GetProperty("decline_code").GetString()));
        var (_, charge) = await SendAsync(client, HttpMethod.Get, $"/v1/charges/{error.GetProperty("charge").GetString()}");
        Assert.Equal(("failed", customerId), (charge.GetProperty("status").GetString(), charge.GetProperty("customer").GetString()));
    }

    [Fact]
    public async Task IdempotencyKey_RetryGetsTheStoredAnswerAndCreatesNothingTwice()
    {
        var client = await ClientAsync();
        async Task<(HttpStatusCode Status, string Body, bool Replayed)> PostAsync(string key, string email)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/customers") { Content = Form(("email", email)) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Contains("Idempotent-Replayed"));
        }

        var first = await PostAsync("retry-1", "idem@api.example");
        var retry = await PostAsync("retry-1", "idem@api.example");
        var misuse = await PostAsync("retry-1", "other@api.example");
        var refused = await PostAsync("retry-2", "not an email");
        var refusedAgain = await PostAsync("retry-2", "not an email");

        Assert.Equal((HttpStatusCode.OK, false), (first.Status, first.Replayed));
        Assert.Equal((HttpStatusCode.OK, first.Body, true), (retry.Status, retry.Body, retry.Replayed));
        Assert.Equal(HttpStatusCode.BadRequest, misuse.Status);
        Assert.Contains("idempotency_error", misuse.Body, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, refused.Body), (refusedAgain.Status, refusedAgain.Body));
        var (_, list) = await SendAsync(client, HttpMethod.Get, "/v1/customers?email=idem%40api.example");
        Assert.Equal(1, list.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task TaxIdsAndTaxRates_WorkThroughTheSameRulesAsThePages()
    {
        var client = await ClientAsync();
        var (_, customer) = await SendAsync(client, HttpMethod.Post, "/v1/customers", Form(("email", "tax@api.example")));
        var customerId = customer.GetProperty("id").GetString()!;

        var (created, taxId) = await SendAsync(client, HttpMethod.Post, $"/v1/customers/{customerId}/tax_ids", Form(("type", "eu_vat"), ("value", "de 123 456 789")));
        var (invalid, invalidJson) = await SendAsync(client, HttpMethod.Post, $"/v1/customers/{customerId}/tax_ids", Form(("type", "eu_vat"), ("value", "DE12345")));
        var (_, list) = await SendAsync(client, HttpMethod.Get, $"/v1/customers/{customerId}/tax_ids");
        var (_, deleted) = await SendAsync(client, HttpMethod.Delete, $"/v1/customers/{customerId}/tax_ids/{taxId.GetProperty("id").GetString()}");

        Assert.Equal((HttpStatusCode.OK, "DE123456789", "unverified"), (created, taxId.GetProperty("value").GetString(),
            taxId.GetProperty("verification").GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        Assert.Contains("Expected DE + 9 digits", invalidJson.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, list.GetProperty("data").GetArrayLength());
        Assert.True(deleted.GetProperty("deleted").GetBoolean());

        var (_, rate) = await SendAsync(client, HttpMethod.Post, "/v1/tax_rates", Form(("display_name", "VAT"), ("percentage", "19"), ("inclusive", "false"), ("country", "DE")));
        var rateId = rate.GetProperty("id").GetString()!;
        var (_, archived) = await SendAsync(client, HttpMethod.Post, $"/v1/tax_rates/{rateId}", Form(("active", "false")));
        var (refused, refusedJson) = await SendAsync(client, HttpMethod.Post, $"/v1/tax_rates/{rateId}", Form(("percentage", "20")));

        Assert.Equal(("tax_rate", 19m, false), (rate.GetProperty("object").GetString(), rate.GetProperty("percentage").GetDecimal(), archived.GetProperty("active").GetBoolean()));
        Assert.Equal((HttpStatusCode.BadRequest, "percentage"), (refused, refusedJson.GetProperty("error").GetProperty("param").GetString()));
    }

    [Fact]
    public async Task Coupons_CreateApplyToACustomerAndRemoveTheDiscount()
    {
        var client = await ClientAsync();
        var (_, coupon) = await SendAsync(client, HttpMethod.Post, "/v1/coupons", Form(("id", "API25"), ("percent_off", "25"), ("duration", "repeating"), ("duration_in_months", "3")));
        var (tooMuch, tooMuchJson) = await SendAsync(client, HttpMethod.Post, "/v1/coupons", Form(("percent_off", "150")));
        var (_, customer) = await SendAsync(client, HttpMethod.Post, "/v1/customers", Form(("email", "coupon@api.example"), ("coupon", "API25")));
        var customerId = customer.GetProperty("id").GetString()!;
        var (_, removed) = await SendAsync(client, HttpMethod.Delete, $"/v1/customers/{customerId}/discount");
        var (_, after) = await SendAsync(client, HttpMethod.Get, $"/v1/customers/{customerId}");

        Assert.Equal(("API25", 25m, "repeating"), (coupon.GetProperty("id").GetString(), coupon.GetProperty("percent_off").GetDecimal(), coupon.GetProperty("duration").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "percent_off"), (tooMuch, tooMuchJson.GetProperty("error").GetProperty("param").GetString()));
        Assert.Equal("API25", customer.GetProperty("discount").GetProperty("coupon").GetProperty("id").GetString());
        Assert.True(removed.GetProperty("deleted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("discount").ValueKind);
    }

    [Fact]
    public async Task UnknownRoute_Gets404WithTheEnvelope()
    {
        var client = await ClientAsync();

        var (status, json) = await SendAsync(client, HttpMethod.Get, "/v1/widgets");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Unrecognized request URL", json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}

public sealed class ApiBasicsTestsOnSqlite(AppFactory app) : ApiBasicsTests<AppFactory>(app);

public sealed class ApiBasicsTestsOnPostgreSql(PostgreSqlAppFactory app) : ApiBasicsTests<PostgreSqlAppFactory>(app);
