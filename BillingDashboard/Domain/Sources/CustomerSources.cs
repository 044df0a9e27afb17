using BillingDashboard.Domain.Cards;
using BillingDashboard.Domain.Customers;

namespace BillingDashboard.Domain.Sources;

/// <summary>
/// A customer's saved payment methods and which one is the default, as the Sources and Customers document
/// describes them. Each method checks everything before changing anything, so a refusal leaves both objects as
/// they were.
/// </summary>
public static class CustomerSources
{
    /// <summary>
    /// Rules 1 and 2: the source joins the customer's payment methods; it becomes the default only when the
    /// customer has none, so attaching one more never changes the default.
    /// </summary>
    public static void Attach(Customer customer, Source source)
    {
        EnsureAttachable(customer, source);
        source.BelongTo(customer.Id, attached: true);
        customer.DefaultSourceId ??= source.Id;
    }

    /// <summary>
    /// A single-use source made for one of the customer's payments: listed with the customer's payment methods so
    /// the operator can find it, but not attached (it is charged with the customer named, rule 5).
    /// </summary>
    public static void ListUnattached(Customer customer, Source source)
    {
        if (source.Usage != SourceUsage.SingleUse)
        {
            throw new InvalidOperationException("Reusable sources belong to a customer by being attached.");
        }
        source.BelongTo(customer.Id, attached: false);
    }

    /// <summary>Rule 2: the default changes only when asked, and only to a source attached to this customer.</summary>
    public static void SetDefault(Customer customer, Source source)
    {
        if (WhyNotDefault(customer.Id, source) is { } why)
        {
            throw new RuleViolationException(why, "default_source");
        }
        customer.DefaultSourceId = source.Id;
    }

    /// <summary>Only a source that is or may become chargeable can be the one charges fall back to.</summary>
    public static bool CanBeDefault(Source source) => source.Status is SourceStatus.Chargeable or SourceStatus.Pending;

    /// <summary>
    /// Rule 3: updating the customer with a source (rather than attaching one) replaces the default: the current
    /// default is detached, and so consumed, and the new source becomes the default.
    /// </summary>
    public static void ReplaceDefault(Customer customer, Source replacement, Source? currentDefault, DateTimeOffset now)
    {
        EnsureAttachable(customer, replacement);
        if (currentDefault is not null)
        {
            Detach(customer, currentDefault, now, remaining: []);
        }
        replacement.BelongTo(customer.Id, attached: true);
        customer.DefaultSourceId = replacement.Id;
    }

    /// <summary>
    /// Rule 8: a detached source is consumed and can never be charged or attached again. When it was the default,
    /// the most recently added of the customer's other usable sources takes over, as the hosted API does.
    /// </summary>
    public static void Detach(Customer customer, Source source, DateTimeOffset now, IEnumerable<Source> remaining)
    {
        if (!source.IsAttached || source.CustomerId != customer.Id)
        {
            throw new RuleViolationException(NotAttachedTo(customer.Id, source), "source");
        }
        SourceStateMachine.Apply(source, SourceEvent.Detach);
        source.MarkDetached(now);
        if (customer.DefaultSourceId == source.Id)
        {
            customer.DefaultSourceId = remaining
                .Where(other => other.Id != source.Id && other.IsAttached && other.CustomerId == customer.Id && CanBeDefault(other))
                .OrderByDescending(other => other.Created).ThenByDescending(other => other.Sequence)
                .FirstOrDefault()?.Id;
        }
    }

    /// <summary>
    /// Why the source can't be attached to (or replace the default of) the customer, or null when it can;
    /// <paramref name="customerId"/> is null for a customer about to be created with it.
    /// </summary>
    public static string? WhyNotAttachable(string? customerId, Source source)
    {
        if (source.Usage == SourceUsage.SingleUse)
        {
            return $"Source {source.Id} is single-use: it pays for one charge and can't be saved to a customer. Charge it with the customer named instead.";
        }
        if (source.IsAttached)
        {
            return source.CustomerId == customerId
                ? $"Source {source.Id} is already attached to this customer."
                : $"Source {source.Id} is attached to another customer ({source.CustomerId}); detach it there first.";
        }
        return source.Status is SourceStatus.Chargeable or SourceStatus.Pending ? null
            : $"Source {source.Id} can't be attached: its status is {source.Status.ToApiValue()}. {SourceStateMachine.Explain(source)}";
    }

    /// <summary>Why the source can't become the customer's default, or null when it can.</summary>
    public static string? WhyNotDefault(string customerId, Source source)
    {
        if (!source.IsAttached || source.CustomerId != customerId)
        {
            return NotAttachedTo(customerId, source);
        }
        return CanBeDefault(source) ? null
            : $"Source {source.Id} can't be the default: its status is {source.Status.ToApiValue()}. {SourceStateMachine.Explain(source)}";
    }

    private static void EnsureAttachable(Customer customer, Source source)
    {
        if (WhyNotAttachable(customer.Id, source) is { } why)
        {
            throw new RuleViolationException(why, "source");
        }
        EnsureIssuerAccepts(source);
    }

    /// <summary>The hosted API checks a card with its issuer when it is saved to a customer: a declining card is refused then.</summary>
    public static void EnsureIssuerAccepts(Source source)
    {
        if (source.Type == SourceType.Card)
        {
            TestPaymentMethods.EnsureAcceptedOnAttach(source.TestOutcome);
        }
    }

    private static string NotAttachedTo(string customerId, Source source) => $"Customer {customerId} has no attached source {source.Id}.";
}
