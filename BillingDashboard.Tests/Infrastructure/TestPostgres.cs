using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BillingDashboard.Features.Payments;
using Npgsql;

namespace BillingDashboard.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests of the second store run against: the one <c>BILLING_TEST_POSTGRES</c> names (a
/// connection string whose user may create databases), or else a private one this process starts from Debian's
/// <c>postgresql</c> package (as the package's <c>postgres</c> user when the tests run as root) in a temporary
/// folder, on a free port, and stops when the process ends. Each app gets a database of its own on it.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "BILLING_TEST_POSTGRES";

    private static readonly Lazy<string> Server = new(() => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given ? given : StartPrivateServer());

    /// <summary>A new, empty database, and the connection string to it.</summary>
    public static string CreateDatabase()
    {
        var name = $"billing_{Guid.NewGuid():N}";
        using var connection = new NpgsqlConnection(Server.Value);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        command.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(Server.Value) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database <see cref="CreateDatabase"/> made, closing what still connects to it.</summary>
    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(Server.Value);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        command.ExecuteNonQuery();
    }

    private static string StartPrivateServer()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin")).Where(Directory.Exists).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL tests need a server: install Debian's postgresql (apt-get install postgresql, as .ci/run does), or set {Variable} to a connection string.");
        }
        RemoveStoppedServers();
        var folder = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", "postgres", folder);
        }
        var port = FreePort();
        RunPostgres(asRoot, Path.Combine(bin, "initdb"), "-D", Path.Combine(folder, "data"), "-U", "billing", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8");
        // Durability is the tests' least concern: fsync off makes each test database's migration quick.
        RunPostgres(asRoot, Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(folder, "data"), "-l", Path.Combine(folder, "server.log"), "-w", "start", "-o",
            $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            RunPostgres(asRoot, Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(folder, "data"), "-m", "immediate", "stop");
            Directory.Delete(folder, recursive: true);
        };
        return $"Host=127.0.0.1;Port={port};Username=billing;Database=postgres";
    }

    private const string FolderPrefix = "billing-pg-";

    /// <summary>
    /// Removes the folders of earlier runs' servers that no longer run: a test process that is killed (a cancelled
    /// run) never gets to remove its own, and each holds a cluster of a gigabyte or more.
    /// </summary>
    private static void RemoveStoppedServers()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var pidFile = Path.Combine(folder, "data", "postmaster.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) && IsRunning(pid))
            {
                continue;
            }
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                // Another user's, or in use after all: left where it is.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void RunPostgres(bool asRoot, string tool, params string[] arguments) =>
        Run(asRoot ? "runuser" : tool, asRoot ? ["-u", "postgres", "--", tool, .. arguments] : arguments);

    private static void Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors}{output.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The real app as <see cref="AppFactory"/> runs it, over a PostgreSQL database of its own instead of a SQLite file.</summary>
public sealed class PostgreSqlAppFactory : AppFactory
{
    private readonly bool _ownsDatabase;

    public PostgreSqlAppFactory() : this(TestPostgres.CreateDatabase(), ownsDatabase: true)
    {
    }

    private PostgreSqlAppFactory(string connectionString, bool ownsDatabase)
    {
        (ConnectionString, _ownsDatabase) = (connectionString, ownsDatabase);
        Settings["Database:Provider"] = "PostgreSql";
        Settings["ConnectionStrings:Billing"] = ConnectionString;
    }

    public string ConnectionString { get; }

    /// <summary>
    /// Another instance of the app over the same database, as a second server behind a load balancer: its own
    /// process state (caches, circuits), the database and the payment fingerprint key shared.
    /// </summary>
    public PostgreSqlAppFactory SecondInstance()
    {
        var second = new PostgreSqlAppFactory(ConnectionString, ownsDatabase: false);
        second.Settings[PaymentSecrets.KeyFileSetting] = Path.Combine(DatabaseFolder, PaymentSecrets.DefaultKeyFile);
        return second;
    }

    /// <summary>Every row of every table as PostgreSQL prints it: the server's files are not this process's to read.</summary>
    public override async Task<byte[]> StoredBytesAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM \"{table}\" t", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
            }
        }
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            TestPostgres.DropDatabase(ConnectionString);
        }
    }
}
