using BillingDashboard.Domain.Balance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class CustomerBalanceTransactionConfiguration : IEntityTypeConfiguration<CustomerBalanceTransaction>
{
    public void Configure(EntityTypeBuilder<CustomerBalanceTransaction> builder)
    {
        builder.ToTable("CustomerBalanceTransactions");
        builder.HasKey(entry => entry.Sequence);
        builder.Property(entry => entry.Sequence).ValueGeneratedOnAdd();
        builder.Property(entry => entry.Id).IsRequired();
        builder.HasIndex(entry => entry.Id).IsUnique();
        // CustomerId has no foreign key: see TaxIdConfiguration.
        builder.Property(entry => entry.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(entry => entry.Currency).HasMaxLength(3);
        builder.Property(entry => entry.Description).HasMaxLength(BalanceRules.MaxDescriptionLength);
        // A customer's ledger, newest first.
        builder.HasIndex(entry => new { entry.CustomerId, entry.Sequence });
    }
}
