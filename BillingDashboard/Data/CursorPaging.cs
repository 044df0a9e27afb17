using BillingDashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Data;

/// <summary>
/// Which page of a list: up to <see cref="Limit"/> objects, newest first, after (older than) the object
/// <see cref="StartingAfter"/> or before (newer than) <see cref="EndingBefore"/>, as the hosted API pages.
/// </summary>
public sealed record ListCursor(int Limit, string? StartingAfter = null, string? EndingBefore = null);

/// <summary>One page of a list and whether more lie beyond it in the direction it was read.</summary>
public sealed record CursorPage<T>(IReadOnlyList<T> Rows, bool HasMore);

/// <summary>
/// Keyset paging by row number: the cursor object's <see cref="IListedObject.Sequence"/> is looked up once and the
/// page is read from there with the primary key, so page 10,000 costs what page 1 does.
/// </summary>
public static class CursorPaging
{
    public static async Task<CursorPage<T>> PageAsync<T>(this IQueryable<T> filtered, BillingDbContext db, ListCursor cursor, string objectType,
        CancellationToken cancellationToken = default) where T : class, IListedObject
    {
        // The cursor object may be outside the filter (or deleted since the last page): its place in the order still holds.
        async Task<long> SequenceOfAsync(string id) =>
            await db.Set<T>().IgnoreQueryFilters().Where(row => row.Id == id).Select(row => (long?)row.Sequence).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException(objectType, id);
        if (cursor.EndingBefore is { } endingBefore)
        {
            var newerThan = await SequenceOfAsync(endingBefore);
            var newer = await filtered.Where(row => row.Sequence > newerThan).OrderBy(row => row.Sequence).Take(cursor.Limit + 1).ToListAsync(cancellationToken);
            return new CursorPage<T>([.. newer.Take(cursor.Limit).Reverse()], newer.Count > cursor.Limit);
        }
        if (cursor.StartingAfter is { } startingAfter)
        {
            var olderThan = await SequenceOfAsync(startingAfter);
            filtered = filtered.Where(row => row.Sequence < olderThan);
        }
        var rows = await filtered.OrderByDescending(row => row.Sequence).Take(cursor.Limit + 1).ToListAsync(cancellationToken);
        return new CursorPage<T>(rows.Count > cursor.Limit ? rows[..cursor.Limit] : rows, rows.Count > cursor.Limit);
    }

    /// <summary>The same paging over a short list already in memory, newest first (a customer's tax IDs, the tax rates).</summary>
    public static CursorPage<T> Page<T>(IReadOnlyList<T> newestFirst, Func<T, string> id, ListCursor cursor, string objectType)
    {
        int IndexOf(string wanted)
        {
            for (var index = 0; index < newestFirst.Count; index++)
            {
                if (id(newestFirst[index]) == wanted)
                {
                    return index;
                }
            }
            throw new NotFoundException(objectType, wanted);
        }
        if (cursor.EndingBefore is { } endingBefore)
        {
            var end = IndexOf(endingBefore);
            var start = Math.Max(0, end - cursor.Limit);
            return new CursorPage<T>([.. newestFirst.Skip(start).Take(end - start)], start > 0);
        }
        var first = cursor.StartingAfter is { } startingAfter ? IndexOf(startingAfter) + 1 : 0;
        return new CursorPage<T>([.. newestFirst.Skip(first).Take(cursor.Limit)], newestFirst.Count > first + cursor.Limit);
    }
}
