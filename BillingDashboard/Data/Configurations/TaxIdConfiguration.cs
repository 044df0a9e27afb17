using BillingDashboard.Domain.Tax;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

/// <remarks>
/// Tax IDs, discounts and ledger entries name their customer by its public id without a foreign key: a key on
/// Customers.Id would make EF rebuild the Customers table (and lose its search triggers) to add an alternate key.
/// Customers are never removed from the table (deletion only marks them), and the services look the customer up
/// before adding anything to it.
/// </remarks>
public sealed class TaxIdConfiguration : IEntityTypeConfiguration<TaxId>
{
    public void Configure(EntityTypeBuilder<TaxId> builder)
    {
        builder.ToTable("TaxIds");
        builder.HasKey(taxId => taxId.Id);
        builder.Property(taxId => taxId.Type).HasMaxLength(16);
        builder.Property(taxId => taxId.Value).HasMaxLength(TaxIdFormats.MaxValueLength);
        builder.Property(taxId => taxId.Country).HasMaxLength(2);
        builder.Property(taxId => taxId.Verification).HasConversion<string>().HasMaxLength(12);
        // The same number twice on one customer is a typo, never intended. The index also serves "has a tax ID".
        builder.HasIndex(taxId => new { taxId.CustomerId, taxId.Type, taxId.Value }).IsUnique();
    }
}
