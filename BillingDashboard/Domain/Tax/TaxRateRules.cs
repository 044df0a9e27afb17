using System.Globalization;

namespace BillingDashboard.Domain.Tax;

public sealed record TaxRateInput
{
    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public string? Jurisdiction { get; init; }

    public string? Country { get; init; }

    /// <summary>As typed, e.g. "19" or "8.875"; required when creating, refused when updating.</summary>
    public string? Percentage { get; init; }

    public bool? Inclusive { get; init; }

    public bool? Active { get; init; }
}

/// <summary>What a tax rate may be: a name, a percentage from 0 to 100 with at most 4 decimals, inclusive or not.</summary>
public static class TaxRateRules
{
    public const int MaxDisplayNameLength = 50;
    public const int MaxDescriptionLength = 500;
    public const int MaxJurisdictionLength = 50;
    public const int MaxPercentageDecimals = 4;

    public static TaxRate Create(string id, DateTimeOffset created, TaxRateInput input)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(input.DisplayName))
        {
            errors.Add(new FieldError("display_name", "Enter a display name, e.g. VAT or Sales tax: it is printed on invoices."));
        }
        decimal percentage = 0;
        if (string.IsNullOrWhiteSpace(input.Percentage))
        {
            errors.Add(new FieldError("percentage", "Enter the percentage, e.g. 19 or 8.875."));
        }
        else if (!TryParsePercentage(input.Percentage, out percentage))
        {
            errors.Add(new FieldError("percentage",
                $"'{input.Percentage}' is not a valid percentage: use a number from 0 to 100 with at most {MaxPercentageDecimals} decimals, e.g. 8.875."));
        }
        var rate = new TaxRate
        {
            Id = id,
            Created = created,
            DisplayName = "",
            Percentage = percentage,
            Inclusive = input.Inclusive ?? false,
        };
        ApplyEditable(rate, input, errors);
        ThrowIfAny(errors);
        return rate;
    }

    /// <summary>Only the descriptive fields and the archive flag change: the percentage and inclusiveness are what old invoices used.</summary>
    public static void Update(TaxRate rate, TaxRateInput input)
    {
        var errors = new List<FieldError>();
        if (input.Percentage is not null)
        {
            errors.Add(new FieldError("percentage", "A tax rate's percentage can't change, because invoices already use it. Archive this rate and create a new one."));
        }
        if (input.Inclusive is { } inclusive && inclusive != rate.Inclusive)
        {
            errors.Add(new FieldError("inclusive", "Whether a tax rate is inclusive can't change once created. Archive this rate and create a new one."));
        }
        if (input.DisplayName is not null && string.IsNullOrWhiteSpace(input.DisplayName))
        {
            errors.Add(new FieldError("display_name", "A tax rate needs a display name."));
        }
        ApplyEditable(rate, input, errors);
        ThrowIfAny(errors);
    }

    public static bool TryParsePercentage(string text, out decimal percentage) =>
        Percentages.TryParse(text, out percentage)
        && percentage is >= 0 and <= 100
        && decimal.Round(percentage, MaxPercentageDecimals) == percentage;

    /// <summary>"19", "8.875": no trailing zeros, always with a dot.</summary>
    public static string FormatPercentage(decimal percentage) => percentage.ToString("0.####", CultureInfo.InvariantCulture);

    private static void ApplyEditable(TaxRate rate, TaxRateInput input, List<FieldError> errors)
    {
        var changes = new List<Action>();
        Text(input.DisplayName, "display_name", MaxDisplayNameLength, errors, changes, value => rate.DisplayName = value!);
        Text(input.Description, "description", MaxDescriptionLength, errors, changes, value => rate.Description = value);
        Text(input.Jurisdiction, "jurisdiction", MaxJurisdictionLength, errors, changes, value => rate.Jurisdiction = value);
        if (input.Country is not null)
        {
            var country = Countries.Normalize(input.Country);
            if (country.Length > 0 && !Countries.IsValid(country))
            {
                errors.Add(new FieldError("country", $"'{input.Country}' is not a country code. Use two letters (ISO 3166-1), e.g. DE or US."));
            }
            else
            {
                changes.Add(() => rate.Country = country.Length == 0 ? null : country);
            }
        }
        if (input.Active is { } active)
        {
            changes.Add(() => rate.Active = active);
        }
        if (errors.Count == 0)
        {
            changes.ForEach(change => change());
        }
    }

    private static void Text(string? raw, string field, int maxLength, List<FieldError> errors, List<Action> changes, Action<string?> assign)
    {
        if (raw is null)
        {
            return;
        }
        var value = raw.Trim();
        if (value.Length > maxLength)
        {
            errors.Add(new FieldError(field, $"'{field}' can be at most {maxLength} characters; this is {value.Length}."));
            return;
        }
        changes.Add(() => assign(value.Length == 0 ? null : value));
    }

    private static void ThrowIfAny(List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }
}
