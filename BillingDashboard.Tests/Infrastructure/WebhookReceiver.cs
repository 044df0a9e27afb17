using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BillingDashboard.Tests.Infrastructure;

/// <summary>
/// An integration's webhook endpoint on a local port: records every POST it is sent (body and signature header)
/// and answers with whatever status <see cref="Answer"/> gives for the request's number (1 for the first).
/// </summary>
/// <remarks>
/// Kestrel, as an integration's server would be. HttpListener answered every request 40 ms late (it writes the
/// status line and the body apart, and Nagle's algorithm held the second until the first was acknowledged), which
/// capped what the delivery benchmark measured at 21 a second.
/// </remarks>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _server;
    private int _count;

    public WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapPost("/hooks/", ReceiveAsync);
        _server.StartAsync().GetAwaiter().GetResult();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Url = $"{address.TrimEnd('/')}/hooks/";
    }

    public string Url { get; }

    /// <summary>The status to answer request number n with; 200 unless a test says otherwise.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public IEnumerable<ReceivedWebhook> Acknowledged => Received.Where(request => request.Status is >= 200 and < 300);

    /// <summary>Waits until <paramref name="condition"/> holds of what was received, or fails after <paramref name="seconds"/>.</summary>
    public async Task WaitUntilAsync(Func<WebhookReceiver, bool> condition, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition(this))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The receiver waited {seconds} s; it had {Received.Count} requests.");
            await Task.Delay(50);
        }
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var status = Answer(Interlocked.Increment(ref _count));
        Received.Enqueue(new ReceivedWebhook(body, context.Request.Headers["Stripe-Signature"].ToString(), status));
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(status == 200 ? "ok" : "receiver is down");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}

public sealed record ReceivedWebhook(string Body, string Signature, int Status);
