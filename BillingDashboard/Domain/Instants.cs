namespace BillingDashboard.Domain;

/// <summary>
/// Moving an instant without leaving the calendar: a bound that someone can name at its very end (the last second
/// an API timestamp names, 9999-12-31 in a date input) moved past it is the last instant there is, not an exception.
/// </summary>
public static class Instants
{
    public static DateTimeOffset Shifted(DateTimeOffset instant, TimeSpan by) =>
        by > TimeSpan.Zero && instant > DateTimeOffset.MaxValue - by ? DateTimeOffset.MaxValue
        : by < TimeSpan.Zero && instant < DateTimeOffset.MinValue - by ? DateTimeOffset.MinValue
        : instant + by;
}
