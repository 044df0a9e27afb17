using System.Globalization;
using System.Security.Claims;
using BillingDashboard.Data;
using BillingDashboard.Data.Seeding;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Events;
using BillingDashboard.Features.Developers;
using BillingDashboard.Features.Import;
using BillingDashboard.Features.Users;
using Microsoft.Data.Sqlite;

namespace BillingDashboard.Hosting;

/// <summary>
/// Verbs for automation, run instead of the web server when the first argument is a verb:
/// <c>dotnet run --project BillingDashboard -- admin create --email a@b.c --password-stdin --role Admin</c>.
/// </summary>
public static class CommandLine
{
    private static readonly Dictionary<string, Func<IServiceProvider, CommandArguments, TextWriter, Task<int>>> Verbs =
        new(StringComparer.Ordinal)
        {
            ["admin create"] = CreateUserAsync,
            ["seed"] = SeedAsync,
            ["apikey create"] = CreateApiKeyAsync,
            ["backup"] = BackupAsync,
            ["import customers"] = ImportCustomersAsync,
        };

    /// <summary>The verbs that take a file after them; any other refuses a word that is not an option.</summary>
    private static readonly HashSet<string> VerbsWithAFile = new(StringComparer.Ordinal) { "import customers" };

    public static bool IsVerb(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var arguments = CommandArguments.Parse(args);
        if (!Verbs.TryGetValue(arguments.Verb, out var verb))
        {
            await error.WriteLineAsync($"Unknown command '{arguments.Verb}'. Commands: {string.Join(", ", Verbs.Keys)}.");
            return 2;
        }

        if (!VerbsWithAFile.Contains(arguments.Verb) && arguments.Positionals.Count > 0)
        {
            await error.WriteLineAsync($"Unexpected argument '{arguments.Positionals[0]}'.");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var commandLine = new ClaimsPrincipal(
            new ClaimsIdentity([new Claim(ClaimTypes.Name, $"command line ({arguments.Verb})")], CurrentOperator.CommandLineAuthenticationType));
        scope.ServiceProvider.GetRequiredService<CurrentOperator>().ActAs(commandLine);
        ChangeOrigin.Current = new ChangeOrigin(commandLine);
        try
        {
            return await verb(scope.ServiceProvider, arguments, output);
        }
        catch (ValidationFailedException failure)
        {
            foreach (var fieldError in failure.Errors)
            {
                await error.WriteLineAsync($"{fieldError.Field}: {fieldError.Message}");
            }
            return 1;
        }
        catch (RuleViolationException violation)
        {
            await error.WriteLineAsync(violation.Message);
            return 1;
        }
    }

    private static async Task<int> CreateUserAsync(IServiceProvider services, CommandArguments arguments, TextWriter output)
    {
        var email = arguments.Required("email");
        // --password-stdin keeps the password out of the shell history and the process list.
        var password = arguments.Has("password-stdin")
            ? (await Console.In.ReadLineAsync() ?? "")
            : arguments.Required("password");
        var role = arguments.Optional("role") ?? AppRoles.Admin;
        var user = await services.GetRequiredService<UserAdministration>().CreateAsync(email, password, role);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Created {user.Role} {user.Email}."));
        return 0;
    }

    /// <summary><c>apikey create --name ci [--read-only]</c>: prints a new secret key, the only time it is shown.</summary>
    private static async Task<int> CreateApiKeyAsync(IServiceProvider services, CommandArguments arguments, TextWriter output)
    {
        var created = await services.GetRequiredService<ApiKeyService>().CreateAsync(arguments.Required("name"), arguments.Has("read-only"));
        await output.WriteLineAsync(created.Secret);
        return 0;
    }

    /// <summary>
    /// <c>backup --to billing-2026-11-30.db</c>: a consistent copy of the SQLite store while the app runs and writes
    /// (SQLite's online backup), into a new file. PostgreSQL is backed up with its own pg_dump.
    /// </summary>
    private static async Task<int> BackupAsync(IServiceProvider services, CommandArguments arguments, TextWriter output)
    {
        var store = services.GetRequiredService<Store>();
        if (store.Provider != StoreProvider.Sqlite)
        {
            throw new RuleViolationException("The store is PostgreSQL: back it up with pg_dump (README, PostgreSQL).");
        }
        var target = Path.GetFullPath(arguments.Required("to"));
        if (File.Exists(target))
        {
            throw new RuleViolationException($"{target} exists already: choose a new file, so that no backup is overwritten.");
        }
        await using var source = new SqliteConnection(store.ConnectionString);
        await source.OpenAsync();
        // The backup takes a read lock that a writer's checkpoint can hold up for a moment: Microsoft.Data.Sqlite
        // retries its commands itself but not the backup, so SQLite's own busy handler waits instead of failing.
        await using (var wait = source.CreateCommand())
        {
            wait.CommandText = "PRAGMA busy_timeout = 30000";
            await wait.ExecuteNonQueryAsync();
        }
        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ConnectionString);
        await copy.OpenAsync();
        source.BackupDatabase(copy);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Backed up to {target} ({new FileInfo(target).Length:N0} bytes). Keep the payments key (Payments:FingerprintKey or its file) with it."));
        return 0;
    }

    /// <summary>
    /// <c>import customers FILE [--mapping NAME] [--dry-run] [--skip-existing] [--import-duplicate-emails] [--nothing-if-any-refused]</c>:
    /// the Import page's dry run or import, with its rules and report. Exits 1 when any row was refused, so a
    /// script notices; an unfinished import of the same file is resumed.
    /// </summary>
    private static async Task<int> ImportCustomersAsync(IServiceProvider services, CommandArguments arguments, TextWriter output)
    {
        var path = Path.GetFullPath(arguments.Positional("FILE"));
        if (!File.Exists(path))
        {
            throw new RuleViolationException($"There is no file {path}.");
        }
        var importer = services.GetRequiredService<CustomerImporter>();
        Func<Stream> open = () => File.OpenRead(path);
        ImportPreview preview;
        await using (var file = open())
        {
            preview = await CustomerImporter.PreviewAsync(file, 0);
        }
        var mapping = arguments.Optional("mapping") is { } name
            ? await importer.LoadMappingAsync(name, preview.Headers)
            : ImportMapping.Guess(preview.Headers);
        foreach (var (header, target) in mapping.Headers.Zip(mapping.Targets))
        {
            await output.WriteLineAsync($"  {header} -> {target.Describe()}");
        }
        var options = new ImportOptions
        {
            ExistingIds = arguments.Has("skip-existing") ? ExistingIdChoice.Skip : ExistingIdChoice.Update,
            DuplicateEmails = arguments.Has("import-duplicate-emails") ? DuplicateEmailChoice.ImportAsNew : DuplicateEmailChoice.Skip,
            NothingIfAnyRefused = arguments.Has("nothing-if-any-refused"),
        };
        var progress = new Progress<ImportProgress>(done =>
        {
            if (done.Rows % 100_000 == 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {done.Rows:N0} rows"));
            }
        });
        var report = arguments.Has("dry-run")
            ? await importer.DryRunAsync(open, mapping, options, progress)
            : await importer.ImportAsync(open, path, mapping, options, progress: progress);
        await ImportReportText.WriteAsync(report, output);
        return report.Refused > 0 ? 1 : 0;
    }

    /// <summary><c>seed --customers 1000000 [--random-seed 7]</c>: adds synthetic customers for demos and benchmarks.</summary>
    private static async Task<int> SeedAsync(IServiceProvider services, CommandArguments arguments, TextWriter output)
    {
        // Only an admin may fill the store; the command line acts as one, but the check keeps the rule in one place.
        await services.GetRequiredService<CurrentOperator>().EnsureCanChangeAsync();
        var count = arguments.OptionalInt("customers", 1000);
        var generator = new SyntheticCustomers(arguments.OptionalInt("random-seed", 20261122));
        var progress = new Progress<int>(written =>
        {
            if (written % 100_000 == 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {written:N0} customers"));
            }
        });
        var result = await services.GetRequiredService<CustomerBulkLoader>().LoadAsync(count, generator, progress);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Seeded {result.Customers:N0} customers in {result.Elapsed.TotalSeconds:F1} s ({result.Customers / Math.Max(result.Elapsed.TotalSeconds, 0.001):N0} a second), " +
            $"then their payment methods and {result.Charges:N0} past payments in {result.PaymentsElapsed.TotalSeconds:F1} s."));
        return 0;
    }
}

/// <summary>A verb of one or two words, then <c>--name value</c> options and <c>--flag</c> switches.</summary>
public sealed class CommandArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    private readonly List<string> _positionals = [];

    public string Verb { get; private init; } = "";

    public static CommandArguments Parse(string[] args)
    {
        var words = args.TakeWhile(arg => !arg.StartsWith("--", StringComparison.Ordinal)).Take(2).ToArray();
        var parsed = new CommandArguments { Verb = string.Join(' ', words) };
        for (var index = words.Length; index < args.Length; index++)
        {
            if (!args[index].StartsWith("--", StringComparison.Ordinal))
            {
                parsed._positionals.Add(args[index]);
                continue;
            }
            var name = args[index][2..];
            var hasValue = index + 1 < args.Length && !args[index + 1].StartsWith("--", StringComparison.Ordinal);
            parsed._options[name] = hasValue ? args[++index] : null;
        }
        return parsed;
    }

    /// <summary>The words after the verb that are neither options nor their values.</summary>
    public IReadOnlyList<string> Positionals => _positionals;

    public bool Has(string name) => _options.ContainsKey(name);

    /// <summary>The verb's one positional argument (a file), named in the error when it is missing.</summary>
    public string Positional(string name) => _positionals switch
    {
        [var only] => only,
        [] => throw new RuleViolationException($"{name} is required."),
        _ => throw new RuleViolationException($"Unexpected argument '{_positionals[1]}'."),
    };

    public string? Optional(string name) => _options.GetValueOrDefault(name);

    public string Required(string name) =>
        Optional(name) ?? throw new RuleViolationException($"--{name} is required.");

    public int OptionalInt(string name, int fallback) =>
        Optional(name) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
                ? value
                : throw new RuleViolationException($"--{name} must be a whole number, not '{text}'.")
            : fallback;
}
