using BillingDashboard.Domain;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Tests.Infrastructure;

namespace BillingDashboard.Tests.Domain;

/// <summary>The nine rules of the Sources and Customers document, one or more tests each, named after the rule.</summary>
public sealed class SourceAndChargeRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static int _ids;

    private static Customer NewCustomer(string id = "cus_A") => new() { Id = id, InvoicePrefix = "ABCD1234" };

    private static Source Card(string number = TestCards.Visa, SourceUsage usage = SourceUsage.Reusable, long? amount = null, string? currency = null) =>
        SourceRules.Create($"src_{Interlocked.Increment(ref _ids)}", Now,
            TestCards.Card(number, 8, 2030, usage.ToApiValue(), amount, currency), TestCards.Fingerprints);

    private static Charge Charge(Customer? customer, Source source, long amount = 1099, string currency = "eur") =>
        ChargeRules.Charge("ch_1", new ChargeInput { Amount = amount, Currency = currency, CustomerId = customer?.Id, SourceId = source.Id },
            customer, source, Now, "operator@example.com");

    [Fact]
    public void Rule1_AttachReusableSourceToCustomerWithNone_BecomesTheDefault()
    {
        var customer = NewCustomer();
        var source = Card();

        CustomerSources.Attach(customer, source);

        Assert.Equal(source.Id, customer.DefaultSourceId);
        Assert.True(source.IsAttached);
        Assert.Equal(customer.Id, source.CustomerId);
        Assert.Equal(SourceStatus.Chargeable, source.Status);
    }

    [Fact]
    public void Rule2_AttachAnotherSource_KeepsTheDefault()
    {
        var customer = NewCustomer();
        var first = Card();
        var second = Card("5555555555554444");

        CustomerSources.Attach(customer, first);
        CustomerSources.Attach(customer, second);

        Assert.Equal(first.Id, customer.DefaultSourceId);
        Assert.True(second.IsAttached);
    }

    [Fact]
    public void Rule2_SetDefaultExplicitly_ChangesTheDefault()
    {
        var customer = NewCustomer();
        var first = Card();
        var second = Card("5555555555554444");
        CustomerSources.Attach(customer, first);
        CustomerSources.Attach(customer, second);

        CustomerSources.SetDefault(customer, second);

        Assert.Equal(second.Id, customer.DefaultSourceId);
        Assert.Equal(SourceStatus.Chargeable, first.Status);
    }

    [Fact]
    public void Rule2_SetDefaultToAnotherCustomersSource_IsRefused()
    {
        var customer = NewCustomer();
        var other = NewCustomer("cus_B");
        var theirs = Card();
        CustomerSources.Attach(other, theirs);

        var refusal = Assert.Throws<RuleViolationException>(() => CustomerSources.SetDefault(customer, theirs));

        Assert.Contains("has no attached source", refusal.Message, StringComparison.Ordinal);
        Assert.Null(customer.DefaultSourceId);
    }

    [Fact]
    public void Rule3_UpdateCustomerWithNewSource_DetachesTheOldDefaultAndMakesTheNewOneDefault()
    {
        var customer = NewCustomer();
        var old = Card();
        var kept = Card("5555555555554444");
        var replacement = Card(TestCards.Amex);
        CustomerSources.Attach(customer, old);
        CustomerSources.Attach(customer, kept);

        CustomerSources.ReplaceDefault(customer, replacement, old, Now);

        Assert.Equal(replacement.Id, customer.DefaultSourceId);
        Assert.False(old.IsAttached);
        Assert.Equal(SourceStatus.Consumed, old.Status);
        Assert.True(replacement.IsAttached);
        Assert.True(kept.IsAttached);
        Assert.Equal(SourceStatus.Chargeable, kept.Status);
    }

    [Fact]
    public void Rule3_UpdateCustomerWithoutDefault_JustMakesTheSourceDefault()
    {
        var customer = NewCustomer();
        var replacement = Card();

        CustomerSources.ReplaceDefault(customer, replacement, currentDefault: null, Now);

        Assert.Equal(replacement.Id, customer.DefaultSourceId);
    }

    [Fact]
    public void Rule3_UpdateCustomerWithUnusableSource_IsRefusedAndTheDefaultStays()
    {
        var customer = NewCustomer();
        var old = Card();
        CustomerSources.Attach(customer, old);
        var singleUse = Card(usage: SourceUsage.SingleUse, amount: 500, currency: "eur");

        Assert.Throws<RuleViolationException>(() => CustomerSources.ReplaceDefault(customer, singleUse, old, Now));

        Assert.Equal(old.Id, customer.DefaultSourceId);
        Assert.True(old.IsAttached);
        Assert.Equal(SourceStatus.Chargeable, old.Status);
    }

    [Fact]
    public void Rule4_ChargeCustomerWithoutSource_UsesTheDefaultSource()
    {
        var customer = NewCustomer();
        var first = Card();
        var second = Card("5555555555554444");
        CustomerSources.Attach(customer, first);
        CustomerSources.Attach(customer, second);
        CustomerSources.SetDefault(customer, second);

        var chosen = ChargeRules.ChooseSourceId(new ChargeInput { Amount = 1099, Currency = "eur", CustomerId = customer.Id }, customer);

        Assert.Equal(second.Id, chosen);
    }

    [Fact]
    public void Rule4_ChargeCustomerWithoutDefaultSource_IsRefusedWithAClearMessage()
    {
        var customer = NewCustomer();

        var refusal = Assert.Throws<RuleViolationException>(() =>
            ChargeRules.ChooseSourceId(new ChargeInput { Amount = 1099, Currency = "eur", CustomerId = customer.Id }, customer));

        Assert.Equal("Customer cus_A has no default payment method or source to charge. Add a payment method to the customer, or name a source.", refusal.Message);
    }

    [Fact]
    public void Rule5_ChargeCustomerWithUnattachedSingleUseSource_ReferencesBoth()
    {
        var customer = NewCustomer();
        var singleUse = Card(usage: SourceUsage.SingleUse, amount: 1099, currency: "eur");

        var charge = Charge(customer, singleUse);

        Assert.Equal(ChargeStatus.Succeeded, charge.Status);
        Assert.Equal(customer.Id, charge.CustomerId);
        Assert.Equal(singleUse.Id, charge.SourceId);
        Assert.False(singleUse.IsAttached);
    }

    [Fact]
    public void Rule5_ChargeCustomerWithAttachedSource_ReferencesBothAndKeepsTheSourceChargeable()
    {
        var customer = NewCustomer();
        var source = Card();
        CustomerSources.Attach(customer, source);

        var charge = Charge(customer, source);

        Assert.Equal((customer.Id, source.Id), (charge.CustomerId, charge.SourceId));
        Assert.Equal(SourceStatus.Chargeable, source.Status);
    }

    [Fact]
    public void Rule5_ChargeAttachedSourceWithoutItsCustomer_IsRefused()
    {
        var customer = NewCustomer();
        var source = Card();
        CustomerSources.Attach(customer, source);

        var refusal = Assert.Throws<RuleViolationException>(() => Charge(null, source));

        Assert.Contains("name that customer", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule5_ChargeAnotherCustomersAttachedSource_IsRefused()
    {
        var owner = NewCustomer();
        var source = Card();
        CustomerSources.Attach(owner, source);

        var refusal = Assert.Throws<RuleViolationException>(() => Charge(NewCustomer("cus_B"), source));

        Assert.Contains("belongs to another customer", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(SourceStatus.Chargeable, source.Status);
    }

    [Fact]
    public void Rule6_ChargeUnattachedReusableSource_ConsumesIt()
    {
        var source = Card();

        var charge = Charge(null, source);

        Assert.Equal(ChargeStatus.Succeeded, charge.Status);
        Assert.Equal(SourceStatus.Consumed, source.Status);
        Assert.Equal(charge.Id, source.ConsumedByChargeId);
    }

    [Fact]
    public void Rule6_ChargeConsumedReusableSourceAgain_IsRefused()
    {
        var source = Card();
        Charge(null, source);

        var refusal = Assert.Throws<RuleViolationException>(() => Charge(null, source));

        Assert.Contains("its status is consumed", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("used up by charge ch_1", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule7_ChargeSingleUseSource_ConsumesItOnTheFirstCharge()
    {
        var singleUse = Card(usage: SourceUsage.SingleUse, amount: 1099, currency: "eur");

        Charge(NewCustomer(), singleUse);

        Assert.Equal(SourceStatus.Consumed, singleUse.Status);
        Assert.Throws<RuleViolationException>(() => Charge(NewCustomer(), singleUse));
    }

    [Fact]
    public void Rule7_ChargeSingleUseSourceForAnotherAmount_IsRefusedAndLeavesItChargeable()
    {
        var singleUse = Card(usage: SourceUsage.SingleUse, amount: 1099, currency: "eur");

        var refusal = Assert.Throws<RuleViolationException>(() => Charge(null, singleUse, amount: 2000));

        Assert.Equal("Single-use source " + singleUse.Id + " pays exactly 10.99 EUR; charge that amount.", refusal.Message);
        Assert.Equal(SourceStatus.Chargeable, singleUse.Status);
    }

    [Fact]
    public void Rule8_DetachSource_ConsumesIt()
    {
        var customer = NewCustomer();
        var source = Card();
        CustomerSources.Attach(customer, source);

        CustomerSources.Detach(customer, source, Now, remaining: []);

        Assert.Equal(SourceStatus.Consumed, source.Status);
        Assert.False(source.IsAttached);
        Assert.Equal(Now, source.DetachedAt);
        Assert.Null(customer.DefaultSourceId);
    }

    [Fact]
    public void Rule8_DetachedSource_CannotBeChargedOrAttachedAgain()
    {
        var customer = NewCustomer();
        var source = Card();
        CustomerSources.Attach(customer, source);
        CustomerSources.Detach(customer, source, Now, remaining: []);

        var charge = Assert.Throws<RuleViolationException>(() => Charge(customer, source));
        var attach = Assert.Throws<RuleViolationException>(() => CustomerSources.Attach(customer, source));

        Assert.Equal($"Source {source.Id} can't be charged: its status is consumed. It was detached from its customer and can't be used again.", charge.Message);
        Assert.Contains("can't be attached: its status is consumed", attach.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule8_DetachTheDefault_HandsTheDefaultToTheNewestOtherSource()
    {
        var customer = NewCustomer();
        var first = Card();
        var second = Card("5555555555554444");
        CustomerSources.Attach(customer, first);
        CustomerSources.Attach(customer, second);

        CustomerSources.Detach(customer, first, Now, remaining: [first, second]);

        Assert.Equal(second.Id, customer.DefaultSourceId);
    }

    [Theory]
    [InlineData(SourceEvent.Detach, "consumed")]
    [InlineData(SourceEvent.Cancel, "canceled")]
    [InlineData(SourceEvent.FailAuthorization, "failed")]
    [InlineData(null, "pending")]
    public void Rule9_ChargeSourceThatIsNotChargeable_IsRefusedNamingTheStatus(SourceEvent? change, string status)
    {
        var customer = NewCustomer();
        var source = Card(TestCards.AuthenticationRequired);
        CustomerSources.Attach(customer, source);
        if (change is { } happened)
        {
            if (happened == SourceEvent.Detach)
            {
                CustomerSources.Detach(customer, source, Now, remaining: []);
            }
            else
            {
                SourceStateMachine.Apply(source, happened);
            }
        }

        var refusal = Assert.Throws<RuleViolationException>(() => Charge(customer, source));

        Assert.Contains($"its status is {status}.", refusal.Message, StringComparison.Ordinal);
        Assert.Equal("source", refusal.Field);
    }

    [Fact]
    public void Attach_DecliningTestCard_IsRefusedAsTheIssuerWould()
    {
        var customer = NewCustomer();
        var declining = Card(TestCards.Declined);

        var refusal = Assert.Throws<CardDeclinedException>(() => CustomerSources.Attach(customer, declining));

        Assert.Equal(("card_declined", "generic_decline"), (refusal.Failure.Code, refusal.Failure.DeclineCode));
        Assert.Null(customer.DefaultSourceId);
        Assert.False(declining.IsAttached);
    }

    [Fact]
    public void Charge_DecliningTestCard_IsAFailedChargeWithTheNetworksReason()
    {
        var customer = NewCustomer();
        var declining = Card(TestCards.DeclinedAfterAttach);
        CustomerSources.Attach(customer, declining);

        var charge = Charge(customer, declining);

        Assert.Equal(ChargeStatus.Failed, charge.Status);
        Assert.Equal(("card_declined", "generic_decline", "Your card was declined."), (charge.FailureCode, charge.DeclineCode, charge.FailureMessage));
        Assert.Equal(SourceStatus.Chargeable, declining.Status);
    }

    [Fact]
    public void Charge_CardExpiredSinceItWasAdded_FailsAsExpired()
    {
        var customer = NewCustomer();
        var card = Card();
        CustomerSources.Attach(customer, card);

        var charge = ChargeRules.Charge("ch_1", new ChargeInput { Amount = 1099, Currency = "eur", CustomerId = customer.Id }, customer, card,
            new DateTimeOffset(2030, 9, 1, 0, 0, 0, TimeSpan.Zero), author: null);

        Assert.Equal("expired_card", charge.FailureCode);
    }

    [Theory]
    [InlineData(0L, "eur", "Enter a positive amount in EUR.")]
    [InlineData(49L, "usd", "The amount must be at least 0.50 USD, the smallest charge card networks accept.")]
    [InlineData(49L, "jpy", "The amount must be at least 50 JPY, the smallest charge card networks accept.")]
    [InlineData(100_000_000L, "eur", "The amount can be at most 999999.99 EUR.")]
    public void Charge_AmountOutsideTheCurrencysLimits_IsRefused(long amount, string currency, string message)
    {
        var source = Card();

        var refusal = Assert.Throws<ValidationFailedException>(() => Charge(null, source, amount, currency));

        Assert.Equal(message, refusal.Errors.Single(error => error.Field == "amount").Message);
        Assert.Equal(SourceStatus.Chargeable, source.Status);
    }

    [Fact]
    public void Charge_SepaDebitInAnotherCurrency_IsRefused()
    {
        var sepa = SourceRules.Create("src_sepa", Now, TestCards.Sepa(), TestCards.Fingerprints);

        var refusal = Assert.Throws<RuleViolationException>(() => Charge(null, sepa, 1000, "usd"));

        Assert.Equal("SEPA Direct Debit collects euros only; this charge is in USD.", refusal.Message);
    }
}
