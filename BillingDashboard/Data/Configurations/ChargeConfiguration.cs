using BillingDashboard.Domain.Charges;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class ChargeConfiguration : IEntityTypeConfiguration<Charge>
{
    public void Configure(EntityTypeBuilder<Charge> builder)
    {
        builder.ToTable("Charges");
        builder.HasKey(charge => charge.Sequence);
        builder.Property(charge => charge.Sequence).ValueGeneratedOnAdd();
        builder.Property(charge => charge.Id).IsRequired();
        builder.HasIndex(charge => charge.Id).IsUnique();
        builder.Property(charge => charge.Currency).HasMaxLength(3);
        builder.Property(charge => charge.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(charge => charge.PaymentMethodType).HasConversion<string>().HasMaxLength(12);
        builder.Property(charge => charge.CardBrand).HasMaxLength(20);
        builder.Property(charge => charge.Last4).HasMaxLength(4);
        builder.Property(charge => charge.Description).HasMaxLength(ChargeRules.MaxDescriptionLength);
        builder.Property(charge => charge.Metadata).HasJsonConversion();
        // No foreign keys to customers (see TaxIdConfiguration) or sources: a charge is a record of what happened,
        // kept as it was. The Payments page lists newest first within each filter; every index ends in Sequence so
        // the database walks one index in order and stops at the page's end.
        builder.HasIndex(charge => new { charge.CustomerId, charge.Sequence });
        builder.HasIndex(charge => new { charge.SourceId, charge.Sequence });
        builder.HasIndex(charge => new { charge.Status, charge.Sequence });
        builder.HasIndex(charge => new { charge.Currency, charge.Sequence });
        builder.HasIndex(charge => charge.Created);
    }
}
