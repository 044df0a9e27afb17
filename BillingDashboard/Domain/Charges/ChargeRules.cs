using System.Globalization;
using BillingDashboard.Domain.Cards;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.PaymentMethods;
using BillingDashboard.Domain.Sources;

namespace BillingDashboard.Domain.Charges;

/// <summary>What a charge request takes, in the API's parameter names.</summary>
public sealed record ChargeInput
{
    /// <summary>Minor units, e.g. 1099 for €10.99.</summary>
    public long? Amount { get; init; }

    public string? Currency { get; init; }

    public string? CustomerId { get; init; }

    /// <summary>Left out: the customer's default source is charged (rule 4). A token (tok_…) is made a source first.</summary>
    public string? SourceId { get; init; }

    /// <summary>A payment method to charge instead of a source; it must be the named customer's.</summary>
    public string? PaymentMethodId { get; init; }

    /// <summary>The invoice being paid, recorded with the charge.</summary>
    public string? InvoiceId { get; init; }

    /// <summary>
    /// Charged by the business with the cardholder away (an invoice): the customer's invoice default payment
    /// method comes first, and a card that needs authentication is declined.
    /// </summary>
    public bool OffSession { get; init; }

    /// <summary>False: the amount is only authorized, to be captured (or released) later.</summary>
    public bool Capture { get; init; } = true;

    public string? Description { get; init; }

    public IReadOnlyDictionary<string, string?> Metadata { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// How a charge is decided, from the Sources and Customers document: which source pays (rule 4), whether it may
/// (rules 5 and 9), what the network answers (<see cref="TestPaymentMethods"/>), and whether the source is used up
/// by it (rules 6 and 7).
/// </summary>
public static class ChargeRules
{
    /// <summary>The card networks' ceiling, in minor units (999,999.99 in a two-decimal currency).</summary>
    public const long MaxAmount = 99_999_999;
    public const int MaxDescriptionLength = 1000;

    /// <summary>
    /// The payment method to charge instead of a source, or null: the one named, else for a charge made by the
    /// business on its own (an invoice), the customer's invoice default, as the hosted API orders them.
    /// </summary>
    public static string? ChoosePaymentMethodId(ChargeInput input, Customer? customer) =>
        !string.IsNullOrWhiteSpace(input.PaymentMethodId) ? input.PaymentMethodId.Trim()
        : input.OffSession && string.IsNullOrWhiteSpace(input.SourceId) ? customer?.InvoiceDefaultPaymentMethodId
        : null;

    /// <summary>
    /// Rule 4: the source named in the request, else the customer's default. A request naming neither a source
    /// nor a customer, or a customer without a default, is refused with what to do about it.
    /// </summary>
    public static string ChooseSourceId(ChargeInput input, Customer? customer)
    {
        if (!string.IsNullOrWhiteSpace(input.SourceId))
        {
            return input.SourceId.Trim();
        }
        if (customer is null)
        {
            throw new RuleViolationException("Name the source to charge, or a customer whose default source will be charged.", "source");
        }
        return customer.DefaultSourceId
            ?? throw new RuleViolationException(
                $"Customer {customer.Id} has no default payment method or source to charge. Add a payment method to the customer, or name a source.", "source");
    }

    /// <summary>
    /// Decides the charge of <paramref name="source"/> and applies what it does to the source. Throws, changing
    /// nothing, when the request is invalid or the source may not be charged; a declined charge is not a refusal:
    /// it is returned with status failed, as the network answered.
    /// </summary>
    public static Charge Charge(string chargeId, ChargeInput input, Customer? customer, Source source, DateTimeOffset now, string? author)
    {
        var (currency, description, metadata) = Validate(input);
        SourceStateMachine.EnsureChargeable(source);
        EnsureCustomerMayUse(customer, source);
        EnsureSourceTakes(source, input.Amount!.Value, currency);

        var failure = TestPaymentMethods.FailureOnCharge(source.TestOutcome, source.IsExpiredAt(now));
        // Rules 6 and 7: what is not saved to a customer pays once. Attached reusable sources stay chargeable.
        if (source.Usage == SourceUsage.SingleUse || !source.IsAttached)
        {
            SourceStateMachine.Apply(source, SourceEvent.ConsumeByCharge);
            source.MarkConsumedBy(chargeId);
        }
        return Record(chargeId, input, description, metadata, currency, customer?.Id,
            new ChargedMethod(source.Id, PaymentMethodId: null, source.Type, source.CardBrand, source.Last4), failure, now, author);
    }

    /// <summary>
    /// Charges one of the customer's payment methods. <paramref name="cardholderPresent"/> is false when the
    /// business charges it on its own (an invoice): a card that needs authentication is then declined.
    /// </summary>
    public static Charge Charge(string chargeId, ChargeInput input, Customer customer, PaymentMethod method, DateTimeOffset now, string? author,
        bool cardholderPresent)
    {
        var (currency, description, metadata) = Validate(input);
        if (method.CustomerId != customer.Id)
        {
            throw new RuleViolationException(method.DetachedAt is null
                ? PaymentMethodRules.NotAttachedTo(customer.Id, method)
                : $"The payment method {method.Id} was detached and can't be charged.", "payment_method");
        }
        var failure = TestPaymentMethods.FailureOnCharge(method.TestOutcome, method.Card.IsExpiredAt(now), cardholderPresent);
        return Record(chargeId, input, description, metadata, currency, customer.Id,
            new ChargedMethod(SourceId: null, method.Id, SourceType.Card, method.CardBrand, method.Last4), failure, now, author);
    }

    /// <summary>What was charged, as the charge keeps it: a source or a payment method, and how the list names it.</summary>
    private sealed record ChargedMethod(string? SourceId, string? PaymentMethodId, SourceType Type, string? CardBrand, string Last4);

    /// <summary>The charge as it happened, whichever way it was paid; a declined one is kept too, uncaptured.</summary>
    private static Charge Record(string chargeId, ChargeInput input, string? description, Dictionary<string, string> metadata, Currency currency,
        string? customerId, ChargedMethod method, ChargeFailure? failure, DateTimeOffset now, string? author) => new()
    {
        Id = chargeId,
        Amount = input.Amount!.Value,
        Currency = currency.ApiCode,
        CustomerId = customerId,
        InvoiceId = input.InvoiceId,
        SourceId = method.SourceId,
        PaymentMethodId = method.PaymentMethodId,
        PaymentMethodType = method.Type,
        CardBrand = method.CardBrand,
        Last4 = method.Last4,
        Description = description,
        Metadata = metadata,
        Status = failure is null ? ChargeStatus.Succeeded : ChargeStatus.Failed,
        Captured = failure is null && input.Capture,
        FailureCode = failure?.Code,
        DeclineCode = failure?.DeclineCode,
        FailureMessage = failure?.Message,
        Created = now,
        CreatedBy = author,
    };

    /// <summary>
    /// Captures an authorization: <paramref name="amount"/> (all of it when null) is charged and the rest
    /// released, counted as refunded as the hosted API counts it.
    /// </summary>
    public static void Capture(Charge charge, long? amount)
    {
        if (!charge.Paid)
        {
            throw new RuleViolationException($"Charge {charge.Id} failed; there is nothing to capture.", "charge");
        }
        if (charge.Captured)
        {
            throw new RuleViolationException($"Charge {charge.Id} has already been captured.", "charge");
        }
        var captured = amount ?? charge.Amount;
        var currency = Currencies.Get(charge.Currency);
        if (captured <= 0 || captured > charge.Amount)
        {
            throw new ValidationFailedException([new FieldError("amount", string.Create(CultureInfo.InvariantCulture,
                $"Capture a positive amount, at most the {new Money(charge.Amount, currency).ToInvariantString()} {currency.Code} authorized."))]);
        }
        charge.Captured = true;
        charge.ReleasedAtCapture = charge.Amount - captured;
        charge.AmountRefunded = charge.ReleasedAtCapture;
    }

    /// <summary>What may still be refunded: what was captured, less what was already given back.</summary>
    public static long Refundable(Charge charge) => charge.Captured ? charge.Amount - charge.AmountRefunded : 0;

    public static readonly IReadOnlyList<string> RefundReasons = ["duplicate", "fraudulent", "requested_by_customer"];

    /// <summary>
    /// A refund of <paramref name="amount"/> (all that is left when null). Checked against the charge as read;
    /// the caller raises the charge's refunded amount in the database only while it stays within the captured
    /// amount, so a refund racing another is refused there.
    /// </summary>
    public static Refund Refund(string refundId, Charge charge, long? amount, string? reason, IReadOnlyDictionary<string, string?>? metadata,
        DateTimeOffset now, string? author)
    {
        var errors = new List<FieldError>();
        var refundable = Refundable(charge);
        var currency = Currencies.Get(charge.Currency);
        if (!charge.Paid || !charge.Captured)
        {
            throw new RuleViolationException(charge.Paid
                ? $"Charge {charge.Id} is only authorized: capture it first, or leave it to be released."
                : $"Charge {charge.Id} failed; nothing was taken to refund.", "charge");
        }
        if (refundable == 0)
        {
            throw new RuleViolationException($"Charge {charge.Id} has already been refunded.", "charge");
        }
        var value = amount ?? refundable;
        if (value <= 0 || value > refundable)
        {
            errors.Add(new FieldError("amount", string.Create(CultureInfo.InvariantCulture,
                $"Refund a positive amount, at most the {new Money(refundable, currency).ToInvariantString()} {currency.Code} left to refund.")));
        }
        var reasonValue = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reasonValue is not null && !RefundReasons.Contains(reasonValue))
        {
            errors.Add(new FieldError("reason", $"'{reasonValue}' is not a refund reason: use {string.Join(", ", RefundReasons)}."));
        }
        var newMetadata = Metadata.Merge(new Dictionary<string, string>(), metadata ?? new Dictionary<string, string?>(), replace: true, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        return new Refund
        {
            Id = refundId,
            ChargeId = charge.Id,
            Amount = value,
            Currency = charge.Currency,
            Reason = reasonValue,
            Metadata = newMetadata,
            Created = now,
            CreatedBy = author,
        };
    }

    /// <summary>The request's own fields (amount, currency, description, metadata), checked before any object is looked up.</summary>
    public static (Currency Currency, string? Description, Dictionary<string, string> Metadata) Validate(ChargeInput input)
    {
        var errors = new List<FieldError>();
        var currency = ValidateCurrency(input.Currency, errors);
        if (currency is not null)
        {
            CheckAmount(input.Amount, currency, "amount", errors);
        }
        var description = Description(input.Description, errors);
        var metadata = Metadata.Merge(new Dictionary<string, string>(), input.Metadata, replace: true, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        return (currency!, description, metadata);
    }

    /// <summary>
    /// The only change a charge takes afterwards: its description and metadata, which are the business's notes.
    /// Amount, source and outcome are what happened and stay. With any error, nothing changes.
    /// </summary>
    public static void ApplyUpdate(Charge charge, string? description, IReadOnlyDictionary<string, string?>? metadata, bool replaceMetadata)
    {
        var errors = new List<FieldError>();
        var newDescription = description is null ? charge.Description : Description(description, errors);
        var newMetadata = metadata is null ? charge.Metadata : Metadata.Merge(charge.Metadata, metadata, replaceMetadata, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        (charge.Description, charge.Metadata) = (newDescription, newMetadata);
    }

    private static string? Description(string? text, List<FieldError> errors)
    {
        var description = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (description is { Length: > MaxDescriptionLength })
        {
            errors.Add(new FieldError("description", $"The description can be at most {MaxDescriptionLength} characters; this is {description.Length}."));
        }
        return description;
    }

    /// <summary>Positive, whole minor units, at least the currency's minimum charge and at most the networks' ceiling.</summary>
    public static void CheckAmount(long? amount, Currency currency, string field, List<FieldError> errors)
    {
        if (amount is not { } value || value <= 0)
        {
            errors.Add(new FieldError(field, $"Enter a positive amount in {currency.Code}."));
            return;
        }
        var minimum = new Money(currency.MinimumChargeAmount, currency);
        if (value < minimum.MinorUnits)
        {
            errors.Add(new FieldError(field, $"The amount must be at least {minimum.ToInvariantString()} {currency.Code}, the smallest charge card networks accept."));
        }
        else if (value > MaxAmount)
        {
            errors.Add(new FieldError(field, $"The amount can be at most {new Money(MaxAmount, currency).ToInvariantString()} {currency.Code}."));
        }
    }

    public static string ToApiValue(this ChargeStatus status) => status switch
    {
        ChargeStatus.Succeeded => "succeeded",
        ChargeStatus.Failed => "failed",
    };

    private static Currency? ValidateCurrency(string? code, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            errors.Add(new FieldError("currency", "Choose the currency of the charge."));
            return null;
        }
        if (Currencies.TryFind(code, out var currency))
        {
            return currency;
        }
        errors.Add(Currencies.Unsupported(code));
        return null;
    }

    /// <summary>
    /// Rule 5 and the document's "you must specify both the Customer object and the source": a saved source is
    /// charged with its customer named; an unattached one may name any customer, whom the charge then references.
    /// </summary>
    private static void EnsureCustomerMayUse(Customer? customer, Source source)
    {
        if (!source.IsAttached)
        {
            return;
        }
        if (customer is null)
        {
            throw new RuleViolationException(
                $"Source {source.Id} is attached to customer {source.CustomerId}: name that customer in the charge as well.", "customer");
        }
        if (source.CustomerId != customer.Id)
        {
            throw new RuleViolationException($"Customer {customer.Id} has no attached source {source.Id}: it belongs to another customer.", "source");
        }
    }

    private static void EnsureSourceTakes(Source source, long amount, Currency currency)
    {
        if (source.Currency is { } sourceCurrency && sourceCurrency != currency.ApiCode)
        {
            throw new RuleViolationException(source.Type == SourceType.SepaDebit
                ? $"SEPA Direct Debit collects euros only; this charge is in {currency.Code}."
                : $"Source {source.Id} is for {sourceCurrency.ToUpperInvariant()}; this charge is in {currency.Code}.", "currency");
        }
        if (source.Usage == SourceUsage.SingleUse && source.Amount != amount)
        {
            var expected = new Money(source.Amount ?? 0, currency).ToInvariantString();
            throw new RuleViolationException(string.Create(CultureInfo.InvariantCulture,
                $"Single-use source {source.Id} pays exactly {expected} {currency.Code}; charge that amount."), "amount");
        }
    }
}
