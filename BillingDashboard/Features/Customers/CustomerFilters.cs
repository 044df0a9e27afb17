using BillingDashboard.Components.Shared;
using BillingDashboard.Data;
using BillingDashboard.Data.Configurations;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Customers;

/// <summary>
/// Turns a <see cref="CustomerQuery"/> into SQL: the one place where search, filters and sort meet the database,
/// shared by the page, the count and the export. Every predicate here is served by an index.
/// </summary>
public static class CustomerFilters
{
    public static IQueryable<Customer> Filter(this IQueryable<Customer> customers, BillingDbContext db, CustomerQuery query)
    {
        if (query.Search is { } search)
        {
            customers = ObjectIds.HasPrefix(search, ObjectIds.Customer) ? MatchIdStart(customers, search)
                : IsSubstringSearch(search) ? MatchAnywhere(customers, db, search)
                : MatchStart(customers, search);
        }
        if (query.Email is { } email)
        {
            customers = customers.Where(customer => customer.Email == email);
        }
        if (query.Currency is { } currency)
        {
            customers = customers.Where(customer => customer.Currency == currency);
        }
        if (query.Country is { } country)
        {
            customers = customers.Where(customer => customer.Address.Country == country);
        }
        if (query.TaxExempt is { } taxExempt)
        {
            customers = customers.Where(customer => customer.TaxExempt == taxExempt);
        }
        if (query.HasBalance is { } hasBalance)
        {
            customers = hasBalance
                ? customers.Where(customer => customer.Balance != 0)
                : customers.Where(customer => customer.Balance == 0);
        }
        if (query.HasTaxId is { } hasTaxId)
        {
            customers = hasTaxId
                ? customers.Where(customer => customer.TaxIdCount > 0)
                : customers.Where(customer => customer.TaxIdCount == 0);
        }
        if (query.CreatedFrom is { } from)
        {
            var start = DateInputs.StartOfDay(from);
            customers = customers.Where(customer => customer.Created >= start);
        }
        if (query.CreatedTo is { } to)
        {
            var end = DateInputs.EndOfDay(to);
            customers = customers.Where(customer => customer.Created < end);
        }
        return customers;
    }

    public static IQueryable<Customer> Sort(this IQueryable<Customer> customers, CustomerSort sort) => sort switch
    {
        CustomerSort.Newest => customers.OrderByDescending(customer => customer.Sequence),
        CustomerSort.Oldest => customers.OrderBy(customer => customer.Sequence),
        CustomerSort.NameAscending => customers.OrderBy(customer => customer.Name).ThenBy(customer => customer.Sequence),
        CustomerSort.NameDescending => customers.OrderByDescending(customer => customer.Name).ThenByDescending(customer => customer.Sequence),
        CustomerSort.EmailAscending => customers.OrderBy(customer => customer.Email).ThenBy(customer => customer.Sequence),
        CustomerSort.EmailDescending => customers.OrderByDescending(customer => customer.Email).ThenByDescending(customer => customer.Sequence),
    };

    /// <summary>Substring anywhere in name, email, phone, description or a metadata value, through the trigram index.</summary>
    private static IQueryable<Customer> MatchAnywhere(IQueryable<Customer> customers, BillingDbContext db, string search) =>
        customers.Join(SearchMatches(db, search), customer => customer.Sequence, entry => entry.RowId, (customer, entry) => customer);

    /// <summary>Whether a search is a substring search, through the trigram index (rather than an id's or a name's start).</summary>
    public static bool IsSubstringSearch(string search) =>
        !ObjectIds.HasPrefix(search, ObjectIds.Customer) && search.Length >= CustomerQuery.SubstringSearchMinimumLength;

    /// <summary>How many of the newest search entries PostgreSQL reads in row order first: a few milliseconds' worth.</summary>
    private const int FirstWindow = 5_000;

    /// <summary>
    /// What a match read through the trigram index costs, in entries read in row order: each match is a heap page
    /// visited out of order and its text checked again (about 4.5 µs at a million customers, against 1.5 µs for an
    /// entry read in row order).
    /// </summary>
    private const double IndexMatchCost = 3;

    /// <summary>
    /// The rowids (customer Sequences) of the newest <paramref name="limit"/> customers whose search text holds
    /// <paramref name="search"/>, newest first. SQLite's FTS5 reads its matches in row order and stops after the
    /// limit. PostgreSQL's trigram index gives its matches in no order, so all of them are read and sorted; and left
    /// to itself, its planner guesses how common a pattern is from a sample and may walk the whole table by row
    /// number for a rare one (370 ms for a Korean name at a million customers). So each step below is the planner's
    /// only choice, and the steps are chosen by what they will cost:
    /// <list type="number">
    /// <item>the newest <see cref="FirstWindow"/> entries, checked one by one, which holds a common pattern's page;</item>
    /// <item>if they held too few, their share of matches says how common the pattern is. Reading on in row order
    /// costs about <c>limit / share</c> entries, the trigram index about <c>share × entries</c> matches at
    /// <see cref="IndexMatchCost"/> entries each; the cheaper one runs (at ten million entries the crossing is a share
    /// near 0.2%, some 55,000 entries or 18,000 matches);</item>
    /// <item>the trigram index, if reading on still fell short.</item>
    /// </list>
    /// </summary>
    public static Task<List<long>> NewestSearchMatchesAsync(BillingDbContext db, string search, int limit, CancellationToken cancellationToken) =>
        NewestSearchMatchesAsync(db, search, limit, FirstWindow, cancellationToken);

    /// <summary>As above, with the first window's size given (the tests take each step at a size they can seed).</summary>
    internal static async Task<List<long>> NewestSearchMatchesAsync(BillingDbContext db, string search, int limit, int firstWindow,
        CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return await SearchMatches(db, search).OrderByDescending(entry => entry.RowId).Select(entry => entry.RowId).Take(limit).ToListAsync(cancellationToken);
        }
        // PostgreSQL's LIKE escapes with a backslash, and the trigram index understands escaped characters.
        var pattern = "%" + search.ToLowerInvariant().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal) + "%";
        var newest = await db.Database.SqlQuery<long?>($"""SELECT max("rowid") AS "Value" FROM "CustomerSearch" """).SingleAsync(cancellationToken) ?? 0;
        var matches = await MatchesInRowOrderAsync(db, pattern, newest - firstWindow, newest, limit, cancellationToken);
        if (matches.Count < limit && newest > firstWindow)
        {
            // A share guessed from a few matches: half as many entries again as it predicts, so that one read usually suffices.
            var share = Math.Max(matches.Count, 1) / (double)firstWindow;
            var entriesToRead = (long)Math.Ceiling((limit - matches.Count) / share * 1.5);
            if (entriesToRead < IndexMatchCost * share * newest)
            {
                matches.AddRange(await MatchesInRowOrderAsync(db, pattern, newest - firstWindow - entriesToRead, newest - firstWindow, limit - matches.Count,
                    cancellationToken));
            }
        }
        if (matches.Count == limit || newest <= firstWindow)
        {
            return matches;
        }
        // "+ 0": an order the primary key cannot give, so the planner reads the trigram index.
        return await db.Database.SqlQuery<long>($"""
            SELECT "rowid" AS "Value" FROM "CustomerSearch" WHERE "Text" LIKE {pattern} ORDER BY "rowid" + 0 DESC LIMIT {limit}
            """).ToListAsync(cancellationToken);
    }

    /// <summary>The matches among the entries after <paramref name="after"/> up to <paramref name="upTo"/>, newest first, checked one by one.</summary>
    private static Task<List<long>> MatchesInRowOrderAsync(BillingDbContext db, string pattern, long after, long upTo, int limit, CancellationToken cancellationToken) =>
        // OFFSET 0 keeps LIKE outside the subquery, so that the subquery can only be a walk of the primary key.
        db.Database.SqlQuery<long>($"""
            SELECT "Value" FROM (
              SELECT "rowid" AS "Value", "Text" FROM "CustomerSearch" WHERE "rowid" > {after} AND "rowid" <= {upTo} ORDER BY "rowid" DESC OFFSET 0) AS recent
            WHERE "Text" LIKE {pattern} ORDER BY "Value" DESC LIMIT {limit}
            """).ToListAsync(cancellationToken);

    /// <summary>The trigram index's entries (their rowid is the customer's Sequence) whose text holds <paramref name="search"/>.</summary>
    public static IQueryable<CustomerSearchEntry> SearchMatches(BillingDbContext db, string search)
    {
        // Lower-cased: SQLite's trigram LIKE ignores case by itself; PostgreSQL's index holds the text lower-cased.
        var lowered = search.ToLowerInvariant();
        var pattern = "%" + lowered + "%";
        var matches = db.CustomerSearch.Where(entry => EF.Functions.Like(entry.Text, pattern));
        if (search.Contains('%', StringComparison.Ordinal) || search.Contains('_', StringComparison.Ordinal))
        {
            // LIKE reads % and _ as wildcards; keep only rows that contain them literally.
            // Translated to SQL lower(); the culture analyzers cannot know this never runs in .NET.
#pragma warning disable CA1304, CA1311
            matches = matches.Where(entry => entry.Text.ToLower().Contains(lowered));
#pragma warning restore CA1304, CA1311
        }
        return matches;
    }

    /// <summary>
    /// A customer id, whole or its start ("cus_4fQ"), through the id's unique index. Ids are not in the trigram index:
    /// their random characters would make most of its size and build time, and nobody remembers the middle of an id.
    /// </summary>
    private static IQueryable<Customer> MatchIdStart(IQueryable<Customer> customers, string search)
    {
        var upperBound = search + "\uffff";
#pragma warning disable CA1309
        return customers.Where(customer => string.Compare(customer.Id, search) >= 0 && string.Compare(customer.Id, upperBound) < 0);
#pragma warning restore CA1309
    }

    /// <summary>One or two characters: the start of a name or an email, through their indexes.</summary>
    private static IQueryable<Customer> MatchStart(IQueryable<Customer> customers, string search)
    {
        var upperBound = search + "\uffff";
        // Translated to SQL >= and <, which compare with the columns' NOCASE collation and use their indexes.
#pragma warning disable CA1309
        return customers.Where(customer =>
            (string.Compare(customer.Name, search) >= 0 && string.Compare(customer.Name, upperBound) < 0)
            || (string.Compare(customer.Email, search) >= 0 && string.Compare(customer.Email, upperBound) < 0));
#pragma warning restore CA1309
    }
}
