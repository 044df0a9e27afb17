using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace BillingDashboard.Tests.Infrastructure;

/// <summary>
/// A real SMTP server (the SmtpServer package) on a port of 127.0.0.1, inside the test process: what the outbox
/// delivered is what a mail server received, parsed back with MimeKit. It can be stopped and started again on the
/// same port (a mail server down for a while), and refuses any recipient whose local part is "bounce" with a 550,
/// as a real server refuses an address that does not exist.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    public const string BouncingUser = "bounce";

    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private CancellationTokenSource? _running;
    private Task? _serving;
    private int _queueIds;

    public TestSmtpServer() => Port = FreePort();

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Received => [.. _received];

    /// <summary>Points the app (before it starts) at this server, in the clear, with retries a second apart.</summary>
    public void Serve(AppFactory app)
    {
        app.Settings["Email:Smtp:Host"] = "127.0.0.1";
        app.Settings["Email:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Email:Smtp:Security"] = "None";
        app.Settings["Email:FromAddress"] = "billing@seller.example";
        app.Settings["Email:FirstRetryDelay"] = "00:00:01";
        app.Settings["Email:MaxRetryDelay"] = "00:00:02";
    }

    public TestSmtpServer Start()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("smtp.test")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        services.Add(new DelegatingMailboxFilter((_, _) => true, (_, to, _) => to.User != BouncingUser));
        _running = new CancellationTokenSource();
        _serving = new SmtpServer.SmtpServer(options, services).StartAsync(_running.Token);
        return this;
    }

    /// <summary>Stops listening; a client that connects now is refused, as when a mail server is down.</summary>
    public async Task StopAsync()
    {
        if (_running is null)
        {
            return;
        }
        await _running.CancelAsync();
        try
        {
            await _serving!;
        }
        catch (OperationCanceledException)
        {
        }
        _running.Dispose();
        _running = null;
    }

    /// <summary>Waits until <paramref name="count"/> messages have arrived (or fails after <paramref name="seconds"/>).</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (_received.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The mail server received {_received.Count} of {count} messages in {seconds} s.");
            await Task.Delay(50);
        }
        return Received;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            server._received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return new SmtpResponse(SmtpReplyCode.Ok, $"Ok: queued as Q{Interlocked.Increment(ref server._queueIds):D5}");
        }
    }
}
