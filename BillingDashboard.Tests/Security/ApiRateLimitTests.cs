using System.Net;
using System.Text.Json;
using BillingDashboard.Api;
using BillingDashboard.Tests.Api;
using BillingDashboard.Tests.Infrastructure;

namespace BillingDashboard.Tests.Security;

/// <summary>A key past its requests per second gets 429 with Retry-After, as the hosted API answers; another key is unaffected.</summary>
public sealed class ApiRateLimitTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync()
    {
        _app.Settings[ApiRateLimit.Setting] = "5";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task PastTheLimit_429WithRetryAfter_InTheEnvelope_AndOtherKeysStillPass()
    {
        var flooding = await ApiTestClient.CreateAsync(_app);
        var other = await ApiTestClient.CreateAsync(_app);

        var answers = new List<HttpResponseMessage>();
        for (var index = 0; index < 12; index++)
        {
            answers.Add(await flooding.GetAsync("/v1/customers"));
        }
        using var otherKeys = await other.GetAsync("/v1/customers");

        Assert.Equal(HttpStatusCode.OK, answers[0].StatusCode);
        var refused = answers.First(answer => answer.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(answers.Count(answer => answer.StatusCode == HttpStatusCode.OK) <= 6);
        Assert.True(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(("rate_limit_error", "rate_limit"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.OK, otherKeys.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Equal(HttpStatusCode.OK, (await flooding.GetAsync("/v1/customers")).StatusCode);
    }
}
