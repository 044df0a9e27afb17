using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Events;
using BillingDashboard.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Events;

/// <summary>
/// Reading events: the Events page, the Activity cards, /v1/events and the CSV export. There is nothing here that
/// changes one: events are written only by <see cref="EventLog"/>, with the change they record.
/// </summary>
public sealed class EventService(IDbContextFactory<BillingDbContext> databases)
{
    public const int PageSize = 25;

    /// <summary>
    /// A page of events, newest first, after or before the cursor's event. With a date range, the page's keys come
    /// from the range's index first: an event row holds its object's JSON, and a day's thousands of rows read whole
    /// only to be sorted cost 50 to 250 ms at ten million events, their keys a few. Without one, the newest rows are
    /// read in order and the first that match end the search, which the keys' index would not do for several types.
    /// </summary>
    public async Task<CursorPage<Event>> ListAsync(EventQuery query, ListCursor cursor, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await (await FilteredAsync(db, query, cancellationToken))
            .PageAsync(db, cursor, "event", cancellationToken, keysFirst: query.HasDates);
    }

    public async Task<Event> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Events.AsNoTracking().SingleOrDefaultAsync(@event => @event.Id == id, cancellationToken)
            ?? throw new NotFoundException("event", id);
    }

    /// <summary>For each of these events that has any, how many of its webhook deliveries are not acknowledged yet.</summary>
    public async Task<Dictionary<string, int>> PendingWebhooksAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.Where(delivery => eventIds.Contains(delivery.EventId) && delivery.Status == WebhookDeliveryStatus.Pending)
            .GroupBy(delivery => delivery.EventId).Select(group => new { group.Key, Count = group.Count() })
            .ToDictionaryAsync(group => group.Key, group => group.Count, cancellationToken);
    }

    /// <summary>How many events match, for an export's progress.</summary>
    public async Task<int> CountAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await (await FilteredAsync(db, query, cancellationToken)).CountAsync(cancellationToken);
    }

    /// <summary>The newest events of an object, or of a customer and everything that belongs to them, for an Activity card.</summary>
    public async Task<IReadOnlyList<Event>> ActivityAsync(string objectId, int limit, CancellationToken cancellationToken = default) =>
        (await ListAsync(new EventQuery { ObjectId = objectId }, new ListCursor(limit), cancellationToken)).Rows;

    /// <summary>Every event of a query, oldest first, read as it is written out (the CSV export).</summary>
    public async IAsyncEnumerable<Event> StreamAsync(EventQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await foreach (var @event in (await FilteredAsync(db, query, cancellationToken)).OrderBy(@event => @event.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return @event;
        }
    }

    private static async Task<IQueryable<Event>> FilteredAsync(BillingDbContext db, EventQuery query, CancellationToken cancellationToken) =>
        query.Apply(db.Events.AsNoTracking(), await CreatedRange.FindAsync(db, query, cancellationToken));
}
