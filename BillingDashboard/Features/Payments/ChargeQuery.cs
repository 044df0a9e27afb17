using System.Globalization;
using BillingDashboard.Components.Shared;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Customers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Payments;

/// <summary>A page of charges, newest first; whether there is a next page; the names (or emails) of the customers on it.</summary>
public sealed record ChargeList(IReadOnlyList<Charge> Rows, bool HasMore, IReadOnlyDictionary<string, string> CustomerNames)
{
    public string? CustomerName(Charge charge) => charge.CustomerId is { } id && CustomerNames.TryGetValue(id, out var name) ? name : null;
}

/// <summary>
/// What the Payments page shows: its filters and page, as they appear in the URL (so Back and shared links work),
/// and as SQL. Every filter is served by an index ending in the charge's creation time, newest first.
/// </summary>
public sealed record ChargeQuery
{
    public const int DefaultPageSize = 25;

    /// <summary>A customer id (cus_…) or a customer's exact email.</summary>
    public string? Customer { get; init; }

    public ChargeStatus? Status { get; init; }

    /// <summary>The charges of one source (its page); not part of the Payments page's URL.</summary>
    public string? SourceId { get; init; }

    /// <summary>Lower-case ISO 4217.</summary>
    public string? Currency { get; init; }

    /// <summary>First day included, UTC.</summary>
    public DateOnly? CreatedFrom { get; init; }

    /// <summary>Last day included, UTC.</summary>
    public DateOnly? CreatedTo { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = DefaultPageSize;

    public bool HasFilters => Customer is not null || Status is not null || Currency is not null || CreatedFrom is not null || CreatedTo is not null;

    /// <param name="customerIds">The customers the filter names, looked up beforehand by <see cref="CustomerIdsAsync"/>.</param>
    public IQueryable<Charge> Apply(IQueryable<Charge> charges, IReadOnlyList<string>? customerIds)
    {
        if (customerIds is [var only])
        {
            charges = charges.Where(charge => charge.CustomerId == only);
        }
        else if (customerIds is not null)
        {
            charges = charges.Where(charge => customerIds.Contains(charge.CustomerId!));
        }
        if (SourceId is { } sourceId)
        {
            charges = charges.Where(charge => charge.SourceId == sourceId);
        }
        if (Status is { } status)
        {
            charges = charges.Where(charge => charge.Status == status);
        }
        if (Currency is { } currency)
        {
            charges = charges.Where(charge => charge.Currency == currency);
        }
        if (CreatedFrom is { } from)
        {
            var start = DateInputs.StartOfDay(from);
            charges = charges.Where(charge => charge.Created >= start);
        }
        if (CreatedTo is { } to)
        {
            var end = DateInputs.EndOfDay(to);
            charges = charges.Where(charge => charge.Created < end);
        }
        return charges;
    }

    /// <summary>
    /// The customer filter as ids: the id itself, or every live customer with the email (through the email index,
    /// which leaves deleted customers out: their charges are found by id); null for no filter.
    /// </summary>
    public async Task<IReadOnlyList<string>?> CustomerIdsAsync(IQueryable<Customer> customers, CancellationToken cancellationToken)
    {
        if (Customer is not { } customer)
        {
            return null;
        }
        if (ObjectIds.HasPrefix(customer, ObjectIds.Customer))
        {
            return [customer];
        }
        return await customers.Where(candidate => candidate.Email == customer).Select(candidate => candidate.Id).ToListAsync(cancellationToken);
    }

    public string ToQueryString()
    {
        var parameters = new Dictionary<string, string?>
        {
            ["customer"] = Customer,
            ["status"] = Status?.ToApiValue(),
            ["currency"] = Currency,
            ["created_from"] = CreatedFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["created_to"] = CreatedTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["page"] = Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null,
        };
        return QueryHelpers.AddQueryString("", parameters.Where(pair => pair.Value is not null)!);
    }

    public static ChargeQuery Parse(string? queryString)
    {
        var values = QueryHelpers.ParseQuery(queryString);
        string? Text(string name) => values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString().Trim() : null;
        DateOnly? Date(string name) =>
            DateOnly.TryParseExact(Text(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
        return new ChargeQuery
        {
            Customer = Text("customer"),
            Status = Text("status") switch { "succeeded" => ChargeStatus.Succeeded, "failed" => ChargeStatus.Failed, _ => null },
            Currency = Text("currency")?.ToLowerInvariant() is { } currency && Currencies.TryFind(currency, out _) ? currency : null,
            CreatedFrom = Date("created_from"),
            CreatedTo = Date("created_to"),
            Page = int.TryParse(Text("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? Math.Min(page, 1_000_000) : 1,
        };
    }
}
