using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Events;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Events;

/// <summary>
/// An event filter's created range as a range of row numbers, which every index of the Events table ends with, so
/// that "a type's events in March" is a range of the type's index rather than a scan of its whole history.
/// </summary>
/// <remarks>
/// <para>
/// Events are numbered in the order they are written, and dated as their write runs: writes take the store's one
/// write lock in turn (SQLite's, or <see cref="Data.PostgreSql.WriteLock"/>), so dates grow with numbers, except
/// that an event dated before it waited for the lock can be numbered after one dated while it waited. That wait is
/// bounded by the store's command timeout (30 s), well inside <see cref="Skew"/>.
/// </para>
/// <para>
/// So each end of the range is found twice by binary search over the primary key, <see cref="Skew"/> either side
/// of the instant: rows beyond the outer number are out, rows within the inner one are in, and only the few rows
/// between the two are read to compare their dates. The answer is exact; what the order saves is an index by
/// date, and the page of it that every event's write would add.
/// </para>
/// </remarks>
public sealed record CreatedRange(CreatedRange.Bound? From, CreatedRange.Bound? Before)
{
    /// <summary>How much earlier than the event numbered before it an event may be dated (see the remarks).</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    public static readonly CreatedRange None = new(null, null);

    /// <summary>
    /// One end of the range: rows numbered before <see cref="Outer"/> are on the far side of it, rows numbered from
    /// <see cref="Inner"/> on are on the near side, and those between are placed by their date.
    /// </summary>
    public sealed record Bound(DateTimeOffset Instant, long Outer, long Inner);

    /// <summary>The row numbers of <paramref name="query"/>'s created range, found in the store.</summary>
    public static async Task<CreatedRange> FindAsync(BillingDbContext db, EventQuery query, CancellationToken cancellationToken)
    {
        if (!query.HasDates)
        {
            return None;
        }
        // The first row dated at or after an instant, as if dates only grew: where a binary search over the numbers
        // lands, each probe the first row at or after a number. One recursive query, run by the store: a probe is a
        // seek of the primary key. At ten million events a day's range (four searches of some 25 probes) took 17 to
        // 23 ms with a round trip per probe, and takes 4 to 7 ms so (EventBenchmarks).
        async Task<long> FirstDatedAsync(DateTimeOffset instant, long low, long high)
        {
            var ticks = UtcTicksConverter.ToStored(instant);
            var found = await db.Database.SqlQuery<long>($"""
                WITH RECURSIVE search (low, high) AS (
                    SELECT CAST({low} AS BIGINT), CAST({high} AS BIGINT)
                    UNION ALL
                    SELECT
                        CASE WHEN (SELECT "Created" FROM "Events" WHERE "Sequence" >= (low + high) / 2 ORDER BY "Sequence" LIMIT 1) < {ticks}
                            THEN (SELECT "Sequence" FROM "Events" WHERE "Sequence" >= (low + high) / 2 ORDER BY "Sequence" LIMIT 1) + 1
                            ELSE low END,
                        CASE WHEN (SELECT "Created" FROM "Events" WHERE "Sequence" >= (low + high) / 2 ORDER BY "Sequence" LIMIT 1) < {ticks}
                            THEN high
                            ELSE (low + high) / 2 END
                    FROM search WHERE low < high
                )
                SELECT low AS "Value" FROM search WHERE low >= high
                """).ToListAsync(cancellationToken);
            return found.Single();
        }

        var end = (await db.Events.MaxAsync(@event => (long?)@event.Sequence, cancellationToken) ?? 0) + 1;
        Bound? from = null, before = null;
        if (query.CreatedFrom is { } start)
        {
            var outer = await FirstDatedAsync(Instants.Shifted(start, -Skew), 0, end);
            from = new Bound(start, outer, await FirstDatedAsync(Instants.Shifted(start, Skew), outer, end));
        }
        if (query.CreatedBefore is { } stop)
        {
            var inner = await FirstDatedAsync(Instants.Shifted(stop, -Skew), from?.Outer ?? 0, end);
            before = new Bound(stop, await FirstDatedAsync(Instants.Shifted(stop, Skew), inner, end), inner);
        }
        return new CreatedRange(from, before);
    }

    /// <summary>Only the events of the range, by row number and, between a bound's two numbers, by date.</summary>
    public IQueryable<Event> Apply(IQueryable<Event> events)
    {
        if (From is { } from)
        {
            var (instant, outer, inner) = (from.Instant, from.Outer, from.Inner);
            events = events.Where(@event => @event.Sequence >= outer && (@event.Sequence >= inner || @event.Created >= instant));
        }
        if (Before is { } before)
        {
            var (instant, outer, inner) = (before.Instant, before.Outer, before.Inner);
            events = events.Where(@event => @event.Sequence < outer && (@event.Sequence < inner || @event.Created < instant));
        }
        return events;
    }
}
