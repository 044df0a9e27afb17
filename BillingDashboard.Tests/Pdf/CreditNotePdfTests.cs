using BillingDashboard.Domain.CreditNotes;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.Settings;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Features.CreditNotes;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Features.Settings;
using BillingDashboard.Features.TaxIds;
using BillingDashboard.Features.TaxRates;
using BillingDashboard.Pdf;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Pdf;

/// <summary>Credit notes rendered to PDF and read back with poppler's pdftotext.</summary>
public sealed class CreditNotePdfTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public void EveryLanguageInvoicesArePrintedIn_HasCreditNoteLabels() =>
        Assert.Equal(InvoiceLocales.Supported.Order(), CreditNoteLocales.Supported.Order());

    [Fact]
    public async Task Render_FrenchCustomer_PrintsAnAvoirWithBothTaxIdsInTheHeader_AndWhereTheCreditWent()
    {
        await app.InScopeAsync(async services =>
        {
            var settings = services.GetRequiredService<AccountSettingsService>();
            return await settings.UpdateAsync(new AccountSettingsInput
            {
                SellerName = "Atelier Dupont SARL", SellerEmail = "factures@dupont.example", SellerTaxIds = ["FR40303265045"], Numbering = "per_customer",
            }, (await settings.GetAsync()).Version);
        });
        var customer = await app.CreateCustomerAsync(new CustomerInput
        {
            Name = "Boulangerie Martin", Email = "compta@martin.example", Currency = "eur", PreferredLocales = ["fr-FR"],
            Address = new AddressInput { Line1 = "3 rue de la Paix", PostalCode = "75002", City = "Paris", Country = "FR" },
        });
        await app.InScopeAsync(services => services.GetRequiredService<TaxIdService>().AddAsync(customer.Id, new TaxIdInput("eu_vat", "FR83404833048")));
        var pdf = await app.InScopeAsync(async services =>
        {
            var vat = await services.GetRequiredService<TaxRateService>().CreateAsync(new TaxRateInput { DisplayName = "TVA", Percentage = "20" });
            var invoices = services.GetRequiredService<InvoiceService>();
            var draft = await invoices.CreateDraftAsync(customer.Id);
            var line = await invoices.AddLineAsync(draft.Invoice.Id, new InvoiceItemInput { Description = "Four à pain", Quantity = 4, UnitAmount = 25_000, TaxRateIds = [vat.Id] });
            await invoices.FinalizeAsync(draft.Invoice.Id);
            await invoices.PayAsync(draft.Invoice.Id, paidOutOfBand: true);
            var creditNote = await services.GetRequiredService<CreditNoteService>().CreateAsync(draft.Invoice.Id, new CreditNoteInput
            {
                Lines = [new CreditNoteLineInput { InvoiceLineItem = line.Id, Quantity = 1 }], Reason = "product_unsatisfactory", Memo = "Un four livré défectueux.",
            });
            return await services.GetRequiredService<InvoicePdfService>().RenderCreditNoteAsync(creditNote.Id);
        });

        var text = await Poppler.ReadAsync(pdf.Content, path => Poppler.TextAsync(path));

        Assert.Equal($"{customer.InvoicePrefix}-0001-CN-01.pdf", pdf.FileName);
        foreach (var expected in new[]
                 {
                     "Avoir", "Numéro d'avoir", $"{customer.InvoicePrefix}-0001-CN-01", "Numéro de facture", $"{customer.InvoicePrefix}-0001",
                     "Atelier Dupont SARL", "FR40303265045", "Boulangerie Martin", "EU VAT FR83404833048", "Motif", "Produit non satisfaisant",
                     "Un four livré défectueux.", "Four à pain", "250,00 €", "TVA (20 %)", "50,00 €", "Total crédité", "300,00 €", "Crédité sur le solde client",
                 })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        // The seller's tax id sits in the header, above the bill-to block and the lines.
        Assert.True(text.IndexOf("FR40303265045", StringComparison.Ordinal) < text.IndexOf("Four à pain", StringComparison.Ordinal));
    }
}
