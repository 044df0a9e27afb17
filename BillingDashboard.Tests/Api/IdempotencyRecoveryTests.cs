using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Api;

/// <summary>Idempotency keys whose first request lost its client or its process: the retry gets the answer, never a second object.</summary>
public sealed class IdempotencyRecoveryTests(StripeApiFixture api) : IClassFixture<StripeApiFixture>
{
    private HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = api.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", api.Client.ApiKey);
        return client;
    }

    private static async Task<HttpResponseMessage> PostCustomerAsync(HttpClient client, string key, string email)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/customers")
        {
            Content = new FormUrlEncodedContent([new("email", email)]),
        };
        request.Headers.Add(Idempotency.Header, key);
        return await client.SendAsync(request);
    }

    private async Task<int> CountAsync(string email) =>
        await api.App.InScopeAsync(services => services.GetRequiredService<BillingDbContext>().Customers.CountAsync(customer => customer.Email == email));

    [Fact]
    public async Task ARequestWhoseClientWentAwayAfterTheWork_StoresItsAnswer_SoTheRetryGetsTheSameCustomer()
    {
        const string key = "client-went-away";
        const string email = "went.away@idempotency.example";
        var apiKeyId = await ApiKeyIdAsync();
        await using var scope = api.App.Services.CreateAsyncScope();
        using var clientGone = new CancellationTokenSource();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = clientGone.Token };
        http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, apiKeyId)], "api key"));
        http.Request.Method = "POST";
        http.Request.Path = "/v1/customers";
        http.Request.Headers[Idempotency.Header] = key;
        http.Request.ContentType = "application/x-www-form-urlencoded";
        http.Request.Body = new MemoryStream(Encoding.ASCII.GetBytes($"email={Uri.EscapeDataString(email)}"));
        http.Response.Body = new MemoryStream();

        // The work is done, then the client hangs up before the answer is written.
        var first = await Record.ExceptionAsync(async () => await Idempotency.FilterAsync(new DefaultEndpointFilterInvocationContext(http), async _ =>
        {
            var created = await api.App.CreateCustomerAsync(new CustomerInput { Name = "Went Away", Email = email });
            await clientGone.CancelAsync();
            return Results.Json(new { id = created.Id, @object = "customer", email });
        }));
        using var client = Client();
        using var retry = await PostCustomerAsync(client, key, email);

        Assert.True(first is null or OperationCanceledException, first?.ToString());
        Assert.True(retry.StatusCode == HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(email, JsonDocument.Parse(await retry.Content.ReadAsStringAsync()).RootElement.GetProperty("email").GetString());
        Assert.Equal(1, await CountAsync(email));
    }

    private Task<string> ApiKeyIdAsync() =>
        api.App.InScopeAsync(services => services.GetRequiredService<BillingDbContext>().ApiKeys.Select(key => key.Id).SingleAsync());

    [Fact]
    public async Task AKeyWhoseRequestDiedWithItsProcess_IsReleasedAfterTheTimeout_ButNotBefore()
    {
        using var client = Client();
        var apiKeyId = await ApiKeyIdAsync();
        async Task StrandAsync(string key, TimeSpan age) => await api.App.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<BillingDbContext>();
            db.IdempotentRequests.Add(new IdempotentRequest
            {
                ApiKeyId = apiKeyId, Key = key, RequestHash = "from a process that died", Created = DateTimeOffset.UtcNow - age,
            });
            return await db.SaveChangesAsync();
        });
        await StrandAsync("died-long-ago", Idempotency.InProgressTimeout + TimeSpan.FromSeconds(5));
        await StrandAsync("still-running", TimeSpan.FromSeconds(1));

        using var released = await PostCustomerAsync(client, "died-long-ago", "released@idempotency.example");
        using var running = await PostCustomerAsync(client, "still-running", "running@idempotency.example");

        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal(1, await CountAsync("released@idempotency.example"));
        // Not yet released: the key is still refused (here for other parameters than the stranded request's).
        Assert.Contains("idempotency_error", await running.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("running@idempotency.example"));
    }
}
