using BillingDashboard.Domain.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    /// <summary>Every list index covers only live customers: deleted ones never slow a page down.</summary>
    public const string LiveOnly = "\"DeletedAt\" IS NULL";

    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("Customers");
        builder.HasKey(customer => customer.Sequence);
        builder.Property(customer => customer.Sequence).ValueGeneratedOnAdd();
        builder.HasIndex(customer => customer.Id).IsUnique();
        builder.HasQueryFilter(customer => customer.DeletedAt == null);

        // NOCASE: names and emails sort and match as people expect (jenny@x.com is Jenny@X.com).
        builder.Property(customer => customer.Name).UseCollation("NOCASE");
        builder.Property(customer => customer.Email).UseCollation("NOCASE");
        builder.Property(customer => customer.Currency).HasMaxLength(3);
        builder.Property(customer => customer.TaxExempt).HasConversion<string>().HasMaxLength(8);
        builder.Property(customer => customer.CurrencyLockedBy).HasConversion<string>().HasMaxLength(8);
        builder.Property(customer => customer.Metadata).HasJsonConversion();
        builder.Property(customer => customer.InvoiceCustomFields).HasJsonConversion();
        builder.Property(customer => customer.InvoicePrefix).HasMaxLength(12);
        builder.HasIndex(customer => customer.InvoicePrefix).IsUnique();
        builder.Property(customer => customer.Version).IsConcurrencyToken();

        builder.OwnsOne(customer => customer.Address, address =>
        {
            ConfigureAddress(address, "Address");
            // The owned address shares the customer's row and key ("CustomerSequence" is the Sequence column).
            address.HasIndex([nameof(Address.Country), "CustomerSequence"], "IX_Customers_Country").HasFilter(LiveOnly);
            // "Has a tax ID" with a country (EU VAT customers in one member state) counts only customers with tax IDs.
            address.HasIndex([nameof(Address.Country), "CustomerSequence"], "IX_Customers_Country_WithTaxIds")
                .HasFilter(LiveOnly + " AND \"TaxIdCount\" > 0");
        });
        builder.OwnsOne(customer => customer.Shipping, shipping =>
        {
            shipping.Property(value => value.Name).HasColumnName("ShippingName").IsRequired();
            shipping.Property(value => value.Phone).HasColumnName("ShippingPhone");
            shipping.OwnsOne(value => value.Address, address => ConfigureAddress(address, "ShippingAddress"));
        });
        builder.Navigation(customer => customer.Address).IsRequired();

        // The Customers page's sorts and filters, each served by an index (newest first is the primary key).
        builder.HasIndex(customer => new { customer.Name, customer.Sequence }).HasDatabaseName("IX_Customers_Name").HasFilter(LiveOnly);
        builder.HasIndex(customer => new { customer.Email, customer.Sequence }).HasDatabaseName("IX_Customers_Email").HasFilter(LiveOnly);
        builder.HasIndex(customer => new { customer.Created, customer.Sequence }).HasDatabaseName("IX_Customers_Created").HasFilter(LiveOnly);
        builder.HasIndex(customer => new { customer.Currency, customer.Sequence }).HasDatabaseName("IX_Customers_Currency").HasFilter(LiveOnly);
        builder.HasIndex(customer => new { customer.TaxExempt, customer.Sequence }).HasDatabaseName("IX_Customers_TaxExempt").HasFilter(LiveOnly);
        // A currency with a created range, which neither index above serves alone: through either, counting a
        // million customers' "yen, created in a hundred days" read a row for each of 100,000 entries (77 ms).
        builder.HasIndex(customer => new { customer.Currency, customer.Created }).HasDatabaseName("IX_Customers_Currency_Created").HasFilter(LiveOnly);
        builder.HasIndex(customer => customer.Sequence, "IX_Customers_WithBalance")
            .HasFilter(LiveOnly + " AND \"Balance\" <> 0");
        // Named: two indexes on the same column must be told apart, or the second would reconfigure the first.
        builder.HasIndex(customer => customer.Sequence, "IX_Customers_WithTaxIds")
            .HasFilter(LiveOnly + " AND \"TaxIdCount\" > 0");
    }

    internal static void ConfigureAddress<TOwner>(OwnedNavigationBuilder<TOwner, Address> address, string prefix) where TOwner : class
    {
        address.Property(value => value.Line1).HasColumnName(prefix + "Line1");
        address.Property(value => value.Line2).HasColumnName(prefix + "Line2");
        address.Property(value => value.City).HasColumnName(prefix + "City");
        address.Property(value => value.State).HasColumnName(prefix + "State");
        address.Property(value => value.PostalCode).HasColumnName(prefix + "PostalCode");
        address.Property(value => value.Country).HasColumnName(prefix + "Country").HasMaxLength(2);
    }
}

/// <summary>
/// A row of the trigram search index over name, email, phone, description, id and metadata values. The table
/// (SQLite FTS5) and the triggers that keep it in step with Customers are created by a migration, in SQL.
/// </summary>
public sealed class CustomerSearchEntry
{
    /// <summary>The customer's <see cref="Customer.Sequence"/>.</summary>
    public long RowId { get; init; }

    public string Text { get; init; } = "";
}

public sealed class CustomerSearchEntryConfiguration : IEntityTypeConfiguration<CustomerSearchEntry>
{
    public const string Table = "CustomerSearch";

    public void Configure(EntityTypeBuilder<CustomerSearchEntry> builder)
    {
        builder.ToTable(Table, table => table.ExcludeFromMigrations());
        builder.HasKey(entry => entry.RowId);
        builder.Property(entry => entry.RowId).HasColumnName("rowid");
    }
}
