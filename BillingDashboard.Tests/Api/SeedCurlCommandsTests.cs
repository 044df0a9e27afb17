using System.Diagnostics;
using System.Text.Json;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Features.Developers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Api;

/// <summary>
/// The curl commands of the Sources and Customers document (shared/seeds/000), as written there, with only the host
/// and the key changed, run by curl against the running app. Each command gets the objects it names (with the
/// document's own ids) in the state the document describes, and its documented effect is checked.
/// </summary>
public sealed class SeedCurlCommandsTests
{
    private const string DocumentKey = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
    private const string DocumentHost = "https://api.stripe.com";
    private const string SourceId = "src_18eYalAHEMiOZZp1l9ZTjSU0";
    private const string CustomerId = "cus_AFGbOSiITuJVDs";

    // Copied from the document, line for line.
    private const string CreateCustomerWithSource = """
        curl https://api.stripe.com/v1/customers \
           -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: \
           -d email="paying.user@example.com" \
           -d source=src_18eYalAHEMiOZZp1l9ZTjSU0
        """;

    private const string AttachToExistingCustomer = """
        curl https://api.stripe.com/v1/customers/cus_AFGbOSiITuJVDs/sources \
           -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: \
           -d source=src_18eYalAHEMiOZZp1l9ZTjSU0
        """;

    private const string ChangeDefaultSource = """
        curl https://api.stripe.com/v1/customers/cus_AFGbOSiITuJVDs \
           -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: \
           -d default_source=src_18eYalAHEMiOZZp1l9ZTjSU0
        """;

    private const string ChargeCustomerAndSource = """
        curl https://api.stripe.com/v1/charges \
           -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: \
           -d amount=1099 \
           -d currency=eur \
           -d customer=cus_AFGbOSiITuJVDs \
           -d source=src_18eYalAHEMiOZZp1l9ZTjSU0
        """;

    [Fact]
    public async Task CreateCustomerWithSource_MakesTheSourceTheDefault()
    {
        var response = await RunAsync(CreateCustomerWithSource, setUp: async db => db.Sources.Add(Card(SourceId)));

        Assert.Equal("customer", response.GetProperty("object").GetString());
        Assert.Equal("paying.user@example.com", response.GetProperty("email").GetString());
        Assert.Equal(SourceId, response.GetProperty("default_source").GetString());
    }

    [Fact]
    public async Task AttachToCustomerWithADefault_KeepsTheDefault()
    {
        var response = await RunAsync(AttachToExistingCustomer, setUp: async db =>
        {
            var customer = Customer();
            var existing = Card("src_existingDefault0001");
            CustomerSources.Attach(customer, existing);
            db.AddRange(customer, existing, Card(SourceId));
        }, check: async db =>
        {
            Assert.Equal("src_existingDefault0001", (await db.Customers.SingleAsync(customer => customer.Id == CustomerId)).DefaultSourceId);
        });

        Assert.Equal((SourceId, CustomerId, "chargeable"),
            (response.GetProperty("id").GetString(), response.GetProperty("customer").GetString(), response.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task UpdateDefaultSource_MakesTheAttachedSourceTheDefault()
    {
        var response = await RunAsync(ChangeDefaultSource, setUp: async db =>
        {
            var customer = Customer();
            var existing = Card("src_existingDefault0001");
            var other = Card(SourceId);
            CustomerSources.Attach(customer, existing);
            CustomerSources.Attach(customer, other);
            db.AddRange(customer, existing, other);
        });

        Assert.Equal(SourceId, response.GetProperty("default_source").GetString());
    }

    [Fact]
    public async Task ChargeAttachedSource_ReferencesCustomerAndSource()
    {
        var response = await RunAsync(ChargeCustomerAndSource, setUp: async db =>
        {
            var customer = Customer();
            var source = Card(SourceId);
            CustomerSources.Attach(customer, source);
            db.AddRange(customer, source);
        });

        Assert.Equal(("charge", "succeeded", 1099, "eur"), (response.GetProperty("object").GetString(), response.GetProperty("status").GetString(),
            response.GetProperty("amount").GetInt32(), response.GetProperty("currency").GetString()));
        Assert.Equal((CustomerId, SourceId), (response.GetProperty("customer").GetString(), response.GetProperty("payment_method").GetString()));
    }

    [Fact]
    public async Task ChargeUnattachedSingleUseSourceWithCustomer_ReferencesBothAndConsumesTheSource()
    {
        var response = await RunAsync(ChargeCustomerAndSource, setUp: async db =>
        {
            db.Customers.Add(Customer());
            db.Sources.Add(SourceRules.Create(SourceId, DateTimeOffset.UtcNow, TestCards.Card(usage: "single_use", amount: 1099, currency: "eur"),
                TestCards.Fingerprints));
        }, check: async db =>
        {
            Assert.Equal(SourceStatus.Consumed, (await db.Sources.SingleAsync(source => source.Id == SourceId)).Status);
        });

        Assert.Equal((CustomerId, SourceId), (response.GetProperty("customer").GetString(), response.GetProperty("payment_method").GetString()));
    }

    private static Customer Customer() => new() { Id = CustomerId, InvoicePrefix = "AFGB0001", Email = "existing@example.com", Created = DateTimeOffset.UtcNow };

    private static Source Card(string id) => SourceRules.Create(id, DateTimeOffset.UtcNow, TestCards.Card(), TestCards.Fingerprints);

    /// <summary>Sets up a fresh store, runs the command with curl (host and key substituted), and returns the JSON it printed.</summary>
    private static async Task<JsonElement> RunAsync(string command, Func<BillingDashboard.Data.BillingDbContext, Task> setUp,
        Func<BillingDashboard.Data.BillingDbContext, Task>? check = null)
    {
        await using var app = new AppFactory();
        var address = app.StartKestrel();
        await using (var db = await app.OpenDatabaseAsync())
        {
            await setUp(db);
            await db.SaveChangesAsync();
        }
        var key = await app.InScopeAsync(services => services.GetRequiredService<ApiKeyService>().CreateAsync("seed commands", readOnly: false));
        var runnable = command.Replace(DocumentHost, address.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            .Replace(DocumentKey, key.Secret, StringComparison.Ordinal);

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(runnable);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"curl failed: {await process.StandardError.ReadToEndAsync()}");
        var json = JsonDocument.Parse(output).RootElement;
        Assert.False(json.TryGetProperty("error", out var error), error.ToString());
        if (check is not null)
        {
            await using var db = await app.OpenDatabaseAsync();
            await check(db);
        }
        return json.Clone();
    }
}
