using BillingDashboard.Domain.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class SourceConfiguration : IEntityTypeConfiguration<Source>
{
    public void Configure(EntityTypeBuilder<Source> builder)
    {
        builder.ToTable("Sources");
        builder.HasKey(source => source.Sequence);
        builder.Property(source => source.Sequence).ValueGeneratedOnAdd();
        builder.Property(source => source.Id).IsRequired();
        builder.HasIndex(source => source.Id).IsUnique();
        builder.Property(source => source.Type).HasConversion<string>().HasMaxLength(12);
        builder.Property(source => source.Usage).HasConversion<string>().HasMaxLength(12);
        builder.Property(source => source.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(source => source.Currency).HasMaxLength(3);
        builder.Property(source => source.Last4).HasMaxLength(4);
        builder.Property(source => source.CardBrand).HasMaxLength(20);
        builder.Property(source => source.Funding).HasMaxLength(10);
        builder.Property(source => source.Country).HasMaxLength(2);
        builder.Property(source => source.Fingerprint).HasMaxLength(16);
        builder.Property(source => source.TestOutcome).HasConversion<string>().HasMaxLength(24);
        builder.Property(source => source.BankCode).HasMaxLength(11);
        builder.Property(source => source.MandateReference).HasMaxLength(SourceRules.MaxMandateReferenceLength);
        builder.Property(source => source.OwnerName).HasMaxLength(SourceRules.MaxOwnerNameLength);
        builder.Property(source => source.Metadata).HasJsonConversion();
        builder.Property(source => source.Version).IsConcurrencyToken();
        // CustomerId has no foreign key: see TaxIdConfiguration. A customer's payment methods, newest first.
        builder.HasIndex(source => new { source.CustomerId, source.Sequence });
    }
}
