using System.Globalization;
using System.Text;
using BillingDashboard.Data.Seeding;
using BillingDashboard.Domain.Balance;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Events;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Import;
using BillingDashboard.Hosting;
using BillingDashboard.Tests.Api;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Import;

/// <summary>The steps the import tests take: a file from text or bytes, its mapping guessed, a dry run, an import, an all-columns export.</summary>
internal static class ImportSteps
{
    private static readonly UTF8Encoding Utf8WithoutMark = new(false);

    internal static Func<Stream> FileOf(string text) => () => new MemoryStream(Utf8WithoutMark.GetBytes(text));

    internal static Func<Stream> FileOf(byte[] bytes) => () => new MemoryStream(bytes);

    internal static async Task<ImportMapping> GuessAsync(Func<Stream> file)
    {
        await using var stream = file();
        return ImportMapping.Guess((await CustomerImporter.PreviewAsync(stream, 0)).Headers);
    }

    internal static Task<ImportReport> DryRunAsync(AppFactory app, Func<Stream> file, ImportOptions? options = null) =>
        app.InScopeAsync(async services => await services.GetRequiredService<CustomerImporter>().DryRunAsync(file, await GuessAsync(file), options ?? new ImportOptions()));

    internal static Task<ImportReport> ImportAsync(AppFactory app, Func<Stream> file, ImportOptions? options = null, CancellationToken cancellationToken = default) =>
        app.InScopeAsync(async services => await services.GetRequiredService<CustomerImporter>().ImportAsync(file, "customers.csv", await GuessAsync(file),
            options ?? new ImportOptions(), cancellationToken: cancellationToken));

    internal static async Task<byte[]> ExportAllColumnsAsync(AppFactory app)
    {
        using var output = new MemoryStream();
        await app.InScopeAsync(async services =>
        {
            var export = services.GetRequiredService<CustomerExport>();
            var everyone = new CustomerQuery { Sort = CustomerSort.EmailAscending };
            var metadataColumns = (await export.MetadataKeysAsync(everyone)).Select(key => CustomerExport.MetadataPrefix + key);
            return await export.WriteAsync(new CustomerExportRequest(everyone, [.. CustomerExport.Columns.Select(column => column.Key), .. metadataColumns]), output);
        });
        return output.ToArray();
    }
}

/// <summary>The import over each store, judged where it can be by the official client reading the imported customers.</summary>
public abstract class CustomerImportTests<TFixture>(TFixture api) : IClassFixture<TFixture> where TFixture : StripeApiFixture
{
    [Fact]
    public async Task AFileShapedLikeTheHostedDashboardsExport_KeepsItsIds_AndTheOfficialClientRetrievesThem()
    {
        var file = ImportSteps.FileOf("""
            id,Description,Email,Name,Created (UTC),Currency,Balance,Address Line1,Address City,Address Country,Address Zip,Tax Exempt,Preferred Locales,plan (metadata),Delinquent
            cus_Hosted0000000001,Moved from the hosted dashboard,ada@hosted.example,Ada Lovelace,2021-03-04 17:31:22,eur,-25.00,1 Analytical Way,London,GB,N1 9GU,none,en-GB,gold,false
            cus_Hosted0000000002,,grace@hosted.example,Grace Hopper,2022-07-01 08:00:00,,,,,,,exempt,,silver,false
            """);

        var report = await ImportSteps.ImportAsync(api.App, file);

        Assert.Equal((2L, 0L), (report.New, report.Refused));
        var ada = await new Stripe.CustomerService(api.Client).GetAsync("cus_Hosted0000000001");
        Assert.Equal(("Ada Lovelace", "ada@hosted.example", "eur", -2500L), (ada.Name, ada.Email, ada.Currency, ada.Balance));
        Assert.Equal(new DateTime(2021, 3, 4, 17, 31, 22, DateTimeKind.Utc), ada.Created);
        Assert.Equal(("N1 9GU", "GB", "gold"), (ada.Address.PostalCode, ada.Address.Country, ada.Metadata["plan"]));
        var grace = await new Stripe.CustomerService(api.Client).GetAsync("cus_Hosted0000000002");
        Assert.Equal(("exempt", "silver"), (grace.TaxExempt, grace.Metadata["plan"]));
    }

    [Fact]
    public async Task ThreeBadRowsAmongAThousand_AreListedByTheDryRun_AndTheChoiceDecidesWhatIsWritten()
    {
        var file = new StringBuilder("Name,Email,Country,Currency\n");
        for (var row = 1; row <= 1000; row++)
        {
            file.Append(row switch
            {
                100 => "Bad Email,not-an-email,GB,gbp\n",
                500 => "Bad Country,country@three-bad.example,Atlantis,gbp\n",
                900 => "Bad Currency,currency@three-bad.example,GB,doubloons\n",
                _ => string.Create(CultureInfo.InvariantCulture, $"Row {row},row{row}@three-bad.example,GB,gbp\n"),
            });
        }
        var csv = ImportSteps.FileOf(file.ToString());

        var dryRun = await ImportSteps.DryRunAsync(api.App, csv);
        var nothing = await ImportSteps.ImportAsync(api.App, csv, new ImportOptions { NothingIfAnyRefused = true });
        var countAfterNothing = await CountAsync("three-bad.example");
        var valid = await ImportSteps.ImportAsync(api.App, csv);

        Assert.Equal((1000L, 997L, 3L), (dryRun.Rows, dryRun.New, dryRun.Refused));
        Assert.Equal([101L, 501L, 901L], dryRun.RefusedRows.Select(row => row.Line));
        Assert.Contains("email address", dryRun.RefusedRows[0].Reason, StringComparison.Ordinal);
        Assert.Contains("Atlantis", dryRun.RefusedRows[1].Reason, StringComparison.Ordinal);
        Assert.Contains("doubloons", dryRun.RefusedRows[2].Reason, StringComparison.OrdinalIgnoreCase);
        Assert.False(nothing.Written);
        Assert.Equal(0, countAfterNothing);
        Assert.Equal((997L, 3L), (valid.New, valid.Refused));
        Assert.Equal(997, await CountAsync("three-bad.example"));
    }

    [Fact]
    public async Task AnExistingId_UpdatesThatCustomer_AsAnEditWould_OrIsSkipped_AndAKnownEmailIsReported()
    {
        var existing = await api.App.CreateCustomerAsync(new CustomerInput { Name = "Old Name", Email = "known@update.example", Description = "kept" });
        var file = ImportSteps.FileOf($"""
            id,name,email
            {existing.Id},New Name,known@update.example
            ,Another Known,KNOWN@update.example
            """);

        var skipped = await ImportSteps.DryRunAsync(api.App, file, new ImportOptions { ExistingIds = ExistingIdChoice.Skip });
        var updated = await ImportSteps.ImportAsync(api.App, file);

        Assert.Equal((0L, 2L), (skipped.Updated, skipped.Skipped));
        Assert.Equal((1L, 1L, 0L), (updated.Updated, updated.Skipped, updated.New));
        Assert.Contains("known@update.example exists already", updated.SkippedRows.Single().Reason, StringComparison.OrdinalIgnoreCase);
        var after = await api.App.GetCustomerAsync(existing.Id);
        Assert.Equal(("New Name", "kept", existing.Version + 1), (after.Name, after.Description, after.Version));
        await using var db = await api.App.OpenDatabaseAsync();
        var recorded = await db.Events.SingleAsync(candidate => candidate.ObjectId == existing.Id && candidate.Type == EventTypes.CustomerUpdated);
        Assert.Contains("Old Name", recorded.PreviousAttributes, StringComparison.Ordinal);
        var again = await ImportSteps.ImportAsync(api.App, file);
        Assert.Equal((0L, 1L), (again.Updated, again.Unchanged));
    }

    [Fact]
    public async Task AnImportThatStopped_IsResumedAfterItsLastBatch_WithoutWritingARowTwice()
    {
        var file = new StringBuilder("name,email\n");
        for (var row = 1; row <= 2500; row++)
        {
            file.Append(CultureInfo.InvariantCulture, $"Resumed {row},row{row}@resume.example\n");
        }
        var csv = ImportSteps.FileOf(file.ToString());
        using var stop = new CancellationTokenSource();
        var batches = 0;
        var progress = new SynchronousProgress(_ =>
        {
            if (++batches == 1)
            {
                stop.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => api.App.InScopeAsync(async services =>
            await services.GetRequiredService<CustomerImporter>().ImportAsync(csv, "resume.csv", await ImportSteps.GuessAsync(csv), new ImportOptions(),
                progress: progress, cancellationToken: stop.Token)));
        var afterStop = await CountAsync("resume.example");
        var resumed = await ImportSteps.ImportAsync(api.App, csv);

        Assert.Equal(CustomerImporter.BatchSize, afterStop);
        Assert.Equal((1000L, 1500L), (resumed.Resumed, resumed.New));
        Assert.Equal(2500, await CountAsync("resume.example"));
    }

    [Fact]
    public async Task TheCommandLine_DryRunsAFile_AndExitsOneWhenARowIsRefused()
    {
        var path = Path.Combine(api.App.DatabaseFolder, "command-line.csv");
        await File.WriteAllTextAsync(path, "Name,Email\nCli Carla,carla@cli-import.example\nCli Bad,not-an-email\n");
        var output = new StringWriter();

        var exit = await CommandLine.RunAsync(api.App.Services, ["import", "customers", path, "--dry-run"], output, new StringWriter());

        Assert.Equal(1, exit);
        Assert.Contains("Dry run, nothing written: 2 rows; 1 new, 0 updated, 0 unchanged, 0 skipped, 1 refused.", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("line 3: refused: Enter an email address", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("cli-import.example"));
    }

    [Fact]
    public async Task AWordAVerbTakesNoFileFor_IsRefused_AndSoIsAMissingFile()
    {
        var error = new StringWriter();

        var stray = await CommandLine.RunAsync(api.App.Services, ["apikey", "create", "stray", "--name", "ci"], new StringWriter(), error);
        var missing = await CommandLine.RunAsync(api.App.Services, ["import", "customers", "--dry-run"], new StringWriter(), error);

        Assert.Equal((2, 1), (stray, missing));
        Assert.Contains("Unexpected argument 'stray'.", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("FILE is required.", error.ToString(), StringComparison.Ordinal);
    }

    private async Task<int> CountAsync(string emailDomain)
    {
        await using var db = await api.App.OpenDatabaseAsync();
        // Counted here: PostgreSQL's case-insensitive collation of emails takes no LIKE.
        var emails = await db.Customers.Select(customer => customer.Email).ToListAsync();
        return emails.Count(email => email?.EndsWith("@" + emailDomain, StringComparison.Ordinal) == true);
    }

    /// <summary>Reports on the caller's thread, so the test can cancel between two batches.</summary>
    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}

public sealed class CustomerImportTestsOnSqlite(StripeApiFixture api) : CustomerImportTests<StripeApiFixture>(api);

public sealed class CustomerImportTestsOnPostgreSql(PostgreSqlStripeApiFixture api) : CustomerImportTests<PostgreSqlStripeApiFixture>(api);

/// <summary>Our own export, imported into an empty store, exports again as the same bytes (on SQLite: the format is the store's concern on neither side).</summary>
public sealed class CustomerImportRoundTripTests
{
    [Fact]
    public async Task OurAllColumnsExport_ImportedIntoAnEmptyStore_ExportsAgainByteForByte()
    {
        await using var source = new AppFactory();
        await source.InScopeAsync(services => services.GetRequiredService<CustomerBulkLoader>().LoadAsync(10_000, new SyntheticCustomers()));
        var exported = await ImportSteps.ExportAllColumnsAsync(source);
        await using var target = new AppFactory();

        var report = await ImportSteps.ImportAsync(target, ImportSteps.FileOf(exported));

        Assert.True((10_000L, 10_000L, 0L) == (report.Rows, report.New, report.Refused),
            $"{report.Rows} rows, {report.New} new, {report.Refused} refused: " + string.Join("; ", report.RefusedRows.Take(5)));
        var again = await ImportSteps.ExportAllColumnsAsync(target);
        Assert.True(exported.AsSpan().SequenceEqual(again), "The second export differs from the first.");
        await using var db = await target.OpenDatabaseAsync();
        var withBalance = await db.Customers.CountAsync(customer => customer.Balance != 0);
        Assert.True(withBalance > 0);
        Assert.Equal(withBalance, await db.BalanceTransactions.CountAsync(entry => entry.Type == BalanceTransactionType.Initial));
    }
}
