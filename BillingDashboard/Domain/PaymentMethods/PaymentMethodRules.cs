using BillingDashboard.Domain.Cards;
using BillingDashboard.Domain.Customers;

namespace BillingDashboard.Domain.PaymentMethods;

/// <summary>A payment method's billing details, in the API's parameter names. Null leaves a field as it is on update.</summary>
public sealed record BillingDetailsInput(string? Name = null, string? Email = null, string? Phone = null, AddressInput? Address = null);

/// <summary>What updating a payment method may change: billing details, metadata and the card's expiry, never the card.</summary>
public sealed record PaymentMethodUpdate
{
    public BillingDetailsInput? BillingDetails { get; init; }

    public int? ExpMonth { get; init; }

    public int? ExpYear { get; init; }

    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }

    public bool ReplaceMetadata { get; init; }
}

/// <summary>
/// How payment methods are created, changed, and saved to customers, as the hosted API has them: attaching checks
/// the card with its issuer (a declining card is refused); a detached payment method is gone for good, and stops
/// being the customer's invoice default.
/// </summary>
public static class PaymentMethodRules
{
    public const int MaxNameLength = 200;

    public static PaymentMethod Create(string id, DateTimeOffset now, CardDetails card, BillingDetailsInput? billing,
        IReadOnlyDictionary<string, string?>? metadata)
    {
        var errors = new List<FieldError>();
        var created = new PaymentMethod
        {
            Id = id,
            CardBrand = card.Brand,
            Last4 = card.Last4,
            ExpMonth = card.ExpMonth,
            ExpYear = card.ExpYear,
            Funding = card.Funding,
            Country = card.Country,
            Fingerprint = card.Fingerprint,
            TestOutcome = card.Outcome,
            Created = now,
        };
        var apply = ValidateBilling(created, billing, errors);
        var newMetadata = Metadata.Merge(new Dictionary<string, string>(), metadata ?? new Dictionary<string, string?>(), replace: true, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        apply();
        created.Metadata = newMetadata;
        return created;
    }

    /// <summary>Checks everything first: with any error, nothing changes.</summary>
    public static void ApplyUpdate(PaymentMethod method, PaymentMethodUpdate update, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        var apply = ValidateBilling(method, update.BillingDetails, errors);
        var (month, year) = (update.ExpMonth ?? method.ExpMonth, update.ExpYear ?? method.ExpYear);
        if (update.ExpMonth is not null || update.ExpYear is not null)
        {
            CardRules.CheckExpiry(month, year, now, errors);
        }
        var metadata = update.Metadata is null ? method.Metadata : Metadata.Merge(method.Metadata, update.Metadata, update.ReplaceMetadata, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        apply();
        (method.ExpMonth, method.ExpYear, method.Metadata) = (month, year, metadata);
    }

    /// <summary>Saves the payment method to the customer after the issuer's check. Attaching never changes the invoice default.</summary>
    public static void Attach(Customer customer, PaymentMethod method)
    {
        if (WhyNotAttachable(customer.Id, method) is { } why)
        {
            throw new RuleViolationException(why, "payment_method");
        }
        TestPaymentMethods.EnsureAcceptedOnAttach(method.TestOutcome);
        method.BelongTo(customer.Id);
    }

    /// <summary>Why the payment method can't be attached to the customer (null: one about to be created), or null when it can.</summary>
    public static string? WhyNotAttachable(string? customerId, PaymentMethod method)
    {
        if (method.DetachedAt is not null)
        {
            return $"The payment method {method.Id} was detached from a customer and can't be used again. Create a new one.";
        }
        if (method.CustomerId is { } owner)
        {
            return owner == customerId
                ? $"The payment method {method.Id} is already attached to this customer."
                : $"The payment method {method.Id} is attached to another customer ({owner}); detach it there first.";
        }
        return null;
    }

    /// <summary>The invoice default may only be one of the customer's own payment methods.</summary>
    public static void SetInvoiceDefault(Customer customer, PaymentMethod? method)
    {
        if (method is not null && method.CustomerId != customer.Id)
        {
            throw new RuleViolationException(NotAttachedTo(customer.Id, method), "invoice_settings[default_payment_method]");
        }
        customer.InvoiceDefaultPaymentMethodId = method?.Id;
    }

    /// <summary>Gone for good; when it was the invoice default, the customer has none until another is set, as in the hosted API.</summary>
    public static void Detach(Customer customer, PaymentMethod method, DateTimeOffset now)
    {
        if (method.CustomerId != customer.Id)
        {
            throw new RuleViolationException($"The payment method {method.Id} is not attached to a customer.", "payment_method");
        }
        method.MarkDetached(now);
        if (customer.InvoiceDefaultPaymentMethodId == method.Id)
        {
            customer.InvoiceDefaultPaymentMethodId = null;
        }
    }

    public static string NotAttachedTo(string customerId, PaymentMethod method) =>
        $"The customer {customerId} has no attached payment method {method.Id}; attach it first.";

    /// <summary>Validates the billing details given and returns how to apply them; a null field is left as it is.</summary>
    private static Action ValidateBilling(PaymentMethod method, BillingDetailsInput? billing, List<FieldError> errors)
    {
        if (billing is null)
        {
            return () => { };
        }
        var name = Optional(billing.Name);
        if (name is { Length: > MaxNameLength })
        {
            errors.Add(new FieldError("billing_details[name]", $"The name can be at most {MaxNameLength} characters."));
        }
        var email = Optional(billing.Email);
        if (email is not null && !CustomerRules.IsEmailAddress(email))
        {
            errors.Add(new FieldError("billing_details[email]", $"'{email}' is not an email address."));
        }
        var phone = Optional(billing.Phone);
        if (phone is not null && !CustomerRules.IsPhoneNumber(phone))
        {
            errors.Add(new FieldError("billing_details[phone]", "Enter a phone number of digits, spaces, dashes and parentheses, optionally starting with +."));
        }
        var address = billing.Address is null ? null : CustomerRules.ReadAddress(billing.Address, "billing_details[address]", errors);
        return () =>
        {
            method.BillingName = billing.Name is null ? method.BillingName : name;
            method.BillingEmail = billing.Email is null ? method.BillingEmail : email;
            method.BillingPhone = billing.Phone is null ? method.BillingPhone : phone;
            method.BillingAddress = address ?? method.BillingAddress;
        };
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
