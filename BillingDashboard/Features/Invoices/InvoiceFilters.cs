using BillingDashboard.Components.Shared;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Invoices;

/// <summary>
/// The Invoices page's search and filters as a database query, shared by the page and its export. A search finds
/// an invoice by the start of its number or its id, or the invoices of the customers the Customers page's search
/// finds (the newest <see cref="MaxCustomersSearched"/> of them, so a search as wide as one letter stays quick).
/// </summary>
public static class InvoiceFilters
{
    public const int MaxCustomersSearched = 200;

    public static IQueryable<Invoice> Filter(this IQueryable<Invoice> invoices, BillingDbContext db, InvoiceQuery query, DateTimeOffset now)
    {
        if (query.Search is { } search)
        {
            if (ObjectIds.HasPrefix(search, ObjectIds.Invoice))
            {
                invoices = invoices.Where(invoice => invoice.Id == search);
            }
            else
            {
                // Numbers are upper case ("A1B2C3D4-0001"); a prefix range uses the index on Number.
                var from = search.ToUpperInvariant();
                var until = from + char.MaxValue;
                var customers = db.Customers.AsNoTracking().Filter(db, new CustomerQuery { Search = search })
                    .OrderByDescending(customer => customer.Sequence).Select(customer => customer.Id).Take(MaxCustomersSearched);
                invoices = invoices.Where(invoice => (invoice.Number != null && invoice.Number.CompareTo(from) >= 0 && invoice.Number.CompareTo(until) < 0)
                    || customers.Contains(invoice.CustomerId));
            }
        }
        if (query.Status is { } status)
        {
            invoices = invoices.Where(invoice => invoice.Status == status);
        }
        if (query.Currency is { } currency)
        {
            invoices = invoices.Where(invoice => invoice.Currency == currency);
        }
        if (StartOf(query.CreatedFrom) is { } createdFrom)
        {
            invoices = invoices.Where(invoice => invoice.Created >= createdFrom);
        }
        if (EndOf(query.CreatedTo) is { } createdBefore)
        {
            invoices = invoices.Where(invoice => invoice.Created < createdBefore);
        }
        if (StartOf(query.DueFrom) is { } dueFrom)
        {
            invoices = invoices.Where(invoice => invoice.FinalizedAt != null && invoice.DueDate >= dueFrom);
        }
        if (EndOf(query.DueTo) is { } dueBefore)
        {
            invoices = invoices.Where(invoice => invoice.FinalizedAt != null && invoice.DueDate < dueBefore);
        }
        if (query.Overdue)
        {
            invoices = invoices.Where(invoice => invoice.Status == InvoiceStatus.Open && invoice.DueDate < now);
        }
        return invoices;
    }

    private static DateTimeOffset? StartOf(DateOnly? day) => day is { } date ? DateInputs.StartOfDay(date) : null;

    private static DateTimeOffset? EndOf(DateOnly? day) => day is { } date ? DateInputs.EndOfDay(date) : null;
}
