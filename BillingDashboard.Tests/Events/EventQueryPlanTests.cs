using BillingDashboard.Data;
using BillingDashboard.Features.Events;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Events;

/// <summary>
/// Each filter of the Events page is answered from an index on SQLite, as SQLite itself plans it: an index that a
/// query's SQL no longer matches (the object index's condition, say) fails here rather than as a slow page at ten
/// million events.
/// </summary>
public sealed class EventQueryPlanTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string> Filters => new()
    {
        { "object=in_1Plan", "INDEX IX_Events_ObjectId_Sequence" },
        { "object=cus_Plan", "INDEX IX_Events_CustomerId_Sequence" },
        { "type=invoice.paid", "INDEX IX_Events_Type_Sequence" },
        { "actor=ops%40example.com", "INDEX IX_Events_Actor_Sequence" },
        // A created range is a range of row numbers (CreatedRange): of the primary key, or of the other filter's index.
        { "from=2026-03-01&to=2026-03-31", "INTEGER PRIMARY KEY (rowid>? AND rowid<?)" },
        { "type=invoice.paid&from=2026-03-01", "INDEX IX_Events_Type_Sequence (Type=? AND Sequence>?)" },
        { "actor=ops%40example.com&to=2026-03-31", "INDEX IX_Events_Actor_Sequence (Actor=? AND Sequence<?)" },
        { "object=cus_Plan&from=2026-03-01&to=2026-03-31", "INDEX IX_Events_CustomerId_Sequence (CustomerId=? AND Sequence>? AND Sequence<?)" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task TheNewestPageOfAFilter_IsReadFromItsIndex(string queryString, string index)
    {
        var plan = await _app.InScopeAsync(async services =>
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<BillingDbContext>>().CreateDbContextAsync();
            var filters = EventQuery.Parse("?" + queryString);
            var query = filters.Apply(db.Events, await CreatedRange.FindAsync(db, filters, CancellationToken.None))
                .OrderByDescending(@event => @event.Sequence).Take(26);
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var explain = connection.CreateCommand();
            // EF Core writes the query's parameters as the sqlite3 shell's ".param set @name 'value'" lines before its SQL.
            var lines = query.ToQueryString().Split('\n');
            foreach (var line in lines.Where(line => line.StartsWith(".param set ", StringComparison.Ordinal)))
            {
                var parts = line.Split(' ', 4);
                explain.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter(parts[2], parts[3].Trim('\'')));
            }
            explain.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(line => !line.StartsWith('.')));
            var steps = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                steps.Add(reader.GetString(3));
            }
            return string.Join(" | ", steps);
        });
        Assert.Contains($"USING {index}", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN e", plan, StringComparison.Ordinal);
    }
}
