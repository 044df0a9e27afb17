namespace BillingDashboard.Domain.Email;

/// <summary>
/// An email to a customer, written to the outbox in the same transaction as the change that caused it (an invoice
/// finalized, paid, or a charge declined), and delivered afterwards by the outbox's sender. Its words are fixed
/// when it is written; the attachment is rendered when it is delivered, from the document it names, so it is the
/// same file the invoice page downloads.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>The store's row number: messages go out in the order they were written.</summary>
    public long Sequence { get; private set; }

    /// <summary>"em_…"; also the local part of the Message-ID header, so a receiver can tell a retry from a new message.</summary>
    public required string Id { get; init; }

    public required EmailKind Kind { get; init; }

    public required string CustomerId { get; init; }

    /// <summary>The invoice it is about, whose PDF it carries (unless it is about one of the invoice's credit notes).</summary>
    public string? InvoiceId { get; init; }

    /// <summary>The credit note it is about, whose PDF it carries instead of the invoice's.</summary>
    public string? CreditNoteId { get; init; }

    /// <summary>The customer's address when it was written; none means it can't be delivered.</summary>
    public string? To { get; init; }

    /// <summary>The seller's name from Settings, shown as the sender.</summary>
    public required string SenderName { get; init; }

    /// <summary>The seller's own address, for replies.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>The language the words are in (the invoice PDF's).</summary>
    public required string Language { get; init; }

    public required string Subject { get; init; }

    public required string Body { get; init; }

    /// <summary>The operator or API key whose action wrote it.</summary>
    public string? RequestedBy { get; init; }

    public required DateTimeOffset Created
    {
        get;
        init
        {
            field = value;
            NextAttemptAt = value;
        }
    }

    public OutboxStatus Status { get; private set; } = OutboxStatus.Queued;

    public int Attempts { get; private set; }

    /// <summary>When the sender may try it (again).</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>The sender that claimed it, until <see cref="LeaseUntil"/>: two senders never deliver the same message at once.</summary>
    public string? LeaseToken { get; private set; }

    public DateTimeOffset? LeaseUntil { get; private set; }

    /// <summary>The mail server's last reply: its queue id when accepted, or why it refused; or where the file was written.</summary>
    public string? Reply { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>A message written already refused: there is no address to send it to.</summary>
    public static OutboxMessage Refused(OutboxMessage message, string reason)
    {
        message.Status = OutboxStatus.Failed;
        message.Reply = reason;
        return message;
    }

    public void MarkSent(DateTimeOffset now, string reply)
    {
        Attempts++;
        (Status, SentAt, Reply, LeaseToken, LeaseUntil) = (OutboxStatus.Sent, now, reply, null, null);
    }

    /// <summary>
    /// A failed attempt: tried again later when the failure may pass (the server is down, or busy) and the
    /// message is not too old; failed for good when the server refused it outright or the time to retry ran out.
    /// </summary>
    public void MarkAttemptFailed(DateTimeOffset now, string reply, bool permanent, DeliveryRetry retry)
    {
        Attempts++;
        (Reply, LeaseToken, LeaseUntil) = (reply, null, null);
        if (!permanent && retry.NextAttempt(Created, Attempts, now) is { } next)
        {
            NextAttemptAt = next;
            return;
        }
        Status = OutboxStatus.Failed;
        if (!permanent)
        {
            Reply = $"Gave up after {Attempts} attempts over {retry.GiveUpAfter.TotalHours:0} hours. Last reply: {reply}";
        }
    }
}

public enum EmailKind
{
    /// <summary>The invoice, to be paid by its due date.</summary>
    Invoice,
    /// <summary>Thanks for a payment that settled an invoice.</summary>
    Receipt,
    /// <summary>An automatic charge for an invoice was declined.</summary>
    PaymentFailed,
    /// <summary>A credit note on one of the customer's invoices, with its PDF.</summary>
    CreditNote,
}

public enum OutboxStatus
{
    Queued,
    Sent,
    Failed,
}

/// <summary>
/// When a message that could not be delivered is tried again: after <see cref="FirstDelay"/>, then twice as long
/// each time up to <see cref="MaxDelay"/>, until <see cref="GiveUpAfter"/> has passed since it was written (the
/// last attempt falls on that moment).
/// </summary>
public sealed record DeliveryRetry(TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan GiveUpAfter)
{
    /// <summary>A minute, doubling up to an hour, for three days: a mail server down over a weekend loses nothing.</summary>
    public static DeliveryRetry Default { get; } = new(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromDays(3));

    /// <summary>When to try again after <paramref name="attempts"/> failed attempts, or null to give up.</summary>
    public DateTimeOffset? NextAttempt(DateTimeOffset created, int attempts, DateTimeOffset now)
    {
        var deadline = created + GiveUpAfter;
        if (now >= deadline)
        {
            return null;
        }
        var doublings = Math.Min(Math.Max(attempts - 1, 0), 20);
        var delay = TimeSpan.FromTicks(Math.Min(FirstDelay.Ticks * (1L << doublings), MaxDelay.Ticks));
        var next = now + delay;
        return next < deadline ? next : deadline;
    }
}
