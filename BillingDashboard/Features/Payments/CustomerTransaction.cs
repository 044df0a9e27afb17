using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Payments;

/// <summary>
/// A change to a customer's payment methods: it runs on the live customer under SQLite's write lock (taken by the
/// transaction's first read) and is saved whole. The customer's version is left alone: the default source and the
/// invoice default payment method are not what the profile editors change, and EF Core writes only the columns
/// that changed, so neither side overwrites the other.
/// </summary>
internal static class CustomerTransaction
{
    public static async Task<T> RunAsync<T>(IDbContextFactory<BillingDbContext> databases, string customerId,
        Func<BillingDbContext, Customer, Task<T>> change, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var customer = await db.Customers.SingleOrDefaultAsync(candidate => candidate.Id == customerId, cancellationToken)
            ?? throw new NotFoundException("customer", customerId);
        var result = await change(db, customer);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
