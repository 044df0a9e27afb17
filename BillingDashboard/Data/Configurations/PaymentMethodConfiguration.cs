using BillingDashboard.Domain.PaymentMethods;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class PaymentMethodConfiguration : IEntityTypeConfiguration<PaymentMethod>
{
    public void Configure(EntityTypeBuilder<PaymentMethod> builder)
    {
        builder.ToTable("PaymentMethods");
        builder.HasKey(method => method.Sequence);
        builder.Property(method => method.Sequence).ValueGeneratedOnAdd();
        builder.Property(method => method.Id).IsRequired();
        builder.HasIndex(method => method.Id).IsUnique();
        builder.Property(method => method.CardBrand).HasMaxLength(20);
        builder.Property(method => method.Last4).HasMaxLength(4);
        builder.Property(method => method.Funding).HasMaxLength(10);
        builder.Property(method => method.Country).HasMaxLength(2);
        builder.Property(method => method.Fingerprint).HasMaxLength(16);
        builder.Property(method => method.TestOutcome).HasConversion<string>().HasMaxLength(24);
        builder.Property(method => method.BillingName).HasMaxLength(PaymentMethodRules.MaxNameLength);
        builder.OwnsOne(method => method.BillingAddress, address => CustomerConfiguration.ConfigureAddress(address, "BillingAddress"));
        builder.Navigation(method => method.BillingAddress).IsRequired();
        builder.Property(method => method.Metadata).HasJsonConversion();
        builder.Property(method => method.Version).IsConcurrencyToken();
        builder.Ignore(method => method.Card);
        // CustomerId has no foreign key: see TaxIdConfiguration. A customer's payment methods, newest first.
        builder.HasIndex(method => new { method.CustomerId, method.Sequence });
    }
}
