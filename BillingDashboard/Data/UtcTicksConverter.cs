using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BillingDashboard.Data;

/// <summary>Stores an instant as UTC ticks (an integer), so that SQLite can index, sort and compare it.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
