using BillingDashboard.Domain;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Payments;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Payments;

/// <summary>The rules again, end to end through the service and the SQLite store, plus what only the store can show: concurrency and filters.</summary>
public abstract class PaymentServiceTests<TApp> : IClassFixture<TApp> where TApp : AppFactory
{
    private readonly TApp _app;

    protected PaymentServiceTests(TApp app) => _app = app;

    private Task<T> WithPaymentsAsync<T>(Func<PaymentService, Task<T>> work) =>
        _app.InScopeAsync(services => work(services.GetRequiredService<PaymentService>()));

    private Task<Customer> CreateCustomerAsync(string name) =>
        _app.CreateCustomerAsync(new CustomerInput { Name = name, Email = $"{name.Replace(' ', '.').ToLowerInvariant()}@payments.example" });

    private static SourceInput Card(string number = TestCards.Visa, string usage = "reusable", long? amount = null, string? currency = null) =>
        TestCards.Card(number, usage: usage, amount: amount, currency: currency);

    private Task<Source> AddCardAsync(Customer customer, string number = TestCards.Visa, bool replaceDefault = false) =>
        WithPaymentsAsync(payments => payments.AddToCustomerAsync(customer.Id, Card(number), replaceDefault));

    private Task<Charge> ChargeAsync(ChargeInput input) => WithPaymentsAsync(payments => payments.ChargeAsync(input));

    private async Task<int> CountChargesAsync(string sourceId)
    {
        await using var db = await _app.OpenDatabaseAsync();
        return await db.Charges.CountAsync(charge => charge.SourceId == sourceId);
    }

    [Fact]
    public async Task AddToCustomerAsync_TwoCards_TheFirstStaysDefaultUntilChanged()
    {
        var customer = await CreateCustomerAsync("Two Cards");
        var first = await AddCardAsync(customer);
        var second = await AddCardAsync(customer, "5555555555554444");

        Assert.Equal(first.Id, (await _app.GetCustomerAsync(customer.Id)).DefaultSourceId);

        await WithPaymentsAsync(payments => payments.SetDefaultAsync(customer.Id, second.Id));

        Assert.Equal(second.Id, (await _app.GetCustomerAsync(customer.Id)).DefaultSourceId);
        var listed = await WithPaymentsAsync(payments => payments.ListCustomerSourcesAsync(customer.Id));
        Assert.Equal([second.Id, first.Id], listed.Select(source => source.Id));
    }

    [Fact]
    public async Task ReplaceDefaultAsync_ExistingSource_DetachesAndConsumesTheOldDefault()
    {
        var customer = await CreateCustomerAsync("Replaced Default");
        var old = await AddCardAsync(customer);
        var loose = await WithPaymentsAsync(payments => payments.CreateSourceAsync(Card(TestCards.Amex)));

        await WithPaymentsAsync(payments => payments.ReplaceDefaultAsync(customer.Id, loose.Id));

        Assert.Equal(loose.Id, (await _app.GetCustomerAsync(customer.Id)).DefaultSourceId);
        var detached = await WithPaymentsAsync(payments => payments.GetSourceAsync(old.Id));
        Assert.Equal((SourceStatus.Consumed, false), (detached.Status, detached.IsAttached));
    }

    [Fact]
    public async Task ChargeAsync_CustomerOnly_ChargesTheDefaultSourceAndReferencesBoth()
    {
        var customer = await CreateCustomerAsync("Default Payer");
        await AddCardAsync(customer);
        var second = await AddCardAsync(customer, "5555555555554444");
        await WithPaymentsAsync(payments => payments.SetDefaultAsync(customer.Id, second.Id));

        var charge = await ChargeAsync(new ChargeInput { Amount = 1099, Currency = "eur", CustomerId = customer.Id, Description = "Consulting" });

        var stored = await WithPaymentsAsync(payments => payments.GetChargeAsync(charge.Id));
        Assert.Equal((ChargeStatus.Succeeded, customer.Id, second.Id, 1099L, "eur"), (stored.Status, stored.CustomerId, stored.SourceId, stored.Amount, stored.Currency));
        Assert.Equal("Mastercard •••• 4444", stored.DescribePaymentMethod());
        Assert.Equal(AppFactory.CommandLinePrincipal.Identity!.Name, stored.CreatedBy);
        Assert.Equal(SourceStatus.Chargeable, (await WithPaymentsAsync(payments => payments.GetSourceAsync(second.Id))).Status);
    }

    [Fact]
    public async Task ChargeAsync_CustomerWithoutDefault_IsRefusedAndStoresNothing()
    {
        var customer = await CreateCustomerAsync("No Methods");

        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => ChargeAsync(new ChargeInput { Amount = 1099, Currency = "eur", CustomerId = customer.Id }));

        Assert.Contains("has no default payment method or source", refusal.Message, StringComparison.Ordinal);
        var list = await WithPaymentsAsync(payments => payments.ListChargesAsync(new ChargeQuery { Customer = customer.Id }));
        Assert.Empty(list.Rows);
    }

    [Fact]
    public async Task ChargeAsync_SingleUseSourceWithCustomer_ReferencesBothAndConsumesTheSource()
    {
        var customer = await CreateCustomerAsync("Single Use");
        var singleUse = await WithPaymentsAsync(payments => payments.AddToCustomerAsync(customer.Id, Card(usage: "single_use", amount: 2500, currency: "eur")));

        var charge = await ChargeAsync(new ChargeInput { Amount = 2500, Currency = "eur", CustomerId = customer.Id, SourceId = singleUse.Id });

        Assert.Equal((customer.Id, singleUse.Id), (charge.CustomerId, charge.SourceId));
        var source = await WithPaymentsAsync(payments => payments.GetSourceAsync(singleUse.Id));
        Assert.Equal((SourceStatus.Consumed, false, charge.Id), (source.Status, source.IsAttached, source.ConsumedByChargeId));
        Assert.Null((await _app.GetCustomerAsync(customer.Id)).DefaultSourceId);
        await Assert.ThrowsAsync<RuleViolationException>(() => ChargeAsync(new ChargeInput { Amount = 2500, Currency = "eur", CustomerId = customer.Id, SourceId = singleUse.Id }));
    }

    [Fact]
    public async Task ChargeAsync_ManyAtOnceOnOneSingleUseSource_ChargesItOnce()
    {
        var singleUse = await WithPaymentsAsync(payments => payments.CreateSourceAsync(Card(usage: "single_use", amount: 700, currency: "usd")));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                await ChargeAsync(new ChargeInput { Amount = 700, Currency = "usd", SourceId = singleUse.Id });
                return true;
            }
            catch (RuleViolationException)
            {
                return false;
            }
        })));

        Assert.Equal(1, attempts.Count(charged => charged));
        Assert.Equal(1, await CountChargesAsync(singleUse.Id));
    }

    [Fact]
    public async Task ChargeAsync_DetachedSource_IsRefusedNamingConsumed()
    {
        var customer = await CreateCustomerAsync("Detached Card");
        var card = await AddCardAsync(customer);

        var detached = await WithPaymentsAsync(payments => payments.DetachAsync(customer.Id, card.Id));

        Assert.Equal(SourceStatus.Consumed, detached.Status);
        Assert.Null((await _app.GetCustomerAsync(customer.Id)).DefaultSourceId);
        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() =>
            ChargeAsync(new ChargeInput { Amount = 1099, Currency = "eur", CustomerId = customer.Id, SourceId = card.Id }));
        Assert.Contains("its status is consumed", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountChargesAsync(card.Id));
        await Assert.ThrowsAsync<RuleViolationException>(() => WithPaymentsAsync(payments => payments.AttachAsync(customer.Id, card.Id)));
    }

    [Fact]
    public async Task ChargeAsync_DeclinedTestCard_StoresAFailedCharge()
    {
        var customer = await CreateCustomerAsync("Declined Card");
        var card = await AddCardAsync(customer, TestCards.DeclinedAfterAttach);

        var charge = await ChargeAsync(new ChargeInput { Amount = 5000, Currency = "gbp", CustomerId = customer.Id });

        Assert.Equal((ChargeStatus.Failed, "card_declined", "Your card was declined."), (charge.Status, charge.FailureCode, charge.FailureMessage));
        var failed = await WithPaymentsAsync(payments => payments.ListChargesAsync(new ChargeQuery { Customer = customer.Id, Status = ChargeStatus.Failed }));
        Assert.Equal(charge.Id, Assert.Single(failed.Rows).Id);
        Assert.Equal(SourceStatus.Chargeable, (await WithPaymentsAsync(payments => payments.GetSourceAsync(card.Id))).Status);
    }

    [Fact]
    public async Task ApplyTestEventAsync_PendingCard_IsChargeableOnlyAfterAuthorization()
    {
        var customer = await CreateCustomerAsync("Three D Secure");
        var card = await AddCardAsync(customer, TestCards.AuthenticationRequired);
        Assert.Equal(SourceStatus.Pending, card.Status);
        var pending = await Assert.ThrowsAsync<RuleViolationException>(() => ChargeAsync(new ChargeInput { Amount = 1000, Currency = "eur", CustomerId = customer.Id }));
        Assert.Contains("its status is pending", pending.Message, StringComparison.Ordinal);

        await WithPaymentsAsync(payments => payments.ApplyTestEventAsync(card.Id, SourceEvent.Authorize));

        Assert.Equal(ChargeStatus.Succeeded, (await ChargeAsync(new ChargeInput { Amount = 1000, Currency = "eur", CustomerId = customer.Id })).Status);
    }

    [Fact]
    public async Task ListChargesAsync_Filters_MatchByCustomerIdOrEmailStatusCurrencyAndDay()
    {
        var customer = await CreateCustomerAsync("Filtered Fiona");
        await AddCardAsync(customer);
        var euros = await ChargeAsync(new ChargeInput { Amount = 1000, Currency = "eur", CustomerId = customer.Id });
        var dollars = await ChargeAsync(new ChargeInput { Amount = 2000, Currency = "usd", CustomerId = customer.Id });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        async Task<IEnumerable<string>> IdsAsync(ChargeQuery query) =>
            (await WithPaymentsAsync(payments => payments.ListChargesAsync(query))).Rows.Select(charge => charge.Id);

        Assert.Equal([dollars.Id, euros.Id], await IdsAsync(new ChargeQuery { Customer = customer.Id }));
        Assert.Equal([dollars.Id, euros.Id], await IdsAsync(new ChargeQuery { Customer = customer.Email }));
        Assert.Equal([euros.Id], await IdsAsync(new ChargeQuery { Customer = customer.Id, Currency = "eur" }));
        Assert.Equal([dollars.Id, euros.Id], await IdsAsync(new ChargeQuery { Customer = customer.Id, Status = ChargeStatus.Succeeded, CreatedFrom = today, CreatedTo = today }));
        Assert.Empty(await IdsAsync(new ChargeQuery { Customer = customer.Id, CreatedTo = today.AddDays(-1) }));
        Assert.Empty(await IdsAsync(new ChargeQuery { Customer = customer.Id, Status = ChargeStatus.Failed }));
    }

    [Fact]
    public async Task ListChargesAsync_EmailSharedByTwoCustomers_ListsBothCustomersChargesNewestFirst()
    {
        var first = await _app.CreateCustomerAsync(new CustomerInput { Name = "Shared One", Email = "shared@payments.example" });
        var second = await _app.CreateCustomerAsync(new CustomerInput { Name = "Shared Two", Email = "shared@payments.example" });
        await AddCardAsync(first);
        await AddCardAsync(second);
        var older = await ChargeAsync(new ChargeInput { Amount = 1000, Currency = "eur", CustomerId = first.Id });
        var newer = await ChargeAsync(new ChargeInput { Amount = 2000, Currency = "eur", CustomerId = second.Id });

        var list = await WithPaymentsAsync(payments => payments.ListChargesAsync(new ChargeQuery { Customer = "shared@payments.example" }));

        Assert.Equal([newer.Id, older.Id], list.Rows.Select(charge => charge.Id));
        Assert.Equal(("Shared Two", "Shared One"), (list.CustomerName(list.Rows[0]), list.CustomerName(list.Rows[1])));
    }

    [Fact]
    public async Task ListChargesAsync_MoreThanAPage_SaysThereIsMore()
    {
        var customer = await CreateCustomerAsync("Many Charges");
        await AddCardAsync(customer);
        for (var index = 0; index < 3; index++)
        {
            await ChargeAsync(new ChargeInput { Amount = 100 + index, Currency = "eur", CustomerId = customer.Id });
        }

        var first = await WithPaymentsAsync(payments => payments.ListChargesAsync(new ChargeQuery { Customer = customer.Id, PageSize = 2 }));
        var second = await WithPaymentsAsync(payments => payments.ListChargesAsync(new ChargeQuery { Customer = customer.Id, PageSize = 2, Page = 2 }));

        Assert.Equal((2, true), (first.Rows.Count, first.HasMore));
        Assert.Equal((1, false), (second.Rows.Count, second.HasMore));
        Assert.Equal(100, second.Rows[0].Amount);
    }

    [Fact]
    public async Task SetDefaultAsync_WhileAnotherOperatorEditsTheProfile_NeitherChangeIsLost()
    {
        var customer = await CreateCustomerAsync("Two Editors");
        await AddCardAsync(customer);
        var second = await AddCardAsync(customer, "5555555555554444");
        var readByEditor = await _app.GetCustomerAsync(customer.Id);

        await WithPaymentsAsync(payments => payments.SetDefaultAsync(customer.Id, second.Id));
        await _app.InScopeAsync(services => services.GetRequiredService<CustomerService>()
            .UpdateAsync(customer.Id, new CustomerInput { Description = "Edited meanwhile" }, readByEditor.Version));

        var stored = await _app.GetCustomerAsync(customer.Id);
        Assert.Equal(("Edited meanwhile", second.Id), (stored.Description, stored.DefaultSourceId));
    }

    [Fact]
    public async Task ChargeAsync_DeletedCustomer_IsRefused()
    {
        var customer = await CreateCustomerAsync("Gone Customer");
        await AddCardAsync(customer);
        await _app.InScopeAsync(async services => { await services.GetRequiredService<CustomerService>().DeleteAsync(customer.Id); return 0; });

        await Assert.ThrowsAsync<NotFoundException>(() => ChargeAsync(new ChargeInput { Amount = 1000, Currency = "eur", CustomerId = customer.Id }));
    }

    [Fact]
    public async Task Changes_AsViewer_AreRefused()
    {
        var customer = await CreateCustomerAsync("Viewer Target");
        var card = await AddCardAsync(customer);
        var viewer = await _app.CreateViewerAsync("viewer@payments.example");
        Task AsViewer(Func<PaymentService, Task> work) => _app.InScopeAsync(async services => { await work(services.GetRequiredService<PaymentService>()); return 0; }, viewer);

        await Assert.ThrowsAsync<PermissionDeniedException>(() => AsViewer(payments => payments.AddToCustomerAsync(customer.Id, Card())));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => AsViewer(payments => payments.ChargeAsync(new ChargeInput { Amount = 1000, Currency = "eur", CustomerId = customer.Id })));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => AsViewer(payments => payments.DetachAsync(customer.Id, card.Id)));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => AsViewer(payments => payments.SetDefaultAsync(customer.Id, card.Id)));
        Assert.Equal(0, await CountChargesAsync(card.Id));
    }
}

public sealed class PaymentServiceTestsOnSqlite(AppFactory app) : PaymentServiceTests<AppFactory>(app);

public sealed class PaymentServiceTestsOnPostgreSql(PostgreSqlAppFactory app) : PaymentServiceTests<PostgreSqlAppFactory>(app);
