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

        // The first request of a fresh app compiles the pipeline and may take a second, in which the bucket refills.
        using (await other.GetAsync("/v1/customers"))
        {
        }
        var answers = new List<HttpResponseMessage>();
        var flood = System.Diagnostics.Stopwatch.StartNew();
        for (var index = 0; index < 30; index++)
        {
            answers.Add(await flooding.GetAsync("/v1/customers"));
        }
        flood.Stop();
        using var otherKeys = await other.GetAsync("/v1/customers");

        Assert.Equal(HttpStatusCode.OK, answers[0].StatusCode);
        var refused = answers.First(answer => answer.StatusCode == HttpStatusCode.TooManyRequests);
        // The bucket holds 5 and gets 5 more at each second's tick, and the flood may straddle ticks.
        var ticks = (int)Math.Ceiling(flood.Elapsed.TotalSeconds);
        Assert.InRange(answers.Count(answer => answer.StatusCode == HttpStatusCode.OK), 5, 5 * (1 + ticks));
        Assert.True(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(("rate_limit_error", "rate_limit"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.OK, otherKeys.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Equal(HttpStatusCode.OK, (await flooding.GetAsync("/v1/customers")).StatusCode);
    }
}
