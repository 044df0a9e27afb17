using BillingDashboard.Domain.Cards;
using BillingDashboard.Domain.PaymentMethods;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class CardTokenConfiguration : IEntityTypeConfiguration<CardToken>
{
    public void Configure(EntityTypeBuilder<CardToken> builder)
    {
        builder.ToTable("Tokens");
        builder.HasKey(token => token.Sequence);
        builder.Property(token => token.Sequence).ValueGeneratedOnAdd();
        builder.Property(token => token.Id).IsRequired();
        builder.HasIndex(token => token.Id).IsUnique();
        builder.Property(token => token.CardBrand).HasMaxLength(20);
        builder.Property(token => token.Last4).HasMaxLength(4);
        builder.Property(token => token.Funding).HasMaxLength(10);
        builder.Property(token => token.Country).HasMaxLength(2);
        builder.Property(token => token.Fingerprint).HasMaxLength(16);
        builder.Property(token => token.TestOutcome).HasConversion<string>().HasMaxLength(24);
        builder.Property(token => token.CardholderName).HasMaxLength(PaymentMethodRules.MaxNameLength);
        builder.Ignore(token => token.Card);
    }
}
