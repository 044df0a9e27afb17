using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace BillingDashboard.Email;

/// <summary>
/// Why a message was not delivered, as the mail server (or the file system) said it. <see cref="Permanent"/>:
/// trying again would get the same answer (the server refused it with a 5xx reply).
/// </summary>
public sealed class MailDeliveryException(string reply, bool permanent, Exception? inner = null) : Exception(reply, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>Where the outbox delivers: a connection opened for a batch of messages.</summary>
public interface IMailTransport
{
    /// <summary>What the invoice page says about delivery: "smtp.example.com:587", or the folder the files go to.</summary>
    string Destination { get; }

    /// <summary>Opens a connection; throws <see cref="MailDeliveryException"/> when it can't (all of the batch then waits).</summary>
    Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken);
}

public interface IMailConnection : IAsyncDisposable
{
    /// <summary>Delivers one message and returns the server's reply (which names its queue id), or throws <see cref="MailDeliveryException"/>.</summary>
    Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>A mail server, through MailKit.</summary>
public sealed class SmtpTransport(SmtpSettings settings) : IMailTransport
{
    public string Destination => $"{settings.Host}:{settings.Port}";

    public async Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        // Commands are small writes that wait for an answer: without TCP_NODELAY each one can sit out the peer's
        // delayed acknowledgement (40 ms on Linux), which halved the messages a connection delivers a second.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connecting.CancelAfter(settings.Timeout);
                await socket.ConnectAsync(settings.Host!, settings.Port, connecting.Token);
            }
            await client.ConnectAsync(socket, settings.Host!, settings.Port, settings.Security, cancellationToken);
            if (settings.User is { Length: > 0 } user)
            {
                await client.AuthenticateAsync(user, settings.Password ?? "", cancellationToken);
            }
            return new Connection(client);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            socket.Dispose();
            // Down, unreachable, or refusing us for now (a wrong password is fixed in configuration): all worth retrying.
            throw new MailDeliveryException($"Could not reach the mail server {Destination}: {failure.Message}", permanent: false, failure);
        }
    }

    private sealed class Connection(SmtpClient client) : IMailConnection
    {
        public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            try
            {
                return await client.SendAsync(message, cancellationToken);
            }
            catch (SmtpCommandException refused)
            {
                var code = (int)refused.StatusCode;
                throw new MailDeliveryException($"{code} {refused.Message}", permanent: code >= 500, refused);
            }
            catch (Exception failure) when (failure is SmtpProtocolException or IOException or ServiceNotConnectedException)
            {
                throw new MailDeliveryException($"The connection to the mail server broke: {failure.Message}", permanent: false, failure);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true);
                }
            }
            catch (Exception failure) when (failure is IOException or SmtpProtocolException or SmtpCommandException)
            {
                // Everything was already sent or recorded as not sent: a failed goodbye changes nothing.
            }
            client.Dispose();
        }
    }
}

/// <summary>
/// The embedded default with no mail server configured: each message is written, whole (attachment included), as
/// an .eml file that any mail program opens. Written under a temporary name and then renamed, so a reader never
/// sees half a message.
/// </summary>
public sealed class PickupFolderTransport(string folder) : IMailTransport
{
    public string Destination => folder;

    public Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(folder);
            return Task.FromResult<IMailConnection>(new Connection(folder));
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw new MailDeliveryException($"Could not create the mail folder {folder}: {failure.Message}", permanent: false, failure);
        }
    }

    private sealed class Connection(string folder) : IMailConnection
    {
        public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var path = Path.Combine(folder, $"{message.Date.UtcDateTime:yyyyMMdd-HHmmss}-{message.MessageId!.Split('@')[0]}.eml");
            var partial = path + ".partial";
            try
            {
                await message.WriteToAsync(partial, cancellationToken);
                File.Move(partial, path, overwrite: true);
                return $"Written to {path}";
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                throw new MailDeliveryException($"Could not write {path}: {failure.Message}", permanent: false, failure);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
