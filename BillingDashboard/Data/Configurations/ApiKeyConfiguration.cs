using BillingDashboard.Domain.ApiKeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("ApiKeys");
        builder.HasKey(key => key.Id);
        builder.Property(key => key.Name).HasMaxLength(ApiKey.MaxNameLength);
        builder.Property(key => key.SecretHash).HasMaxLength(64);
        // Every API request finds its key by the hash of what it sent.
        builder.HasIndex(key => key.SecretHash).IsUnique();
    }
}
