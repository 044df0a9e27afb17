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

public sealed class IdempotentRequestConfiguration : IEntityTypeConfiguration<BillingDashboard.Api.IdempotentRequest>
{
    public void Configure(EntityTypeBuilder<BillingDashboard.Api.IdempotentRequest> builder)
    {
        builder.ToTable("IdempotentRequests");
        // One row per key and API key: the primary key is also what makes a concurrent retry wait its turn.
        builder.HasKey(request => new { request.ApiKeyId, request.Key });
        builder.Property(request => request.Key).HasMaxLength(BillingDashboard.Api.Idempotency.MaxKeyLength);
        builder.HasIndex(request => request.Created);
    }
}
