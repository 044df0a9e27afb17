using BillingDashboard.Api;
using BillingDashboard.Domain.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
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
        // SQLite's plain rowid rather than AUTOINCREMENT: the same numbers for a table nothing is ever deleted from,
        // without the write to sqlite_sequence that AUTOINCREMENT adds to every insert.
        builder.Property(@event => @event.Sequence).ValueGeneratedOnAdd().Metadata.SetValueGenerationStrategy(SqliteValueGenerationStrategy.None);
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
        // No index by date: events are numbered in the order they are created, so a date range is a range of row
        // numbers (Features/Events/CreatedRange), and each index above serves it. Every index is a page more to write with each event.
    }
}
