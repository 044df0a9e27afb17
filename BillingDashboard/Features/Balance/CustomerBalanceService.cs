using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Balance;
using BillingDashboard.Domain.Events;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Events;
using BillingDashboard.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Balance;

/// <summary>A page of a customer's ledger, newest first.</summary>
public sealed record BalanceTransactionPage(IReadOnlyList<CustomerBalanceTransaction> Entries, bool HasMore);

/// <summary>
/// The customer credit balance: a ledger of immutable entries whose sum is the customer's balance. The entry and
/// the new balance are written in one transaction that holds SQLite's write lock from its first read, so two
/// adjustments at once are applied one after the other and neither is lost.
/// </summary>
public sealed class CustomerBalanceService(IDbContextFactory<BillingDbContext> databases, CurrentOperator currentOperator, EventLog events, TimeProvider clock)
{
    public async Task<BalanceTransactionPage> ListAsync(string customerId, int limit = 20, long? olderThanSequence = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var entries = db.BalanceTransactions.AsNoTracking().Where(entry => entry.CustomerId == customerId);
        if (olderThanSequence is { } older)
        {
            entries = entries.Where(entry => entry.Sequence < older);
        }
        var page = await entries.OrderByDescending(entry => entry.Sequence).Take(limit + 1).ToListAsync(cancellationToken);
        return new BalanceTransactionPage(page.Count > limit ? page[..limit] : page, page.Count > limit);
    }

    /// <summary>The API's list of a customer's ledger, newest first, by cursor.</summary>
    public async Task<CursorPage<CustomerBalanceTransaction>> ListPageAsync(string customerId, ListCursor cursor, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Customers.EnsureExistsAsync(customerId, cancellationToken);
        return await db.BalanceTransactions.AsNoTracking().Where(entry => entry.CustomerId == customerId)
            .PageAsync(db, cursor, "customer_balance_transaction", cancellationToken);
    }

    public async Task<CustomerBalanceTransaction> GetAsync(string customerId, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.BalanceTransactions.AsNoTracking().SingleOrDefaultAsync(entry => entry.Id == id && entry.CustomerId == customerId, cancellationToken)
            ?? throw new NotFoundException("customer_balance_transaction", id);
    }

    /// <param name="amount">Minor units: negative credits the customer (they can spend it), positive is owed.</param>
    /// <param name="currencyCode">The first entry sets and locks the customer's currency; later ones must match it.</param>
    public async Task<CustomerBalanceTransaction> AdjustAsync(string customerId, long amount, string? currencyCode, string? description,
        CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var author = await currentOperator.GetNameAsync();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // Microsoft.Data.Sqlite begins transactions IMMEDIATE: the write lock is taken before the balance is read.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var customer = await db.Customers.SingleOrDefaultAsync(candidate => candidate.Id == customerId, cancellationToken)
            ?? throw new NotFoundException("customer", customerId);
        var discount = (await CustomerService.ActiveDiscountsAsync(db, [customerId], cancellationToken)).GetValueOrDefault(customerId);
        var before = ApiObjects.Customer(customer, discount);
        var currency = Currencies.Resolve(currencyCode, customer.Currency, BalanceRules.CurrencyRequiredMessage);
        BalanceRules.ValidateAdjustment(amount, description, customer.Balance);
        var entry = customer.RecordBalanceChange(BalanceTransactionType.Adjustment, amount, currency,
            string.IsNullOrWhiteSpace(description) ? null : description.Trim(), clock.GetUtcNow(), author);
        customer.Version++;
        db.BalanceTransactions.Add(entry);
        BalanceEvents.Record(events, db, entry);
        events.Record(db, EventTypes.CustomerUpdated, customerId, customerId, ApiObjects.Customer(customer, discount), before);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return entry;
    }
}
