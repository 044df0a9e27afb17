using BillingDashboard.Domain.Tax;

namespace BillingDashboard.Features.Invoices;

/// <summary>The tax rates an invoice page shows: all of them by id (lines keep archived ones), and the active ones to choose.</summary>
public sealed class InvoiceTaxRates
{
    private readonly Dictionary<string, TaxRate> _byId;

    public InvoiceTaxRates(IReadOnlyList<TaxRate> all)
    {
        _byId = all.ToDictionary(rate => rate.Id, StringComparer.Ordinal);
        Active = [.. all.Where(rate => rate.Active)];
    }

    public IReadOnlyList<TaxRate> Active { get; }

    /// <summary>"VAT 19%", "GST 10% incl.", or the id of a rate that no longer exists.</summary>
    public string Label(string rateId) =>
        _byId.TryGetValue(rateId, out var rate) ? $"{rate.DisplayName} {TaxRateRules.FormatPercentage(rate.Percentage)}%{(rate.Inclusive ? " incl." : "")}" : rateId;
}
