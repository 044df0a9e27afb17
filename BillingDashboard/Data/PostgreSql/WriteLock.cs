using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BillingDashboard.Data.PostgreSql;

/// <summary>
/// What SQLite's IMMEDIATE transactions give every service, on PostgreSQL: a transaction holds the store's write
/// lock from its first statement to its commit, so a service that reads, checks and writes (the next invoice number,
/// a balance, a coupon's redemptions, a source's single use) is never interleaved with another. A transaction-level
/// advisory lock, released by the commit or rollback, never by a crash that leaves it held.
/// </summary>
/// <remarks>
/// One lock for every write is what SQLite does; it keeps every rule exact on both stores. Reads take no lock, so
/// pages and the API's GETs run in parallel across instances.
/// </remarks>
public sealed class WriteLock : DbTransactionInterceptor
{
    public static readonly WriteLock Instance = new();

    /// <summary>
    /// Takes the lock in the current transaction (also for code that writes without EF Core: the seeder). The key,
    /// 0x42696C6C696E67 ("Billing"), is a number no other application on the server is likely to use.
    /// </summary>
    public const string Sql = "SELECT pg_advisory_xact_lock(18693262859136615)";

    public override async ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = result;
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return result;
    }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        using var command = connection.CreateCommand();
        command.Transaction = result;
        command.CommandText = Sql;
        command.ExecuteNonQuery();
        return result;
    }
}
