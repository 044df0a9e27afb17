using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Tax;

namespace BillingDashboard.Features.Customers;

/// <summary>What the add and edit dialogs bind to: the profile fields as typed, turned into a <see cref="CustomerInput"/>.</summary>
public sealed class CustomerForm
{
    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public string Description { get; set; } = "";

    public string Phone { get; set; } = "";

    public string? Country { get; set; }

    public string Line1 { get; set; } = "";

    public string Line2 { get; set; } = "";

    public string City { get; set; } = "";

    public string State { get; set; } = "";

    public string PostalCode { get; set; } = "";

    /// <summary>The first preferred locale: the language of the customer's invoices.</summary>
    public string? Language { get; set; }

    public string? Currency { get; set; }

    public TaxExempt TaxExempt { get; set; } = TaxExempt.None;

    public bool HasShipping { get; set; }

    public string ShippingName { get; set; } = "";

    public string ShippingPhone { get; set; } = "";

    public string ShippingLine1 { get; set; } = "";

    public string ShippingLine2 { get; set; } = "";

    public string ShippingCity { get; set; } = "";

    public string ShippingState { get; set; } = "";

    public string ShippingPostalCode { get; set; } = "";

    public string? ShippingCountry { get; set; }

    private IReadOnlyList<string> _otherLocales = [];

    public static CustomerForm From(Customer customer) => new()
    {
        Name = customer.Name ?? "",
        Email = customer.Email ?? "",
        Description = customer.Description ?? "",
        Phone = customer.Phone ?? "",
        Country = customer.Address.Country,
        Line1 = customer.Address.Line1 ?? "",
        Line2 = customer.Address.Line2 ?? "",
        City = customer.Address.City ?? "",
        State = customer.Address.State ?? "",
        PostalCode = customer.Address.PostalCode ?? "",
        Language = customer.PreferredLocales.FirstOrDefault(),
        _otherLocales = customer.PreferredLocales.Skip(1).ToList(),
        Currency = customer.Currency,
        TaxExempt = customer.TaxExempt,
        HasShipping = customer.Shipping is not null,
        ShippingName = customer.Shipping?.Name ?? "",
        ShippingPhone = customer.Shipping?.Phone ?? "",
        ShippingLine1 = customer.Shipping?.Address.Line1 ?? "",
        ShippingLine2 = customer.Shipping?.Address.Line2 ?? "",
        ShippingCity = customer.Shipping?.Address.City ?? "",
        ShippingState = customer.Shipping?.Address.State ?? "",
        ShippingPostalCode = customer.Shipping?.Address.PostalCode ?? "",
        ShippingCountry = customer.Shipping?.Address.Country,
    };

    public CustomerInput ToInput() => new()
    {
        Name = Name,
        Email = Email,
        Description = Description,
        Phone = Phone,
        Address = new AddressInput(Line1, Line2, City, State, PostalCode, Country ?? ""),
        PreferredLocales = Language is null ? _otherLocales : [Language, .. _otherLocales.Where(tag => tag != Language)],
        Currency = Currency ?? "",
        TaxExempt = TaxExempt.ToApiValue(),
        Shipping = HasShipping
            ? new ShippingInput(ShippingName, ShippingPhone,
                new AddressInput(ShippingLine1, ShippingLine2, ShippingCity, ShippingState, ShippingPostalCode, ShippingCountry ?? ""))
            : null,
        RemoveShipping = !HasShipping,
        // Only the add dialog shows tax ID rows; on the customer page they have their own card.
        TaxIds = TaxIds.Where(row => !string.IsNullOrWhiteSpace(row.Value)).Select(row => new TaxIdInput(row.Type, row.Value)).ToList(),
    };

    /// <summary>Tax IDs typed in the add dialog, one row each.</summary>
    public List<TaxIdRow> TaxIds { get; } = [];

    public sealed class TaxIdRow
    {
        public string? Type { get; set; } = "eu_vat";

        public string? Value { get; set; }
    }
}
