using BillingDashboard.Data.Configurations;
using BillingDashboard.Domain.ApiKeys;
using BillingDashboard.Domain.Balance;
using BillingDashboard.Domain.Cards;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Coupons;
using BillingDashboard.Domain.CreditNotes;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Email;
using BillingDashboard.Domain.Events;
using BillingDashboard.Domain.Imports;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.PaymentMethods;
using BillingDashboard.Domain.Settings;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Domain.Webhooks;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Data;

public class BillingDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public BillingDbContext(DbContextOptions<BillingDbContext> options) : base(options)
    {
    }

    /// <summary>For <see cref="PostgreSql.PostgreSqlMigrationsContext"/>, which carries PostgreSQL's migrations.</summary>
    protected BillingDbContext(DbContextOptions options) : base(options)
    {
    }

    /// <summary>The keys behind session cookies and antiforgery tokens (Hosting/KeyRing.cs).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<CustomerSearchEntry> CustomerSearch => Set<CustomerSearchEntry>();

    public DbSet<TaxId> TaxIds => Set<TaxId>();

    public DbSet<TaxRate> TaxRates => Set<TaxRate>();

    public DbSet<Coupon> Coupons => Set<Coupon>();

    public DbSet<Discount> Discounts => Set<Discount>();

    public DbSet<CustomerBalanceTransaction> BalanceTransactions => Set<CustomerBalanceTransaction>();

    public DbSet<Source> Sources => Set<Source>();

    public DbSet<Charge> Charges => Set<Charge>();

    public DbSet<Refund> Refunds => Set<Refund>();

    public DbSet<PaymentMethod> PaymentMethods => Set<PaymentMethod>();

    public DbSet<CardToken> CardTokens => Set<CardToken>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    public DbSet<InvoiceItem> InvoiceItems => Set<InvoiceItem>();

    public DbSet<CreditNote> CreditNotes => Set<CreditNote>();

    /// <summary>Emails to customers, written with the change that caused them and delivered by Email/OutboxSender.</summary>
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// <summary>Every change, who made it and from where (Features/Events); written with the change, never changed.</summary>
    public DbSet<Event> Events => Set<Event>();

    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    /// <summary>Events on their way to webhook endpoints (Features/Webhooks/WebhookSender.cs), written with the event.</summary>
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<CustomerImport> CustomerImports => Set<CustomerImport>();

    public DbSet<SavedImportMapping> SavedImportMappings => Set<SavedImportMapping>();

    public DbSet<AccountSettings> AccountSettings => Set<AccountSettings>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Api.IdempotentRequest> IdempotentRequests => Set<Api.IdempotentRequest>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(BillingDbContext).Assembly);
        if (Database.IsNpgsql())
        {
            PostgreSql.PostgreSqlModel.Adapt(builder);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset columns; stored as UTC ticks they sort and index correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}
