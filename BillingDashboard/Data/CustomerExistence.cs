using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Data;

public static class CustomerExistence
{
    /// <summary>
    /// Refuses a customer that doesn't exist (or was deleted) with "No such customer", so that the list of an
    /// unknown customer's tax IDs, sources or ledger is a 404 rather than an empty list that looks like an answer.
    /// </summary>
    public static async Task EnsureExistsAsync(this DbSet<Customer> customers, string customerId, CancellationToken cancellationToken)
    {
        if (!await customers.AnyAsync(customer => customer.Id == customerId, cancellationToken))
        {
            throw new NotFoundException("customer", customerId);
        }
    }
}
