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
    /// <param name="keysFirst">
    /// Find the page's row numbers first, then read only those rows: for wide rows (an event's JSON) filtered by a
    /// range, where the filter's index holds the row number but the rows would otherwise be read whole to be sorted.
    /// </param>
    public static async Task<CursorPage<T>> PageAsync<T>(this IQueryable<T> filtered, BillingDbContext db, ListCursor cursor, string objectType,
        CancellationToken cancellationToken = default, bool keysFirst = false) where T : class, IListedObject
    {
        async Task<List<T>> ReadAsync(IQueryable<T> rows, bool newestFirst)
        {
            var ordered = newestFirst ? rows.OrderByDescending(row => row.Sequence) : rows.OrderBy(row => row.Sequence);
            if (!keysFirst)
            {
                return await ordered.Take(cursor.Limit + 1).ToListAsync(cancellationToken);
            }
            var keys = await ordered.Select(row => row.Sequence).Take(cursor.Limit + 1).ToListAsync(cancellationToken);
            var page = db.Set<T>().AsNoTracking().Where(row => keys.Contains(row.Sequence));
            return await (newestFirst ? page.OrderByDescending(row => row.Sequence) : page.OrderBy(row => row.Sequence)).ToListAsync(cancellationToken);
        }

        // The cursor object may be outside the filter (or deleted since the last page): its place in the order still holds.
        async Task<long> SequenceOfAsync(string id) =>
            await db.Set<T>().IgnoreQueryFilters().Where(row => row.Id == id).Select(row => (long?)row.Sequence).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException(objectType, id);
        if (cursor.EndingBefore is { } endingBefore)
        {
            var newerThan = await SequenceOfAsync(endingBefore);
            var newer = await ReadAsync(filtered.Where(row => row.Sequence > newerThan), newestFirst: false);
            return new CursorPage<T>([.. newer.Take(cursor.Limit).Reverse()], newer.Count > cursor.Limit);
        }
        if (cursor.StartingAfter is { } startingAfter)
        {
            var olderThan = await SequenceOfAsync(startingAfter);
            filtered = filtered.Where(row => row.Sequence < olderThan);
        }
        var rows = await ReadAsync(filtered, newestFirst: true);
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
