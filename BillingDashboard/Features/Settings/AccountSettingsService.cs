using BillingDashboard.Data;
using BillingDashboard.Domain.Settings;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Settings;

/// <summary>The account's details: the seller printed on invoices, and how invoices are numbered.</summary>
public sealed class AccountSettingsService(IDbContextFactory<BillingDbContext> databases)
{
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
