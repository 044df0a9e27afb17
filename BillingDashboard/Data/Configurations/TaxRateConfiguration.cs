using BillingDashboard.Domain.Tax;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class TaxRateConfiguration : IEntityTypeConfiguration<TaxRate>
{
    public void Configure(EntityTypeBuilder<TaxRate> builder)
    {
        builder.ToTable("TaxRates");
        builder.HasKey(rate => rate.Id);
        builder.Property(rate => rate.DisplayName).HasMaxLength(TaxRateRules.MaxDisplayNameLength);
        builder.Property(rate => rate.Jurisdiction).HasMaxLength(TaxRateRules.MaxJurisdictionLength);
        builder.Property(rate => rate.Country).HasMaxLength(2);
        // Stored as text ("8.875"): exact, and SQLite has no decimal type. Rates are few and never summed in SQL.
        builder.Property(rate => rate.Percentage).HasConversion<string>();
        builder.Property(rate => rate.Version).IsConcurrencyToken();
        builder.HasIndex(rate => new { rate.Active, rate.Created });
    }
}
