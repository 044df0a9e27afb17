using BillingDashboard.Domain.Charges;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> builder)
    {
        builder.ToTable("Refunds");
        builder.HasKey(refund => refund.Sequence);
        builder.Property(refund => refund.Sequence).ValueGeneratedOnAdd();
        builder.Property(refund => refund.Id).IsRequired();
        builder.HasIndex(refund => refund.Id).IsUnique();
        builder.Property(refund => refund.Currency).HasMaxLength(3);
        builder.Property(refund => refund.Reason).HasMaxLength(24);
        builder.Property(refund => refund.Metadata).HasJsonConversion();
        // A charge's refunds, newest first; no foreign key, as for charges: a record of what happened.
        builder.HasIndex(refund => new { refund.ChargeId, refund.Sequence });
    }
}
