using System.Globalization;
using BillingDashboard.Components.Shared;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Features.Customers;
using Microsoft.AspNetCore.WebUtilities;

namespace BillingDashboard.Features.Invoices;

/// <summary>
/// What the Invoices page shows: a search (an invoice number, or a customer's name or email), filters and a page.
/// It round-trips through the URL's query string, as the Customers page's does, so a view can be bookmarked.
/// </summary>
public sealed record InvoiceQuery
{
    public const int PageSize = 25;

    public string? Search { get; init; }

    public InvoiceStatus? Status { get; init; }

    public string? Currency { get; init; }

    public DateOnly? CreatedFrom { get; init; }

    public DateOnly? CreatedTo { get; init; }

    public DateOnly? DueFrom { get; init; }

    public DateOnly? DueTo { get; init; }

    /// <summary>Open, and past its due date.</summary>
    public bool Overdue { get; init; }

    public int Page { get; init; } = 1;

    public bool HasFilters => Search is not null || Status is not null || Currency is not null || CreatedFrom is not null || CreatedTo is not null
        || DueFrom is not null || DueTo is not null || Overdue;

    /// <summary>The filters as removable chips: a label, and the query without that filter.</summary>
    public IEnumerable<(string Label, InvoiceQuery Without)> Chips()
    {
        var firstPage = this with { Page = 1 };
        if (Search is not null)
        {
            yield return ($"Search: {Search}", firstPage with { Search = null });
        }
        if (Status is { } status)
        {
            yield return ($"Status: {status.ToApiValue()}", firstPage with { Status = null });
        }
        if (Currency is not null)
        {
            yield return ($"Currency: {Currency.ToUpperInvariant()}", firstPage with { Currency = null });
        }
        if (CreatedFrom is not null || CreatedTo is not null)
        {
            yield return ($"Created: {DateInputs.RangeLabel(CreatedFrom, CreatedTo)}", firstPage with { CreatedFrom = null, CreatedTo = null });
        }
        if (DueFrom is not null || DueTo is not null)
        {
            yield return ($"Due: {DateInputs.RangeLabel(DueFrom, DueTo)}", firstPage with { DueFrom = null, DueTo = null });
        }
        if (Overdue)
        {
            yield return ("Overdue", firstPage with { Overdue = false });
        }
    }

    public string ToQueryString()
    {
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["q"] = Search,
            ["status"] = Status?.ToApiValue(),
            ["currency"] = Currency,
            ["created_from"] = DateInputs.Value(CreatedFrom),
            ["created_to"] = DateInputs.Value(CreatedTo),
            ["due_from"] = DateInputs.Value(DueFrom),
            ["due_to"] = DateInputs.Value(DueTo),
            ["overdue"] = Overdue ? "true" : null,
            ["page"] = Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString("", parameters.Where(pair => pair.Value is not null)!);
    }

    /// <summary>Reads a query string; anything unreadable is ignored rather than failing the page.</summary>
    public static InvoiceQuery Parse(string? queryString)
    {
        var values = QueryHelpers.ParseQuery(queryString);
        string? Text(string name) => values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString().Trim() : null;
        return new InvoiceQuery
        {
            Search = Text("q") is { Length: > CustomerQuery.MaxSearchLength } search ? search[..CustomerQuery.MaxSearchLength] : Text("q"),
            Status = InvoiceStateMachine.FromApiValue(Text("status")),
            Currency = Text("currency")?.ToLowerInvariant() is { } currency && Currencies.TryFind(currency, out _) ? currency : null,
            CreatedFrom = DateInputs.Parse(Text("created_from")),
            CreatedTo = DateInputs.Parse(Text("created_to")),
            DueFrom = DateInputs.Parse(Text("due_from")),
            DueTo = DateInputs.Parse(Text("due_to")),
            Overdue = Text("overdue") == "true",
            Page = int.TryParse(Text("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? Math.Min(page, 1_000_000) : 1,
        };
    }
}
