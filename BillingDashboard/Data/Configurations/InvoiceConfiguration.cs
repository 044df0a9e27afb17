using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.ToTable("Invoices");
        builder.HasKey(invoice => invoice.Sequence);
        builder.Property(invoice => invoice.Sequence).ValueGeneratedOnAdd();
        builder.Property(invoice => invoice.Id).IsRequired();
        builder.HasIndex(invoice => invoice.Id).IsUnique();
        // Numbers are unique among issued invoices; drafts have none. The finalizing transaction hands them out
        // one at a time, and this index would catch a mistake there rather than let two invoices share a number.
        builder.HasIndex(invoice => invoice.Number).IsUnique().HasFilter("\"Number\" IS NOT NULL");
        builder.Property(invoice => invoice.Status).HasConversion<string>().HasMaxLength(14);
        builder.Property(invoice => invoice.CollectionMethod).HasConversion<string>().HasMaxLength(20);
        builder.Property(invoice => invoice.Currency).HasMaxLength(3);
        builder.Property(invoice => invoice.CustomFields).HasJsonConversion();
        builder.Property(invoice => invoice.Metadata).HasJsonConversion();
        builder.Property(invoice => invoice.History).HasJsonConversion();
        builder.Property(invoice => invoice.Amounts).HasOptionalJsonConversion();
        builder.Property(invoice => invoice.Snapshot).HasOptionalJsonConversion();
        builder.Property(invoice => invoice.Version).IsConcurrencyToken();
        // CustomerId has no foreign key: see TaxIdConfiguration. The Invoices page lists newest first, all or by
        // status; the customer page lists a customer's.
        builder.HasIndex(invoice => invoice.Created);
        builder.HasIndex(invoice => new { invoice.Status, invoice.Created });
        builder.HasIndex(invoice => new { invoice.CustomerId, invoice.Created });
        // The Invoices page's filters: by currency, by due date, and what is overdue (open, due before now).
        builder.HasIndex(invoice => new { invoice.Currency, invoice.Created });
        builder.HasIndex(invoice => new { invoice.Status, invoice.DueDate });
        builder.HasIndex(invoice => invoice.DueDate);
    }
}

public sealed class InvoiceItemConfiguration : IEntityTypeConfiguration<InvoiceItem>
{
    public void Configure(EntityTypeBuilder<InvoiceItem> builder)
    {
        builder.ToTable("InvoiceItems");
        builder.HasKey(item => item.Sequence);
        builder.Property(item => item.Sequence).ValueGeneratedOnAdd();
        builder.Property(item => item.Id).IsRequired();
        builder.HasIndex(item => item.Id).IsUnique();
        builder.Property(item => item.Currency).HasMaxLength(3);
        builder.Property(item => item.Description).HasMaxLength(InvoiceRules.MaxDescriptionLength);
        builder.Property(item => item.TaxRateIds).HasJsonConversion();
        builder.Property(item => item.Taxes).HasOptionalJsonConversion();
        // An invoice's lines in order; a customer's pending items (InvoiceId NULL) for the next draft.
        builder.HasIndex(item => new { item.InvoiceId, item.Sequence });
        builder.HasIndex(item => new { item.CustomerId, item.InvoiceId });
    }
}

public sealed class AccountSettingsConfiguration : IEntityTypeConfiguration<AccountSettings>
{
    public void Configure(EntityTypeBuilder<AccountSettings> builder)
    {
        builder.ToTable("AccountSettings");
        builder.HasKey(settings => settings.Id);
        builder.Property(settings => settings.Id).ValueGeneratedNever();
        builder.Property(settings => settings.Seller).HasJsonConversion();
        builder.Property(settings => settings.Numbering).HasConversion<string>().HasMaxLength(12);
        builder.Property(settings => settings.AccountPrefix).HasMaxLength(12);
        builder.Property(settings => settings.Version).IsConcurrencyToken();
    }
}
