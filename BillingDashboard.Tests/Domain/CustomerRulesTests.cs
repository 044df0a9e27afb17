using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;

namespace BillingDashboard.Tests.Domain;

public sealed class CustomerRulesTests
{
    private static Customer NewCustomer() => new() { Id = "cus_test", InvoicePrefix = "TEST0001" };

    private static FieldError SingleError(Customer customer, CustomerInput input) =>
        Assert.Single(Assert.Throws<ValidationFailedException>(() => CustomerRules.Apply(customer, input)).Errors);

    [Fact]
    public void Apply_ValidProfile_NormalisesAndStores()
    {
        var customer = NewCustomer();

        CustomerRules.Apply(customer, new CustomerInput
        {
            Name = "  Jenny Rosen ",
            Email = "jenny.rosen@example.com",
            Phone = "+49 (30) 123-456",
            Address = new AddressInput("Unter den Linden 1", null, "Berlin", null, "10117", "de"),
            PreferredLocales = ["fr_ca", "EN"],
            Currency = "EUR",
            TaxExempt = "reverse",
            InvoicePrefix = "acme01",
        });

        Assert.Equal("Jenny Rosen", customer.Name);
        Assert.Equal("DE", customer.Address.Country);
        Assert.Equal(["fr-CA", "en"], customer.PreferredLocales);
        Assert.Equal("eur", customer.Currency);
        Assert.Equal(CurrencyLockReason.Set, customer.CurrencyLockedBy);
        Assert.Equal(TaxExempt.Reverse, customer.TaxExempt);
        Assert.Equal("ACME01", customer.InvoicePrefix);
    }

    [Fact]
    public void Apply_EmptyString_ClearsTheField()
    {
        var customer = NewCustomer();
        CustomerRules.Apply(customer, new CustomerInput { Description = "VIP" });

        CustomerRules.Apply(customer, new CustomerInput { Description = "" });

        Assert.Null(customer.Description);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@@example.com")]
    [InlineData("spaces in@example.com")]
    public void Apply_MalformedEmail_IsRefused(string email) =>
        Assert.Equal("email", SingleError(NewCustomer(), new CustomerInput { Email = email }).Field);

    [Theory]
    [InlineData("call me")]
    [InlineData("12")]
    [InlineData("+1 555 0100 0100 0100 0100")]
    public void Apply_MalformedPhone_IsRefused(string phone) =>
        Assert.Equal("phone", SingleError(NewCustomer(), new CustomerInput { Phone = phone }).Field);

    [Fact]
    public void Apply_NameTooLong_SaysTheLimit()
    {
        var error = SingleError(NewCustomer(), new CustomerInput { Name = new string('x', CustomerRules.MaxNameLength + 1) });

        Assert.Equal("name", error.Field);
        Assert.Contains("256", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("Germany")]
    [InlineData("D")]
    public void Apply_UnknownCountry_IsRefused(string country) =>
        Assert.Equal("address[country]", SingleError(NewCustomer(), new CustomerInput { Address = new AddressInput(Country: country) }).Field);

    [Theory]
    [InlineData("english")]
    [InlineData("xx")]
    [InlineData("en-XX")]
    [InlineData("en_")]
    public void Apply_InvalidPreferredLocale_NamesItsPosition(string tag) =>
        Assert.Equal("preferred_locales[1]", SingleError(NewCustomer(), new CustomerInput { PreferredLocales = ["de", tag] }).Field);

    [Fact]
    public void Apply_DuplicateLocales_KeepsTheFirstOfEach()
    {
        var customer = NewCustomer();

        CustomerRules.Apply(customer, new CustomerInput { PreferredLocales = ["de", "fr", "DE"] });

        Assert.Equal(["de", "fr"], customer.PreferredLocales);
    }

    [Fact]
    public void Apply_ShippingWithoutName_IsRefused() =>
        Assert.Equal("shipping[name]", SingleError(NewCustomer(), new CustomerInput { Shipping = new ShippingInput("", null, new AddressInput()) }).Field);

    [Fact]
    public void Apply_UnknownTaxExemptStatus_IsRefused() =>
        Assert.Equal("tax_exempt", SingleError(NewCustomer(), new CustomerInput { TaxExempt = "sometimes" }).Field);

    [Fact]
    public void Apply_UnknownCurrency_IsRefused() =>
        Assert.Equal("currency", SingleError(NewCustomer(), new CustomerInput { Currency = "xyz" }).Field);

    [Fact]
    public void Apply_LockedCurrencyChanged_IsRefusedWithTheReason()
    {
        var customer = NewCustomer();
        CustomerRules.Apply(customer, new CustomerInput { Currency = "eur" });

        var error = SingleError(customer, new CustomerInput { Currency = "usd", Name = "Still not saved" });

        Assert.Equal("currency", error.Field);
        Assert.Contains("EUR", error.Message, StringComparison.Ordinal);
        Assert.Equal("eur", customer.Currency);
        Assert.Null(customer.Name);
    }

    [Fact]
    public void Apply_LockedCurrencySameAgain_IsAccepted()
    {
        var customer = NewCustomer();
        CustomerRules.Apply(customer, new CustomerInput { Currency = "eur" });

        CustomerRules.Apply(customer, new CustomerInput { Currency = "EUR" });

        Assert.Equal("eur", customer.Currency);
    }

    [Fact]
    public void Apply_LockedCurrencyRemoved_IsRefused()
    {
        var customer = NewCustomer();
        CustomerRules.Apply(customer, new CustomerInput { Currency = "jpy" });

        Assert.Equal("currency", SingleError(customer, new CustomerInput { Currency = "" }).Field);
    }

    [Fact]
    public void LockCurrency_ByBalanceThenAnother_IsRefused()
    {
        var customer = NewCustomer();
        customer.LockCurrency(Currencies.Get("eur"), CurrencyLockReason.Balance);

        var refusal = Assert.Throws<RuleViolationException>(() => customer.LockCurrency(Currencies.Get("usd"), CurrencyLockReason.Invoice));

        Assert.Contains("credit balance", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(CurrencyLockReason.Balance, customer.CurrencyLockedBy);
    }

    [Theory]
    [InlineData("AB")]
    [InlineData("ABCDEFGHIJKLM")]
    [InlineData("AB-12")]
    public void Apply_InvalidInvoicePrefix_IsRefused(string prefix) =>
        Assert.Equal("invoice_prefix", SingleError(NewCustomer(), new CustomerInput { InvoicePrefix = prefix }).Field);

    [Fact]
    public void Apply_NextInvoiceSequenceBackwards_IsRefused()
    {
        var customer = NewCustomer();
        CustomerRules.Apply(customer, new CustomerInput { NextInvoiceSequence = 10 });

        Assert.Equal("next_invoice_sequence", SingleError(customer, new CustomerInput { NextInvoiceSequence = 9 }).Field);
    }

    [Fact]
    public void Apply_FiveCustomFields_IsRefused()
    {
        var fields = Enumerable.Range(1, 5).Select(index => new InvoiceCustomField($"Field {index}", "value")).ToList();

        Assert.Equal("invoice_settings[custom_fields]", SingleError(NewCustomer(), new CustomerInput { InvoiceCustomFields = fields }).Field);
    }

    [Fact]
    public void Apply_CustomFieldValueTooLong_IsRefused() =>
        Assert.Equal("invoice_settings[custom_fields][0][value]", SingleError(NewCustomer(),
            new CustomerInput { InvoiceCustomFields = [new InvoiceCustomField("PO", new string('9', 141))] }).Field);

    [Fact]
    public void Apply_SeveralErrors_ReportsEachAndChangesNothing()
    {
        var customer = NewCustomer();

        var failure = Assert.Throws<ValidationFailedException>(() => CustomerRules.Apply(customer,
            new CustomerInput { Name = "Fine", Email = "broken", Address = new AddressInput(Country: "ZZ") }));

        Assert.Equal(2, failure.Errors.Count);
        Assert.Null(customer.Name);
    }
}
