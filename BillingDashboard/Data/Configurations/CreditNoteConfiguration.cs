using BillingDashboard.Domain.CreditNotes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class CreditNoteConfiguration : IEntityTypeConfiguration<CreditNote>
{
    public void Configure(EntityTypeBuilder<CreditNote> builder)
    {
        builder.ToTable("CreditNotes");
        builder.HasKey(creditNote => creditNote.Sequence);
        builder.Property(creditNote => creditNote.Sequence).ValueGeneratedOnAdd();
        builder.Property(creditNote => creditNote.Id).IsRequired();
        builder.HasIndex(creditNote => creditNote.Id).IsUnique();
        // Numbers follow their invoice's, one after the other under the invoice's lock; the index would catch a slip.
        builder.HasIndex(creditNote => creditNote.Number).IsUnique();
        builder.Property(creditNote => creditNote.Status).HasConversion<string>().HasMaxLength(8);
        builder.Property(creditNote => creditNote.Currency).HasMaxLength(3);
        builder.Property(creditNote => creditNote.Reason).HasMaxLength(24);
        builder.Property(creditNote => creditNote.Metadata).HasJsonConversion();
        builder.Property(creditNote => creditNote.Lines).HasJsonConversion();
        builder.Property(creditNote => creditNote.Taxes).HasJsonConversion();
        builder.Property(creditNote => creditNote.Seller).HasJsonConversion();
        builder.Property(creditNote => creditNote.Version).IsConcurrencyToken();
        builder.Ignore(creditNote => creditNote.PostPaymentAmount);
        builder.Ignore(creditNote => creditNote.TotalExcludingTax);
        builder.Ignore(creditNote => creditNote.Type);
        // An invoice's credit notes (its page, the API's ?invoice=), a customer's (?customer=), all newest first.
        builder.HasIndex(creditNote => new { creditNote.InvoiceId, creditNote.Sequence });
        builder.HasIndex(creditNote => new { creditNote.CustomerId, creditNote.Sequence });
    }
}
