using BillingDashboard.Features.Events;

namespace BillingDashboard.Tests.Events;

/// <summary>The Events page's filters as its URL holds them, to the calendar's last day, which a date input can name.</summary>
public sealed class EventQueryTests
{
    [Fact]
    public void DaysInTheUrl_AreARangeOfInstants_ThatGoesBackToTheSameDays()
    {
        var query = EventQuery.Parse("?type=invoice.paid&from=2026-03-01&to=2026-03-31");

        Assert.Equal((new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero)),
            (query.CreatedFrom, query.CreatedBefore));
        Assert.Equal("?type=invoice.paid&from=2026-03-01&to=2026-03-31", query.ToQueryString());
    }

    [Fact]
    public void ToTheCalendarsLastDay_RunsToTheLastInstant_AndIsShownAsThatDay()
    {
        var query = EventQuery.Parse("?from=9999-12-31&to=9999-12-31");

        Assert.Equal(DateTimeOffset.MaxValue, query.CreatedBefore);
        Assert.Equal(new DateOnly(9999, 12, 31), query.ToDay);
        Assert.Equal("?from=9999-12-31&to=9999-12-31", query.ToQueryString());
    }
}
