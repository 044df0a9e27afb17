using System.Globalization;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Sources;

namespace BillingDashboard.Domain.Charges;

/// <summary>What a charge request takes, in the API's parameter names.</summary>
public sealed record ChargeInput
{
    /// <summary>Minor units, e.g. 1099 for €10.99.</summary>
    public long? Amount { get; init; }

    public string? Currency { get; init; }

    public string? CustomerId { get; init; }

    /// <summary>Left out: the customer's default source is charged (rule 4).</summary>
    public string? SourceId { get; init; }

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
                $"Customer {customer.Id} has no default source to charge. Add a payment method to the customer, or name a source.", "source");
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

        var failure = TestPaymentMethods.FailureFor(source, now);
        // Rules 6 and 7: what is not saved to a customer pays once. Attached reusable sources stay chargeable.
        if (source.Usage == SourceUsage.SingleUse || !source.IsAttached)
        {
            SourceStateMachine.Apply(source, SourceEvent.ConsumeByCharge);
            source.MarkConsumedBy(chargeId);
        }
        return new Charge
        {
            Id = chargeId,
            Amount = input.Amount.Value,
            Currency = currency.ApiCode,
            CustomerId = customer?.Id,
            SourceId = source.Id,
            PaymentMethodType = source.Type,
            CardBrand = source.CardBrand,
            Last4 = source.Last4,
            Description = description,
            Metadata = metadata,
            Status = failure is null ? ChargeStatus.Succeeded : ChargeStatus.Failed,
            FailureCode = failure?.Code,
            DeclineCode = failure?.DeclineCode,
            FailureMessage = failure?.Message,
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
