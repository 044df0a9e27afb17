using System.Globalization;
using System.Text.RegularExpressions;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Export;

namespace BillingDashboard.Features.Import;

/// <summary>
/// One record of the file read through the mapping: the customer's fields as the add dialog and the API take them
/// (<see cref="Input"/>, checked later by the same <see cref="CustomerRules"/>), and what only an import sets: the
/// id, the created date and the opening balance. <see cref="Errors"/> holds what could not even be read.
/// </summary>
public sealed partial record ImportRow(long Line, string? Id, DateTimeOffset? Created, string? Balance, string? Email, CustomerInput Input,
    IReadOnlyList<FieldError> Errors)
{
    /// <summary>An id of the hosted API's shape: cus_ and letters or digits, as integrations store them.</summary>
    public const int MaxIdLength = 64;

    public static ImportRow Read(IReadOnlyList<string> fields, ImportMapping mapping, long line, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var index = 0; index < mapping.Targets.Count; index++)
        {
            var target = mapping.Targets[index];
            // A row shorter than the header leaves its last columns empty, as spreadsheets save trailing blanks.
            var value = index < fields.Count ? Unneutralise(fields[index]) : "";
            switch (target.Kind)
            {
                case ImportTargetKind.Field:
                    values[target.Key] = value;
                    break;
                case ImportTargetKind.Metadata:
                    metadata[target.Key] = value;
                    break;
            }
        }
        if (fields.Count > mapping.Targets.Count && fields.Skip(mapping.Targets.Count).Any(extra => extra.Length > 0))
        {
            errors.Add(new FieldError("file", $"This row has {fields.Count} fields; the header names {mapping.Targets.Count}."));
        }

        var id = Value("id");
        if (id is not null && !IdPattern().IsMatch(id))
        {
            errors.Add(new FieldError("id", $"'{id}' is not a customer id: cus_ then up to {MaxIdLength - 4} letters or digits."));
        }
        DateTimeOffset? created = null;
        if (Value("created") is { } createdText)
        {
            if (DateTimeOffset.TryParse(createdText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                && parsed <= now)
            {
                created = parsed;
            }
            else
            {
                errors.Add(new FieldError("created", $"'{createdText}' is not a past date and time such as 2026-11-30T09:15:00Z (read as UTC)."));
            }
        }
        int? nextInvoiceSequence = null;
        if (Value("next_invoice_sequence") is { } sequenceText)
        {
            if (int.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                nextInvoiceSequence = sequence;
            }
            else
            {
                errors.Add(new FieldError("next_invoice_sequence", $"'{sequenceText}' is not a next invoice number: use a whole number."));
            }
        }

        var input = new CustomerInput
        {
            Name = Mapped("name"),
            Email = Mapped("email"),
            Description = Mapped("description"),
            Phone = Mapped("phone"),
            Address = AnyMapped("address_") ? new AddressInput(Mapped("address_line1"), Mapped("address_line2"), Mapped("address_city"),
                Mapped("address_state"), Mapped("address_postal_code"), Mapped("address_country")) : null,
            Shipping = AnyValue("shipping_") ? new ShippingInput(Mapped("shipping_name"), Mapped("shipping_phone"), new AddressInput(
                Mapped("shipping_address_line1"), Mapped("shipping_address_line2"), Mapped("shipping_address_city"), Mapped("shipping_address_state"),
                Mapped("shipping_address_postal_code"), Mapped("shipping_address_country"))) : null,
            RemoveShipping = AnyMapped("shipping_") && !AnyValue("shipping_"),
            PreferredLocales = Mapped("preferred_locales") is { } locales
                ? locales.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : null,
            // An empty currency cell leaves the currency as it is: once set it can never be removed.
            Currency = Value("currency")?.ToLowerInvariant(),
            TaxExempt = Value("tax_exempt")?.ToLowerInvariant(),
            Metadata = metadata.Count > 0 ? metadata : null,
            InvoicePrefix = Value("invoice_prefix"),
            NextInvoiceSequence = nextInvoiceSequence,
            InvoiceFooter = Mapped("invoice_footer"),
        };
        return new ImportRow(line, id, created, Value("balance"), Value("email"), input, errors);

        // A mapped column's empty field clears the field (an export's empty cell is "none"); an unmapped one leaves it.
        string? Mapped(string key) => values.TryGetValue(key, out var value) ? value.Trim() : null;

        string? Value(string key) => Mapped(key) is { Length: > 0 } value ? value : null;

        bool AnyMapped(string prefix) => values.Keys.Any(key => key.StartsWith(prefix, StringComparison.Ordinal));

        bool AnyValue(string prefix) => values.Any(entry => entry.Key.StartsWith(prefix, StringComparison.Ordinal) && entry.Value.Trim().Length > 0);
    }

    /// <summary>The invoice prefix the row gives, as the rules will store it (upper case); null when it gives none.</summary>
    public string? InvoicePrefix => Input.InvoicePrefix?.Trim().ToUpperInvariant();

    /// <summary>The opening balance in minor units of <paramref name="currency"/>; 0 when the file gives none.</summary>
    public long? OpeningBalance(string? currency, List<FieldError> errors)
    {
        if (Balance is null)
        {
            return 0;
        }
        if (currency is null || !Currencies.TryFind(currency, out var known))
        {
            if (decimal.TryParse(Balance, NumberStyles.Number, CultureInfo.InvariantCulture, out var zero) && zero == 0)
            {
                return 0;
            }
            errors.Add(new FieldError("balance", $"A balance of {Balance} needs the customer's currency: map a currency column."));
            return null;
        }
        if (Money.TryParseMajor(Balance, known, out var minorUnits))
        {
            return minorUnits;
        }
        errors.Add(new FieldError("balance", $"'{Balance}' is not an amount in {known.Code} such as -12.50."));
        return null;
    }

    /// <summary>Undoes what the export's <see cref="CsvWriter.Neutralise"/> did, so that a value round-trips as it was stored.</summary>
    private static string Unneutralise(string field) =>
        field.Length > 1 && field[0] == '\'' && CsvWriter.Neutralise(field[1..]) == field ? field[1..] : field;

    [GeneratedRegex("^cus_[A-Za-z0-9]{1,60}$")]
    private static partial Regex IdPattern();
}
