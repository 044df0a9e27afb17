using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BillingDashboard.Tests.Infrastructure;

/// <summary>
/// An integration's webhook endpoint on a local port: records every POST it is sent (body and signature header)
/// and answers with whatever status <see cref="Answer"/> gives for the request's number (1 for the first).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _count;

    public WebhookReceiver()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hooks/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ListenAsync);
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

    private async Task ListenAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var status = Answer(Interlocked.Increment(ref _count));
            Received.Enqueue(new ReceivedWebhook(body, context.Request.Headers["Stripe-Signature"] ?? "", status));
            context.Response.StatusCode = status;
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(status == 200 ? "ok" : "receiver is down"));
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
    }
}

public sealed record ReceivedWebhook(string Body, string Signature, int Status);
