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
        builder.Ignore(charge => charge.AmountCaptured);
        // No foreign keys to customers (see TaxIdConfiguration) or sources: a charge is a record of what happened,
        // kept as it was. The Payments page lists newest first within each filter. Every index ends in Created (and,
        // implicitly, the row id), so one index serves both a filter, a created range within it, and the order, and
        // the database stops reading at the end of the page.
        builder.HasIndex(charge => charge.Created);
        builder.HasIndex(charge => new { charge.CustomerId, charge.Created });
        builder.HasIndex(charge => new { charge.SourceId, charge.Created });
        builder.HasIndex(charge => new { charge.PaymentMethodId, charge.Created });
        builder.HasIndex(charge => new { charge.Status, charge.Created });
        builder.HasIndex(charge => new { charge.Currency, charge.Created });
    }
}
