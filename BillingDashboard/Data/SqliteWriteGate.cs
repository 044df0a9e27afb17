using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BillingDashboard.Data;

/// <summary>
/// SQLite has one writer. Without this gate, a transaction that finds the database locked is retried by
/// Microsoft.Data.Sqlite after sleeping 150 ms, on the thread it blocks: under 16 concurrent API writes that was
/// most of a second at p99 for a write that takes a fraction of a millisecond. Here the app's transactions on one
/// database file wait their turn in process instead, in order, and start the moment the one before commits.
/// </summary>
/// <remarks>
/// The gate is taken when a transaction begins (Microsoft.Data.Sqlite begins them IMMEDIATE, so it holds SQLite's
/// write lock from then on anyway) and given back when it commits, rolls back or fails, or at the latest when its
/// connection closes, so that no path can keep it. <see cref="StoreWriter"/> holds it for a whole batch of writes.
/// A transaction begun inside another on the same flow of control would wait for itself; the wait gives up after
/// <see cref="Patience"/>, as SQLite's own busy retry did, rather than hang.
/// </remarks>
public sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbConnectionInterceptor
{
    public static readonly SqliteWriteGate Instance = new();

    /// <summary>How long a write waits for the ones before it: Microsoft.Data.Sqlite's default command timeout.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>Which connection holds its file's gate now, so that exactly one of commit, rollback, failure or close gives it back.</summary>
    private static readonly ConditionalWeakTable<DbConnection, Holding> Holders = [];

    private SqliteWriteGate()
    {
    }

    /// <summary>
    /// Waits for the gate of the connection's file and holds it for that open connection (<see cref="StoreWriter"/>'s
    /// batch): its transaction then begins without waiting again, and its commit gives the gate back.
    /// </summary>
    public static async Task EnterAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var gate = GateOf(connection.ConnectionString);
        await WaitAsync(gate, cancellationToken);
        Hold(connection, gate);
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (!Holders.TryGetValue(connection, out _))
        {
            var gate = GateOf(connection.ConnectionString);
            await WaitAsync(gate, cancellationToken);
            Hold(connection, gate);
        }
        return result;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (!Holders.TryGetValue(connection, out _))
        {
            var gate = GateOf(connection.ConnectionString);
            if (!gate.Wait(Patience))
            {
                throw TimedOut();
            }
            Hold(connection, gate);
        }
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context?.Database.GetDbConnection());

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context?.Database.GetDbConnection());
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context?.Database.GetDbConnection());

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context?.Database.GetDbConnection());
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(eventData.Context?.Database.GetDbConnection());

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context?.Database.GetDbConnection());
        return Task.CompletedTask;
    }

    /// <summary>A transaction disposed without commit or rollback is rolled back by its connection's close: the gate goes with it.</summary>
    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Release(connection);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Release(connection);
        return ValueTask.FromResult(result);
    }

    private static SemaphoreSlim GateOf(string connectionString) =>
        Gates.GetOrAdd(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource), _ => new SemaphoreSlim(1, 1));

    private static async Task WaitAsync(SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        if (!await gate.WaitAsync(Patience, cancellationToken))
        {
            throw TimedOut();
        }
    }

    private static TimeoutException TimedOut() =>
        new($"The database stayed busy with other writes for {Patience.TotalSeconds:0} seconds; nothing was saved.");

    private static void Hold(DbConnection connection, SemaphoreSlim gate) => Holders.AddOrUpdate(connection, new Holding(gate));

    private static void Release(DbConnection? connection)
    {
        if (connection is not null && Holders.TryGetValue(connection, out var holding))
        {
            Holders.Remove(connection);
            holding.Release();
        }
    }

    /// <summary>One turn at the gate, given back once however many events report its end.</summary>
    private sealed class Holding(SemaphoreSlim gate)
    {
        private int _released;

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
