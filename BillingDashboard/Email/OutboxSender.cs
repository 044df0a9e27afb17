using BillingDashboard.Data;
using BillingDashboard.Domain.Email;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Pdf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace BillingDashboard.Email;

/// <summary>Tells the sender that a message was committed to the outbox, so it goes out now rather than at the next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Wake()
    {
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: one wake-up covers every message committed before the sender looks.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Delivers the outbox: claims the messages that are due (a lease, so that several app instances never send the
/// same one at once), sends them over one connection, and records each outcome as soon as it is known. A message
/// the server did not take waits and is tried again (<see cref="DeliveryRetry"/>); one it refused outright, or
/// that has no address, is marked failed with the reply, which the invoice page shows. Nothing is lost across a
/// restart: what was not recorded as sent is still queued. (A crash in the instant between the server's "250"
/// and the record of it sends that one message again on restart, with the same Message-ID.)
/// </summary>
public sealed class OutboxSender(IDbContextFactory<BillingDbContext> databases, IServiceScopeFactory scopes, IMailTransport transport,
    IOptions<EmailSettings> settings, OutboxSignal signal, TimeProvider clock, ILogger<OutboxSender> logger) : BackgroundService
{
    /// <summary>Messages each connection takes per batch: enough that a batch's slowest connection rarely holds up the rest.</summary>
    private const int PerConnection = 25;

    /// <summary>
    /// How long a claimed batch is this sender's: longer than the slowest batch takes (25 messages at the server's
    /// 30-second timeout), so another instance never sends them too. Messages a crashed sender held wait this long.
    /// </summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);

    private int Connections => Math.Clamp(settings.Value.Connections, 1, 16);

    private int BatchSize => PerConnection * Connections;

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DeliverDueAsync(stoppingToken) < BatchSize)
                {
                    await signal.WaitAsync(PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                // The database was busy or gone for a moment: the messages are still queued; look again shortly.
                logger.LogWarning(failure, "The outbox could not be read; trying again in {Seconds} s", PollInterval.TotalSeconds);
                await Task.Delay(PollInterval, clock, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Delivers one batch of due messages over <see cref="EmailSettings.Connections"/> connections at once (a mail
    /// server answers each message in tens of milliseconds, mostly waiting); returns how many were tried.
    /// </summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        List<long> claimed;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            claimed = await ClaimAsync(db, cancellationToken);
        }
        if (claimed.Count == 0)
        {
            return 0;
        }
        await Task.WhenAll(claimed.Chunk((claimed.Count + Connections - 1) / Connections).Select(share => DeliverAsync(share, cancellationToken)));
        return claimed.Count;
    }

    /// <summary>One connection's share of a batch, in order, each outcome recorded as soon as it is known.</summary>
    private async Task DeliverAsync(long[] share, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var batch = await db.OutboxMessages.Where(message => share.Contains(message.Sequence)).OrderBy(message => message.Sequence).ToListAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var pdfs = scope.ServiceProvider.GetRequiredService<InvoicePdfService>();
        var retry = settings.Value.Retry;
        IMailConnection? connection = null;
        try
        {
            foreach (var message in batch)
            {
                try
                {
                    var mime = await BuildAsync(message, pdfs, cancellationToken);
                    connection ??= await transport.ConnectAsync(cancellationToken);
                    var reply = await connection.SendAsync(mime, cancellationToken);
                    message.MarkSent(clock.GetUtcNow(), reply);
                    logger.LogInformation("Email {Id} ({Kind}) delivered: {Reply}", message.Id, message.Kind, reply);
                }
                catch (MailDeliveryException failure)
                {
                    message.MarkAttemptFailed(clock.GetUtcNow(), failure.Message, failure.Permanent, retry);
                    logger.LogWarning("Email {Id} ({Kind}) not delivered ({Outcome}): {Reply}", message.Id, message.Kind,
                        message.Status == OutboxStatus.Failed ? "failed" : $"retry at {message.NextAttemptAt:u}", failure.Message);
                    if (!failure.Permanent && failure.InnerException is not MailKit.Net.Smtp.SmtpCommandException)
                    {
                        // The server is unreachable or the connection broke: the rest of the share would fare no
                        // better now, so each records the same failed attempt and waits its turn to try again.
                        foreach (var untried in batch.Where(other => other.LeaseToken is not null))
                        {
                            untried.MarkAttemptFailed(clock.GetUtcNow(), failure.Message, permanent: false, retry);
                        }
                        await db.SaveChangesAsync(CancellationToken.None);
                        break;
                    }
                }
                catch (Exception unexpected) when (unexpected is not OperationCanceledException)
                {
                    // A fault of ours (a document that can't be rendered, say) holds up this message alone, and shows on it.
                    logger.LogError(unexpected, "Email {Id} ({Kind}) could not be prepared", message.Id, message.Kind);
                    message.MarkAttemptFailed(clock.GetUtcNow(), $"Could not be prepared: {unexpected.Message}", permanent: false, retry);
                }
                // Recorded at once, whatever happens to the rest of the batch; never cancelled half-way.
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>The due messages (their row numbers), oldest first, leased to this sender.</summary>
    private async Task<List<long>> ClaimAsync(BillingDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (db.Database.IsNpgsql())
        {
            return await ClaimSkippingLockedAsync(db, now, cancellationToken);
        }
        var due = await db.OutboxMessages
            .Where(message => message.Status == OutboxStatus.Queued && message.NextAttemptAt <= now && (message.LeaseUntil == null || message.LeaseUntil < now))
            .OrderBy(message => message.NextAttemptAt).ThenBy(message => message.Sequence)
            .Select(message => message.Sequence).Take(BatchSize).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return [];
        }
        var token = Guid.NewGuid().ToString("N");
        await db.OutboxMessages
            .Where(message => due.Contains(message.Sequence) && message.Status == OutboxStatus.Queued && (message.LeaseUntil == null || message.LeaseUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(message => message.LeaseToken, token).SetProperty(message => message.LeaseUntil, now + Lease), cancellationToken);
        return await db.OutboxMessages.Where(message => message.LeaseToken == token).OrderBy(message => message.Sequence)
            .Select(message => message.Sequence).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// On PostgreSQL, where several instances send at once: each claims the oldest due messages that no other is
    /// claiming at that moment (FOR UPDATE SKIP LOCKED), so their batches differ instead of colliding.
    /// </summary>
    private async Task<List<long>> ClaimSkippingLockedAsync(BillingDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var (ticks, until, queued) = (UtcTicksConverter.ToStored(now), UtcTicksConverter.ToStored(now + Lease), nameof(OutboxStatus.Queued));
        var claimed = await db.Database.SqlQuery<long>($"""
            UPDATE "OutboxMessages" SET "LeaseToken" = {token}, "LeaseUntil" = {until}
            WHERE "Sequence" IN (
              SELECT "Sequence" FROM "OutboxMessages"
              WHERE "Status" = {queued} AND "NextAttemptAt" <= {ticks} AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {ticks})
              ORDER BY "NextAttemptAt", "Sequence" LIMIT {BatchSize}
              FOR UPDATE SKIP LOCKED)
            RETURNING "Sequence" AS "Value"
            """).ToListAsync(cancellationToken);
        return [.. claimed.Order()];
    }

    private async Task<MimeMessage> BuildAsync(OutboxMessage message, InvoicePdfService pdfs, CancellationToken cancellationToken)
    {
        // Configured, else the seller's email; a file in the pickup folder needs only some sender, and goes nowhere by itself.
        var from = settings.Value.FromAddress is { Length: > 0 } configured ? configured
            : message.ReplyTo is { Length: > 0 } seller ? seller
            : transport is PickupFolderTransport ? "billing@localhost.invalid"
            : null;
        if (from is null)
        {
            throw new MailDeliveryException("There is no sender address: set Email:FromAddress in appsettings.json, or the business email in Settings.", permanent: false);
        }
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = message.Created,
            MessageId = $"{message.Id}@{from.Split('@')[^1]}",
        };
        mime.From.Add(new MailboxAddress(message.SenderName, from));
        if (!MailboxAddress.TryParse(message.To, out var to))
        {
            throw new MailDeliveryException($"\"{message.To}\" is not an address mail can be sent to: correct the customer's email, then send again.", permanent: true);
        }
        mime.To.Add(to);
        if (message.ReplyTo is { Length: > 0 } replyTo && replyTo != from && MailboxAddress.TryParse(replyTo, out var replies))
        {
            mime.ReplyTo.Add(replies);
        }
        var body = new BodyBuilder { TextBody = message.Body };
        if (message.InvoiceId is { } invoiceId)
        {
            try
            {
                var pdf = message.CreditNoteId is { } creditNoteId
                    ? await pdfs.RenderCreditNoteAsync(creditNoteId, cancellationToken)
                    : await pdfs.RenderAsync(invoiceId, cancellationToken);
                body.Attachments.Add(pdf.FileName, pdf.Content, new ContentType("application", "pdf"));
            }
            catch (MissingFontException noFont)
            {
                throw new MailDeliveryException($"The PDF could not be made: {noFont.Message}", permanent: false, noFont);
            }
        }
        mime.Body = body.ToMessageBody();
        return mime;
    }
}
