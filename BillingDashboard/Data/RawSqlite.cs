using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BillingDashboard.Data;

/// <summary>
/// Statements run through SQLite's own API (SQLitePCL.raw), prepared once for many rows where Microsoft.Data.Sqlite
/// would prepare them again each time: the seed loader's and the importer's customer insert, the event insert, the
/// export's reader. Nothing there turns a result code into an exception; this does, as Microsoft.Data.Sqlite would.
/// </summary>
internal static class RawSqlite
{
    public static sqlite3_stmt Prepare(sqlite3 handle, string sql)
    {
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        return statement;
    }

    /// <summary>Binds a column value: null, text or an integer.</summary>
    public static void Bind(sqlite3 handle, sqlite3_stmt statement, int index, object? value) => Check(handle, value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name, "Not a column type."),
    });

    /// <summary>Runs a statement that returns no rows, to its end.</summary>
    public static void Execute(sqlite3 handle, sqlite3_stmt statement) => Check(handle, raw.sqlite3_step(statement), raw.SQLITE_DONE);

    /// <summary>Throws SQLite's own message for <paramref name="result"/> unless it is <paramref name="expected"/>.</summary>
    public static void Check(sqlite3 handle, int result, int expected = raw.SQLITE_OK)
    {
        if (result != expected)
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), result);
        }
    }
}
