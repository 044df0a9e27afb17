using System.Net;
using System.Text.Json;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Webhooks;
using BillingDashboard.Features.Webhooks;
using BillingDashboard.Tests.Api;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace BillingDashboard.Tests.Events;

/// <summary>The app with its webhooks allowed to reach this machine, where the tests' receivers listen.</summary>
public sealed class WebhookApiFixture() : StripeApiFixture(LocalWebhooks(new AppFactory()))
{
    public static AppFactory LocalWebhooks(AppFactory app)
    {
        app.Settings["Webhooks:AllowLocalTargets"] = "true";
        app.Settings["Webhooks:FirstRetryDelay"] = "00:00:00.2";
        app.Settings["Webhooks:MaxRetryDelay"] = "00:00:00.5";
        return app;
    }
}

/// <summary>Webhooks as an integration receives them, judged by the hosted API's official client: its ConstructEvent verifies each.</summary>
public sealed class WebhookTests(WebhookApiFixture api) : IClassFixture<WebhookApiFixture>
{
    private readonly Stripe.WebhookEndpointService _endpoints = new(api.Client);

    [Fact]
    public async Task ADeliveredWebhook_IsAcceptedByTheOfficialClientsConstructEvent_AndATamperedOrOldOneIsRefused()
    {
        await using var receiver = new WebhookReceiver();
        var endpoint = await _endpoints.CreateAsync(new WebhookEndpointCreateOptions
        {
            Url = receiver.Url,
            EnabledEvents = ["customer.created"],
            Description = "CRM sync",
        });
        Assert.StartsWith("whsec_", endpoint.Secret, StringComparison.Ordinal);
        Assert.Null((await _endpoints.GetAsync(endpoint.Id)).Secret);

        var customer = await new Stripe.CustomerService(api.Client).CreateAsync(new CustomerCreateOptions { Name = "Hooked Hana", Email = "hana.hooks@example.com" });
        await receiver.WaitUntilAsync(received => received.Received.Any(request => request.Body.Contains(customer.Id, StringComparison.Ordinal)));
        var delivered = receiver.Received.First(request => request.Body.Contains(customer.Id, StringComparison.Ordinal));

        var verified = EventUtility.ConstructEvent(delivered.Body, delivered.Signature, endpoint.Secret);
        Assert.Equal("customer.created", verified.Type);
        Assert.Equal(customer.Id, ((Stripe.Customer)verified.Data.Object).Id);
        Assert.Equal("Hooked Hana", ((Stripe.Customer)verified.Data.Object).Name);

        var tampered = delivered.Body.Replace("Hooked Hana", "Hooked Hank", StringComparison.Ordinal);
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(tampered, delivered.Signature, endpoint.Secret));
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(delivered.Body, delivered.Signature, "whsec_" + new string('0', 32)));
        var tenMinutesLater = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var old = Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(delivered.Body, delivered.Signature, endpoint.Secret, 300, tenMinutesLater));
        Assert.Contains("tolerance", old.Message, StringComparison.Ordinal);
        // Only the types it asked for: the receiver was sent no other.
        Assert.All(receiver.Received, request => Assert.Contains("\"type\": \"customer.created\"", request.Body, StringComparison.Ordinal));
        await _endpoints.DeleteAsync(endpoint.Id);
    }

    [Fact]
    public async Task Endpoints_AreValidated_AndTheSecretIsNotStoredInPlainText()
    {
        var refusal = await Assert.ThrowsAsync<StripeException>(() => _endpoints.CreateAsync(new WebhookEndpointCreateOptions
        {
            Url = "ftp://example.com/hooks",
            EnabledEvents = ["customer.created"],
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refusal.HttpStatusCode);
        Assert.Equal("url", refusal.StripeError.Param);
        var unknownEvent = await Assert.ThrowsAsync<StripeException>(() => _endpoints.CreateAsync(new WebhookEndpointCreateOptions
        {
            Url = "https://example.com/hooks",
            EnabledEvents = ["customer.exploded"],
        }));
        Assert.Contains("customer.exploded", unknownEvent.Message, StringComparison.Ordinal);

        var endpoint = await _endpoints.CreateAsync(new WebhookEndpointCreateOptions { Url = "https://example.com/hooks", EnabledEvents = ["*"] });
        var disabled = await _endpoints.UpdateAsync(endpoint.Id, new WebhookEndpointUpdateOptions { Disabled = true });
        Assert.Equal("disabled", disabled.Status);
        Assert.Contains(endpoint.Id, (await _endpoints.ListAsync()).Data.Select(listed => listed.Id));
        Assert.DoesNotContain(System.Text.Encoding.UTF8.GetBytes(endpoint.Secret), [await api.App.StoredBytesAsync()], new SubsequenceComparer());
        Assert.True((await _endpoints.DeleteAsync(endpoint.Id)).Deleted);
    }

    private sealed class SubsequenceComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? needle, byte[]? haystack) => haystack!.AsSpan().IndexOf(needle) >= 0;

        public int GetHashCode(byte[] bytes) => 0;
    }
}

/// <summary>A receiver that is down for a while: every event arrives once acknowledged, exactly once and in order, across a restart of the app.</summary>
public sealed class WebhookRecoveryTests
{
    [Fact]
    public async Task AReceiverThatFailsThreeTimesThenRecovers_GetsEveryEventExactlyOnceAndInOrder_AcrossARestart()
    {
        await using var receiver = new WebhookReceiver { Answer = number => number <= 3 ? 503 : 200 };
        var before = WebhookApiFixture.LocalWebhooks(new AppFactory());
        await before.InScopeAsync(services => services.GetRequiredService<BillingDashboard.Features.Webhooks.WebhookEndpointService>()
            .CreateAsync(new WebhookEndpointInput { Url = receiver.Url, EnabledEvents = ["customer.created"] }));
        var customers = new List<string>();
        for (var index = 0; index < 5; index++)
        {
            customers.Add((await before.CreateCustomerAsync(new CustomerInput { Name = $"Ordered {index}", Email = $"ordered{index}@example.com" })).Id);
        }
        await receiver.WaitUntilAsync(received => received.Received.Count >= 2);

        // A restart while the receiver is still down: what was not acknowledged is still queued.
        var after = AppFactory.RestartOf(before);
        await before.DisposeAsync();
        await using (after)
        {
            _ = after.Services;
            await receiver.WaitUntilAsync(received => received.Acknowledged.Count() >= customers.Count);
            // Time for a duplicate to arrive, were one going to.
            await Task.Delay(1_500);

            var acknowledged = receiver.Acknowledged.Select(request => JsonDocument.Parse(request.Body).RootElement).ToList();
            Assert.Equal(customers, acknowledged.Select(@event => @event.GetProperty("data").GetProperty("object").GetProperty("id").GetString()));
            Assert.Equal(acknowledged.Count, acknowledged.Select(@event => @event.GetProperty("id").GetString()).Distinct().Count());
            Assert.Equal(3, receiver.Received.Count(request => request.Status == 503));

            await using var db = await after.OpenDatabaseAsync();
            var deliveries = await db.WebhookDeliveries.AsNoTracking().OrderBy(delivery => delivery.Sequence).ToListAsync();
            Assert.All(deliveries, delivery => Assert.Equal(WebhookDeliveryStatus.Succeeded, delivery.Status));
            Assert.Equal(4, deliveries[0].Attempts);
            Assert.Equal(200, deliveries[0].LastStatusCode);
        }
    }
}
