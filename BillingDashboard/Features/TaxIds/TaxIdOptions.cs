using BillingDashboard.Components.Shared;
using BillingDashboard.Domain.Tax;

namespace BillingDashboard.Features.TaxIds;

/// <summary>The tax ID type picker's choices, and the hint shown under it.</summary>
public static class TaxIdOptions
{
    public static readonly IReadOnlyList<Option<string>> Types =
        TaxIdFormats.Types.Select(type => new Option<string>($"{type.Label} ({type.Code})", type.Code)).ToList();

    public static string Hint(string? typeCode) =>
        TaxIdFormats.TryFindType(typeCode, out var type) ? $"Expected: {type.Format}, e.g. {type.Example}." : "";

    public static string Placeholder(string? typeCode) =>
        TaxIdFormats.TryFindType(typeCode, out var type) ? type.Example : "";

    public static string LabelOf(string typeCode) =>
        TaxIdFormats.TryFindType(typeCode, out var type) ? type.Label : typeCode;
}
