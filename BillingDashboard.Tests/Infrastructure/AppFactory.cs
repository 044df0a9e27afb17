using Microsoft.Extensions.Logging;
using System.Security.Claims;
using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Features.Payments;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Infrastructure;

/// <summary>
/// The real app over a real SQLite file of its own, in memory (for HTTP tests) or on a Kestrel port on
/// 127.0.0.1 (for the browser). Each factory has its own database, so test classes do not see each other's data.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    private readonly string _databaseFolder;
    private bool _ownsDatabase;

    public AppFactory()
    {
        _databaseFolder = Directory.CreateTempSubdirectory("billing-tests-").FullName;
        _ownsDatabase = true;
    }

    /// <summary>
    /// The app started again over the database (and keys) of <paramref name="before"/>, with its settings: a
    /// restart. The folder is now this one's to delete, so <paramref name="before"/> can be stopped without taking it along.
    /// </summary>
    public static AppFactory RestartOf(AppFactory before)
    {
        var after = new AppFactory(before._databaseFolder) { _ownsDatabase = before._ownsDatabase };
        before._ownsDatabase = false;
        foreach (var (key, value) in before.Settings)
        {
            after.Settings[key] = value;
        }
        return after;
    }

    private AppFactory(string databaseFolder) => _databaseFolder = databaseFolder;

    public string DatabaseFolder => _databaseFolder;

    public string DatabasePath => Path.Combine(_databaseFolder, "billing.db");

    /// <summary>
    /// Configuration for this app, set before it starts. The API's rate limit is off and sign-ins per address are
    /// many unless a test sets them: every test comes from one address in bursts no client would send, and the
    /// limits have their own tests.
    /// </summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal)
    {
        [ApiRateLimit.Setting] = "0",
        [SignInLimits.AttemptsSetting] = "10000",
    };

    /// <summary>Set before the app starts, to read what it logs.</summary>
    public ILoggerProvider? Logging { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (Logging is { } provider)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(provider));
        }
        foreach (var (key, value) in ProductLogLevels)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("ConnectionStrings:Billing", $"Data Source={DatabasePath}");
        builder.UseSetting(PaymentSecrets.KeyFileSetting, Path.Combine(_databaseFolder, PaymentSecrets.DefaultKeyFile));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseEnvironment("Production");
    }

    /// <summary>
    /// The log levels of the app's own configuration (appsettings.json at the repository root), which the test host
    /// would not read: its content root is the project's folder. Without them every SQL command is logged, which
    /// costs more than many of the commands themselves. A test may still set a level of its own in <see cref="Settings"/>.
    /// </summary>
    private static readonly IReadOnlyList<KeyValuePair<string, string>> ProductLogLevels = ReadProductLogLevels();

    private static List<KeyValuePair<string, string>> ReadProductLogLevels()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "BillingDashboard.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException($"No BillingDashboard.sln above {AppContext.BaseDirectory}.");
        }
        var settings = new ConfigurationBuilder().AddJsonFile(Path.Combine(folder.FullName, "appsettings.json")).Build();
        return [.. settings.GetSection("Logging").AsEnumerable().Where(setting => setting.Value is not null).Select(setting => KeyValuePair.Create(setting.Key, setting.Value!))];
    }

    /// <summary>Starts Kestrel on a free port of 127.0.0.1 and returns its address.</summary>
    public Uri StartKestrel()
    {
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address);
    }

    /// <summary>Creates an operator as the command line would (no permission needed).</summary>
    public async Task<UserSummary> CreateUserAsync(string email, string password, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentOperator>().ActAs(CommandLinePrincipal);
        return await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(email, password, role);
    }

    /// <summary>Runs <paramref name="work"/> in a scope of the app, acting as <paramref name="principal"/> (the command line if null).</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work, ClaimsPrincipal? principal = null)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentOperator>().ActAs(principal ?? CommandLinePrincipal);
        return await work(scope.ServiceProvider);
    }

    /// <summary>Creates a customer as the dashboard's add dialog would (name and email required), acting as the command line.</summary>
    public Task<Customer> CreateCustomerAsync(CustomerInput input) =>
        InScopeAsync(services => services.GetRequiredService<CustomerService>().CreateAsync(input, requireNameAndEmail: true));

    public Task<Customer> GetCustomerAsync(string id) =>
        InScopeAsync(services => services.GetRequiredService<CustomerService>().GetAsync(id));

    /// <summary>Who a signed-in operator is to the services: their user id, as the sign-in cookie carries it.</summary>
    public static ClaimsPrincipal SignedIn(string userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "Identity.Application"));

    /// <summary>Creates a Viewer with this email and returns who they are to the services, for tests of refused changes.</summary>
    public async Task<ClaimsPrincipal> CreateViewerAsync(string email)
    {
        await CreateUserAsync(email, "correct horse battery staple", AppRoles.Viewer);
        return SignedIn(await UserIdOfAsync(email));
    }

    /// <summary>The user id of the operator with this email.</summary>
    public Task<string> UserIdOfAsync(string email) =>
        InScopeAsync(async services => (await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id);

    /// <summary>Everything the store holds, as bytes, to search for what must never be stored: the SQLite file and its write-ahead log.</summary>
    public virtual async Task<byte[]> StoredBytesAsync()
    {
        SqliteConnection.ClearAllPools();
        var stored = new List<byte>();
        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal" }.Where(File.Exists))
        {
            stored.AddRange(await File.ReadAllBytesAsync(file));
        }
        return [.. stored];
    }

    public async Task<BillingDbContext> OpenDatabaseAsync() =>
        await Services.GetRequiredService<IDbContextFactory<BillingDbContext>>().CreateDbContextAsync();

    public static ClaimsPrincipal CommandLinePrincipal { get; } = new(
        new ClaimsIdentity([new Claim(ClaimTypes.Name, "tests")], CurrentOperator.CommandLineAuthenticationType));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        SqliteConnection.ClearAllPools();
        if (!_ownsDatabase)
        {
            return;
        }
        try
        {
            Directory.Delete(_databaseFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection; the temp folder is cleaned by the OS later.
        }
    }
}
