using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Customers;

namespace BillingDashboard.Domain.Sources;

/// <summary>What creating a source takes, in the API's parameter names; the form fills the same.</summary>
public sealed record SourceInput
{
    /// <summary>"card" or "sepa_debit".</summary>
    public string? Type { get; init; }

    /// <summary>"reusable" (the default) or "single_use".</summary>
    public string? Usage { get; init; }

    public string? CardBrand { get; init; }

    public string? Last4 { get; init; }

    public int? ExpMonth { get; init; }

    public int? ExpYear { get; init; }

    public string? BankCode { get; init; }

    /// <summary>Generated when left out, as the bank would when the mandate is signed online.</summary>
    public string? MandateReference { get; init; }

    public long? Amount { get; init; }

    public string? Currency { get; init; }

    public string? OwnerName { get; init; }

    public string? OwnerEmail { get; init; }

    public IReadOnlyDictionary<string, string?> Metadata { get; init; } = new Dictionary<string, string?>();
}

/// <summary>What updating a source may change: its owner and metadata, never the method or its status. Null leaves a field as it is.</summary>
public sealed record SourceUpdate
{
    public string? OwnerName { get; init; }

    public string? OwnerEmail { get; init; }

    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }

    public bool ReplaceMetadata { get; init; }
}

/// <summary>
/// What a source may be. Test form: the details are typed, not read from a card network, so the card number and
/// IBAN are never seen, only what an operator needs to recognise the method (brand, last four, expiry; bank code,
/// mandate). A single-use source is for one payment of a set amount; SEPA Direct Debit is in euros only.
/// </summary>
public static partial class SourceRules
{
    public const int MaxOwnerNameLength = 200;
    public const int MaxMandateReferenceLength = 35;
    public const int MaxYearsAhead = 20;

    public static Source Create(string id, DateTimeOffset now, SourceInput input)
    {
        var errors = new List<FieldError>();
        var type = ParseType(input.Type, errors);
        var usage = ParseUsage(input.Usage, errors);
        var last4 = input.Last4?.Trim() ?? "";
        if (!Last4Pattern().IsMatch(last4))
        {
            errors.Add(new FieldError("last4", "Enter the last four digits of the card number or IBAN, e.g. 4242."));
        }
        string? currency = ParseCurrency(input.Currency, errors);
        if (usage == SourceUsage.SingleUse)
        {
            if (currency is null)
            {
                errors.Add(new FieldError("currency", "A single-use source pays one set amount: choose its currency."));
            }
            else
            {
                ChargeRules.CheckAmount(input.Amount, Currencies.Get(currency), "amount", errors);
            }
        }
        else if (input.Amount is not null)
        {
            errors.Add(new FieldError("amount", "Only single-use sources have an amount; a reusable source can be charged any amount."));
        }
        if (type == SourceType.SepaDebit)
        {
            if (currency is not null && currency != "eur")
            {
                errors.Add(new FieldError("currency", $"SEPA Direct Debit collects euros only, not {currency.ToUpperInvariant()}."));
            }
            currency = "eur";
        }
        var ownerName = OwnerName(input.OwnerName, errors);
        var ownerEmail = OwnerEmail(input.OwnerEmail, errors);
        var metadata = Metadata.Merge(new Dictionary<string, string>(), input.Metadata, replace: true, errors);

        var details = type switch
        {
            SourceType.Card => ValidateCard(input, now, errors),
            SourceType.SepaDebit => ValidateSepaDebit(input, errors),
        };
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        var created = new Source
        {
            Id = id,
            Type = type,
            Usage = usage,
            Last4 = last4,
            CardBrand = details.CardBrand,
            ExpMonth = details.ExpMonth,
            ExpYear = details.ExpYear,
            BankCode = details.BankCode,
            MandateReference = details.MandateReference,
            Amount = usage == SourceUsage.SingleUse ? input.Amount : null,
            Currency = currency,
            OwnerName = ownerName,
            OwnerEmail = ownerEmail,
            Metadata = metadata,
            Created = now,
        };
        created.MoveTo(TestPaymentMethods.InitialStatus(created.Type, last4));
        return created;
    }

    public static bool TryParseType(string? text, out SourceType type)
    {
        (var known, type) = text?.Trim() switch
        {
            "card" => (true, SourceType.Card),
            "sepa_debit" => (true, SourceType.SepaDebit),
            _ => (false, SourceType.Card),
        };
        return known;
    }

    public static string ToApiValue(this SourceType type) => type switch
    {
        SourceType.Card => "card",
        SourceType.SepaDebit => "sepa_debit",
    };

    public static string ToApiValue(this SourceUsage usage) => usage switch
    {
        SourceUsage.Reusable => "reusable",
        SourceUsage.SingleUse => "single_use",
    };

    public static string NewMandateReference() => RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);

    /// <summary>What identifies the method to an operator, by type; the fields of the other type stay null.</summary>
    private sealed record MethodDetails(string? CardBrand = null, int? ExpMonth = null, int? ExpYear = null, string? BankCode = null, string? MandateReference = null);

    private static MethodDetails ValidateCard(SourceInput input, DateTimeOffset now, List<FieldError> errors)
    {
        var brand = input.CardBrand?.Trim().ToLowerInvariant();
        if (!CardBrands.IsKnown(brand))
        {
            errors.Add(new FieldError("card[brand]", $"Choose the card brand: {string.Join(", ", CardBrands.All.Select(known => known.Code))}."));
        }
        var monthIsValid = input.ExpMonth is >= 1 and <= 12;
        if (!monthIsValid)
        {
            errors.Add(new FieldError("card[exp_month]", "Enter the expiry month, 1 to 12."));
        }
        var latestYear = now.UtcDateTime.Year + MaxYearsAhead;
        if (input.ExpYear is not { } year || year < 2000 || year > latestYear)
        {
            errors.Add(new FieldError("card[exp_year]", $"Enter the expiry year with four digits, at most {latestYear.ToString(CultureInfo.InvariantCulture)}."));
        }
        else if (monthIsValid && Source.ExpiryHasPassed(input.ExpMonth!.Value, year, now))
        {
            errors.Add(new FieldError("card[exp_year]", string.Create(CultureInfo.InvariantCulture,
                $"This card expired at the end of {input.ExpMonth:00}/{year}; an expired card can't be added.")));
        }
        return new MethodDetails(CardBrand: brand, ExpMonth: input.ExpMonth, ExpYear: input.ExpYear);
    }

    private static MethodDetails ValidateSepaDebit(SourceInput input, List<FieldError> errors)
    {
        var bankCode = input.BankCode?.Trim().Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() ?? "";
        if (!BankCodePattern().IsMatch(bankCode))
        {
            errors.Add(new FieldError("sepa_debit[bank_code]", "Enter the bank code from the IBAN (3 to 11 letters or digits), e.g. 37040044."));
        }
        var mandate = Optional(input.MandateReference) ?? NewMandateReference();
        if (mandate.Length > MaxMandateReferenceLength || !MandatePattern().IsMatch(mandate))
        {
            errors.Add(new FieldError("sepa_debit[mandate_reference]",
                $"A mandate reference is up to {MaxMandateReferenceLength} letters, digits, spaces or + ? / - : ( ) . , '"));
        }
        return new MethodDetails(BankCode: bankCode, MandateReference: mandate);
    }

    private static SourceType ParseType(string? text, List<FieldError> errors)
    {
        if (TryParseType(text, out var type))
        {
            return type;
        }
        errors.Add(new FieldError("type", "Choose the type of payment method: card or sepa_debit."));
        return SourceType.Card;
    }

    private static SourceUsage ParseUsage(string? text, List<FieldError> errors)
    {
        switch (text?.Trim())
        {
            case null or "" or "reusable":
                return SourceUsage.Reusable;
            case "single_use":
                return SourceUsage.SingleUse;
            default:
                errors.Add(new FieldError("usage", $"'{text}' is not a usage: use reusable or single_use."));
                return SourceUsage.Reusable;
        }
    }

    private static string? ParseCurrency(string? text, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (Currencies.TryFind(text, out var currency))
        {
            return currency.ApiCode;
        }
        errors.Add(Currencies.Unsupported(text));
        return null;
    }

    /// <summary>Applies an update, checking everything first: with any error, nothing changes.</summary>
    public static void ApplyUpdate(Source source, SourceUpdate update)
    {
        var errors = new List<FieldError>();
        var ownerName = update.OwnerName is null ? source.OwnerName : OwnerName(update.OwnerName, errors);
        var ownerEmail = update.OwnerEmail is null ? source.OwnerEmail : OwnerEmail(update.OwnerEmail, errors);
        var metadata = update.Metadata is null ? source.Metadata : Metadata.Merge(source.Metadata, update.Metadata, update.ReplaceMetadata, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        (source.OwnerName, source.OwnerEmail, source.Metadata) = (ownerName, ownerEmail, metadata);
    }

    private static string? OwnerName(string? text, List<FieldError> errors)
    {
        var name = Optional(text);
        if (name is { Length: > MaxOwnerNameLength })
        {
            errors.Add(new FieldError("owner[name]", $"The owner's name can be at most {MaxOwnerNameLength} characters."));
        }
        return name;
    }

    private static string? OwnerEmail(string? text, List<FieldError> errors)
    {
        var email = Optional(text);
        if (email is not null && !CustomerRules.IsEmailAddress(email))
        {
            errors.Add(new FieldError("owner[email]", $"'{email}' is not an email address."));
        }
        return email;
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex Last4Pattern();

    [GeneratedRegex("^[A-Z0-9]{3,11}$")]
    private static partial Regex BankCodePattern();

    [GeneratedRegex(@"^[A-Za-z0-9+?/\-:().,' ]+$")]
    private static partial Regex MandatePattern();
}
