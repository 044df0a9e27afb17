using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Settings;
using BillingDashboard.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Settings;

/// <summary>The account's details: the seller printed on invoices, and how invoices are numbered.</summary>
public sealed class AccountSettingsService(IDbContextFactory<BillingDbContext> databases, CurrentOperator currentOperator)
{
    /// <summary>Saves against the version the form read, inside the write lock finalization takes, so a number is never handed out twice.</summary>
    public async Task<AccountSettings> UpdateAsync(AccountSettingsInput input, int expectedVersion, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var settings = await LoadAsync(db, cancellationToken);
        if (settings.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException("Someone else changed Settings since you opened them. Nothing was saved; reload to see their changes.");
        }
        AccountSettingsRules.Apply(settings, input);
        settings.Version++;
        if (db.Entry(settings).State == EntityState.Detached)
        {
            db.AccountSettings.Add(settings);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return settings;
    }

    public async Task<AccountSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await LoadAsync(db, cancellationToken);
    }

    /// <summary>The one row, or the defaults until someone saves Settings (the row is created then).</summary>
    internal static async Task<AccountSettings> LoadAsync(BillingDbContext db, CancellationToken cancellationToken) =>
        await db.AccountSettings.SingleOrDefaultAsync(settings => settings.Id == AccountSettings.SingletonId, cancellationToken)
        ?? new AccountSettings();
}
