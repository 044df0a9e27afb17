using System.Net;
using BillingDashboard.Data;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Features.Developers;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Features.Users;
using BillingDashboard.Tests.Api;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static BillingDashboard.Tests.Api.ApiTestClient;

namespace BillingDashboard.Tests.Store;

/// <summary>
/// What only the PostgreSQL store has to show: that it is the store in use, that it answers with the indexes and
/// collations made for it, and that two app instances over one database keep one truth.
/// </summary>
public sealed class PostgreSqlStoreTests(PostgreSqlAppFactory app) : IClassFixture<PostgreSqlAppFactory>
{
    [Fact]
    public async Task TheStore_IsPostgreSql_AndASubstringSearchReadsTheTrigramIndex()
    {
        await app.CreateCustomerAsync(new CustomerInput { Name = "Zebulon Quixote", Email = "zq@store.example" });
        await using var db = await app.OpenDatabaseAsync();

        Assert.True(db.Database.IsNpgsql());
        await using var connection = new NpgsqlConnection(((PostgreSqlAppFactory)app).ConnectionString);
        await connection.OpenAsync();
        // With a handful of rows the planner would scan the table; forbidding that shows the index can answer.
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }
        await using var explain = new NpgsqlCommand("""EXPLAIN SELECT "rowid" FROM "CustomerSearch" WHERE "Text" LIKE '%uixo%'""", connection);
        var plan = string.Join('\n', await ReadAllAsync(explain));
        Assert.Contains("IX_CustomerSearch_Text", plan, StringComparison.Ordinal);
        Assert.Single(await db.CustomerSearch.Where(entry => EF.Functions.Like(entry.Text, "%uixo%")).ToListAsync());
    }

    [Fact]
    public async Task NamesAndEmails_CompareWithoutCase_AsOnSqlite()
    {
        await app.CreateCustomerAsync(new CustomerInput { Name = "ada Case", Email = "Ada.Case@Store.Example" });
        await using var db = await app.OpenDatabaseAsync();

        Assert.Equal(1, await db.Customers.CountAsync(customer => customer.Email == "ada.case@store.example"));
        Assert.Equal(1, await db.Customers.CountAsync(customer => customer.Name == "ADA CASE"));
    }

    [Fact]
    public async Task TwoInstances_OverOneDatabase_NumberFortyInvoicesWithoutAGap_ShareIdempotencyKeys_AndHonourOneSignIn()
    {
        await using var second = app.SecondInstance();
        var customer = await app.CreateCustomerAsync(new CustomerInput { Name = "Two Instances", Email = "two@store.example", Currency = "eur" });
        var drafts = new List<string>();
        for (var index = 0; index < 40; index++)
        {
            var draft = await app.InScopeAsync(services => services.GetRequiredService<InvoiceService>().CreateDraftAsync(customer.Id));
            await app.InScopeAsync(services => services.GetRequiredService<InvoiceService>()
                .AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = "Line", Quantity = 1, UnitAmount = 100 }));
            drafts.Add(draft.Invoice.Id);
        }

        // Half the finalizations on each instance, all at once.
        var finalized = await Task.WhenAll(drafts.Select((id, index) => (index % 2 == 0 ? app : second)
            .InScopeAsync(services => services.GetRequiredService<InvoiceService>().FinalizeAsync(id))));
        var numbers = finalized.Select(attempt => int.Parse(attempt.Invoice.Number![^4..], System.Globalization.CultureInfo.InvariantCulture)).Order();
        Assert.Equal(Enumerable.Range(1, 40), numbers);

        // One Idempotency-Key, twenty identical requests split across the instances: one customer.
        var first = await ApiTestClient.CreateAsync(app);
        var other = second.CreateClient();
        other.DefaultRequestHeaders.Authorization = first.DefaultRequestHeaders.Authorization;
        var key = Guid.NewGuid().ToString();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async index =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/customers") { Content = Form(("email", "once@store.example"), ("name", "Once")) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await (index % 2 == 0 ? first : other).SendAsync(request);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));
        Assert.All(answers, answer => Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, answer.Body));
        await using (var db = await app.OpenDatabaseAsync())
        {
            Assert.Equal(1, await db.Customers.CountAsync(stored => stored.Email == "once@store.example"));
        }

        // A sign-in cookie issued by one instance is honoured by the other: the key ring is in the database.
        await app.CreateUserAsync("both@store.example", "correct horse battery staple", AppRoles.Admin);
        var signedIn = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignInClient.SignInAsync(signedIn, "both@store.example", "correct horse battery staple");
        using var onFirst = await signedIn.GetAsync("/customers");
        var cookie = onFirst.RequestMessage!.Headers.TryGetValues("Cookie", out var sent) ? string.Join("; ", sent) : null;
        var elsewhere = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, "/customers");
        request.Headers.Add("Cookie", cookie ?? "");
        using var onSecond = await elsewhere.SendAsync(request);
        using var withoutCookie = await elsewhere.GetAsync("/customers");
        Assert.Equal(HttpStatusCode.OK, onFirst.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, withoutCookie.StatusCode);
    }

    [Fact]
    public async Task AnApiKeyRevokedOnOneInstance_IsRefusedByTheOther_WithinASecond()
    {
        await using var second = app.SecondInstance();
        var key = await app.InScopeAsync(services => services.GetRequiredService<ApiKeyService>().CreateAsync("revoked elsewhere", readOnly: true));
        var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Secret);
        // The second instance has checked the key, and caches it for ten seconds.
        using (var before = await client.GetAsync("/v1/customers"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await app.InScopeAsync(async services =>
        {
            await services.GetRequiredService<ApiKeyService>().RevokeAsync(key.Key.Id);
            return 0;
        });
        var revokedAt = System.Diagnostics.Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var after = await client.GetAsync("/v1/customers");
            status = after.StatusCode;
        }
        while (status == HttpStatusCode.OK && revokedAt.Elapsed < TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(revokedAt.Elapsed < TimeSpan.FromSeconds(1), $"Refused only after {revokedAt.Elapsed.TotalMilliseconds:N0} ms.");
    }

    private static async Task<List<string>> ReadAllAsync(NpgsqlCommand command)
    {
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return lines;
    }
}
