using BillingDashboard.Domain;
using BillingDashboard.Domain.Balance;
using BillingDashboard.Domain.Coupons;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.Settings;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.Balance;
using BillingDashboard.Features.Coupons;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Features.Payments;
using BillingDashboard.Features.TaxRates;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Invoices;

public abstract class InvoiceServiceTests<TApp> : IClassFixture<TApp> where TApp : AppFactory
{
    private readonly TApp _app;

    protected InvoiceServiceTests(TApp app) => _app = app;

    private Task<T> WithInvoicesAsync<T>(Func<InvoiceService, Task<T>> work) =>
        _app.InScopeAsync(services => work(services.GetRequiredService<InvoiceService>()));

    private Task<T> WithAsync<TService, T>(Func<TService, Task<T>> work) where TService : notnull =>
        _app.InScopeAsync(services => work(services.GetRequiredService<TService>()));

    private Task<Customer> CreateCustomerAsync(string name, string? currency = "eur", string? taxExempt = null) =>
        _app.CreateCustomerAsync(new CustomerInput
        {
            Name = name, Email = $"{name.Replace(' ', '.').ToLowerInvariant()}@invoices.example", Currency = currency, TaxExempt = taxExempt,
        });

    private Task<TaxRate> CreateRateAsync(string percentage, bool inclusive = false) =>
        WithAsync<TaxRateService, TaxRate>(rates => rates.CreateAsync(new TaxRateInput { DisplayName = "VAT", Percentage = percentage, Inclusive = inclusive }));

    private async Task<InvoiceDetails> DraftAsync(Customer customer, params InvoiceItemInput[] lines)
    {
        var draft = await WithInvoicesAsync(invoices => invoices.CreateDraftAsync(customer.Id));
        foreach (var line in lines)
        {
            await WithInvoicesAsync(invoices => invoices.AddLineAsync(draft.Invoice.Id, line));
        }
        return await WithInvoicesAsync(invoices => invoices.GetAsync(draft.Invoice.Id));
    }

    private static InvoiceItemInput Line(string description, long quantity, long unitAmount, params string[] rates) =>
        new() { Description = description, Quantity = quantity, UnitAmount = unitAmount, TaxRateIds = rates };

    private Task<InvoicePaymentAttempt> FinalizeAsync(string invoiceId) => WithInvoicesAsync(invoices => invoices.FinalizeAsync(invoiceId));

    private Task SendInvoiceAsync(string invoiceId, int days = 14) =>
        WithInvoicesAsync(invoices => invoices.UpdateDraftAsync(invoiceId, new InvoiceDraftInput { CollectionMethod = "send_invoice", DaysUntilDue = days }, null));

    [Fact]
    public async Task FinalizeAsync_TwoLinesAndATaxRate_NumbersTheInvoiceAndFreezesTotalsAndSnapshot()
    {
        var customer = await CreateCustomerAsync("Frieda Final");
        var vat = await CreateRateAsync("19");
        var draft = await DraftAsync(customer, Line("Workshop", 2, 5_000, vat.Id), Line("Travel", 1, 2_500));
        await SendInvoiceAsync(draft.Invoice.Id);

        var preview = await WithInvoicesAsync(invoices => invoices.PreviewAsync(draft.Invoice.Id));
        var finalized = (await FinalizeAsync(draft.Invoice.Id)).Invoice;

        Assert.Equal(14_400, preview.Total);
        Assert.Equal((InvoiceStatus.Open, $"{customer.InvoicePrefix}-0001"), (finalized.Status, finalized.Number));
        Assert.Equal((12_500L, 1_900L, 14_400L, 14_400L), (finalized.Amounts!.Subtotal, finalized.Amounts.Tax, finalized.Amounts.Total, finalized.Amounts.AmountDue));
        Assert.Equal(finalized.FinalizedAt!.Value.AddDays(14), finalized.DueDate);
        Assert.Equal("VAT", Assert.Single(finalized.Amounts.Taxes).DisplayName);

        // Later changes to the customer never reach the issued invoice.
        var current = await _app.GetCustomerAsync(customer.Id);
        await WithAsync<CustomerService, Customer>(customers => customers.UpdateAsync(customer.Id, new CustomerInput { Name = "Renamed Frieda" }, current.Version));
        var stored = await WithInvoicesAsync(invoices => invoices.GetAsync(draft.Invoice.Id));
        Assert.Equal("Frieda Final", stored.Invoice.Snapshot!.CustomerName);
        Assert.Equal([1_900L], stored.Lines[0].Taxes!.Select(tax => tax.Amount));
        Assert.Equal(2, (await _app.GetCustomerAsync(customer.Id)).NextInvoiceSequence);
        var edit = await Assert.ThrowsAsync<RuleViolationException>(() => WithInvoicesAsync(invoices => invoices.AddLineAsync(draft.Invoice.Id, Line("Late", 1, 100))));
        Assert.Contains("open and can't change", edit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FinalizeAsync_ManyDraftsOfOneCustomerAtOnce_NumbersAreUniqueAndGapless()
    {
        var customer = await CreateCustomerAsync("Parallel Paolo");
        var drafts = new List<string>();
        for (var index = 0; index < 12; index++)
        {
            var draft = await DraftAsync(customer, Line($"Item {index}", 1, 1_000));
            await SendInvoiceAsync(draft.Invoice.Id);
            drafts.Add(draft.Invoice.Id);
        }

        var finalized = await Task.WhenAll(drafts.Select(id => Task.Run(() => FinalizeAsync(id))));

        Assert.Equal(Enumerable.Range(1, 12).Select(number => $"{customer.InvoicePrefix}-{number:D4}").Order(),
            finalized.Select(attempt => attempt.Invoice.Number!).Order());
    }

    [Fact]
    public async Task FinalizeAsync_AccountNumberingAcrossCustomersAtOnce_IsOneGaplessSequence()
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        await using var app = new ClockedAppFactory(clock);
        await using (var db = await app.OpenDatabaseAsync())
        {
            db.AccountSettings.Add(new AccountSettings { Numbering = InvoiceNumbering.Account, AccountPrefix = "ACME", NextAccountSequence = 41 });
            await db.SaveChangesAsync();
        }
        var drafts = new List<string>();
        for (var index = 0; index < 9; index++)
        {
            var customer = await app.CreateCustomerAsync(new CustomerInput { Name = $"Account {index}", Email = $"account{index}@invoices.example", Currency = "usd" });
            var draft = await app.InScopeAsync(services => services.GetRequiredService<InvoiceService>().CreateDraftAsync(customer.Id,
                input: new InvoiceDraftInput { CollectionMethod = "send_invoice" }));
            await app.InScopeAsync(services => services.GetRequiredService<InvoiceService>().AddLineAsync(draft.Invoice.Id, Line("Service", 1, 900)));
            drafts.Add(draft.Invoice.Id);
        }

        var finalized = await Task.WhenAll(drafts.Select(id => Task.Run(() => app.InScopeAsync(services => services.GetRequiredService<InvoiceService>().FinalizeAsync(id)))));

        Assert.Equal(Enumerable.Range(41, 9).Select(number => $"ACME-{number:D4}"), finalized.Select(attempt => attempt.Invoice.Number!).Order());
    }

    [Fact]
    public async Task DeleteDraftAsync_DeletedDraft_NeverTakesANumber()
    {
        var customer = await CreateCustomerAsync("Deleting Dora");
        var deleted = await DraftAsync(customer, Line("Mistake", 1, 100));
        var kept = await DraftAsync(customer, Line("Right one", 1, 100));
        await SendInvoiceAsync(kept.Invoice.Id);

        await WithInvoicesAsync(async invoices => { await invoices.DeleteDraftAsync(deleted.Invoice.Id); return 0; });
        var finalized = (await FinalizeAsync(kept.Invoice.Id)).Invoice;

        Assert.Equal($"{customer.InvoicePrefix}-0001", finalized.Number);
        await Assert.ThrowsAsync<NotFoundException>(() => WithInvoicesAsync(invoices => invoices.GetAsync(deleted.Invoice.Id)));
        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => WithInvoicesAsync(async invoices => { await invoices.DeleteDraftAsync(kept.Invoice.Id); return 0; }));
        Assert.Contains("Only drafts can be deleted", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FinalizeAsync_CustomerWithCredit_AppliesItAndRecordsItInTheLedger()
    {
        var customer = await CreateCustomerAsync("Credit Carla");
        await WithAsync<CustomerBalanceService, CustomerBalanceTransaction>(balance => balance.AdjustAsync(customer.Id, -3_000, "eur", "Goodwill"));
        var draft = await DraftAsync(customer, Line("Plan", 1, 10_000));
        await SendInvoiceAsync(draft.Invoice.Id);

        var finalized = (await FinalizeAsync(draft.Invoice.Id)).Invoice;

        Assert.Equal((-3_000L, -3_000L, 7_000L), (finalized.Amounts!.StartingBalance, finalized.Amounts.AppliedBalance, finalized.Amounts.AmountDue));
        Assert.Equal(0, (await _app.GetCustomerAsync(customer.Id)).Balance);
        var ledger = await WithAsync<CustomerBalanceService, BalanceTransactionPage>(balance => balance.ListAsync(customer.Id));
        var applied = ledger.Entries[0];
        Assert.Equal((BalanceTransactionType.AppliedToInvoice, 3_000L, 0L), (applied.Type, applied.Amount, applied.EndingBalance));
        Assert.Equal($"Applied to invoice {finalized.Number}", applied.Description);

        // Voiding gives the credit back.
        await WithInvoicesAsync(invoices => invoices.VoidAsync(draft.Invoice.Id));
        Assert.Equal(-3_000, (await _app.GetCustomerAsync(customer.Id)).Balance);
        var returned = (await WithAsync<CustomerBalanceService, BalanceTransactionPage>(balance => balance.ListAsync(customer.Id))).Entries[0];
        Assert.Equal((BalanceTransactionType.InvoiceVoided, -3_000L, -3_000L), (returned.Type, returned.Amount, returned.EndingBalance));
    }

    [Fact]
    public async Task FinalizeAsync_ChargeAutomaticallyWithADefaultCard_IsPaidByTheCharge()
    {
        var customer = await CreateCustomerAsync("Auto Anton");
        await WithAsync<PaymentService, Source>(payments => payments.AddToCustomerAsync(customer.Id,
            TestCards.Card(expMonth: 1, expYear: 2033)));
        var draft = await DraftAsync(customer, Line("Plan", 3, 1_500));

        var attempt = await FinalizeAsync(draft.Invoice.Id);

        Assert.Equal(InvoiceStatus.Paid, attempt.Invoice.Status);
        Assert.Equal((4_500L, "eur", $"Invoice {attempt.Invoice.Number}"), (attempt.Charge!.Amount, attempt.Charge.Currency, attempt.Charge.Description));
        Assert.Equal((4_500L, 0L, attempt.Charge.Id), (attempt.Invoice.AmountPaid, attempt.Invoice.AmountRemaining, attempt.Invoice.ChargeId));
    }

    [Fact]
    public async Task FinalizeAsync_ChargeAutomaticallyWithADecliningCard_StaysOpenWithTheReasonThenIsPaidOutOfBand()
    {
        var customer = await CreateCustomerAsync("Declined Dieter");
        await WithAsync<PaymentService, Source>(payments => payments.AddToCustomerAsync(customer.Id,
            TestCards.Card(TestCards.DeclinedAfterAttach, 1, 2033)));
        var draft = await DraftAsync(customer, Line("Plan", 1, 5_000));

        var attempt = await FinalizeAsync(draft.Invoice.Id);

        Assert.Equal(InvoiceStatus.Open, attempt.Invoice.Status);
        Assert.False(attempt.Charge!.Paid);
        Assert.Equal("Payment failed: Your card was declined.", attempt.Invoice.History[^1].Note);

        var paid = await WithInvoicesAsync(invoices => invoices.PayAsync(draft.Invoice.Id, paidOutOfBand: true));
        Assert.Equal((InvoiceStatus.Paid, "Paid out of band"), (paid.Invoice.Status, paid.Invoice.History[^1].Note));
        var voidRefused = await Assert.ThrowsAsync<RuleViolationException>(() => WithInvoicesAsync(invoices => invoices.VoidAsync(draft.Invoice.Id)));
        Assert.Equal("This invoice is paid, which is final.", voidRefused.Message);
    }

    [Fact]
    public async Task CreateDraftAsync_PendingItems_ArePulledIntoTheNextDraft()
    {
        var customer = await CreateCustomerAsync("Pending Petra");
        await WithInvoicesAsync(invoices => invoices.AddPendingItemAsync(customer.Id, Line("Setup fee", 1, 20_000)));
        await WithInvoicesAsync(invoices => invoices.AddPendingItemAsync(customer.Id, Line("Training", 2, 7_500)));

        var draft = await WithInvoicesAsync(invoices => invoices.CreateDraftAsync(customer.Id));

        Assert.Equal(["Setup fee", "Training"], draft.Lines.Select(line => line.Description));
        Assert.Empty(await WithInvoicesAsync(invoices => invoices.ListPendingItemsAsync(customer.Id)));
        Assert.Equal(35_000, (await WithInvoicesAsync(invoices => invoices.PreviewAsync(draft.Invoice.Id))).Total);
    }

    [Fact]
    public async Task FinalizeAsync_CustomersOnceCoupon_DiscountsThisInvoiceThenEnds()
    {
        var customer = await CreateCustomerAsync("Coupon Conrad");
        var coupon = await WithAsync<CouponService, Coupon>(coupons => coupons.CreateAsync(new CouponInput { Name = "Welcome 10%", PercentOff = 10m }));
        await WithAsync<CouponService, Discount>(coupons => coupons.ApplyToCustomerAsync(customer.Id, coupon.Id));
        var vat = await CreateRateAsync("20");
        var first = await DraftAsync(customer, Line("Plan", 1, 10_000, vat.Id));
        await SendInvoiceAsync(first.Invoice.Id);

        var finalized = (await FinalizeAsync(first.Invoice.Id)).Invoice;

        var discount = Assert.Single(finalized.Amounts!.Discounts);
        Assert.Equal(("Welcome 10%", 1_000L), (discount.Label, discount.Amount));
        Assert.Equal((1_800L, 10_800L), (finalized.Amounts.Tax, finalized.Amounts.Total)); // 20% of the discounted 9,000
        var second = await DraftAsync(customer, Line("Plan", 1, 10_000, vat.Id));
        Assert.Equal(0, (await WithInvoicesAsync(invoices => invoices.PreviewAsync(second.Invoice.Id))).TotalDiscount);
    }

    [Fact]
    public async Task PreviewAsync_ReverseChargeCustomer_HasNoTax()
    {
        var customer = await CreateCustomerAsync("Reverse Rosa", taxExempt: "reverse");
        var vat = await CreateRateAsync("19");
        var draft = await DraftAsync(customer, Line("Consulting", 1, 10_000, vat.Id));

        var preview = await WithInvoicesAsync(invoices => invoices.PreviewAsync(draft.Invoice.Id));

        Assert.Equal((0L, 10_000L), (preview.Tax, preview.Total));
    }

    [Fact]
    public async Task AddLineAsync_ArchivedOrMixedRates_AreRefused()
    {
        var customer = await CreateCustomerAsync("Rates Rita");
        var archived = await CreateRateAsync("7");
        await WithAsync<TaxRateService, TaxRate>(rates => rates.SetArchivedAsync(archived.Id, true, null));
        var inclusive = await CreateRateAsync("20", inclusive: true);
        var exclusive = await CreateRateAsync("5");
        var draft = await DraftAsync(customer);

        var archivedRefusal = await Assert.ThrowsAsync<ValidationFailedException>(() => WithInvoicesAsync(invoices => invoices.AddLineAsync(draft.Invoice.Id, Line("A", 1, 100, archived.Id))));
        var mixedRefusal = await Assert.ThrowsAsync<ValidationFailedException>(() => WithInvoicesAsync(invoices => invoices.AddLineAsync(draft.Invoice.Id, Line("B", 1, 100, inclusive.Id, exclusive.Id))));

        Assert.Contains("is archived", archivedRefusal.Message, StringComparison.Ordinal);
        Assert.Contains("all inclusive or all exclusive", mixedRefusal.Message, StringComparison.Ordinal);
        Assert.Empty((await WithInvoicesAsync(invoices => invoices.GetAsync(draft.Invoice.Id))).Lines);
    }

    [Fact]
    public async Task CreateDraftAsync_CustomerWithoutCurrency_LocksTheChosenOneAndRefusesAnother()
    {
        var customer = await CreateCustomerAsync("Fresh Fritz", currency: null);

        await Assert.ThrowsAsync<ValidationFailedException>(() => WithInvoicesAsync(invoices => invoices.CreateDraftAsync(customer.Id)));
        var draft = await WithInvoicesAsync(invoices => invoices.CreateDraftAsync(customer.Id, "usd"));

        Assert.Equal("usd", draft.Invoice.Currency);
        var locked = await _app.GetCustomerAsync(customer.Id);
        Assert.Equal(("usd", CurrencyLockReason.Invoice), (locked.Currency, locked.CurrencyLockedBy));
        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => WithInvoicesAsync(invoices => invoices.CreateDraftAsync(customer.Id, "eur")));
        Assert.Contains("currency is USD and can't change", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoveAsync_OpenToUncollectibleToVoid_RecordsEachStepInTheHistory()
    {
        var customer = await CreateCustomerAsync("History Hanna");
        var draft = await DraftAsync(customer, Line("Plan", 1, 1_000));
        await SendInvoiceAsync(draft.Invoice.Id);
        await FinalizeAsync(draft.Invoice.Id);

        await WithInvoicesAsync(invoices => invoices.MarkUncollectibleAsync(draft.Invoice.Id));
        var voided = await WithInvoicesAsync(invoices => invoices.VoidAsync(draft.Invoice.Id));

        Assert.Equal([InvoiceStatus.Open, InvoiceStatus.Uncollectible, InvoiceStatus.Void], voided.History.Select(change => change.To));
        Assert.Equal(0, voided.AmountRemaining);
        await Assert.ThrowsAsync<RuleViolationException>(() => WithInvoicesAsync(invoices => invoices.PayAsync(draft.Invoice.Id, paidOutOfBand: true)));
    }

    [Fact]
    public async Task ADueDateChosenForASentDraft_IsTheDueDateOnceFinalized_AndOneInThePastIsRefused()
    {
        var draft = await DraftAsync(await CreateCustomerAsync("Due Date Dana"), Line("Audit", 1, 50_00));
        var chosen = DateTimeOffset.UtcNow.Date.AddDays(20);

        await WithInvoicesAsync(invoices => invoices.UpdateDraftAsync(draft.Invoice.Id, new InvoiceDraftInput { CollectionMethod = "send_invoice", DueDate = chosen }, null));
        var past = await Assert.ThrowsAsync<ValidationFailedException>(() => WithInvoicesAsync(invoices =>
            invoices.UpdateDraftAsync(draft.Invoice.Id, new InvoiceDraftInput { DueDate = DateTimeOffset.UtcNow.AddDays(-1) }, null)));
        var finalized = (await FinalizeAsync(draft.Invoice.Id)).Invoice;

        Assert.Equal("due_date", Assert.Single(past.Errors).Field);
        Assert.Equal((new DateTimeOffset(chosen, TimeSpan.Zero), (int?)null), (finalized.DueDate!.Value, finalized.DaysUntilDue));
    }

    [Fact]
    public async Task DaysUntilDue_OnAnInvoiceChargedAutomatically_IsRefused()
    {
        var draft = await DraftAsync(await CreateCustomerAsync("Charged Charlie"), Line("Audit", 1, 50_00));

        var refusal = await Assert.ThrowsAsync<ValidationFailedException>(() => WithInvoicesAsync(invoices =>
            invoices.UpdateDraftAsync(draft.Invoice.Id, new InvoiceDraftInput { DaysUntilDue = 10 }, null)));

        Assert.Contains("send_invoice", Assert.Single(refusal.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditingALine_AgainstAnOlderVersionOfTheDraft_IsRefused_AndChangesNothing()
    {
        var draft = await DraftAsync(await CreateCustomerAsync("Stale Stella"), Line("Audit", 1, 50_00), Line("Travel", 1, 20_00));
        var audit = draft.Lines[0];
        var readVersion = draft.Invoice.Version;
        await WithInvoicesAsync(invoices => invoices.UpdateItemAsync(draft.Lines[1].Id, Line("Travel, by train", 1, 25_00), expectedInvoiceVersion: readVersion));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            WithInvoicesAsync(invoices => invoices.UpdateItemAsync(audit.Id, Line("Audit, extended", 2, 50_00), expectedInvoiceVersion: readVersion)));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            WithInvoicesAsync(async invoices => { await invoices.RemoveLineAsync(draft.Invoice.Id, audit.Id, expectedVersion: readVersion); return 0; }));

        var lines = (await WithInvoicesAsync(invoices => invoices.GetAsync(draft.Invoice.Id))).Lines;
        Assert.Equal([("Audit", 1L, 50_00L), ("Travel, by train", 1L, 25_00L)], lines.Select(line => (line.Description, line.Quantity, line.UnitAmount)));
    }

    [Fact]
    public async Task Duplicate_MakesADraftWithTheSameCustomerSettingsAndLines_LeavingArchivedRatesOff()
    {
        var vat = await CreateRateAsync("19");
        var archived = await CreateRateAsync("7");
        var customer = await CreateCustomerAsync("Duplicate Dora");
        var draft = await DraftAsync(customer, Line("Audit", 2, 50_00, vat.Id), Line("Books", 1, 10_00, archived.Id));
        await WithInvoicesAsync(invoices => invoices.UpdateDraftAsync(draft.Invoice.Id,
            new InvoiceDraftInput { CollectionMethod = "send_invoice", DaysUntilDue = 10, Description = "March work", Footer = "Thanks" }, null));
        await FinalizeAsync(draft.Invoice.Id);
        await WithInvoicesAsync(invoices => invoices.VoidAsync(draft.Invoice.Id));
        await WithAsync<TaxRateService, TaxRate>(rates => rates.SetArchivedAsync(archived.Id, true, null));

        var copy = await WithInvoicesAsync(invoices => invoices.DuplicateAsync(draft.Invoice.Id));

        Assert.NotEqual(draft.Invoice.Id, copy.Invoice.Id);
        Assert.Equal((InvoiceStatus.Draft, customer.Id, "eur", CollectionMethod.SendInvoice, (int?)10, "March work", "Thanks", (string?)null),
            (copy.Invoice.Status, copy.Invoice.CustomerId, copy.Invoice.Currency, copy.Invoice.CollectionMethod, copy.Invoice.DaysUntilDue,
                copy.Invoice.Description, copy.Invoice.Footer, copy.Invoice.Number));
        var lines = (await WithInvoicesAsync(invoices => invoices.GetAsync(copy.Invoice.Id))).Lines;
        Assert.Equal([("Audit", 2L, 50_00L, vat.Id), ("Books", 1L, 10_00L, "")],
            lines.Select(line => (line.Description, line.Quantity, line.UnitAmount, string.Join(",", line.TaxRateIds))));
        Assert.All(lines, line => Assert.DoesNotContain(line.Id, draft.Lines.Select(original => original.Id)));
    }

    [Fact]
    public async Task TheInvoicesList_FindsByNumberStartOrCustomer_AndFiltersOverdueCurrencyAndDates()
    {
        var customer = await CreateCustomerAsync("Listed Lucinda", currency: "sek");
        var first = await DraftAsync(customer, Line("Audit", 1, 100_00));
        await SendInvoiceAsync(first.Invoice.Id, days: 0);
        var overdue = (await FinalizeAsync(first.Invoice.Id)).Invoice;
        var second = await DraftAsync(customer, Line("Audit", 1, 100_00));
        await SendInvoiceAsync(second.Invoice.Id, days: 30);
        var later = (await FinalizeAsync(second.Invoice.Id)).Invoice;
        Task<InvoiceList> ListAsync(InvoiceQuery query) => WithInvoicesAsync(invoices => invoices.ListAsync(query, customerId: null));
        string[] Numbers(InvoiceList list) => [.. list.Rows.Select(invoice => invoice.Number ?? invoice.Id)];

        Assert.Equal([later.Number!, overdue.Number!], Numbers(await ListAsync(new InvoiceQuery { Search = "lucinda" })));
        Assert.Equal([later.Number!, overdue.Number!], Numbers(await ListAsync(new InvoiceQuery { Search = customer.Email })));
        Assert.Equal([overdue.Number!], Numbers(await ListAsync(new InvoiceQuery { Search = overdue.Number!.ToLowerInvariant() })));
        Assert.Equal([later.Number!], Numbers(await ListAsync(new InvoiceQuery { Search = later.Id })));
        await Task.Delay(10);
        Assert.Equal([overdue.Number!], Numbers(await ListAsync(new InvoiceQuery { Currency = "sek", Overdue = true })));
        var inAMonth = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30));
        Assert.Equal([later.Number!], Numbers(await ListAsync(new InvoiceQuery { Currency = "sek", DueFrom = inAMonth.AddDays(-1), DueTo = inAMonth })));
        Assert.Empty((await ListAsync(new InvoiceQuery { Currency = "sek", CreatedTo = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)) })).Rows);
        Assert.Equal(2, (await ListAsync(InvoiceQuery.Parse(new InvoiceQuery { Search = "Lucinda", Status = InvoiceStatus.Open, Currency = "sek" }.ToQueryString()))).Rows.Count);
    }
}

public sealed class InvoiceServiceTestsOnSqlite(AppFactory app) : InvoiceServiceTests<AppFactory>(app);

public sealed class InvoiceServiceTestsOnPostgreSql(PostgreSqlAppFactory app) : InvoiceServiceTests<PostgreSqlAppFactory>(app);
