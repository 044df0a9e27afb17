using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;

namespace BillingDashboard.Domain.Settings;

/// <summary>What Settings takes: the seller's details and the numbering scheme.</summary>
public sealed record AccountSettingsInput
{
    public string? SellerName { get; init; }

    public string? SellerEmail { get; init; }

    public Address SellerAddress { get; init; } = new();

    /// <summary>As printed, one per entry, e.g. "DE123456789".</summary>
    public IReadOnlyList<string> SellerTaxIds { get; init; } = [];

    /// <summary>"per_customer" or "account".</summary>
    public string? Numbering { get; init; }

    public string? AccountPrefix { get; init; }

    public int? NextAccountSequence { get; init; }
}

public static class AccountSettingsRules
{
    public const int MaxSellerNameLength = 100;
    public const int MaxTaxIds = 5;
    public const int MaxTaxIdLength = 40;

    /// <summary>Applies <paramref name="input"/>, or throws with every error and changes nothing.</summary>
    public static void Apply(AccountSettings settings, AccountSettingsInput input)
    {
        var errors = new List<FieldError>();
        var name = input.SellerName?.Trim() ?? "";
        if (name.Length > MaxSellerNameLength)
        {
            errors.Add(new FieldError("seller[name]", $"The business name can be at most {MaxSellerNameLength} characters."));
        }
        var email = string.IsNullOrWhiteSpace(input.SellerEmail) ? null : input.SellerEmail.Trim();
        if (email is not null && !CustomerRules.IsEmailAddress(email))
        {
            errors.Add(new FieldError("seller[email]", $"'{email}' is not an email address."));
        }
        if (input.SellerAddress.Country is { } country && !Countries.IsValid(country))
        {
            errors.Add(new FieldError("seller[address][country]", $"'{country}' is not a country code."));
        }
        var taxIds = input.SellerTaxIds.Select(taxId => taxId.Trim()).Where(taxId => taxId.Length > 0).ToList();
        if (taxIds.Count > MaxTaxIds || taxIds.Any(taxId => taxId.Length > MaxTaxIdLength))
        {
            errors.Add(new FieldError("seller[tax_ids]", $"Up to {MaxTaxIds} tax IDs of at most {MaxTaxIdLength} characters each."));
        }
        var numbering = input.Numbering switch
        {
            null or "" or "per_customer" => InvoiceNumbering.PerCustomer,
            "account" => InvoiceNumbering.Account,
            _ => (InvoiceNumbering?)null,
        };
        if (numbering is null)
        {
            errors.Add(new FieldError("numbering", "Choose per_customer or account numbering."));
        }
        var prefix = input.AccountPrefix?.Trim().ToUpperInvariant() ?? settings.AccountPrefix;
        if (!CustomerRules.IsInvoicePrefix(prefix))
        {
            errors.Add(new FieldError("account_prefix", "The account prefix is 3 to 12 upper-case letters or digits, e.g. INV."));
        }
        var next = input.NextAccountSequence ?? settings.NextAccountSequence;
        if (next < settings.NextAccountSequence)
        {
            // Going back would hand out numbers already on issued invoices.
            errors.Add(new FieldError("next_account_sequence", $"The next number can only move forward: it is {settings.NextAccountSequence} now."));
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        settings.Seller = new SellerDetails { Name = name, Email = email, Address = input.SellerAddress.Copy(), TaxIds = taxIds };
        settings.Numbering = numbering!.Value;
        settings.AccountPrefix = prefix;
        settings.NextAccountSequence = next;
    }
}
