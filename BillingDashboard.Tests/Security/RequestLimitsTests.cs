using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BillingDashboard.Tests.Api;
using BillingDashboard.Tests.Infrastructure;

namespace BillingDashboard.Tests.Security;

/// <summary>Oversized bodies are refused with a 413, never a 500, and without the server holding them.</summary>
public sealed class RequestLimitsTests(StripeApiFixture api, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<StripeApiFixture>
{
    /// <summary>A form body of <paramref name="length"/> bytes, written as it is sent, so the test itself never holds it.</summary>
    private sealed class LargeForm(long length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var block = new byte[64 * 1024];
            Array.Fill(block, (byte)'a');
            for (var sent = 0L; sent < length; sent += block.Length)
            {
                await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, length - sent)));
            }
        }

        protected override bool TryComputeLength(out long size)
        {
            size = length;
            return true;
        }
    }

    private HttpRequestMessage Post(string path, long length, bool withKey = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(api.Address, path)) { Content = new LargeForm(length) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        // As careful clients send large bodies: the server can refuse before the body travels.
        request.Headers.ExpectContinue = true;
        if (withKey)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", api.Client.ApiKey);
        }
        return request;
    }

    /// <summary>
    /// A client that waits for the server's answer to <c>Expect: 100-continue</c> as long as it takes, rather than
    /// the default second: on a loaded machine the 413 can take longer, and a body sent meanwhile meets a closed connection.
    /// </summary>
    private static HttpClient PatientClient() => new(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(60) });

    private static long WorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    [Fact]
    public async Task ThirtyTwoParallel20MbAnonymousPosts_Get413_AndMemoryStaysFlat()
    {
        using var client = PatientClient();
        using var warmUp = await client.GetAsync(new Uri(api.Address, "/account/signin"));
        var before = WorkingSet();

        var answers = await Task.WhenAll(Enumerable.Range(0, 32).Select(async index =>
        {
            using var response = await client.SendAsync(Post(index % 2 == 0 ? "/account/signin" : "/account/setup", 20L * 1024 * 1024));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode));
        Assert.Contains("larger than the 8 KB", answers[0].Item2, StringComparison.Ordinal);
        var grown = WorkingSet() - before;
        output.WriteLine($"Working set before {before / (1024 * 1024)} MB, grown by {grown / (1024 * 1024)} MB after 32 × 20 MB posts.");
        Assert.True(grown < 100L * 1024 * 1024, $"The working set grew by {grown / (1024 * 1024)} MB.");
    }

    [Fact]
    public async Task AnApiBodyOver30Mb_Gets413_InTheErrorEnvelope()
    {
        using var client = PatientClient();

        using var response = await client.SendAsync(Post("/v1/customers", 31L * 1024 * 1024, withKey: true));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("1024 KB", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("Request-Id"));
    }

    [Fact]
    public async Task ABodyThatHidesItsSize_StopsBeingReadAtTheLimit()
    {
        using var client = new HttpClient();
        var request = Post("/v1/customers", 4L * 1024 * 1024, withKey: true);
        request.Headers.ExpectContinue = false;
        request.Headers.TransferEncodingChunked = true;

        HttpStatusCode? status = null;
        try
        {
            using var response = await client.SendAsync(request);
            status = response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // The server may close the connection while the rest is still being sent: refused just the same.
        }

        Assert.True(status is null or HttpStatusCode.RequestEntityTooLarge, $"Answered {status}.");
    }
}
