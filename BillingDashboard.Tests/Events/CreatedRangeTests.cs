using BillingDashboard.Data;
using BillingDashboard.Domain.Events;
using BillingDashboard.Features.Events;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Events;

/// <summary>
/// A created range is found by row numbers (<see cref="CreatedRange"/>), and events' dates only mostly grow with
/// their numbers: here each is dated up to 25 s off its ten-second slot, so that an event is often older than the
/// one before it. Every range must still find exactly the events dated in it, counted and listed, on both stores.
/// </summary>
public abstract class CreatedRangeTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AppFactory
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EveryDateRange_FindsExactlyTheEventsDatedInIt_ThoughDatesGoBackSecondsAtATime()
    {
        var written = await WriteEventsAsync(2_000);
        var random = new Random(20261202);
        DateTimeOffset? Instant() => random.Next(6) == 0 ? null : Start.AddSeconds(random.Next(-100, 20_100));

        for (var trial = 0; trial < 150; trial++)
        {
            var query = new EventQuery
            {
                Types = trial % 3 == 0 ? ["invoice.paid"] : [],
                CreatedFrom = Instant(),
                CreatedBefore = Instant(),
            };
            var expected = written.Where(@event => (query.Types.Count == 0 || query.Types.Contains(@event.Type))
                && (query.CreatedFrom is not { } from || @event.Created >= from)
                && (query.CreatedBefore is not { } before || @event.Created < before)).ToList();

            var (count, page) = await app.InScopeAsync(async services =>
            {
                var events = services.GetRequiredService<EventService>();
                return (await events.CountAsync(query), await events.ListAsync(query, new ListCursor(EventService.PageSize)));
            });

            var range = $"{query.CreatedFrom:O} to {query.CreatedBefore:O}, types [{string.Join(", ", query.Types)}]";
            Assert.True(expected.Count == count, $"{range}: {count} events counted, {expected.Count} dated in it.");
            Assert.Equal(expected.OrderByDescending(@event => @event.Sequence).Take(EventService.PageSize).Select(@event => @event.Id),
                page.Rows.Select(@event => @event.Id));
        }
    }

    /// <summary>Events one every ten seconds from <see cref="Start"/>, each dated up to 25 s early or late, as stored.</summary>
    private Task<List<Event>> WriteEventsAsync(int count) => app.InScopeAsync(async services =>
    {
        var random = new Random(7);
        await using var db = await services.GetRequiredService<IDbContextFactory<BillingDbContext>>().CreateDbContextAsync();
        db.Events.AddRange(Enumerable.Range(0, count).Select(index => new Event
        {
            Id = $"evt_range{index:D5}",
            Type = index % 3 == 0 ? "invoice.paid" : "customer.updated",
            Created = Start.AddSeconds((index * 10) + random.Next(-25, 26)),
            ObjectId = "cus_range",
            CustomerId = "cus_range",
            Data = "{}",
            Actor = "ops@example.com",
        }));
        await db.SaveChangesAsync();
        return await db.Events.AsNoTracking().Where(@event => @event.Id.StartsWith("evt_range")).ToListAsync();
    });
}

public sealed class CreatedRangeTestsOnSqlite(AppFactory app) : CreatedRangeTests<AppFactory>(app);

public sealed class CreatedRangeTestsOnPostgreSql(PostgreSqlAppFactory app) : CreatedRangeTests<PostgreSqlAppFactory>(app);
