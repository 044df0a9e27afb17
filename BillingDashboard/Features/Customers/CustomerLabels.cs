using BillingDashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Customers;

/// <summary>
/// How lists and pages of other objects (charges, sources, invoices) name their customers: the name, else the email,
/// else the id. Deleted customers too, since the history that points to them stays.
/// </summary>
public static class CustomerLabels
{
    public static Task<Dictionary<string, string>> LoadAsync(BillingDbContext db, IEnumerable<string> customerIds, CancellationToken cancellationToken)
    {
        var ids = customerIds.Distinct().ToList();
        return db.Customers.IgnoreQueryFilters().AsNoTracking()
            .Where(customer => ids.Contains(customer.Id))
            .Select(customer => new { customer.Id, Label = customer.Name ?? customer.Email ?? customer.Id })
            .ToDictionaryAsync(customer => customer.Id, customer => customer.Label, cancellationToken);
    }
}
