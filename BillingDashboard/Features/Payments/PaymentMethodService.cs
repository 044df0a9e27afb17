using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Cards;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Events;
using BillingDashboard.Domain.PaymentMethods;
using BillingDashboard.Features.Events;
using BillingDashboard.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Payments;

/// <summary>
/// Payment methods (pm_…): created from a card, saved to customers, made a customer's invoice default. The rules
/// are <see cref="PaymentMethodRules"/>'; every change runs in a transaction that holds SQLite's write lock from
/// its first read. A documented test id (pm_card_visa) gives the customer a new payment method of its own on
/// each attach, as the hosted API does.
/// </summary>
public sealed class PaymentMethodService(IDbContextFactory<BillingDbContext> databases, CurrentOperator currentOperator, TimeProvider clock,
    IFingerprints fingerprints, EventLog events)
{
    public async Task<PaymentMethod> CreateAsync(CardInput card, BillingDetailsInput? billing, IReadOnlyDictionary<string, string?>? metadata,
        CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var errors = new List<FieldError>();
        var details = CardRules.Read(card, now, fingerprints, errors) ?? throw new ValidationFailedException(errors);
        var method = PaymentMethodRules.Create(ObjectIds.New(ObjectIds.PaymentMethod), now, details, billing, metadata);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.PaymentMethods.Add(method);
        await db.SaveChangesAsync(cancellationToken);
        return method;
    }

    public async Task<PaymentMethod> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.PaymentMethods.AsNoTracking().SingleOrDefaultAsync(method => method.Id == id, cancellationToken)
            ?? throw new NotFoundException("payment_method", id);
    }

    /// <summary>Newest first: one customer's, or with no customer, every payment method.</summary>
    public async Task<CursorPage<PaymentMethod>> ListPageAsync(string? customerId, ListCursor cursor, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var methods = db.PaymentMethods.AsNoTracking();
        if (customerId is not null)
        {
            await db.Customers.EnsureExistsAsync(customerId, cancellationToken);
            methods = methods.Where(method => method.CustomerId == customerId);
        }
        return await methods.PageAsync(db, cursor, "payment_method", cancellationToken);
    }

    /// <summary>The customer page's list: the customer's payment methods, newest first, at most as many as their sources.</summary>
    public async Task<IReadOnlyList<PaymentMethod>> ListCustomerMethodsAsync(string customerId, CancellationToken cancellationToken = default) =>
        (await ListPageAsync(customerId, new ListCursor(PaymentService.MaxListedSources), cancellationToken)).Rows;

    public async Task<PaymentMethod> UpdateAsync(string id, PaymentMethodUpdate update, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var method = await FindAsync(db, id, cancellationToken);
        var before = ApiObjects.PaymentMethod(method);
        PaymentMethodRules.ApplyUpdate(method, update, clock.GetUtcNow());
        if (events.Record(db, EventTypes.PaymentMethodUpdated, method.Id, method.CustomerId, ApiObjects.PaymentMethod(method), before))
        {
            method.Version++;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return method;
    }

    /// <summary>
    /// Whether the payment method could be attached to the customer now (null: one about to be created), the
    /// issuer's check included. Saves nothing: the customer API checks every step before taking the first.
    /// </summary>
    public async Task CheckAttachableAsync(string id, string? customerId, CancellationToken cancellationToken = default)
    {
        if (TestPaymentMethods.FindPaymentMethod(id) is { } test)
        {
            TestPaymentMethods.EnsureAcceptedOnAttach(test.Outcome);
            return;
        }
        var method = await GetAsync(id, cancellationToken);
        if (PaymentMethodRules.WhyNotAttachable(customerId, method) is { } why)
        {
            throw new RuleViolationException(why, "payment_method");
        }
        TestPaymentMethods.EnsureAcceptedOnAttach(method.TestOutcome);
    }

    public async Task<PaymentMethod> AttachAsync(string id, string customerId, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        return await InCustomerTransactionAsync(customerId, async (db, customer) =>
        {
            PaymentMethod method;
            if (TestPaymentMethods.FindPaymentMethod(id) is { } test)
            {
                var now = clock.GetUtcNow();
                method = PaymentMethodRules.Create(ObjectIds.New(ObjectIds.PaymentMethod), now, CardRules.ForTest(test, now, fingerprints), null, null);
                db.PaymentMethods.Add(method);
            }
            else
            {
                method = await FindAsync(db, id, cancellationToken);
                method.Version++;
            }
            PaymentMethodRules.Attach(customer, method);
            events.Record(db, EventTypes.PaymentMethodAttached, method.Id, customer.Id, ApiObjects.PaymentMethod(method));
            return method;
        }, cancellationToken);
    }

    public async Task<PaymentMethod> DetachAsync(string id, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var method = await FindAsync(db, id, cancellationToken);
        var customer = method.CustomerId is { } customerId
            ? await db.Customers.SingleAsync(candidate => candidate.Id == customerId, cancellationToken)
            : throw new RuleViolationException($"The payment method {id} is not attached to a customer.", "payment_method");
        PaymentMethodRules.Detach(customer, method, clock.GetUtcNow());
        method.Version++;
        events.Record(db, EventTypes.PaymentMethodDetached, method.Id, customer.Id, ApiObjects.PaymentMethod(method));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return method;
    }

    /// <summary>Whether the payment method could be the customer's invoice default now (empty: removing it); saves nothing.</summary>
    public async Task CheckInvoiceDefaultAsync(string customerId, string id, CancellationToken cancellationToken = default)
    {
        if (id.Length == 0)
        {
            return;
        }
        var method = await GetAsync(id, cancellationToken);
        if (method.CustomerId != customerId)
        {
            throw new RuleViolationException(PaymentMethodRules.NotAttachedTo(customerId, method), "invoice_settings[default_payment_method]");
        }
    }

    /// <summary>invoice_settings.default_payment_method; an empty id removes it.</summary>
    public async Task SetInvoiceDefaultAsync(string customerId, string id, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await InCustomerTransactionAsync(customerId, async (db, customer) =>
        {
            PaymentMethodRules.SetInvoiceDefault(customer, id.Length == 0 ? null : await FindAsync(db, id, cancellationToken));
            return customer;
        }, cancellationToken);
    }

    private Task<T> InCustomerTransactionAsync<T>(string customerId, Func<BillingDbContext, Customer, Task<T>> change, CancellationToken cancellationToken) =>
        CustomerTransaction.RunAsync(databases, customerId, change, cancellationToken);

    private static async Task<PaymentMethod> FindAsync(BillingDbContext db, string id, CancellationToken cancellationToken) =>
        await db.PaymentMethods.SingleOrDefaultAsync(method => method.Id == id, cancellationToken)
            ?? throw new NotFoundException("payment_method", id);
}
