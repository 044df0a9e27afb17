using System.Net;
using BillingDashboard.Tests.Infrastructure;
using Stripe;

namespace BillingDashboard.Tests.Api;

/// <summary>
/// Payment methods, tokens, capture and refunds, and paying an invoice, through Stripe.net as an integrator would
/// call them against the hosted API; the client's own parsing judges our answers.
/// </summary>
public abstract class StripePaymentsTests<TFixture>(TFixture api) : IClassFixture<TFixture> where TFixture : StripeApiFixture
{
    private readonly Stripe.CustomerService _customers = new(api.Client);
    private readonly PaymentMethodService _paymentMethods = new(api.Client);
    private readonly ChargeService _charges = new(api.Client);
    private readonly RefundService _refunds = new(api.Client);
    private readonly TokenService _tokens = new(api.Client);
    private readonly CustomerPaymentMethodService _customerMethods = new(api.Client);

    [Fact]
    public async Task Seed004_CSharpSnippet_AsWritten_CreatesACustomerWithAnInvoiceDefaultPaymentMethod()
    {
        // The snippet uses the global configuration: only the key and the base URL differ from the document.
        StripeConfiguration.ApiKey = "<>";
        StripeConfiguration.StripeClient = api.Client;

        var options = new CustomerCreateOptions
        {
            Email = "jenny.rosen@example.com",
            PaymentMethod = "pm_card_visa",
            InvoiceSettings = new CustomerInvoiceSettingsOptions
            {
                DefaultPaymentMethod = "pm_card_visa",
            },
        };
        var service = new Stripe.CustomerService();
        Customer customer = service.Create(options);

        Assert.Equal("jenny.rosen@example.com", customer.Email);
        var defaultId = customer.InvoiceSettings.DefaultPaymentMethodId;
        Assert.StartsWith("pm_", defaultId, StringComparison.Ordinal);
        Assert.NotEqual("pm_card_visa", defaultId);
        var method = await _paymentMethods.GetAsync(defaultId);
        Assert.Equal((customer.Id, "visa", "4242"), (method.CustomerId, method.Card.Brand, method.Card.Last4));
        var expanded = await _customers.GetAsync(customer.Id, new CustomerGetOptions { Expand = ["invoice_settings.default_payment_method"] });
        Assert.Equal("4242", expanded.InvoiceSettings.DefaultPaymentMethod.Card.Last4);
    }

    [Fact]
    public async Task PaymentMethods_CreateAttachListUpdateDetach_AsTheHostedApiDoes()
    {
        var customer = await _customers.CreateAsync(new CustomerCreateOptions { Name = "Method Mia" });
        var created = await _paymentMethods.CreateAsync(new PaymentMethodCreateOptions
        {
            Type = "card",
            Card = new PaymentMethodCardOptions { Number = "5555 5555 5555 4444", ExpMonth = 4, ExpYear = 2031, Cvc = "123" },
            BillingDetails = new PaymentMethodBillingDetailsOptions { Name = "Mia Method", Email = "mia@example.com" },
            Metadata = new() { ["ref"] = "42" },
        });
        Assert.Equal(("card", "mastercard", "4444", "credit", null), (created.Type, created.Card.Brand, created.Card.Last4, created.Card.Funding, created.CustomerId));
        Assert.Matches("^[0-9A-Za-z]{16}$", created.Card.Fingerprint);

        var attached = await _paymentMethods.AttachAsync(created.Id, new PaymentMethodAttachOptions { Customer = customer.Id });
        var fromTest = await _paymentMethods.AttachAsync("pm_card_amex", new PaymentMethodAttachOptions { Customer = customer.Id });
        var again = await _paymentMethods.AttachAsync("pm_card_amex", new PaymentMethodAttachOptions { Customer = customer.Id });
        Assert.Equal(customer.Id, attached.CustomerId);
        Assert.NotEqual(fromTest.Id, again.Id);
        Assert.Equal(fromTest.Card.Fingerprint, again.Card.Fingerprint);

        var listed = await _customerMethods.ListAsync(customer.Id, new CustomerPaymentMethodListOptions { Type = "card" });
        Assert.Equal([again.Id, fromTest.Id, created.Id], listed.Data.Select(method => method.Id));
        var filtered = await _paymentMethods.ListAsync(new PaymentMethodListOptions { Customer = customer.Id, Limit = 1 });
        Assert.True(filtered.HasMore);

        var updated = await _paymentMethods.UpdateAsync(created.Id, new PaymentMethodUpdateOptions
        {
            Card = new PaymentMethodCardOptions { ExpMonth = 9, ExpYear = 2032 },
            BillingDetails = new PaymentMethodBillingDetailsOptions { Phone = "+49 30 1234567" },
        });
        Assert.Equal((9L, 2032L, "Mia Method", "+49 30 1234567"), (updated.Card.ExpMonth, updated.Card.ExpYear, updated.BillingDetails.Name, updated.BillingDetails.Phone));

        var detached = await _paymentMethods.DetachAsync(created.Id);
        Assert.Null(detached.CustomerId);
        var reattach = await Assert.ThrowsAsync<StripeException>(() =>
            _paymentMethods.AttachAsync(created.Id, new PaymentMethodAttachOptions { Customer = customer.Id }));
        Assert.Equal(HttpStatusCode.BadRequest, reattach.HttpStatusCode);
        Assert.Equal(2, (await _customerMethods.ListAsync(customer.Id)).Data.Count);
    }

    [Fact]
    public async Task DecliningCard_IsRefusedOnAttachWith402_AndNothingIsAttached()
    {
        var customer = await _customers.CreateAsync(new CustomerCreateOptions { Name = "Declined Dana" });
        var card = await _paymentMethods.CreateAsync(new PaymentMethodCreateOptions
        {
            Type = "card",
            Card = new PaymentMethodCardOptions { Number = TestCards.Declined, ExpMonth = 1, ExpYear = 2030 },
        });

        var refused = await Assert.ThrowsAsync<StripeException>(() => _paymentMethods.AttachAsync(card.Id, new PaymentMethodAttachOptions { Customer = customer.Id }));

        Assert.Equal(HttpStatusCode.PaymentRequired, refused.HttpStatusCode);
        Assert.Equal(("card_error", "card_declined", "generic_decline"), (refused.StripeError.Type, refused.StripeError.Code, refused.StripeError.DeclineCode));
        Assert.Null((await _paymentMethods.GetAsync(card.Id)).CustomerId);
        var testId = await Assert.ThrowsAsync<StripeException>(() =>
            _paymentMethods.AttachAsync("pm_card_chargeDeclined", new PaymentMethodAttachOptions { Customer = customer.Id }));
        Assert.Equal("card_declined", testId.StripeError.Code);
        Assert.Empty((await _customerMethods.ListAsync(customer.Id)).Data);
    }

    [Fact]
    public async Task MistypedCardNumber_IsACardErrorNamingTheField()
    {
        var refused = await Assert.ThrowsAsync<StripeException>(() => _tokens.CreateAsync(new TokenCreateOptions
        {
            Card = new TokenCardOptions { Number = "4242424242424241", ExpMonth = "12", ExpYear = "2031" },
        }));

        Assert.Equal(HttpStatusCode.PaymentRequired, refused.HttpStatusCode);
        Assert.Equal(("card_error", "incorrect_number", "card[number]"), (refused.StripeError.Type, refused.StripeError.Code, refused.StripeError.Param));
        Assert.DoesNotContain("4242424242424241", refused.StripeError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_AreSingleUse_AndTestTokensWorkWhereverASourceDoes()
    {
        var customer = await _customers.CreateAsync(new CustomerCreateOptions { Name = "Token Tim", Source = "tok_visa", Expand = ["default_source"] });
        var source = Assert.IsType<Source>(customer.DefaultSource);
        Assert.Equal(("Visa", "4242"), (source.Card.Brand, source.Card.Last4));

        var token = await _tokens.CreateAsync(new TokenCreateOptions
        {
            Card = new TokenCardOptions { Number = "378282246310005", ExpMonth = "3", ExpYear = "2032", Cvc = "1234", Name = "Tim Token" },
        });
        Assert.Equal(("card", false, "0005"), (token.Type, token.Used, token.Card.Last4));
        var saved = await new CustomerPaymentSourceService(api.Client).CreateAsync(customer.Id, new CustomerPaymentSourceCreateOptions { Source = token.Id });
        Assert.Equal("0005", Assert.IsType<Source>(saved).Card.Last4);
        Assert.True((await _tokens.GetAsync(token.Id)).Used);

        var reused = await Assert.ThrowsAsync<StripeException>(() =>
            new CustomerPaymentSourceService(api.Client).CreateAsync(customer.Id, new CustomerPaymentSourceCreateOptions { Source = token.Id }));
        Assert.Equal(HttpStatusCode.BadRequest, reused.HttpStatusCode);
        Assert.Equal($"You cannot use a Stripe token more than once: {token.Id}.", reused.StripeError.Message);

        var charge = await _charges.CreateAsync(new ChargeCreateOptions { Amount = 2_000, Currency = "usd", Source = "tok_mastercard" });
        Assert.Equal((true, "succeeded"), (charge.Paid, charge.Status));

        // Updating the customer with a token replaces the default, as with a source.
        var replaced = await _customers.UpdateAsync(customer.Id, new CustomerUpdateOptions { Source = "tok_discover", Expand = ["default_source"] });
        Assert.Equal("Discover", Assert.IsType<Source>(replaced.DefaultSource).Card.Brand);
        Assert.Equal("consumed", (await new SourceService(api.Client).GetAsync(source.Id)).Status);
    }

    [Fact]
    public async Task DeclinedTestToken_Charge_Is402CarryingTheStoredChargesId()
    {
        var declined = await Assert.ThrowsAsync<StripeException>(() =>
            _charges.CreateAsync(new ChargeCreateOptions { Amount = 1_000, Currency = "eur", Source = "tok_chargeDeclinedInsufficientFunds" }));

        Assert.Equal(HttpStatusCode.PaymentRequired, declined.HttpStatusCode);
        Assert.Equal(("card_error", "card_declined", "insufficient_funds"), (declined.StripeError.Type, declined.StripeError.Code, declined.StripeError.DeclineCode));
        var kept = await _charges.GetAsync(declined.StripeError.Charge);
        Assert.Equal(("failed", "insufficient_funds"), (kept.Status, kept.Outcome.Reason));
    }

    [Fact]
    public async Task ManualCapture_InPartThenRefunded_NeverGivesBackMoreThanWasTaken()
    {
        var customer = await _customers.CreateAsync(new CustomerCreateOptions { Name = "Captured Carl", Source = "tok_visa" });
        var authorized = await _charges.CreateAsync(new ChargeCreateOptions { Amount = 10_000, Currency = "eur", Customer = customer.Id, Capture = false });
        Assert.Equal((false, 0L, true), (authorized.Captured, authorized.AmountCaptured, authorized.Paid));

        var captured = await _charges.CaptureAsync(authorized.Id, new ChargeCaptureOptions { Amount = 7_500 });
        Assert.Equal((true, 7_500L, 2_500L, false), (captured.Captured, captured.AmountCaptured, captured.AmountRefunded, captured.Refunded));
        var twice = await Assert.ThrowsAsync<StripeException>(() => _charges.CaptureAsync(authorized.Id));
        Assert.Equal(HttpStatusCode.BadRequest, twice.HttpStatusCode);

        var partial = await _refunds.CreateAsync(new RefundCreateOptions { Charge = authorized.Id, Amount = 2_000, Reason = "requested_by_customer" });
        Assert.Equal((2_000L, "succeeded", "requested_by_customer", authorized.Id), (partial.Amount, partial.Status, partial.Reason, partial.ChargeId));
        var tooMuch = await Assert.ThrowsAsync<StripeException>(() => _refunds.CreateAsync(new RefundCreateOptions { Charge = authorized.Id, Amount = 5_501 }));
        Assert.Equal(("invalid_request_error", "amount"), (tooMuch.StripeError.Type, tooMuch.StripeError.Param));

        var rest = await _refunds.CreateAsync(new RefundCreateOptions { Charge = authorized.Id });
        Assert.Equal(5_500L, rest.Amount);
        var refunded = await _charges.GetAsync(authorized.Id);
        Assert.Equal((10_000L, true), (refunded.AmountRefunded, refunded.Refunded));
        Assert.Equal([rest.Id, partial.Id], refunded.Refunds.Data.Select(refund => refund.Id));
        var listed = await _refunds.ListAsync(new RefundListOptions { Charge = authorized.Id, Expand = ["data.charge"] });
        Assert.Equal(authorized.Id, listed.Data[0].Charge.Id);
        using var http = new HttpClient { BaseAddress = api.Address };
        http.DefaultRequestHeaders.Authorization = new("Bearer", api.Client.ApiKey);
        var embedded = await http.GetStringAsync(refunded.Refunds.Url);
        Assert.Contains(rest.Id, embedded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefundsArrivingTogether_NeverExceedWhatWasCaptured()
    {
        var charge = await _charges.CreateAsync(new ChargeCreateOptions { Amount = 5_000, Currency = "usd", Source = "tok_visa" });

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                return (await _refunds.CreateAsync(new RefundCreateOptions { Charge = charge.Id, Amount = 1_000 })).Amount;
            }
            catch (StripeException refused) when (refused.HttpStatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict)
            {
                return 0L;
            }
        }));

        Assert.Equal(5_000L, attempts.Sum());
        Assert.Equal(5_000L, (await _charges.GetAsync(charge.Id)).AmountRefunded);
        Assert.Equal(5, (await _refunds.ListAsync(new RefundListOptions { Charge = charge.Id })).Data.Count);
    }

    [Fact]
    public async Task OneOffInvoice_IsPaidFromTheCustomersDefaultPaymentMethod_BeforeItsDefaultSource()
    {
        var customer = await _customers.CreateAsync(new CustomerCreateOptions
        {
            Name = "Invoiced Ines",
            Email = "ines@example.com",
            Source = "tok_chargeCustomerFail",
            PaymentMethod = "pm_card_mastercard",
            InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = "pm_card_mastercard" },
        });
        await new InvoiceItemService(api.Client).CreateAsync(new InvoiceItemCreateOptions
        {
            Customer = customer.Id, Amount = 4_900, Currency = "eur", Description = "Consulting",
        });
        var invoices = new Stripe.InvoiceService(api.Client);
        var draft = await invoices.CreateAsync(new InvoiceCreateOptions
        {
            Customer = customer.Id, CollectionMethod = "charge_automatically", PendingInvoiceItemsBehavior = "include",
        });

        var paid = await invoices.FinalizeInvoiceAsync(draft.Id);

        Assert.Equal(("paid", 4_900L), (paid.Status, paid.AmountPaid));
        // Stripe.net 53 no longer reads a charge's invoice; the raw object still names it, as older clients read it.
        var charge = Assert.Single((await _charges.ListAsync(new ChargeListOptions { Customer = customer.Id, Expand = ["data.invoice"] })).Data);
        Assert.Equal((customer.InvoiceSettings.DefaultPaymentMethodId, "mastercard", paid.Id),
            (charge.PaymentMethod, charge.PaymentMethodDetails.Card.Brand, charge.RawJsonElement!.Value.GetProperty("invoice").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task InvoiceList_ShowsEachInvoiceAsItsOwnRouteDoes_PaidOpenAndDraftWithTax()
    {
        var customer = await _customers.CreateAsync(new CustomerCreateOptions { Name = "Listed Lena", PaymentMethod = "pm_card_visa",
            InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = "pm_card_visa" } });
        var vat = await new TaxRateService(api.Client).CreateAsync(new TaxRateCreateOptions { DisplayName = "VAT", Percentage = 19, Inclusive = false });
        var items = new InvoiceItemService(api.Client);
        var invoices = new Stripe.InvoiceService(api.Client);
        async Task<Invoice> DraftAsync(long amount, string? taxRate = null, bool sendInvoice = false)
        {
            await items.CreateAsync(new InvoiceItemCreateOptions { Customer = customer.Id, Amount = amount, Currency = "eur", Description = "Work",
                TaxRates = taxRate is null ? null : [taxRate] });
            return await invoices.CreateAsync(new InvoiceCreateOptions { Customer = customer.Id, PendingInvoiceItemsBehavior = "include",
                CollectionMethod = sendInvoice ? "send_invoice" : "charge_automatically", DaysUntilDue = sendInvoice ? 30 : null });
        }
        await invoices.FinalizeInvoiceAsync((await DraftAsync(2_000, vat.Id)).Id);
        await invoices.FinalizeInvoiceAsync((await DraftAsync(3_000, sendInvoice: true)).Id);
        await DraftAsync(4_000, vat.Id);

        var listed = (await invoices.ListAsync(new InvoiceListOptions { Customer = customer.Id })).Data;
        var retrieved = await Task.WhenAll(listed.Select(invoice => invoices.GetAsync(invoice.Id)));

        Assert.Equal(["draft", "open", "paid"], listed.Select(invoice => invoice.Status));
        Assert.Equal([4_760L, 3_000L, 2_380L], listed.Select(invoice => invoice.Total));
        Assert.Equal(retrieved.Select(invoice => (invoice.Status, invoice.Subtotal, invoice.Total, invoice.AmountDue, invoice.Lines.Data.Count)),
            listed.Select(invoice => (invoice.Status, invoice.Subtotal, invoice.Total, invoice.AmountDue, invoice.Lines.Data.Count)));
        Assert.Equal(retrieved.SelectMany(invoice => invoice.Lines.Data.Select(line => (line.Id, line.Amount))),
            listed.SelectMany(invoice => invoice.Lines.Data.Select(line => (line.Id, line.Amount))));
    }

    [Fact]
    public async Task Invoice_ChargesItsOwnDefaultPaymentMethodFirst_AndACardNeedingAuthenticationIsDeclinedOffSession()
    {
        var customer = await _customers.CreateAsync(new CustomerCreateOptions
        {
            Name = "Ordered Otto",
            PaymentMethod = "pm_card_authenticationRequired",
            InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = "pm_card_authenticationRequired" },
        });
        var jcb = await _paymentMethods.AttachAsync("pm_card_jcb", new PaymentMethodAttachOptions { Customer = customer.Id });
        var items = new InvoiceItemService(api.Client);
        var invoices = new Stripe.InvoiceService(api.Client);
        async Task<Invoice> FinalizeAsync(string? defaultPaymentMethod)
        {
            await items.CreateAsync(new InvoiceItemCreateOptions { Customer = customer.Id, Amount = 1_500, Currency = "jpy", Description = "Visit" });
            var draft = await invoices.CreateAsync(new InvoiceCreateOptions
            {
                Customer = customer.Id, CollectionMethod = "charge_automatically", PendingInvoiceItemsBehavior = "include",
                DefaultPaymentMethod = defaultPaymentMethod, Expand = ["default_payment_method"],
            });
            Assert.Equal(defaultPaymentMethod, draft.DefaultPaymentMethod?.Id);
            return await invoices.FinalizeInvoiceAsync(draft.Id);
        }

        var declined = await FinalizeAsync(null);
        var paid = await FinalizeAsync(jcb.Id);

        Assert.Equal(("open", 0L), (declined.Status, declined.AmountPaid));
        var attempt = (await _charges.ListAsync(new ChargeListOptions { Customer = customer.Id })).Data;
        Assert.Equal(("paid", 1_500L), (paid.Status, paid.AmountPaid));
        Assert.Equal([jcb.Id, customer.InvoiceSettings.DefaultPaymentMethodId], attempt.Select(charge => charge.PaymentMethod));
        Assert.Equal("authentication_required", attempt[1].Outcome.Reason);
    }

    [Fact]
    public async Task ACardNumber_IsNowhereInTheDatabaseFile_NorInTheLog_AfterEveryWayOfSendingIt()
    {
        const string number = "4242424242424242";
        var once = new RequestOptions { IdempotencyKey = Guid.NewGuid().ToString() };
        var tokenOptions = new TokenCreateOptions { Card = new TokenCardOptions { Number = number, ExpMonth = "12", ExpYear = "2031", Cvc = "314" } };
        var token = await _tokens.CreateAsync(tokenOptions, once);
        Assert.Equal(token.Id, (await _tokens.CreateAsync(tokenOptions, once)).Id);
        var sourceOptions = new SourceCreateOptions { Type = "card" };
        sourceOptions.AddExtraParam("card[number]", number);
        sourceOptions.AddExtraParam("card[exp_month]", "12");
        sourceOptions.AddExtraParam("card[exp_year]", "2031");
        sourceOptions.AddExtraParam("card[cvc]", "314");
        var source = await new SourceService(api.Client).CreateAsync(sourceOptions, new RequestOptions { IdempotencyKey = Guid.NewGuid().ToString() });
        var method = await _paymentMethods.CreateAsync(new PaymentMethodCreateOptions
        {
            Type = "card",
            Card = new PaymentMethodCardOptions { Number = number, ExpMonth = 12, ExpYear = 2031, Cvc = "314" },
        }, new RequestOptions { IdempotencyKey = Guid.NewGuid().ToString() });
        await _customers.CreateAsync(new CustomerCreateOptions { Name = "Bytes Bea", Source = token.Id, PaymentMethod = method.Id });
        await Assert.ThrowsAsync<StripeException>(() => _tokens.CreateAsync(new TokenCreateOptions
        {
            Card = new TokenCardOptions { Number = number, ExpMonth = "13", ExpYear = "2031" },
        }));
        Assert.Equal(source.Card.Fingerprint, method.Card.Fingerprint);

        var stored = await api.App.StoredBytesAsync();
        var bytes = stored.AsSpan();
        // What is kept is there (so the search reads the right bytes); the number is not, in any encoding.
        Assert.NotEqual(-1, bytes.IndexOf(System.Text.Encoding.ASCII.GetBytes(method.Card.Fingerprint)));
        Assert.Equal(-1, bytes.IndexOf(System.Text.Encoding.ASCII.GetBytes(number)));
        Assert.Equal(-1, bytes.IndexOf(System.Text.Encoding.Unicode.GetBytes(number)));
        Assert.DoesNotContain(api.Logs.Lines, line => line.Contains(number, StringComparison.Ordinal) || line.Contains("314", StringComparison.Ordinal) && line.Contains("cvc", StringComparison.Ordinal));
    }
}

public sealed class StripePaymentsTestsOnSqlite(StripeApiFixture api) : StripePaymentsTests<StripeApiFixture>(api);

public sealed class StripePaymentsTestsOnPostgreSql(PostgreSqlStripeApiFixture api) : StripePaymentsTests<PostgreSqlStripeApiFixture>(api);
