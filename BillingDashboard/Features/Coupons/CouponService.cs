using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Coupons;
using BillingDashboard.Domain.Events;
using BillingDashboard.Features.Events;
using BillingDashboard.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Coupons;

public sealed record CouponList(IReadOnlyList<Coupon> Rows, bool HasMore);

/// <summary>
/// Coupons and the discounts made from them. Creating and editing go through <see cref="CouponRules"/>; applying
/// one to a customer checks it is still redeemable and counts the redemption in the same transaction, so
/// max_redemptions holds even when operators apply the last one at the same moment.
/// </summary>
public sealed class CouponService(IDbContextFactory<BillingDbContext> databases, CurrentOperator currentOperator, EventLog events, TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Newest first, paged in the database; deleted coupons only when asked for.</summary>
    public async Task<CouponList> ListAsync(int page, int pageSize, bool includeDeleted, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var coupons = db.Coupons.AsNoTracking();
        if (!includeDeleted)
        {
            coupons = coupons.Where(coupon => coupon.DeletedAt == null);
        }
        var rows = await coupons.OrderByDescending(coupon => coupon.Created).ThenBy(coupon => coupon.Id)
            .Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(cancellationToken);
        return new CouponList(rows.Count > pageSize ? rows[..pageSize] : rows, rows.Count > pageSize);
    }

    /// <summary>
    /// The API's list of coupons that can still be redeemed, newest first, by cursor. Coupon ids are chosen by
    /// operators, so the order is (created, id) rather than a row number.
    /// </summary>
    public async Task<CursorPage<Coupon>> ListPageAsync(ListCursor cursor, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var live = db.Coupons.AsNoTracking().Where(coupon => coupon.DeletedAt == null);
        // string.Compare becomes SQL's < and >, which SQLite's default BINARY collation evaluates ordinally.
#pragma warning disable CA1309
        async Task<Coupon> FindAsync(string id) =>
            await db.Coupons.AsNoTracking().SingleOrDefaultAsync(coupon => coupon.Id == id, cancellationToken) ?? throw new NotFoundException("coupon", id);
        if (cursor.EndingBefore is { } endingBefore)
        {
            var anchor = await FindAsync(endingBefore);
            var newer = await live.Where(coupon => coupon.Created > anchor.Created || (coupon.Created == anchor.Created && string.Compare(coupon.Id, anchor.Id) < 0))
                .OrderBy(coupon => coupon.Created).ThenByDescending(coupon => coupon.Id).Take(cursor.Limit + 1).ToListAsync(cancellationToken);
            return new CursorPage<Coupon>([.. newer.Take(cursor.Limit).Reverse()], newer.Count > cursor.Limit);
        }
        if (cursor.StartingAfter is { } startingAfter)
        {
            var anchor = await FindAsync(startingAfter);
            live = live.Where(coupon => coupon.Created < anchor.Created || (coupon.Created == anchor.Created && string.Compare(coupon.Id, anchor.Id) > 0));
        }
#pragma warning restore CA1309
        var rows = await live.OrderByDescending(coupon => coupon.Created).ThenBy(coupon => coupon.Id).Take(cursor.Limit + 1).ToListAsync(cancellationToken);
        return new CursorPage<Coupon>(rows.Count > cursor.Limit ? rows[..cursor.Limit] : rows, rows.Count > cursor.Limit);
    }

    /// <summary>Coupons an operator can apply now, for the customer page's picker.</summary>
    public async Task<IReadOnlyList<Coupon>> ListRedeemableAsync(string? customerCurrency, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var candidates = await db.Coupons.AsNoTracking()
            .Where(coupon => coupon.DeletedAt == null && (coupon.MaxRedemptions == null || coupon.TimesRedeemed < coupon.MaxRedemptions))
            .OrderByDescending(coupon => coupon.Created)
            .Take(500)
            .ToListAsync(cancellationToken);
        return candidates.Where(coupon => CouponRules.WhyNotRedeemable(coupon, now, customerCurrency) is null).ToList();
    }

    public async Task<Coupon> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Coupons.AsNoTracking().SingleOrDefaultAsync(coupon => coupon.Id == id, cancellationToken)
            ?? throw new NotFoundException("coupon", id);
    }

    public async Task<Coupon> CreateAsync(CouponInput input, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var coupon = CouponRules.Create(input, clock.GetUtcNow());
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.Coupons.AnyAsync(existing => existing.Id == coupon.Id, cancellationToken))
        {
            throw IdTaken(coupon.Id);
        }
        db.Coupons.Add(coupon);
        events.Record(db, EventTypes.CouponCreated, coupon.Id, null, ApiObjects.Coupon(coupon));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException failure) when (StoreErrors.IsUniqueViolation(failure))
        {
            throw IdTaken(coupon.Id);
        }
        return coupon;
    }

    /// <summary>Name and metadata only (see <see cref="CouponRules.Update"/>).</summary>
    public async Task<Coupon> UpdateAsync(string id, CouponInput input, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var coupon = await db.Coupons.SingleOrDefaultAsync(candidate => candidate.Id == id, cancellationToken)
            ?? throw new NotFoundException("coupon", id);
        if (expectedVersion is { } expected && expected != coupon.Version)
        {
            throw Conflict(id);
        }
        var before = ApiObjects.Coupon(coupon);
        CouponRules.Update(coupon, input);
        if (events.Record(db, EventTypes.CouponUpdated, coupon.Id, null, ApiObjects.Coupon(coupon), before))
        {
            coupon.Version++;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Conflict(id);
        }
        return coupon;
    }

    /// <summary>Stops new redemptions. Discounts already made from it stay, and so does the row they point to.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var coupon = await db.Coupons.SingleOrDefaultAsync(candidate => candidate.Id == id && candidate.DeletedAt == null, cancellationToken)
            ?? throw new NotFoundException("coupon", id);
        coupon.DeletedAt = clock.GetUtcNow();
        coupon.Version++;
        events.Record(db, EventTypes.CouponDeleted, coupon.Id, null, ApiObjects.Coupon(coupon));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Conflict(id);
        }
    }

    /// <summary>The customer's discount in force, with its coupon; null when there is none.</summary>
    public async Task<Discount?> GetCustomerDiscountAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Discounts.AsNoTracking().Include(discount => discount.Coupon)
            .SingleOrDefaultAsync(discount => discount.CustomerId == customerId && discount.RemovedAt == null, cancellationToken);
    }

    /// <summary>The current discounts of a page of customers, in one query, by customer id.</summary>
    public async Task<IReadOnlyDictionary<string, Discount>> GetCustomerDiscountsAsync(IReadOnlyCollection<string> customerIds,
        CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Discounts.AsNoTracking().Include(discount => discount.Coupon)
            .Where(discount => customerIds.Contains(discount.CustomerId) && discount.RemovedAt == null)
            .ToDictionaryAsync(discount => discount.CustomerId, cancellationToken);
    }

    /// <summary>Whether the coupon could be redeemed now in this currency (the customer's, or none yet), saving nothing.</summary>
    public async Task CheckRedeemableAsync(string couponId, string? currency, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var coupon = await db.Coupons.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == couponId, cancellationToken)
            ?? throw new NotFoundException("coupon", couponId);
        if (CouponRules.WhyNotRedeemable(coupon, clock.GetUtcNow(), currency) is { } reason)
        {
            throw new RuleViolationException(reason, "coupon");
        }
    }

    /// <summary>
    /// Gives the customer a discount from the coupon, replacing the one they had. Refused, with the reason, when the
    /// coupon is deleted, past its redeem_by, at its max_redemptions, or takes an amount off in another currency
    /// than the customer's.
    /// </summary>
    public async Task<Discount> ApplyToCustomerAsync(string customerId, string couponId, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // IMMEDIATE (Microsoft.Data.Sqlite's default): the redemption count read below can't change before the commit.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == customerId, cancellationToken)
            ?? throw new NotFoundException("customer", customerId);
        var coupon = await db.Coupons.SingleOrDefaultAsync(candidate => candidate.Id == couponId, cancellationToken)
            ?? throw new NotFoundException("coupon", couponId);
        var now = clock.GetUtcNow();
        if (CouponRules.WhyNotRedeemable(coupon, now, customer.Currency) is { } reason)
        {
            throw new RuleViolationException(reason, "coupon");
        }

        coupon.TimesRedeemed++;
        // Saved first: the ended discount must leave the customer's one place for a discount in force before the new one takes it.
        await EndDiscountsAsync(db, customerId, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var applied = new Discount
        {
            Id = ObjectIds.New(ObjectIds.Discount),
            CouponId = coupon.Id,
            CustomerId = customerId,
            Start = now,
            End = CouponRules.EndOf(coupon, now),
            Coupon = coupon,
        };
        db.Discounts.Add(applied);
        events.Record(db, EventTypes.DiscountCreated, applied.Id, customerId, ApiObjects.Discount(applied));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    /// <summary>Ends the customer's discount now; invoices already finalized keep what they were given.</summary>
    public async Task RemoveCustomerDiscountAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await EndDiscountsAsync(db, customerId, clock.GetUtcNow(), cancellationToken) == 0)
        {
            throw new RuleViolationException("This customer has no discount to remove.", "discount");
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Ends the customer's discount in force (there is one at most), each with its event; saves nothing.</summary>
    private async Task<int> EndDiscountsAsync(BillingDbContext db, string customerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ending = await db.Discounts.Include(discount => discount.Coupon)
            .Where(discount => discount.CustomerId == customerId && discount.RemovedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var discount in ending)
        {
            discount.RemovedAt = now;
            events.Record(db, EventTypes.DiscountDeleted, discount.Id, customerId, ApiObjects.Discount(discount));
        }
        return ending.Count;
    }

    private static ValidationFailedException IdTaken(string id) =>
        new([new FieldError("id", $"A coupon with the ID {id} already exists (or existed and was deleted). Choose another ID.")]);

    private static ConcurrencyConflictException Conflict(string id) =>
        new($"Someone else changed coupon {id} while you were editing. Nothing was saved: reload to see their change.");
}
