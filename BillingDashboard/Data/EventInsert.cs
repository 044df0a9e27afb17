using System.Runtime.CompilerServices;
using BillingDashboard.Domain.Events;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace BillingDashboard.Data;

/// <summary>
/// How an event joins the change it records. Inside a write's transaction on SQLite it is inserted at once, by a
/// statement prepared once per connection, and so is committed or rolled back with the write; anywhere else it is
/// added to the context and saved with the rest.
/// </summary>
/// <remarks>
/// Why not always EF Core: Microsoft.Data.Sqlite prepares a command's statements anew for every save, and the insert
/// of an event, compiled with the Events table's indexes, cost more than the rest of a customer's save. Prepared
/// once, it is reused by every write of a writer's batch (EventBenchmarks measures the difference).
/// </remarks>
public static class EventInsert
{
    private const string Sql = """
        INSERT INTO "Events" ("Id", "Type", "Created", "ObjectId", "CustomerId", "Data", "PreviousAttributes", "Actor", "RequestId", "IdempotencyKey")
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        """;

    /// <summary>
    /// The statement, prepared on each SQLite connection handle it meets. Keyed by the pooled handle rather than by
    /// the SqliteConnection: the handle outlives the connection objects that borrow it, and a statement belongs to it.
    /// </summary>
    private static readonly ConditionalWeakTable<sqlite3, sqlite3_stmt> Statements = new();

    public static void Add(BillingDbContext db, Event @event)
    {
        if (db.Database.CurrentTransaction?.GetDbTransaction() is not SqliteTransaction transaction)
        {
            db.Events.Add(@event);
            return;
        }
        var handle = transaction.Connection!.Handle!;
        var statement = Statements.GetValue(handle, Prepare);
        try
        {
            var index = 0;
            Bind(@event.Id);
            Bind(@event.Type);
            Check(handle, raw.sqlite3_bind_int64(statement, ++index, UtcTicksConverter.ToStored(@event.Created)));
            Bind(@event.ObjectId);
            Bind(@event.CustomerId);
            Bind(@event.Data);
            Bind(@event.PreviousAttributes);
            Bind(@event.Actor);
            Bind(@event.RequestId);
            Bind(@event.IdempotencyKey);
            Check(handle, raw.sqlite3_step(statement), raw.SQLITE_DONE);

            void Bind(string? text) => Check(handle, text is null ? raw.sqlite3_bind_null(statement, ++index) : raw.sqlite3_bind_text(statement, ++index, text));
        }
        finally
        {
            // Reset, so that the statement holds nothing of this write once it is done, whether it succeeded or not.
            raw.sqlite3_reset(statement);
        }
    }

    private static sqlite3_stmt Prepare(sqlite3 handle)
    {
        Check(handle, raw.sqlite3_prepare_v2(handle, Sql, out var statement));
        return statement;
    }

    private static void Check(sqlite3 handle, int result, int expected = raw.SQLITE_OK)
    {
        if (result != expected)
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), result);
        }
    }
}
