using BillingDashboard.Domain.Tax;

namespace BillingDashboard.Domain.Customers;

/// <summary>
/// What a caller (the dashboard's dialogs or the API) asks to change on a customer. A null property leaves the
/// field as it is; an empty string clears it. Values are raw, as typed: <see cref="CustomerRules"/> validates them.
/// </summary>
public sealed record CustomerInput
{
    public string? Name { get; init; }

    public string? Email { get; init; }

    public string? Description { get; init; }

    public string? Phone { get; init; }

    public AddressInput? Address { get; init; }

    /// <summary>Replaces the shipping details; <see cref="RemoveShipping"/> removes them.</summary>
    public ShippingInput? Shipping { get; init; }

    public bool RemoveShipping { get; init; }

    public IReadOnlyList<string>? PreferredLocales { get; init; }

    public string? Currency { get; init; }

    /// <summary>"none", "exempt" or "reverse".</summary>
    public string? TaxExempt { get; init; }

    /// <summary>Merged into the current metadata (an empty value removes a key), or replaces it with <see cref="ReplaceMetadata"/>.</summary>
    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }

    public bool ReplaceMetadata { get; init; }

    public string? InvoicePrefix { get; init; }

    public int? NextInvoiceSequence { get; init; }

    public IReadOnlyList<InvoiceCustomField>? InvoiceCustomFields { get; init; }

    public string? InvoiceFooter { get; init; }

    /// <summary>Tax IDs to add when the customer is created (the add dialog, the API's tax_id_data); later ones go through TaxIdService.</summary>
    public IReadOnlyList<TaxIdInput>? TaxIds { get; init; }
}

public sealed record AddressInput(
    string? Line1 = null, string? Line2 = null, string? City = null, string? State = null, string? PostalCode = null, string? Country = null);

public sealed record ShippingInput(string? Name, string? Phone, AddressInput Address);
