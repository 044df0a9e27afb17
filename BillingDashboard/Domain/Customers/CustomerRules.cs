using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace BillingDashboard.Domain.Customers;

/// <summary>
/// Every rule about a customer's own fields, in one place: lengths, formats, the metadata limits, preferred
/// locales, the invoice prefix and sequence, and the currency lock. The dashboard and the API both come through
/// <see cref="Apply"/>; nothing is changed unless every field is valid.
/// </summary>
public static partial class CustomerRules
{
    public const int MaxNameLength = 256;
    public const int MaxEmailLength = 512;
    public const int MaxDescriptionLength = 500;
    public const int MaxPhoneLength = 20;
    public const int MaxAddressLineLength = 200;
    public const int MaxCityOrStateLength = 100;
    public const int MaxPostalCodeLength = 20;
    public const int MaxPreferredLocales = 10;
    public const int MaxCustomFields = 4;
    public const int MaxCustomFieldNameLength = 40;
    public const int MaxCustomFieldValueLength = 140;
    public const int MaxFooterLength = 5000;

    /// <summary>Validates <paramref name="input"/> and applies it to <paramref name="customer"/>, or throws with every error found.</summary>
    public static void Apply(Customer customer, CustomerInput input)
    {
        var errors = new List<FieldError>();
        var changes = new List<Action>();

        Text(input.Name, "name", MaxNameLength, errors, changes, value => customer.Name = value);
        Text(input.Description, "description", MaxDescriptionLength, errors, changes, value => customer.Description = value);
        Text(input.Email, "email", MaxEmailLength, errors, changes, value => customer.Email = value, EmailPattern(),
            "Enter an email address such as jenny.rosen@example.com.");
        Text(input.Phone, "phone", MaxPhoneLength, errors, changes, value => customer.Phone = value, PhonePattern(),
            "Enter a phone number of digits, spaces, dashes and parentheses, optionally starting with +.");

        if (input.Address is not null)
        {
            var address = ValidateAddress(customer.Address.Copy(), input.Address, "address", errors);
            changes.Add(() => customer.Address = address);
        }
        if (input.RemoveShipping)
        {
            changes.Add(() => customer.Shipping = null);
        }
        else if (input.Shipping is not null)
        {
            var shipping = ValidateShipping(input.Shipping, errors);
            changes.Add(() => customer.Shipping = shipping);
        }
        if (input.PreferredLocales is not null)
        {
            var locales = ValidateLocales(input.PreferredLocales, errors);
            changes.Add(() => customer.PreferredLocales = locales);
        }
        if (input.TaxExempt is not null)
        {
            if (TryParseTaxExempt(input.TaxExempt, out var taxExempt))
            {
                changes.Add(() => customer.TaxExempt = taxExempt);
            }
            else
            {
                errors.Add(new FieldError("tax_exempt", $"Tax-exempt status must be none, exempt or reverse, not '{input.TaxExempt}'."));
            }
        }
        if (input.Metadata is not null)
        {
            var metadata = Metadata.Merge(customer.Metadata, input.Metadata, input.ReplaceMetadata, errors);
            changes.Add(() => customer.Metadata = metadata);
        }
        if (input.InvoicePrefix is not null)
        {
            var prefix = input.InvoicePrefix.Trim().ToUpperInvariant();
            if (InvoicePrefixPattern().IsMatch(prefix))
            {
                changes.Add(() => customer.InvoicePrefix = prefix);
            }
            else
            {
                errors.Add(new FieldError("invoice_prefix", "The invoice prefix must be 3 to 12 letters (A-Z) or digits, e.g. ACME01."));
            }
        }
        if (input.NextInvoiceSequence is { } sequence)
        {
            if (sequence < customer.NextInvoiceSequence || sequence > 999_999_999)
            {
                errors.Add(new FieldError("next_invoice_sequence",
                    $"The next invoice number can only move forward, from {customer.NextInvoiceSequence} up to 999,999,999: numbers already issued must stay unique."));
            }
            else
            {
                changes.Add(() => customer.NextInvoiceSequence = sequence);
            }
        }
        if (input.InvoiceCustomFields is not null)
        {
            var fields = ValidateCustomFields(input.InvoiceCustomFields, errors);
            changes.Add(() => customer.InvoiceCustomFields = fields);
        }
        Text(input.InvoiceFooter, "invoice_settings[footer]", MaxFooterLength, errors, changes, value => customer.InvoiceFooter = value);

        if (!string.IsNullOrWhiteSpace(input.Currency))
        {
            if (!Currencies.TryFind(input.Currency, out var currency))
            {
                errors.Add(Currencies.Unsupported(input.Currency));
            }
            else if (customer.Currency is { } locked && !string.Equals(locked, currency.ApiCode, StringComparison.Ordinal))
            {
                errors.Add(new FieldError("currency",
                    $"This customer's currency is {locked.ToUpperInvariant()} and can't change ({customer.DescribeLock()}). To bill in {currency.Code}, create a new customer."));
            }
            else
            {
                changes.Add(() => customer.LockCurrency(currency, CurrencyLockReason.Set));
            }
        }
        else if (input.Currency is "" && customer.Currency is not null)
        {
            errors.Add(new FieldError("currency", $"This customer's currency is {customer.Currency.ToUpperInvariant()} and can't be removed."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        foreach (var change in changes)
        {
            change();
        }
    }

    /// <summary>Eight random upper-case letters and digits, as the hosted dashboard generates them.</summary>
    /// <summary>An invoice's number: the customer's prefix, a dash, then the sequence, at least four digits ("ACME01-0007").</summary>
    /// <summary>3 to 12 upper-case letters or digits: a customer's invoice prefix, and the account's.</summary>
    public static bool IsInvoicePrefix(string text) => InvoicePrefixPattern().IsMatch(text);

    /// <summary>The same check the customer's email gets, for other emails (a source owner's).</summary>
    public static bool IsEmailAddress(string text) => EmailPattern().IsMatch(text);

    public static bool IsPhoneNumber(string text) => PhonePattern().IsMatch(text);

    /// <summary>An address of another object (a payment method's billing details), by the customer's rules.</summary>
    public static Address ReadAddress(AddressInput input, string field, List<FieldError> errors) => ValidateAddress(new Address(), input, field, errors);

    public static string InvoiceNumber(string prefix, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{sequence:D4}");

    public static string NewInvoicePrefix() => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8);

    public static bool TryParseTaxExempt(string text, out TaxExempt taxExempt)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "none":
                taxExempt = TaxExempt.None;
                return true;
            case "exempt":
                taxExempt = TaxExempt.Exempt;
                return true;
            case "reverse":
                taxExempt = TaxExempt.Reverse;
                return true;
            default:
                taxExempt = default;
                return false;
        }
    }

    public static string ToApiValue(this TaxExempt taxExempt) => taxExempt switch
    {
        TaxExempt.None => "none",
        TaxExempt.Exempt => "exempt",
        TaxExempt.Reverse => "reverse",
    };

    public static string Explain(this TaxExempt taxExempt) => taxExempt switch
    {
        TaxExempt.None => "Taxable: tax is added to invoices.",
        TaxExempt.Exempt => "Exempt: no tax is charged.",
        TaxExempt.Reverse => "Reverse charge: no tax is charged; the customer accounts for it, and invoices say so.",
    };

    private static void Text(string? raw, string field, int maxLength, List<FieldError> errors, List<Action> changes,
        Action<string?> assign, Regex? pattern = null, string? patternMessage = null)
    {
        if (raw is null)
        {
            return;
        }
        var value = raw.Trim();
        if (value.Length > maxLength)
        {
            errors.Add(new FieldError(field, $"{Describe(field)} can be at most {maxLength} characters; this is {value.Length}."));
            return;
        }
        if (value.Length > 0 && pattern is not null && !pattern.IsMatch(value))
        {
            errors.Add(new FieldError(field, patternMessage!));
            return;
        }
        changes.Add(() => assign(value.Length == 0 ? null : value));
    }

    private static Address ValidateAddress(Address address, AddressInput input, string field, List<FieldError> errors)
    {
        var changes = new List<Action>();
        Text(input.Line1, $"{field}[line1]", MaxAddressLineLength, errors, changes, value => address.Line1 = value);
        Text(input.Line2, $"{field}[line2]", MaxAddressLineLength, errors, changes, value => address.Line2 = value);
        Text(input.City, $"{field}[city]", MaxCityOrStateLength, errors, changes, value => address.City = value);
        Text(input.State, $"{field}[state]", MaxCityOrStateLength, errors, changes, value => address.State = value);
        Text(input.PostalCode, $"{field}[postal_code]", MaxPostalCodeLength, errors, changes, value => address.PostalCode = value);
        if (input.Country is not null)
        {
            var country = Countries.Normalize(input.Country);
            if (country.Length == 0)
            {
                changes.Add(() => address.Country = null);
            }
            else if (Countries.IsValid(country))
            {
                changes.Add(() => address.Country = country);
            }
            else
            {
                errors.Add(new FieldError($"{field}[country]", $"'{input.Country}' is not a country code. Use two letters (ISO 3166-1), e.g. DE or US."));
            }
        }
        foreach (var change in changes)
        {
            change();
        }
        return address;
    }

    private static Shipping ValidateShipping(ShippingInput input, List<FieldError> errors)
    {
        var shipping = new Shipping();
        var changes = new List<Action>();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add(new FieldError("shipping[name]", "Shipping details need a recipient name."));
        }
        Text(input.Name, "shipping[name]", MaxNameLength, errors, changes, value => shipping.Name = value ?? "");
        Text(input.Phone, "shipping[phone]", MaxPhoneLength, errors, changes, value => shipping.Phone = value, PhonePattern(),
            "Enter a phone number of digits, spaces, dashes and parentheses, optionally starting with +.");
        foreach (var change in changes)
        {
            change();
        }
        shipping.Address = ValidateAddress(new Address(), input.Address, "shipping[address]", errors);
        return shipping;
    }

    private static List<string> ValidateLocales(IReadOnlyList<string> tags, List<FieldError> errors)
    {
        var locales = new List<string>();
        for (var index = 0; index < tags.Count; index++)
        {
            if (string.IsNullOrWhiteSpace(tags[index]))
            {
                continue;
            }
            var tag = Locales.Normalize(tags[index]);
            if (tag is null)
            {
                errors.Add(new FieldError($"preferred_locales[{index}]", $"'{tags[index]}' is not a language tag such as en, de or fr-CA."));
            }
            else if (!locales.Contains(tag, StringComparer.Ordinal))
            {
                locales.Add(tag);
            }
        }
        if (locales.Count > MaxPreferredLocales)
        {
            errors.Add(new FieldError("preferred_locales", $"At most {MaxPreferredLocales} preferred locales."));
        }
        return locales;
    }

    /// <summary>Up to four name-value pairs printed on invoices: the customer's defaults, and each invoice's own.</summary>
    public static List<InvoiceCustomField> ValidateCustomFields(IReadOnlyList<InvoiceCustomField> fields, List<FieldError> errors,
        string fieldPrefix = "invoice_settings[custom_fields]")
    {
        if (fields.Count > MaxCustomFields)
        {
            errors.Add(new FieldError(fieldPrefix, $"Invoices can have at most {MaxCustomFields} custom fields."));
        }
        var result = new List<InvoiceCustomField>();
        for (var index = 0; index < fields.Count; index++)
        {
            var name = fields[index].Name.Trim();
            var value = fields[index].Value.Trim();
            var field = $"{fieldPrefix}[{index}]";
            if (name.Length is 0 or > MaxCustomFieldNameLength)
            {
                errors.Add(new FieldError($"{field}[name]", $"A custom field's name must be 1 to {MaxCustomFieldNameLength} characters."));
            }
            else if (value.Length is 0 or > MaxCustomFieldValueLength)
            {
                errors.Add(new FieldError($"{field}[value]", $"The value of custom field '{name}' must be 1 to {MaxCustomFieldValueLength} characters."));
            }
            else
            {
                result.Add(new InvoiceCustomField(name, value));
            }
        }
        return result;
    }

    private static string Describe(string field) => field switch
    {
        "name" => "The name",
        "email" => "The email",
        "description" => "The description",
        "phone" => "The phone number",
        "invoice_settings[footer]" => "The invoice footer",
        _ => $"'{field}'",
    };

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?(?=(?:\D*\d){3})[0-9 ().\-]{3,20}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex("^[A-Z0-9]{3,12}$")]
    private static partial Regex InvoicePrefixPattern();
}
