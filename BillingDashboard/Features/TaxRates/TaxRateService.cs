using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Events;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.Events;
using BillingDashboard.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.TaxRates;

/// <summary>
/// Tax rates: created, listed, renamed, archived and restored. There is no deletion: a rate printed on an invoice
/// must stay, and archiving is how a rate leaves the pickers (as in the hosted dashboard).
/// </summary>
public sealed class TaxRateService(IDbContextFactory<BillingDbContext> databases, CurrentOperator currentOperator, EventLog events, TimeProvider clock)
{
    /// <summary>Active rates first, then archived ones, newest first within each; rates number in the tens, not millions.</summary>
    public async Task<IReadOnlyList<TaxRate>> ListAsync(bool includeArchived, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rates = db.TaxRates.AsNoTracking();
        if (!includeArchived)
        {
            rates = rates.Where(rate => rate.Active);
        }
        return await rates.OrderByDescending(rate => rate.Active).ThenByDescending(rate => rate.Created).ToListAsync(cancellationToken);
    }

    public async Task<TaxRate> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.TaxRates.AsNoTracking().SingleOrDefaultAsync(rate => rate.Id == id, cancellationToken)
            ?? throw new NotFoundException("tax rate", id);
    }

    /// <summary>The rates with these ids, archived ones included (they stay on the lines that used them).</summary>
    public async Task<IReadOnlyDictionary<string, TaxRate>> FindManyAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<string, TaxRate>();
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.TaxRates.AsNoTracking().Where(rate => wanted.Contains(rate.Id)).ToDictionaryAsync(rate => rate.Id, cancellationToken);
    }

    public async Task<TaxRate> CreateAsync(TaxRateInput input, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var rate = TaxRateRules.Create(ObjectIds.New(ObjectIds.TaxRate), clock.GetUtcNow(), input);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.TaxRates.Add(rate);
        events.Record(db, EventTypes.TaxRateCreated, rate.Id, null, ApiObjects.TaxRate(rate));
        await db.SaveChangesAsync(cancellationToken);
        return rate;
    }

    /// <param name="expectedVersion">The version the editor read; a newer one means someone else saved first.</param>
    public async Task<TaxRate> UpdateAsync(string id, TaxRateInput input, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rate = await db.TaxRates.SingleOrDefaultAsync(candidate => candidate.Id == id, cancellationToken)
            ?? throw new NotFoundException("tax rate", id);
        var conflict = new ConcurrencyConflictException(
            $"Someone else changed tax rate {rate.DisplayName} while you were editing. Nothing was saved: reload to see their change.");
        if (expectedVersion is { } expected && expected != rate.Version)
        {
            throw conflict;
        }
        var before = ApiObjects.TaxRate(rate);
        TaxRateRules.Update(rate, input);
        if (events.Record(db, EventTypes.TaxRateUpdated, rate.Id, null, ApiObjects.TaxRate(rate), before))
        {
            rate.Version++;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw conflict;
        }
        return rate;
    }

    /// <summary>Archived rates can't go on new invoice lines; lines that already have them keep them.</summary>
    public Task<TaxRate> SetArchivedAsync(string id, bool archived, int? expectedVersion, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, new TaxRateInput { Active = !archived }, expectedVersion, cancellationToken);
}
