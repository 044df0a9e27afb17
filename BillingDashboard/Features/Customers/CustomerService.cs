using System.Linq.Expressions;
using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Coupons;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Events;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.Events;
using BillingDashboard.Features.TaxIds;
using BillingDashboard.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Customers;

public sealed record CustomerRow(string Id, string? Name, string? Email, string? Currency, DateTimeOffset Created, long Balance);

public sealed record CustomerList(IReadOnlyList<CustomerRow> Rows, bool HasMore);

/// <summary>How many customers match: exact up to <see cref="CustomerService.CountCap"/>, "more than" beyond.</summary>
public sealed record CustomerCount(int Count, bool IsExact);

/// <summary>
/// Customers: the one service behind the Customers page, the customer page and the API. Each call opens its own
/// short-lived DbContext; every change asks <see cref="CurrentOperator"/> first and goes through <see cref="CustomerRules"/>.
/// </summary>
public sealed class CustomerService(IDbContextFactory<BillingDbContext> databases, StoreWriter writer, CurrentOperator currentOperator, EventLog events,
    TimeProvider clock)
{
    /// <summary>What a list shows of a customer, read in the database.</summary>
    private static readonly Expression<Func<Customer, CustomerRow>> AsRow =
        customer => new CustomerRow(customer.Id, customer.Name, customer.Email, customer.Currency, customer.Created, customer.Balance);

    /// <summary>Counting stops here so that a count never takes seconds; beyond it the page says "more than".</summary>
    public const int CountCap = 10_000;

    /// <summary>
    /// A substring search's count stops sooner: its page is read newest first and stops after the page, but its
    /// count must find every match, and at a million customers ten thousand matches of three or four letters cost
    /// five times the page. Someone searching wants the customer, not the number of near misses.
    /// </summary>
    public const int SearchCountCap = 1_000;

    public async Task<CustomerList> ListAsync(CustomerQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await NewestMatchesAsync(db, query, cancellationToken) is { } newest)
        {
            return newest;
        }
        var rows = await db.Customers.AsNoTracking()
            .Filter(db, query)
            .Sort(query.Sort)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize + 1)
            .Select(AsRow)
            .ToListAsync(cancellationToken);
        var hasMore = rows.Count > query.PageSize;
        return new CustomerList(hasMore ? rows[..query.PageSize] : rows, hasMore);
    }

    /// <summary>How far the newest matches are read straight from the search index; deeper pages take the general query.</summary>
    private const int NewestMatchesDepth = 1_000;

    /// <summary>
    /// A substring search alone, newest first (<see cref="CustomerQuery.IsSearchOnly"/>), read newest first from the
    /// search index (<see cref="CustomerFilters.NewestSearchMatchesAsync"/>) and stopping after the page, where the general query sorts every
    /// match (a three-letter search over a million customers matches tens of thousands: 280 ms at p95, against a few
    /// here). Null when the question is another, or when deleted customers thinned the matches read so much that
    /// only the general query can tell the page.
    /// </summary>
    private static async Task<CustomerList?> NewestMatchesAsync(BillingDbContext db, CustomerQuery query, CancellationToken cancellationToken)
    {
        var wanted = query.Page * query.PageSize + 1;
        if (!query.IsSearchOnly || !CustomerFilters.IsSubstringSearch(query.Search!) || wanted > NewestMatchesDepth)
        {
            return null;
        }
        var limit = wanted * 2 + 20;
        var rowIds = await CustomerFilters.NewestSearchMatchesAsync(db, query.Search!, limit, cancellationToken);
        var rows = await db.Customers.AsNoTracking().Where(customer => rowIds.Contains(customer.Sequence))
            .OrderByDescending(customer => customer.Sequence).Take(wanted)
            .Select(AsRow)
            .ToListAsync(cancellationToken);
        if (rows.Count < wanted && rowIds.Count == limit)
        {
            return null;
        }
        var page = rows.Skip((query.Page - 1) * query.PageSize).ToList();
        var hasMore = page.Count > query.PageSize;
        return new CustomerList(hasMore ? page[..query.PageSize] : page, hasMore);
    }

    /// <summary>
    /// The API's list: newest first, a page after (older than) or before (newer than) a customer, by exact email and
    /// created range. Cursors are row numbers, so every page is an index seek.
    /// </summary>
    public async Task<CursorPage<Customer>> ListPageAsync(ListCursor cursor, string? email, DateTimeOffset? createdFrom, DateTimeOffset? createdBefore,
        CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var customers = db.Customers.AsNoTracking();
        if (email is not null)
        {
            customers = customers.Where(customer => customer.Email == email);
        }
        if (createdFrom is { } from)
        {
            customers = customers.Where(customer => customer.Created >= from);
        }
        if (createdBefore is { } before)
        {
            customers = customers.Where(customer => customer.Created < before);
        }
        return await customers.PageAsync(db, cursor, "customer", cancellationToken);
    }

    public async Task<CustomerCount> CountAsync(CustomerQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (CustomerCounts.CanCount(db, query))
        {
            return new CustomerCount((int)Math.Min(await CustomerCounts.CountAsync(db, query, cancellationToken), int.MaxValue), IsExact: true);
        }
        // A substring search alone counts the search index's entries, which are live customers only, without
        // reading a customer row for each, and only up to SearchCountCap.
        var searchOnly = query.IsSearchOnly && CustomerFilters.IsSubstringSearch(query.Search!);
        var matches = searchOnly
            ? CustomerFilters.SearchMatches(db, query.Search!).Select(entry => entry.RowId)
            : db.Customers.Filter(db, query).Select(customer => customer.Sequence);
        var cap = searchOnly ? SearchCountCap : CountCap;
        var count = await matches.Take(cap + 1).CountAsync(cancellationToken);
        return count > cap ? new CustomerCount(cap, false) : new CustomerCount(count, true);
    }

    /// <summary>How a charge, source or invoice page names its customer (see <see cref="CustomerLabels"/>); null without a customer.</summary>
    public async Task<string?> GetLabelAsync(string? id, CancellationToken cancellationToken = default)
    {
        if (id is null)
        {
            return null;
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return (await CustomerLabels.LoadAsync(db, [id], cancellationToken)).GetValueOrDefault(id);
    }

    public async Task<Customer> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Customers.AsNoTracking().SingleOrDefaultAsync(customer => customer.Id == id, cancellationToken)
            ?? throw new NotFoundException("customer", id);
    }

    /// <summary>
    /// A customer with its current discount and the discount's coupon, as GET /v1/customers/{id} answers it: one
    /// statement (a left join), compiled once, because this is the API's most frequent read.
    /// </summary>
    public async Task<(Customer Customer, Discount? Discount)> GetWithDiscountAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // A compiled query belongs to one model, and each store has its own (one process may hold both: the tests).
        var query = db.Database.IsNpgsql() ? CustomerWithDiscountOnPostgreSql : CustomerWithDiscountOnSqlite;
        var found = await query(db, id, cancellationToken) ?? throw new NotFoundException("customer", id);
        return (found.Customer, found.Discount);
    }

    private sealed record CustomerWithDiscount(Customer Customer, Discount? Discount);

    private static readonly Func<BillingDbContext, string, CancellationToken, Task<CustomerWithDiscount?>> CustomerWithDiscountOnSqlite = CompileCustomerWithDiscount();

    private static readonly Func<BillingDbContext, string, CancellationToken, Task<CustomerWithDiscount?>> CustomerWithDiscountOnPostgreSql = CompileCustomerWithDiscount();

    private static Func<BillingDbContext, string, CancellationToken, Task<CustomerWithDiscount?>> CompileCustomerWithDiscount() =>
        EF.CompileAsyncQuery((BillingDbContext db, string id, CancellationToken _) => (
            from customer in db.Customers.AsNoTracking()
            where customer.Id == id
            from discount in db.Discounts.Include(discount => discount.Coupon)
                .Where(discount => discount.CustomerId == customer.Id && discount.RemovedAt == null).DefaultIfEmpty()
            select new CustomerWithDiscount(customer, discount))
            .FirstOrDefault());

    /// <summary>"Verify that the customer doesn't already exist": live customers with this email, whatever its case.</summary>
    public async Task<IReadOnlyList<CustomerRow>> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        var trimmed = email.Trim();
        if (trimmed.Length == 0)
        {
            return [];
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Customers.AsNoTracking()
            .Where(customer => customer.Email == trimmed)
            .OrderByDescending(customer => customer.Sequence)
            .Take(10)
            .Select(AsRow)
            .ToListAsync(cancellationToken);
    }

    /// <param name="requireNameAndEmail">The dashboard's add dialog asks for both at a minimum; the API asks for neither.</param>
    public async Task<Customer> CreateAsync(CustomerInput input, bool requireNameAndEmail, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        if (requireNameAndEmail)
        {
            var missing = new List<FieldError>();
            if (string.IsNullOrWhiteSpace(input.Name))
            {
                missing.Add(new FieldError("name", "Enter the customer's name."));
            }
            if (string.IsNullOrWhiteSpace(input.Email))
            {
                missing.Add(new FieldError("email", "Enter the customer's account email."));
            }
            if (missing.Count > 0)
            {
                throw new ValidationFailedException(missing);
            }
        }

        var taxIds = input.TaxIds is { Count: > 0 } ? TaxIdRules.ValidateAdditions(input.TaxIds, []) : [];
        return await writer.WriteAsync(async (db, token) =>
        {
            var customer = new Customer
            {
                Id = ObjectIds.New(ObjectIds.Customer),
                Created = clock.GetUtcNow(),
                InvoicePrefix = await NewUniqueInvoicePrefixAsync(db, token),
            };
            CustomerRules.Apply(customer, input);
            if (input.InvoicePrefix is not null)
            {
                // A prefix of the caller's own; the one made above was checked as it was made.
                await RequireUniqueInvoicePrefixAsync(db, customer, token);
            }
            db.Customers.Add(customer);
            var addedTaxIds = taxIds.Select(taxId => TaxIdService.NewTaxId(customer.Id, taxId, customer.Created)).ToList();
            db.TaxIds.AddRange(addedTaxIds);
            // A new customer has no discount yet: a coupon given with it is applied afterwards, and has its own event.
            events.Record(db, EventTypes.CustomerCreated, customer.Id, customer.Id, ApiObjects.Customer(customer));
            foreach (var taxId in addedTaxIds)
            {
                events.Record(db, EventTypes.TaxIdCreated, taxId.Id, customer.Id, ApiObjects.TaxId(taxId));
            }
            await SaveAsync(db, token);
            return customer;
        }, cancellationToken);
    }

    /// <param name="expectedVersion">The version the editor read; a newer one in the store means someone else saved first.</param>
    public async Task<Customer> UpdateAsync(string id, CustomerInput input, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        return await writer.WriteAsync(async (db, token) =>
        {
            var customer = await FindForUpdateAsync(db, id, expectedVersion, token);
            var discount = await ActiveDiscountsAsync(db, [id], token);
            var before = ApiObjects.Customer(customer, discount.GetValueOrDefault(id));
            await ApplyUpdateAsync(db, customer, input, token);
            if (events.Record(db, EventTypes.CustomerUpdated, customer.Id, customer.Id, ApiObjects.Customer(customer, discount.GetValueOrDefault(id)), before))
            {
                customer.Version++;
            }
            await SaveAsync(db, token, customer.Id);
            return customer;
        }, cancellationToken);
    }

    /// <summary>
    /// Whether <see cref="UpdateAsync"/> would accept this input now, saving nothing: the API checks the profile
    /// before it changes the customer's sources, so one request is refused whole rather than half applied.
    /// </summary>
    public async Task CheckUpdateAsync(string id, CustomerInput input, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await ApplyUpdateAsync(db, await FindForUpdateAsync(db, id, expectedVersion: null, cancellationToken), input, cancellationToken);
    }

    private static async Task<Customer> FindForUpdateAsync(BillingDbContext db, string id, int? expectedVersion, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.SingleOrDefaultAsync(candidate => candidate.Id == id, cancellationToken)
            ?? throw new NotFoundException("customer", id);
        return expectedVersion is { } expected && expected != customer.Version ? throw ConflictFor(customer.Id) : customer;
    }

    private static async Task ApplyUpdateAsync(BillingDbContext db, Customer customer, CustomerInput input, CancellationToken cancellationToken)
    {
        CustomerRules.Apply(customer, input);
        if (input.InvoicePrefix is not null)
        {
            await RequireUniqueInvoicePrefixAsync(db, customer, cancellationToken);
        }
    }

    /// <summary>The current discounts of these customers, with their coupons: what the API shows of a customer in its events.</summary>
    internal static async Task<Dictionary<string, Discount>> ActiveDiscountsAsync(BillingDbContext db, IReadOnlyCollection<string> customerIds,
        CancellationToken cancellationToken) =>
        await db.Discounts.AsNoTracking().Include(discount => discount.Coupon)
            .Where(discount => customerIds.Contains(discount.CustomerId) && discount.RemovedAt == null)
            .ToDictionaryAsync(discount => discount.CustomerId, cancellationToken);

    /// <summary>
    /// Removes the customer from lists, search and the API. The row stays (marked deleted) so that charges and
    /// invoices that name it keep their history; invoices carry their own snapshot of the customer anyway.
    /// </summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (await DeleteManyAsync([id], cancellationToken) == 0)
        {
            throw new NotFoundException("customer", id);
        }
    }

    /// <returns>How many customers were deleted (ids already deleted or unknown are skipped).</returns>
    public async Task<int> DeleteManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }
        var now = clock.GetUtcNow();
        return await writer.WriteAsync(async (db, token) =>
        {
            // Read rather than updated in one statement: each deletion's event holds the customer as it was.
            var customers = await db.Customers.Where(customer => ids.Contains(customer.Id)).ToListAsync(token);
            var discounts = await ActiveDiscountsAsync(db, ids, token);
            foreach (var customer in customers)
            {
                events.Record(db, EventTypes.CustomerDeleted, customer.Id, customer.Id, ApiObjects.Customer(customer, discounts.GetValueOrDefault(customer.Id)));
                customer.DeletedAt = now;
                customer.Version++;
            }
            await SaveAsync(db, token);
            return customers.Count;
        }, cancellationToken);
    }

    private static async Task<string> NewUniqueInvoicePrefixAsync(BillingDbContext db, CancellationToken cancellationToken)
    {
        while (true)
        {
            var prefix = CustomerRules.NewInvoicePrefix();
            if (!await db.Customers.IgnoreQueryFilters().AnyAsync(customer => customer.InvoicePrefix == prefix, cancellationToken))
            {
                return prefix;
            }
        }
    }

    private static async Task RequireUniqueInvoicePrefixAsync(BillingDbContext db, Customer customer, CancellationToken cancellationToken)
    {
        var owner = await db.Customers.IgnoreQueryFilters()
            .Where(other => other.InvoicePrefix == customer.InvoicePrefix && other.Id != customer.Id)
            .Select(other => other.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (owner is not null)
        {
            throw new ValidationFailedException([new FieldError("invoice_prefix",
                $"The invoice prefix {customer.InvoicePrefix} is already used by customer {owner}; prefixes keep invoice numbers unique.")]);
        }
    }

    private static async Task SaveAsync(BillingDbContext db, CancellationToken cancellationToken, string? customerId = null)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw ConflictFor(customerId ?? "");
        }
        catch (DbUpdateException failure) when (StoreErrors.IsUniqueViolation(failure))
        {
            // A unique index caught what the checks above raced with (two saves at once).
            throw new ValidationFailedException([new FieldError("invoice_prefix", "That invoice prefix was just taken by another customer; choose another.")]);
        }
    }

    private static ConcurrencyConflictException ConflictFor(string customerId) => new(
        $"Someone else changed customer {customerId} while you were editing. Nothing was saved: reload to see their changes, then make yours again.");
}
