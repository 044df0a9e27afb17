using BillingDashboard.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("WebhookEndpoints");
        builder.HasKey(endpoint => endpoint.Sequence);
        builder.Property(endpoint => endpoint.Sequence).ValueGeneratedOnAdd();
        builder.Property(endpoint => endpoint.Id).IsRequired();
        builder.HasIndex(endpoint => endpoint.Id).IsUnique();
        builder.Property(endpoint => endpoint.Url).HasMaxLength(WebhookRules.MaxUrlLength);
        builder.Property(endpoint => endpoint.Description).HasMaxLength(WebhookRules.MaxDescriptionLength);
        builder.Property(endpoint => endpoint.EnabledEvents).HasJsonConversion();
        builder.Property(endpoint => endpoint.Metadata).HasJsonConversion();
        builder.Property(endpoint => endpoint.Version).IsConcurrencyToken();
        builder.HasQueryFilter(endpoint => endpoint.DeletedAt == null);
    }
}

public sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasKey(delivery => delivery.Sequence);
        builder.Property(delivery => delivery.Sequence).ValueGeneratedOnAdd();
        builder.Property(delivery => delivery.Id).IsRequired();
        builder.HasIndex(delivery => delivery.Id).IsUnique();
        builder.Property(delivery => delivery.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(delivery => delivery.LastResponse).HasMaxLength(WebhookDelivery.MaxResponseLength);
        // The sender's question: each endpoint's oldest pending delivery; and an endpoint's history, newest first.
        builder.HasIndex(delivery => new { delivery.EndpointId, delivery.Status, delivery.Sequence });
        builder.HasIndex(delivery => new { delivery.Status, delivery.NextAttemptAt });
        // An event's pending webhooks.
        builder.HasIndex(delivery => delivery.EventId);
    }
}
