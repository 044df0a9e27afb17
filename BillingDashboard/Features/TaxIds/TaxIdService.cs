using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Events;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.Events;
using BillingDashboard.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.TaxIds;

/// <summary>A customer's tax IDs: listed, added (format-checked by <see cref="TaxIdFormats"/>) and removed.</summary>
public sealed class TaxIdService(IDbContextFactory<BillingDbContext> databases, CurrentOperator currentOperator, EventLog events, TimeProvider clock)
{
    public async Task<IReadOnlyList<TaxId>> ListAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Customers.EnsureExistsAsync(customerId, cancellationToken);
        return await db.TaxIds.AsNoTracking()
            .Where(taxId => taxId.CustomerId == customerId)
            .OrderBy(taxId => taxId.Created).ThenBy(taxId => taxId.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<TaxId> AddAsync(string customerId, TaxIdInput input, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Customers.EnsureExistsAsync(customerId, cancellationToken);
        var existing = await db.TaxIds.Where(taxId => taxId.CustomerId == customerId)
            .Select(taxId => new ValueTuple<string, string>(taxId.Type, taxId.Value))
            .ToListAsync(cancellationToken);
        var normalized = TaxIdRules.ValidateAdditions([input], existing)[0];
        var added = NewTaxId(customerId, normalized, clock.GetUtcNow());
        db.TaxIds.Add(added);
        events.Record(db, EventTypes.TaxIdCreated, added.Id, customerId, ApiObjects.TaxId(added));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException failure) when (StoreErrors.IsUniqueViolation(failure))
        {
            // Someone added the same number a moment ago: the unique index caught what the check above raced with.
            throw new ValidationFailedException([new FieldError("tax_id[value]", $"The customer already has the {normalized.Type} {normalized.Value}.")]);
        }
        return added;
    }

    public async Task RemoveAsync(string customerId, string taxIdId, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // Issued invoices keep the tax IDs they printed in their own snapshot, so removing one here changes none of them.
        var removed = await db.TaxIds.SingleOrDefaultAsync(taxId => taxId.Id == taxIdId && taxId.CustomerId == customerId, cancellationToken)
            ?? throw new NotFoundException("tax ID", taxIdId);
        db.TaxIds.Remove(removed);
        events.Record(db, EventTypes.TaxIdDeleted, removed.Id, customerId, ApiObjects.TaxId(removed));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Removed by someone else since it was read: the outcome asked for is there, and their event records it.
        }
    }

    /// <summary>A new row for a validated tax ID; also used when a customer is created with tax IDs.</summary>
    public static TaxId NewTaxId(string customerId, NormalizedTaxId taxId, DateTimeOffset created) => new()
    {
        Id = ObjectIds.New(ObjectIds.TaxId),
        CustomerId = customerId,
        Type = taxId.Type,
        Value = taxId.Value,
        Country = taxId.Country,
        Created = created,
    };
}
