namespace BillingDashboard.Domain.Tax;

/// <summary>A tax rate invoice lines can carry (VAT 19%, Sales tax 8.875%). Archived rates stay on old lines only.</summary>
public sealed class TaxRate
{
    public required string Id { get; init; }

    public required string DisplayName { get; set; }

    public string? Description { get; set; }

    public string? Jurisdiction { get; set; }

    /// <summary>ISO 3166-1 alpha-2, or null for a rate not tied to a country.</summary>
    public string? Country { get; set; }

    /// <summary>At most 4 decimals, 0 to 100. It never changes once created: issued invoices must keep the rate they used.</summary>
    public decimal Percentage { get; init; }

    /// <summary>Inclusive: contained in the line amount. Exclusive: added on top of it.</summary>
    public bool Inclusive { get; init; }

    /// <summary>False once archived: no new invoice line can take it.</summary>
    public bool Active { get; set; } = true;

    public DateTimeOffset Created { get; init; }

    public int Version { get; set; }

    /// <summary>"Germany · DE-BE", the country's name and the jurisdiction, whichever are set; empty when neither is.</summary>
    public string DescribeRegion() =>
        string.Join(" · ", new[] { Country is { } country ? Countries.NameOf(country) : null, Jurisdiction }.OfType<string>());

    /// <summary>"VAT 19% (exclusive)" for lists and pickers.</summary>
    public string Describe() =>
        $"{DisplayName} {TaxRateRules.FormatPercentage(Percentage)}% ({(Inclusive ? "inclusive" : "exclusive")})";
}
