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
/// Why not always EF Core: Microsoft.Data.Sqlite prepares a save's statements anew every time, and an event's insert
/// is compiled with every index of the Events table. Prepared once per connection handle here, it is reused by every
/// write on that handle. With event ids in time order and an object index that leaves customers' own events out, it
/// took an event's cost to <c>POST /v1/customers</c> from +37% to +3-4% at p95 (EventBenchmarks).
/// </remarks>
public static class EventInsert
{
    private const string Sql = """
        INSERT INTO "Events" ("Id", "Type", "Created", "ObjectId", "CustomerId", "Data", "PreviousAttributes", "Actor", "RequestId", "IdempotencyKey")
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        """;

    /// <summary>
    /// The statement, prepared on each SQLite connection handle it meets. Keyed by the pooled handle, which one
    /// connection borrows at a time, rather than by a SqliteConnection: a SqliteCommand kept past its connection's
    /// close keeps statements that, once that connection reopens on another handle, belong to someone else's.
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
        var statement = Statements.GetValue(handle, connection => RawSqlite.Prepare(connection, Sql));
        try
        {
            var index = 0;
            Bind(@event.Id);
            Bind(@event.Type);
            Bind(UtcTicksConverter.ToStored(@event.Created));
            Bind(@event.ObjectId);
            Bind(@event.CustomerId);
            Bind(@event.Data);
            Bind(@event.PreviousAttributes);
            Bind(@event.Actor);
            Bind(@event.RequestId);
            Bind(@event.IdempotencyKey);
            RawSqlite.Execute(handle, statement);

            void Bind(object? value) => RawSqlite.Bind(handle, statement, ++index, value);
        }
        finally
        {
            // Reset, so that the statement holds nothing of this write once it is done, whether it succeeded or not.
            raw.sqlite3_reset(statement);
        }
    }
}
