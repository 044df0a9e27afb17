using BillingDashboard.Components.Shared;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;

namespace BillingDashboard.Features.Customers;

/// <summary>The choices of the customer forms' dropdowns, built once.</summary>
public static class CustomerOptions
{
    public static readonly IReadOnlyList<Option<string>> Currencies =
        Domain.Currencies.All.Select(currency => new Option<string>($"{currency.Code} · {currency.Name}", currency.ApiCode)).ToList();

    public static readonly IReadOnlyList<Option<string>> Countries =
        Domain.Countries.ForPicker.Select(country => new Option<string>(country.Name, country.Code)).ToList();

    public static readonly IReadOnlyList<Option<string>> Languages =
        Locales.ForPicker.Select(locale => new Option<string>(locale.Name, locale.Tag)).ToList();

    public static readonly IReadOnlyList<Option<TaxExempt>> TaxStatuses =
        Enum.GetValues<TaxExempt>().Select(value => new Option<TaxExempt>(value.ToApiValue(), value)).ToList();
}
