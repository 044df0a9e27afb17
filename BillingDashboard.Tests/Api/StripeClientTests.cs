using System.Net;
using BillingDashboard.Features.Developers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace BillingDashboard.Tests.Api;

/// <summary>
/// The app on a real port, driven by the hosted API's official .NET client as an integrator would point it at us:
/// only the key and the base URL differ. The client's own parsing is the judge of the wire format.
/// </summary>
public class StripeApiFixture : IAsyncLifetime
{
    public StripeApiFixture() : this(new AppFactory())
    {
    }

    protected StripeApiFixture(AppFactory app) => App = app;

    public AppFactory App { get; }

    public CapturedLogs Logs { get; } = new();

    public StripeClient Client { get; private set; } = default!;

    public Uri Address { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        App.Logging = Logs;
        var address = Address = App.StartKestrel();
        var key = await App.InScopeAsync(services => services.GetRequiredService<ApiKeyService>().CreateAsync("Stripe.net", readOnly: false));
        Client = new StripeClient(key.Secret, apiBase: address.ToString().TrimEnd('/'));
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The same, with the app over PostgreSQL: the official client is the judge on the second store too.</summary>
public sealed class PostgreSqlStripeApiFixture() : StripeApiFixture(new PostgreSqlAppFactory());

public abstract class StripeClientTests<TFixture>(TFixture api) : IClassFixture<TFixture> where TFixture : StripeApiFixture
{
    private readonly Stripe.CustomerService _customers = new(api.Client);
    private readonly SourceService _sources = new(api.Client);
    private readonly ChargeService _charges = new(api.Client);
    private readonly CustomerTaxIdService _taxIds = new(api.Client);

    /// <summary>A card source as the hosted API creates one: from the card's number (Stripe.net has no typed options for it).</summary>
    private Task<Source> CardAsync(string number)
    {
        var options = new SourceCreateOptions { Type = "card" };
        options.AddExtraParam("card[number]", number);
        options.AddExtraParam("card[exp_month]", "12");
        options.AddExtraParam("card[exp_year]", "2031");
        return _sources.CreateAsync(options);
    }

    [Fact]
    public async Task Customer_CreateRetrieveUpdateListDelete_ThroughTheOfficialClient()
    {
        var created = await _customers.CreateAsync(new CustomerCreateOptions
        {
            Name = "Ada Lovelace",
            Email = "ada@stripe-net.example",
            Description = "Analytical engines",
            Metadata = new() { ["crm_id"] = "A-1" },
            Address = new AddressOptions { Line1 = "12 St James's Square", City = "London", PostalCode = "SW1Y 4JH", Country = "GB" },
            PreferredLocales = ["en-GB"],
        });
        Assert.StartsWith("cus_", created.Id, StringComparison.Ordinal);
        Assert.Equal(("Ada Lovelace", "London", "A-1"), (created.Name, created.Address.City, created.Metadata["crm_id"]));

        var updated = await _customers.UpdateAsync(created.Id, new CustomerUpdateOptions { Phone = "+44 20 7946 0000", Metadata = new() { ["crm_id"] = "" } });
        Assert.Equal("+44 20 7946 0000", updated.Phone);
        Assert.Empty(updated.Metadata);

        var retrieved = await _customers.GetAsync(created.Id);
        Assert.Equal((created.Id, "ada@stripe-net.example", "+44 20 7946 0000"), (retrieved.Id, retrieved.Email, retrieved.Phone));

        var listed = await _customers.ListAsync(new CustomerListOptions { Email = "ada@stripe-net.example" });
        Assert.Equal([created.Id], listed.Data.Select(customer => customer.Id));

        var deleted = await _customers.DeleteAsync(created.Id);
        Assert.True(deleted.Deleted);
        var missing = await Assert.ThrowsAsync<StripeException>(() => _customers.GetAsync(created.Id));
        Assert.Equal((HttpStatusCode.NotFound, "resource_missing"), (missing.HttpStatusCode, missing.StripeError.Code));
    }

    [Fact]
    public async Task CustomerList_ShowsEachCustomersDiscount_AsRetrieveDoes()
    {
        var coupon = await new CouponService(api.Client).CreateAsync(new CouponCreateOptions { PercentOff = 15, Duration = "forever", Name = "Loyal" });
        var options = new CustomerCreateOptions { Name = "Discounted Dora", Email = "dora@discount.example" };
        options.AddExtraParam("coupon", coupon.Id);
        var customer = await _customers.CreateAsync(options);

        var listed = Assert.Single((await _customers.ListAsync(new CustomerListOptions { Email = "dora@discount.example" })).Data);

        Assert.Equal((customer.Discount.Id, "coupon", coupon.Id), (listed.Discount.Id, listed.Discount.Source.Type, listed.Discount.Source.CouponId));
    }

    [Fact]
    public async Task Responses_ArePrettyPrintedWithTwoSpaces_AndCarryARequestId()
    {
        var customer = await _customers.CreateAsync(new CustomerCreateOptions { Email = "pretty@stripe-net.example" });

        var response = customer.StripeResponse;
        Assert.Contains("\n  \"email\": \"pretty@stripe-net.example\",\n", response.Content.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Matches("^req_[0-9A-Za-z]{14}$", response.RequestId);
        var again = await _customers.GetAsync(customer.Id);
        Assert.NotEqual(response.RequestId, again.StripeResponse.RequestId);
    }

    [Fact]
    public async Task RequestId_IsOnRefusalsToo_EvenBeforeTheKeyIsKnown()
    {
        var stranger = new Stripe.CustomerService(new StripeClient("sk_test_not_a_key_of_ours", apiBase: api.Address.ToString().TrimEnd('/')));

        var refused = await Assert.ThrowsAsync<StripeException>(() => stranger.ListAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.HttpStatusCode);
        Assert.Matches("^req_[0-9A-Za-z]{14}$", refused.StripeResponse.RequestId);
    }

    [Fact]
    public async Task RequestId_EndsTheRequestsOneLogLine_WhichNamesNoParameter()
    {
        var customer = await _customers.CreateAsync(new CustomerCreateOptions { Email = "logged@stripe-net.example", Name = "Logged Lotte" });

        var requestId = customer.StripeResponse.RequestId;
        var line = Assert.Single(api.Logs.Lines, line => line.Contains(requestId, StringComparison.Ordinal));
        Assert.Contains("POST /v1/customers 200", line, StringComparison.Ordinal);
        Assert.DoesNotContain("logged@stripe-net.example", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Lotte", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Customer_ShippingCustomFieldsAndNextInvoiceSequence_AsTheDashboardEditsThem()
    {
        var customer = await _customers.CreateAsync(new CustomerCreateOptions
        {
            Name = "Shipped Sven",
            Shipping = new ShippingOptions
            {
                Name = "Sven at the warehouse",
                Phone = "+46 8 123 456 78",
                Address = new AddressOptions { Line1 = "Hamngatan 1", City = "Stockholm", PostalCode = "111 47", Country = "SE" },
            },
            InvoiceSettings = new CustomerInvoiceSettingsOptions
            {
                CustomFields = [new CustomerInvoiceSettingsCustomFieldOptions { Name = "PO number", Value = "PO-77" }],
                Footer = "Tack!",
            },
            NextInvoiceSequence = 40,
        });

        Assert.Equal(("Sven at the warehouse", "Stockholm", "SE"), (customer.Shipping.Name, customer.Shipping.Address.City, customer.Shipping.Address.Country));
        Assert.Equal(("PO number", "PO-77"), (customer.InvoiceSettings.CustomFields.Single().Name, customer.InvoiceSettings.CustomFields.Single().Value));
        Assert.Equal(40, customer.NextInvoiceSequence);

        // The dashboard's rules hold on the API too: no shipping without a recipient, and numbers only move forward.
        var refused = await Assert.ThrowsAsync<StripeException>(() => _customers.UpdateAsync(customer.Id, new CustomerUpdateOptions
        {
            Shipping = new ShippingOptions { Name = "", Address = new AddressOptions { City = "Malmö" } },
        }));
        Assert.Equal((HttpStatusCode.BadRequest, "shipping[name]"), (refused.HttpStatusCode, refused.StripeError.Param));
        var backwards = await Assert.ThrowsAsync<StripeException>(() => _customers.UpdateAsync(customer.Id, new CustomerUpdateOptions { NextInvoiceSequence = 3 }));
        Assert.Equal("next_invoice_sequence", backwards.StripeError.Param);
        var unchanged = await _customers.GetAsync(customer.Id);
        Assert.Equal(("Stockholm", 40L), (unchanged.Shipping.Address.City, unchanged.NextInvoiceSequence));
    }

    [Fact]
    public async Task Expand_DefaultSourceAndTaxIds_OnGetAndOnPost()
    {
        var card = await CardAsync(TestCards.Visa);
        var customer = await _customers.CreateAsync(new CustomerCreateOptions
        {
            Name = "Expanded Erna",
            Source = card.Id,
            Expand = ["default_source"],
        });
        Assert.Equal(card.Id, customer.DefaultSourceId);
        Assert.Equal(card.Id, Assert.IsType<Source>(customer.DefaultSource).Id);
        await _taxIds.CreateAsync(customer.Id, new CustomerTaxIdCreateOptions { Type = "eu_vat", Value = "DE123456789" });

        var expanded = await _customers.GetAsync(customer.Id, new CustomerGetOptions { Expand = ["default_source", "tax_ids"] });

        Assert.Equal("4242", Assert.IsType<Source>(expanded.DefaultSource).Card.Last4);
        var taxId = Assert.Single(expanded.TaxIds.Data);
        Assert.Equal(("eu_vat", "DE123456789"), (taxId.Type, taxId.Value));
        var plain = await _customers.GetAsync(customer.Id);
        Assert.Null(plain.TaxIds);
        Assert.Null(plain.DefaultSource);
        Assert.Equal(card.Id, plain.DefaultSourceId);
    }

    [Fact]
    public async Task Refusals_CarryTheCodesClientsSwitchOn()
    {
        var unknown = new CustomerCreateOptions { Name = "Coded Carla" };
        unknown.AddExtraParam("colour", "red");
        var missing = new ChargeCreateOptions { Amount = 500 };
        var notANumber = new CustomerListOptions();
        notANumber.AddExtraParam("limit", "ten");

        var refusals = new[]
        {
            await Assert.ThrowsAsync<StripeException>(() => _customers.CreateAsync(unknown)),
            await Assert.ThrowsAsync<StripeException>(() => _charges.CreateAsync(missing)),
            await Assert.ThrowsAsync<StripeException>(() => _customers.ListAsync(notANumber)),
        };

        Assert.Equal(
            [("parameter_unknown", "colour"), ("parameter_missing", "currency"), ("parameter_invalid_integer", "limit")],
            refusals.Select(refusal => (refusal.StripeError.Code, refusal.StripeError.Param)));
        Assert.All(refusals, refusal => Assert.Equal(("invalid_request_error", HttpStatusCode.BadRequest), (refusal.StripeError.Type, refusal.HttpStatusCode)));
        Assert.DoesNotContain((await _customers.ListAsync(new CustomerListOptions { Limit = 100 })).Data, customer => customer.Name == "Coded Carla");
    }

    [Theory]
    [InlineData("subscriptions")]
    [InlineData("default_source.customer")]
    public async Task Expand_APropertyItCannotExpand_IsRefusedNotIgnored(string field)
    {
        var customer = await _customers.CreateAsync(new CustomerCreateOptions { Name = "Unexpandable Uwe" });

        var refused = await Assert.ThrowsAsync<StripeException>(() => _customers.GetAsync(customer.Id, new CustomerGetOptions { Expand = [field] }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.HttpStatusCode);
        Assert.Equal(("invalid_request_error", "expand"), (refused.StripeError.Type, refused.StripeError.Param));
        Assert.Equal($"This property cannot be expanded ({field}).", refused.StripeError.Message);
        // A route with nothing to expand refuses it too, on a POST as on a GET, and changes nothing.
        var onDelete = await Assert.ThrowsAsync<StripeException>(() => _customers.DeleteAsync(customer.Id, new CustomerDeleteOptions { Expand = [field] }));
        Assert.Equal(HttpStatusCode.BadRequest, onDelete.HttpStatusCode);
        Assert.Equal("Unexpandable Uwe", (await _customers.GetAsync(customer.Id)).Name);
    }

    [Fact]
    public async Task Charge_ExpandsItsCustomer_AndADeclineCarriesTheChargeId()
    {
        var customer = await _customers.CreateAsync(new CustomerCreateOptions { Name = "Charged Chloé", Source = (await CardAsync(TestCards.Visa)).Id });
        var charge = await _charges.CreateAsync(new ChargeCreateOptions
        {
            Amount = 1_250,
            Currency = "eur",
            Customer = customer.Id,
            Expand = ["customer"],
        });
        Assert.Equal((true, "succeeded", "Charged Chloé"), (charge.Paid, charge.Status, charge.Customer.Name));
        var listed = await _charges.ListAsync(new ChargeListOptions { Customer = customer.Id, Expand = ["data.customer"] });
        Assert.Equal("Charged Chloé", Assert.Single(listed.Data).Customer.Name);
        var customers = await _customers.ListAsync(new CustomerListOptions { Limit = 100, Expand = ["data.default_source"] });
        Assert.Equal("4242", Assert.IsType<Source>(customers.Data.Single(listedCustomer => listedCustomer.Id == customer.Id).DefaultSource).Card.Last4);
        var refused = await Assert.ThrowsAsync<StripeException>(() => _charges.ListAsync(new ChargeListOptions { Expand = ["customer"] }));
        Assert.Equal("This property cannot be expanded (customer).", refused.StripeError.Message);

        var declining = await CardAsync(TestCards.DeclinedAfterAttach);
        await _customers.UpdateAsync(customer.Id, new CustomerUpdateOptions { Source = declining.Id });
        var declined = await Assert.ThrowsAsync<StripeException>(() => _charges.CreateAsync(new ChargeCreateOptions
        {
            Amount = 1_250,
            Currency = "eur",
            Customer = customer.Id,
            Source = declining.Id,
        }));

        Assert.Equal(HttpStatusCode.PaymentRequired, declined.HttpStatusCode);
        Assert.Equal(("card_error", "card_declined", "generic_decline"), (declined.StripeError.Type, declined.StripeError.Code, declined.StripeError.DeclineCode));
        var kept = await _charges.GetAsync(declined.StripeError.Charge);
        Assert.Equal(("failed", false), (kept.Status, kept.Paid));
    }
}

public sealed class StripeClientTestsOnSqlite(StripeApiFixture api) : StripeClientTests<StripeApiFixture>(api);

public sealed class StripeClientTestsOnPostgreSql(PostgreSqlStripeApiFixture api) : StripeClientTests<PostgreSqlStripeApiFixture>(api);
