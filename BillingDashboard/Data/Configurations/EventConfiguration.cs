using BillingDashboard.Api;
using BillingDashboard.Domain.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    /// <summary>The condition of the object index, as EventQuery writes it too.</summary>
    public const string ObjectOtherThanItsCustomer = "\"CustomerId\" IS NULL OR \"ObjectId\" <> \"CustomerId\"";

    public void Configure(EntityTypeBuilder<Event> builder)
    {
        builder.ToTable("Events");
        builder.HasKey(@event => @event.Sequence);
        builder.Property(@event => @event.Sequence).ValueGeneratedOnAdd();
        builder.Property(@event => @event.Id).IsRequired();
        builder.HasIndex(@event => @event.Id).IsUnique();
        builder.Property(@event => @event.Type).HasMaxLength(64);
        builder.Property(@event => @event.Actor).HasMaxLength(200);
        builder.Property(@event => @event.RequestId).HasMaxLength(32);
        builder.Property(@event => @event.IdempotencyKey).HasMaxLength(Idempotency.MaxKeyLength);
        // Each filter of the Events page and of /v1/events, newest first; an object's and a customer's Activity cards.
        builder.HasIndex(@event => new { @event.Type, @event.Sequence });
        // Events about a customer are found by CustomerId (EventQuery): only other objects' events need this one.
        builder.HasIndex(@event => new { @event.ObjectId, @event.Sequence }).HasFilter(ObjectOtherThanItsCustomer);
        builder.HasIndex(@event => new { @event.CustomerId, @event.Sequence });
        builder.HasIndex(@event => new { @event.Actor, @event.Sequence });
        builder.HasIndex(@event => @event.Created);
        // A type's or an actor's events of some days: the date range is a range of these indexes, not a scan of the type's or actor's whole history.
        builder.HasIndex(@event => new { @event.Type, @event.Created });
        builder.HasIndex(@event => new { @event.Actor, @event.Created });
    }
}
