using System.Text;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Balance;
using BillingDashboard.Features.Customers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Customers;

public abstract class CustomerExportTests<TApp> : IClassFixture<TApp> where TApp : AppFactory
{
    private readonly TApp _app;

    protected CustomerExportTests(TApp app) => _app = app;

    private Task<Customer> CreateAsync(string name, string email, string? currency = null) =>
        _app.CreateCustomerAsync(new CustomerInput { Name = name, Email = email, Currency = currency });

    private Task SetBalanceAsync(string id, long balance) =>
        _app.InScopeAsync(services => services.GetRequiredService<CustomerBalanceService>().AdjustAsync(id, balance, currencyCode: null, "Export test"));

    private async Task<string[]> ExportAsync(CustomerExportRequest request)
    {
        using var output = new MemoryStream();
        await _app.InScopeAsync(services => services.GetRequiredService<CustomerExport>().WriteAsync(request, output));
        return Encoding.UTF8.GetString(output.ToArray()[3..]).Split("\r\n")[..^1];
    }

    [Fact]
    public async Task WriteAsync_Balances_AreMajorUnitsInEachCurrencysExponent()
    {
        var dollars = await CreateAsync("Dollar Dan", "dan@amounts.example", "usd");
        var yen = await CreateAsync("Yen Yui", "yui@amounts.example", "jpy");
        var dinars = await CreateAsync("Dinar Dina", "dina@amounts.example", "kwd");
        var none = await CreateAsync("No Currency Nia", "nia@amounts.example");
        await SetBalanceAsync(dollars.Id, -123_456);
        await SetBalanceAsync(yen.Id, 5_000);
        await SetBalanceAsync(dinars.Id, 1_500);

        var lines = await ExportAsync(new CustomerExportRequest(new CustomerQuery { Search = "amounts.example", Sort = CustomerSort.Oldest }, ["name", "currency", "balance"]));

        Assert.Equal(["name,currency,balance", "Dollar Dan,usd,-1234.56", "Yen Yui,jpy,5000", "Dinar Dina,kwd,1.500", "No Currency Nia,,0"], lines);
        Assert.NotNull(none);
    }

    [Fact]
    public async Task WriteAsync_CreatedColumn_IsIso8601Utc()
    {
        var customer = await CreateAsync("Clock Carla", "carla@dates.example");

        var lines = await ExportAsync(new CustomerExportRequest(new CustomerQuery { Email = "carla@dates.example" }, ["created"]));

        Assert.Equal(customer.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), lines[1]);
    }

    [Fact]
    public async Task WriteAsync_Languages_AreTheCustomersPreferredLocalesInOrder()
    {
        await _app.CreateCustomerAsync(new CustomerInput { Name = "Lingua Lia", Email = "lia@languages.example", PreferredLocales = ["de-DE", "en"] });
        await CreateAsync("Plain Paul", "paul@languages.example");

        var lines = await ExportAsync(new CustomerExportRequest(new CustomerQuery { Search = "languages.example", Sort = CustomerSort.Oldest }, ["name", "preferred_locales"]));

        Assert.Equal(["name,preferred_locales", "Lingua Lia,de-DE en", "Plain Paul,"], lines);
    }

    [Fact]
    public async Task WriteAsync_SelectedIds_ExportsOnlyThoseWhateverTheFilters()
    {
        var first = await CreateAsync("Picked Pia", "pia@selected.example");
        await CreateAsync("Skipped Sam", "sam@selected.example");
        var third = await CreateAsync("Picked Pete", "pete@selected.example");

        var lines = await ExportAsync(new CustomerExportRequest(new CustomerQuery { Search = "nobody matches this" }, ["name"], [first.Id, third.Id]));

        Assert.Equal(["name", "Picked Pete", "Picked Pia"], lines);
    }

    [Fact]
    public async Task WriteAsync_DeletedCustomer_IsNotExported()
    {
        var kept = await CreateAsync("Kept Kai", "kai@deleted-export.example");
        var deleted = await CreateAsync("Gone Gus", "gus@deleted-export.example");
        await _app.InScopeAsync(services => services.GetRequiredService<CustomerService>().DeleteManyAsync([deleted.Id]));

        var lines = await ExportAsync(new CustomerExportRequest(new CustomerQuery { Search = "deleted-export" }, ["id"]));

        Assert.Equal(["id", kept.Id], lines);
    }

    [Theory]
    [InlineData("no_such_column", "There is no column 'no_such_column'.")]
    [InlineData("metadata.", "There is no column 'metadata.'.")]
    public void Validate_UnknownColumn_IsRefusedWithItsName(string column, string message)
    {
        var failure = Assert.Throws<ValidationFailedException>(() =>
            CustomerExport.Validate(new CustomerExportRequest(new CustomerQuery(), ["id", column])));

        Assert.Equal(message, Assert.Single(failure.Errors).Message);
    }

    [Fact]
    public async Task WriteAsync_FormulaNames_OpenAsText_WhilePhonesAndNegativeBalancesStayAsTheyAre()
    {
        string[] names = ["=HYPERLINK(\"http://evil\",\"x\")", "@SUM(1+1)", "=cmd|' /C calc'!A0", "+SUM(A1)", "-2+3+cmd|' /C calc'!A0"];
        foreach (var (name, index) in names.Select((name, index) => (name, index)))
        {
            await _app.CreateCustomerAsync(new CustomerInput { Name = name, Email = $"formula{index}@injection.example", Phone = "+1 555 0100", Currency = "usd" });
        }
        var credited = await CreateAsync("Credited Carl", "carl@injection.example", "usd");
        await SetBalanceAsync(credited.Id, -1_250);

        using var output = new MemoryStream();
        await _app.InScopeAsync(services => services.GetRequiredService<CustomerExport>().WriteAsync(
            new CustomerExportRequest(new CustomerQuery { Search = "injection.example", Sort = CustomerSort.Oldest }, ["name", "phone", "balance"]), output));
        var text = Encoding.UTF8.GetString(output.ToArray()[3..]);

        Assert.Equal(
            "name,phone,balance\r\n" +
            "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",+1 555 0100,0.00\r\n" +
            "'@SUM(1+1),+1 555 0100,0.00\r\n" +
            "'=cmd|' /C calc'!A0,+1 555 0100,0.00\r\n" +
            "'+SUM(A1),+1 555 0100,0.00\r\n" +
            "'-2+3+cmd|' /C calc'!A0,+1 555 0100,0.00\r\n" +
            "Credited Carl,,-12.50\r\n", text);
    }

    [Theory]
    [InlineData("-12.50", "-12.50")]
    [InlineData("+49 (30) 1234-567", "+49 (30) 1234-567")]
    [InlineData("-", "'-")]
    [InlineData("-1+1", "'-1+1")]
    [InlineData("=1", "'=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("a=1", "a=1")]
    public void Neutralise_FormulaStarts_GetAnApostrophe_SignedNumbersDoNot(string value, string expected) =>
        Assert.Equal(expected, BillingDashboard.Features.Export.CsvWriter.Neutralise(value));

    [Fact]
    public void Validate_NoColumns_AsksForOne()
    {
        var failure = Assert.Throws<ValidationFailedException>(() => CustomerExport.Validate(new CustomerExportRequest(new CustomerQuery(), [])));

        Assert.Equal("columns", Assert.Single(failure.Errors).Field);
    }

    [Fact]
    public void Validate_CreatedRangeBackwards_IsRefused()
    {
        var query = new CustomerQuery { CreatedFrom = new DateOnly(2026, 5, 2), CreatedTo = new DateOnly(2026, 5, 1) };

        var failure = Assert.Throws<ValidationFailedException>(() => CustomerExport.Validate(new CustomerExportRequest(query, ["id"])));

        Assert.Equal("created", Assert.Single(failure.Errors).Field);
    }
}

public sealed class CustomerExportTestsOnSqlite(AppFactory app) : CustomerExportTests<AppFactory>(app);

public sealed class CustomerExportTestsOnPostgreSql(PostgreSqlAppFactory app) : CustomerExportTests<PostgreSqlAppFactory>(app);
