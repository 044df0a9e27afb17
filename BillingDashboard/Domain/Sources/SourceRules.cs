using System.Security.Cryptography;
using System.Text.RegularExpressions;
using BillingDashboard.Domain.Cards;
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

    /// <summary>card[number], card[exp_month], card[exp_year], card[cvc]: read, never kept.</summary>
    public CardInput Card { get; init; } = new();

    /// <summary>sepa_debit[iban]: read, never kept.</summary>
    public string? Iban { get; init; }

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
/// What a source may be. The card number and IBAN are read (<see cref="CardRules"/>, <see cref="Iban"/>) and only
/// what identifies the method is kept: brand, last four, expiry and a fingerprint; country, bank code and mandate.
/// A single-use source is for one payment of a set amount; SEPA Direct Debit is in euros only.
/// </summary>
public static partial class SourceRules
{
    public const int MaxOwnerNameLength = 200;
    public const int MaxMandateReferenceLength = 35;

    public static Source Create(string id, DateTimeOffset now, SourceInput input, IFingerprints fingerprints)
    {
        var errors = new List<FieldError>();
        var type = ParseType(input.Type, errors);
        var details = type switch
        {
            SourceType.Card => CardRules.Read(input.Card, now, fingerprints, errors) is { } card ? FromCard(card) : null,
            SourceType.SepaDebit => ReadSepaDebit(input, fingerprints, errors),
        };
        var usage = ParseUsage(input.Usage, errors);
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
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        return Build(id, now, type, usage, details!, usage == SourceUsage.SingleUse ? input.Amount : null, currency, ownerName, ownerEmail, metadata);
    }

    /// <summary>A reusable card source from a card already read (a token being used), named for its owner as the token was.</summary>
    public static Source FromCard(string id, DateTimeOffset now, CardDetails card, string? ownerName) =>
        Build(id, now, SourceType.Card, SourceUsage.Reusable, FromCard(card), amount: null, currency: null, ownerName, ownerEmail: null, []);

    private static Source Build(string id, DateTimeOffset now, SourceType type, SourceUsage usage, MethodDetails details, long? amount, string? currency,
        string? ownerName, string? ownerEmail, Dictionary<string, string> metadata)
    {
        var created = new Source
        {
            Id = id,
            Type = type,
            Usage = usage,
            Last4 = details.Last4,
            CardBrand = details.CardBrand,
            ExpMonth = details.ExpMonth,
            ExpYear = details.ExpYear,
            Funding = details.Funding,
            Country = details.Country,
            Fingerprint = details.Fingerprint,
            TestOutcome = details.Outcome,
            BankCode = details.BankCode,
            MandateReference = details.MandateReference,
            Amount = amount,
            Currency = currency,
            OwnerName = ownerName,
            OwnerEmail = ownerEmail,
            Metadata = metadata,
            Created = now,
        };
        // A card that needs 3-D Secure waits for the cardholder before it can be charged.
        created.MoveTo(type == SourceType.Card && details.Outcome == TestOutcome.AuthenticationRequired ? SourceStatus.Pending : SourceStatus.Chargeable);
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

    /// <summary>What is kept of the method, by type; the fields of the other type stay null.</summary>
    private sealed record MethodDetails(string Last4, string Fingerprint, string? Country, TestOutcome Outcome, string? CardBrand = null,
        int? ExpMonth = null, int? ExpYear = null, string? Funding = null, string? BankCode = null, string? MandateReference = null);

    private static MethodDetails FromCard(CardDetails card) =>
        new(card.Last4, card.Fingerprint, card.Country, card.Outcome, card.Brand, card.ExpMonth, card.ExpYear, card.Funding);

    private static MethodDetails? ReadSepaDebit(SourceInput input, IFingerprints fingerprints, List<FieldError> errors)
    {
        var iban = Iban.Normalize(input.Iban);
        var problem = iban is null ? "Enter the account's IBAN, e.g. DE89 3704 0044 0532 0130 00." : Iban.Problem(iban);
        if (problem is not null)
        {
            errors.Add(new FieldError("sepa_debit[iban]", problem));
        }
        var mandate = Optional(input.MandateReference) ?? NewMandateReference();
        if (mandate.Length > MaxMandateReferenceLength || !MandatePattern().IsMatch(mandate))
        {
            errors.Add(new FieldError("sepa_debit[mandate_reference]",
                $"A mandate reference is up to {MaxMandateReferenceLength} letters, digits, spaces or + ? / - : ( ) . , '"));
        }
        return problem is null
            ? new MethodDetails(iban![^4..], fingerprints.Of("iban", iban), Iban.Country(iban), TestPaymentMethods.OutcomeOf(iban),
                BankCode: Iban.BankCode(iban), MandateReference: mandate)
            : null;
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

    [GeneratedRegex(@"^[A-Za-z0-9+?/\-:().,' ]+$")]
    private static partial Regex MandatePattern();
}
