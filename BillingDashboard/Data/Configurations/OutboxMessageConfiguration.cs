using BillingDashboard.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.HasKey(message => message.Sequence);
        builder.Property(message => message.Sequence).ValueGeneratedOnAdd();
        builder.Property(message => message.Id).IsRequired();
        builder.HasIndex(message => message.Id).IsUnique();
        builder.Property(message => message.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(message => message.Status).HasConversion<string>().HasMaxLength(8);
        builder.Property(message => message.Language).HasMaxLength(8);
        // The sender's question, asked every few seconds: what is queued and due. Sent and failed messages stay
        // for the invoices' delivery history, so the index leads with the status and the queue stays small in it.
        builder.HasIndex(message => new { message.Status, message.NextAttemptAt });
        builder.HasIndex(message => message.LeaseToken);
        // An invoice's delivery history, in order.
        builder.HasIndex(message => new { message.InvoiceId, message.Sequence });
    }
}
