using BillingDashboard.Data;
using BillingDashboard.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Webhooks;

/// <summary>
/// The endpoints that receive events, held in memory so that recording an event (on every write) does not read
/// them: reloaded when this instance changes one, and every few seconds for the changes of other instances (on
/// PostgreSQL, an endpoint added on another instance receives this one's events from its next reload).
/// </summary>
public sealed class WebhookTargets(IDbContextFactory<BillingDbContext> databases, TimeProvider clock, ILogger<WebhookTargets> logger)
{
    public static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(5);

    private sealed record Snapshot(IReadOnlyList<(string Id, WebhookEndpoint Endpoint)> Endpoints, DateTimeOffset LoadedAt);

    private Snapshot? _snapshot;
    private int _reloading;

    /// <summary>The ids of the endpoints that receive events of this type.</summary>
    public IEnumerable<string> For(string eventType)
    {
        var snapshot = Volatile.Read(ref _snapshot) ?? LoadNow();
        if (clock.GetUtcNow() - snapshot.LoadedAt > ReloadInterval)
        {
            _ = ReloadInBackgroundAsync();
        }
        return snapshot.Endpoints.Where(target => target.Endpoint.Receives(eventType)).Select(target => target.Id);
    }

    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(endpoint => !endpoint.Disabled).ToListAsync(cancellationToken);
        Volatile.Write(ref _snapshot, new Snapshot([.. endpoints.Select(endpoint => (endpoint.Id, endpoint))], clock.GetUtcNow()));
    }

    /// <summary>The first event after a start: read at once (a small table), so no event misses an endpoint.</summary>
    private Snapshot LoadNow()
    {
        ReloadAsync().GetAwaiter().GetResult();
        return Volatile.Read(ref _snapshot)!;
    }

    private async Task ReloadInBackgroundAsync()
    {
        if (Interlocked.Exchange(ref _reloading, 1) == 1)
        {
            return;
        }
        try
        {
            await ReloadAsync();
        }
        catch (Exception failure)
        {
            logger.LogWarning(failure, "The webhook endpoints could not be reloaded; the ones loaded before are used meanwhile.");
        }
        finally
        {
            Volatile.Write(ref _reloading, 0);
        }
    }
}
