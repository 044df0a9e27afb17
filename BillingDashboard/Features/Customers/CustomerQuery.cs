using System.Globalization;
using BillingDashboard.Components.Shared;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using Microsoft.AspNetCore.WebUtilities;

namespace BillingDashboard.Features.Customers;

public enum CustomerSort
{
    Newest,
    Oldest,
    NameAscending,
    NameDescending,
    EmailAscending,
    EmailDescending,
}

/// <summary>
/// What the Customers page shows: search, filters, sort and page. It round-trips through the URL's query string,
/// so a view can be bookmarked and the browser's Back returns to it; export uses the same filters.
/// </summary>
public sealed record CustomerQuery
{
    public static readonly IReadOnlyList<int> PageSizes = [25, 50, 100];

    /// <summary>Shorter searches match the start of a name or email; from this length on, anywhere in any searched field.</summary>
    public const int SubstringSearchMinimumLength = 3;

    /// <summary>Longer than any name, email or ID; a longer search is refused in the box and cut short in an address.</summary>
    public const int MaxSearchLength = 200;

    public string? Search { get; init; }

    public DateOnly? CreatedFrom { get; init; }

    public DateOnly? CreatedTo { get; init; }

    public string? Email { get; init; }

    public string? Currency { get; init; }

    public string? Country { get; init; }

    public TaxExempt? TaxExempt { get; init; }

    public bool? HasBalance { get; init; }

    public bool? HasTaxId { get; init; }

    public CustomerSort Sort { get; init; } = CustomerSort.Newest;

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 25;

    public bool HasFilters => Search is not null || CreatedFrom is not null || CreatedTo is not null || Email is not null
        || Currency is not null || Country is not null || TaxExempt is not null || HasBalance is not null || HasTaxId is not null;

    /// <summary>A search and nothing else, newest first: the Customers page's commonest question, and the invoice picker's only one.</summary>
    public bool IsSearchOnly => Search is not null && (this with { Search = null, Page = 1, PageSize = 25 }) == new CustomerQuery();

    /// <summary>The filters as removable chips: a label, and the query without that filter.</summary>
    public IEnumerable<(string Label, CustomerQuery Without)> Chips()
    {
        var firstPage = this with { Page = 1 };
        if (Search is not null)
        {
            yield return ($"Search: {Search}", firstPage with { Search = null });
        }
        if (CreatedFrom is not null || CreatedTo is not null)
        {
            yield return ($"Created: {DateInputs.RangeLabel(CreatedFrom, CreatedTo)}", firstPage with { CreatedFrom = null, CreatedTo = null });
        }
        if (Email is not null)
        {
            yield return ($"Email: {Email}", firstPage with { Email = null });
        }
        if (Currency is not null)
        {
            yield return ($"Currency: {Currency.ToUpperInvariant()}", firstPage with { Currency = null });
        }
        if (Country is not null)
        {
            yield return ($"Country: {Countries.NameOf(Country)}", firstPage with { Country = null });
        }
        if (TaxExempt is { } taxExempt)
        {
            yield return ($"Tax status: {taxExempt.ToApiValue()}", firstPage with { TaxExempt = null });
        }
        if (HasBalance is { } hasBalance)
        {
            yield return (hasBalance ? "Has a balance" : "No balance", firstPage with { HasBalance = null });
        }
        if (HasTaxId is { } hasTaxId)
        {
            yield return (hasTaxId ? "Has a tax ID" : "No tax ID", firstPage with { HasTaxId = null });
        }
    }

    public string ToQueryString()
    {
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["q"] = Search,
            ["created_from"] = DateInputs.Value(CreatedFrom),
            ["created_to"] = DateInputs.Value(CreatedTo),
            ["email"] = Email,
            ["currency"] = Currency,
            ["country"] = Country,
            ["tax_exempt"] = TaxExempt?.ToApiValue(),
            ["has_balance"] = HasBalance is { } hasBalance ? (hasBalance ? "true" : "false") : null,
            ["has_tax_id"] = HasTaxId is { } hasTaxId ? (hasTaxId ? "true" : "false") : null,
            ["sort"] = Sort == CustomerSort.Newest ? null : SortNames[Sort],
            ["page"] = Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture),
            ["size"] = PageSize == 25 ? null : PageSize.ToString(CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString("", parameters.Where(pair => pair.Value is not null)!);
    }

    /// <summary>Reads a query string; anything unreadable is ignored rather than failing the page.</summary>
    public static CustomerQuery Parse(string? queryString)
    {
        var values = QueryHelpers.ParseQuery(queryString);
        string? Text(string name) => values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString().Trim() : null;
        DateOnly? Date(string name) => DateInputs.Parse(Text(name));
        int Number(string name, int fallback) =>
            int.TryParse(Text(name), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : fallback;

        var pageSize = Number("size", 25);
        return new CustomerQuery
        {
            Search = Text("q") is { Length: > MaxSearchLength } search ? search[..MaxSearchLength] : Text("q"),
            CreatedFrom = Date("created_from"),
            CreatedTo = Date("created_to"),
            Email = Text("email"),
            Currency = Text("currency")?.ToLowerInvariant() is { } currency && Currencies.TryFind(currency, out _) ? currency : null,
            Country = Text("country")?.ToUpperInvariant() is { } country && Countries.IsValid(country) ? country : null,
            TaxExempt = Text("tax_exempt") is { } taxExempt && CustomerRules.TryParseTaxExempt(taxExempt, out var parsed) ? parsed : null,
            HasBalance = Text("has_balance") switch { "true" => true, "false" => false, _ => null },
            HasTaxId = Text("has_tax_id") switch { "true" => true, "false" => false, _ => null },
            Sort = SortNames.FirstOrDefault(pair => pair.Value == Text("sort")).Key,
            Page = Math.Min(Number("page", 1), 1_000_000),
            PageSize = PageSizes.Contains(pageSize) ? pageSize : 25,
        };
    }

    private static readonly IReadOnlyDictionary<CustomerSort, string> SortNames = new Dictionary<CustomerSort, string>
    {
        [CustomerSort.Newest] = "newest",
        [CustomerSort.Oldest] = "oldest",
        [CustomerSort.NameAscending] = "name",
        [CustomerSort.NameDescending] = "-name",
        [CustomerSort.EmailAscending] = "email",
        [CustomerSort.EmailDescending] = "-email",
    };
}
