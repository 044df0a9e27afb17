using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BillingDashboard.Data;

/// <summary>Stores an instant as UTC ticks (an integer), so that SQLite can index, sort and compare it.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => ToStored(value),
    ticks => FromStored(ticks))
{
    /// <summary>Also for code that writes or reads rows without EF Core (the seeder, the export).</summary>
    public static long ToStored(DateTimeOffset value) => value.UtcTicks;

    public static DateTimeOffset FromStored(long ticks) => new(ticks, TimeSpan.Zero);
}
