using System.Globalization;
using BillingDashboard.Domain;

namespace BillingDashboard.Components.Shared;

/// <summary>Reading and filling an HTML date input, whose value is always ISO "yyyy-MM-dd" whatever the browser shows.</summary>
public static class DateInputs
{
    public static string? Value(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? Parse(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>The start of a day in UTC: the days the pages show, filter by and store (a due date, the end of a coupon).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>
    /// The first instant after a day, UTC: where a range "to" that day stops. The calendar's last day, which a date
    /// input can name, has none after it; its range then runs to the last instant there is.
    /// </summary>
    public static DateTimeOffset EndOfDay(DateOnly day) => Instants.Shifted(StartOfDay(day), TimeSpan.FromDays(1));

    /// <summary>The day that <see cref="EndOfDay"/> ends at <paramref name="end"/>.</summary>
    public static DateOnly DayEndingAt(DateTimeOffset end) =>
        end == DateTimeOffset.MaxValue ? DateOnly.MaxValue : DateOnly.FromDateTime(end.UtcDateTime).AddDays(-1);

    /// <summary>How a filter chip names a range of days: "2026-01-01 – 2026-03-31", "from 2026-01-01", "until 2026-03-31".</summary>
    public static string RangeLabel(DateOnly? from, DateOnly? to) => (from, to) switch
    {
        ({ } start, { } end) => $"{Value(start)} – {Value(end)}",
        ({ } start, null) => $"from {Value(start)}",
        (null, { } end) => $"until {Value(end)}",
        _ => "",
    };
}
