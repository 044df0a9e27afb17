using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.Settings;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Features.Settings;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Invoices;

public sealed class AccountSettingsTests
{
    private static Task<AccountSettings> UpdateAsync(AppFactory app, AccountSettingsInput input, int version) =>
        app.InScopeAsync(services => services.GetRequiredService<AccountSettingsService>().UpdateAsync(input, version));

    [Fact]
    public async Task UpdateAsync_AccountNumberingAndSeller_NumberTheNextInvoiceAndPrintOnIt()
    {
        await using var app = new AppFactory();
        var saved = await UpdateAsync(app, new AccountSettingsInput
        {
            SellerName = "Northwind Ltd", SellerEmail = "billing@northwind.example", SellerTaxIds = ["GB123456789", " "],
            SellerAddress = new Address { Line1 = "1 High St", City = "London", Country = "GB" }, Numbering = "account", AccountPrefix = "nwl", NextAccountSequence = 7,
        }, version: 0);
        var customer = await app.CreateCustomerAsync(new CustomerInput { Name = "Settled Sam", Email = "sam@settings.example", Currency = "gbp" });

        var finalized = await app.InScopeAsync(async services =>
        {
            var invoices = services.GetRequiredService<InvoiceService>();
            var draft = await invoices.CreateDraftAsync(customer.Id, input: new InvoiceDraftInput { CollectionMethod = "send_invoice" });
            await invoices.AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = "Audit", UnitAmount = 10_000 });
            return (await invoices.FinalizeAsync(draft.Invoice.Id)).Invoice;
        });

        Assert.Equal(["GB123456789"], saved.Seller.TaxIds);
        Assert.Equal("NWL-0007", finalized.Number); // upper-cased
        Assert.Equal("Northwind Ltd", finalized.Snapshot!.Seller.Name);
        Assert.Equal(8, (await app.InScopeAsync(services => services.GetRequiredService<AccountSettingsService>().GetAsync())).NextAccountSequence);
    }

    [Fact]
    public async Task UpdateAsync_NextNumberBackwardsOrStaleVersion_IsRefusedAndNothingChanges()
    {
        await using var app = new AppFactory();
        await UpdateAsync(app, new AccountSettingsInput { Numbering = "account", AccountPrefix = "INV", NextAccountSequence = 50 }, version: 0);

        var backwards = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            UpdateAsync(app, new AccountSettingsInput { Numbering = "account", NextAccountSequence = 10 }, version: 1));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => UpdateAsync(app, new AccountSettingsInput { Numbering = "per_customer" }, version: 0));

        Assert.Contains("only move forward", backwards.Message, StringComparison.Ordinal);
        var current = await app.InScopeAsync(services => services.GetRequiredService<AccountSettingsService>().GetAsync());
        Assert.Equal((InvoiceNumbering.Account, 50), (current.Numbering, current.NextAccountSequence));
    }
}
