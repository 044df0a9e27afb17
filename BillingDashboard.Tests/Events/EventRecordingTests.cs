using System.Net;
using System.Text.Json;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Events;
using BillingDashboard.Hosting;
using BillingDashboard.Tests.Api;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace BillingDashboard.Tests.Events;

/// <summary>
/// Each door leaves one event with its actor, request and the fields it changed: the API (judged by the hosted API's
/// official client, which parses the events), the command line, and the services the pages call.
/// </summary>
public sealed class EventRecordingTests(StripeApiFixture api) : IClassFixture<StripeApiFixture>
{
    private readonly Stripe.CustomerService _customers = new(api.Client);
    private readonly Stripe.EventService _events = new(api.Client);

    private Task<BillingDashboard.Domain.Events.Event> StoredAsync(string id) =>
        api.App.InScopeAsync(services => services.GetRequiredService<BillingDashboard.Features.Events.EventService>().GetAsync(id));

    [Fact]
    public async Task AnApiChangeWithAnIdempotencyKey_LeavesOneEvent_WithTheKeyTheRequestAndThePreviousName()
    {
        var created = await _customers.CreateAsync(new CustomerCreateOptions { Name = "Ada Before", Email = "ada.events@example.com" },
            new RequestOptions { IdempotencyKey = "create-ada-events" });
        var updated = await _customers.UpdateAsync(created.Id, new CustomerUpdateOptions { Name = "Ada After" },
            new RequestOptions { IdempotencyKey = "rename-ada-events" });
        // A retry with the same key is answered from the first answer: nothing happens twice, so no second event.
        await _customers.UpdateAsync(created.Id, new CustomerUpdateOptions { Name = "Ada After" }, new RequestOptions { IdempotencyKey = "rename-ada-events" });

        var listed = await _events.ListAsync(new EventListOptions { Type = "customer.updated", Limit = 100 });
        var renames = listed.Data.Where(@event => ((Stripe.Customer)@event.Data.Object).Id == created.Id).ToList();
        var rename = Assert.Single(renames);
        Assert.Equal("Ada After", ((Stripe.Customer)rename.Data.Object).Name);
        Assert.Equal(updated.StripeResponse.RequestId, rename.Request.Id);
        Assert.Equal("rename-ada-events", rename.Request.IdempotencyKey);
        Assert.Equal(BillingDashboard.Domain.Events.Event.ApiVersion, rename.ApiVersion);

        var creation = Assert.Single((await _events.ListAsync(new EventListOptions { Type = "customer.created", Limit = 100 })).Data,
            @event => ((Stripe.Customer)@event.Data.Object).Id == created.Id);
        Assert.Equal("create-ada-events", creation.Request.IdempotencyKey);
        Assert.Equal(created.StripeResponse.RequestId, creation.Request.Id);

        var retrieved = await _events.GetAsync(rename.Id);
        Assert.Equal(rename.Id, retrieved.Id);
        var stored = await StoredAsync(rename.Id);
        Assert.StartsWith("API key Stripe.net (sk_test_…", stored.Actor, StringComparison.Ordinal);
        using var previous = JsonDocument.Parse(stored.PreviousAttributes!);
        Assert.Equal("""{"name":"Ada Before"}""", previous.RootElement.GetRawText());
    }

    [Fact]
    public async Task PayingAnInvoiceByCard_AndRefundingPartOfIt_LeavesTheHostedApisEvents_InTheOrderTheyHappened()
    {
        var customer = await _customers.CreateAsync(new CustomerCreateOptions { Name = "Paying Pia", Source = "tok_visa" });
        await new InvoiceItemService(api.Client).CreateAsync(new InvoiceItemCreateOptions { Customer = customer.Id, Amount = 5_000, Currency = "eur", Description = "Audit" });
        var invoices = new Stripe.InvoiceService(api.Client);
        var draft = await invoices.CreateAsync(new InvoiceCreateOptions { Customer = customer.Id, CollectionMethod = "charge_automatically", PendingInvoiceItemsBehavior = "include" });
        var paid = await invoices.FinalizeInvoiceAsync(draft.Id);
        var creditNote = await new Stripe.CreditNoteService(api.Client).CreateAsync(new CreditNoteCreateOptions { Invoice = paid.Id, Amount = 2_000, RefundAmount = 2_000 });

        var listed = await _events.ListAsync(new EventListOptions { Limit = 100, Created = new DateRangeOptions { GreaterThanOrEqual = customer.Created } });
        var hers = listed.Data.Where(@event => @event.RawJsonElement!.Value.GetProperty("data").GetProperty("object") is var raw
            && (raw.GetProperty("id").GetString() == customer.Id || raw.TryGetProperty("customer", out var owner) && owner.GetString() == customer.Id)).Reverse().ToList();

        Assert.Equal(["customer.created", "customer.source.created", "invoice.created", "invoice.finalized", "charge.succeeded", "invoice.paid",
            "credit_note.created", "charge.refunded"], hers.Select(@event => @event.Type));
        // The official client reads each one's object as its own type, with what it was at that moment.
        Assert.Equal("draft", ((Stripe.Invoice)hers[2].Data.Object).Status);
        Assert.Equal(("paid", 5_000L), (((Stripe.Invoice)hers[5].Data.Object).Status, ((Stripe.Invoice)hers[5].Data.Object).AmountPaid));
        Assert.Equal("card", ((Stripe.Source)hers[1].Data.Object).Type);
        Assert.Equal(creditNote.Id, ((Stripe.CreditNote)hers[6].Data.Object).Id);
        var refunded = (Stripe.Charge)hers[7].Data.Object;
        Assert.Equal((5_000L, 2_000L, false), (refunded.Amount, refunded.AmountRefunded, refunded.Refunded));
    }

    [Fact]
    public async Task EventsAreListedByTypeAndCreated_AndAnUnknownEventIsA404()
    {
        using var client = await ApiTestClient.CreateAsync(api.App, address: api.Address);
        var (_, customer) = await ApiTestClient.SendAsync(client, HttpMethod.Post, "/v1/customers", ApiTestClient.Form(("name", "Listed Events")));
        await ApiTestClient.SendAsync(client, HttpMethod.Post, $"/v1/customers/{customer.Id()}", ApiTestClient.Form(("metadata[plan]", "gold")));

        var (status, list) = await ApiTestClient.SendAsync(client, HttpMethod.Get,
            $"/v1/events?types[]=customer.created&types[]=customer.updated&created[gte]={DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds()}&limit=100");
        Assert.Equal(HttpStatusCode.OK, status);
        var mine = list.GetProperty("data").EnumerateArray().Where(@event => @event.GetProperty("data").GetProperty("object").Id() == customer.Id()).ToList();
        Assert.Equal(["customer.updated", "customer.created"], mine.Select(@event => @event.GetProperty("type").GetString()));
        Assert.Equal("""{"metadata":{"plan":null}}""", JsonSerializer.Serialize(mine[0].GetProperty("data").GetProperty("previous_attributes")));
        Assert.Equal(JsonValueKind.Null, mine[1].GetProperty("data").GetProperty("previous_attributes").ValueKind);

        var (missing, error) = await ApiTestClient.SendAsync(client, HttpMethod.Get, "/v1/events/evt_doesnotexist");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Contains("evt_doesnotexist", error.ErrorMessage(), StringComparison.Ordinal);
        var (both, _) = await ApiTestClient.SendAsync(client, HttpMethod.Get, "/v1/events?type=customer.created&types[]=customer.updated");
        Assert.Equal(HttpStatusCode.BadRequest, both);

        // The last second a timestamp can name (253402300799), as the official client sends it: up to and including
        // it is everything, after it nothing.
        var lastSecond = new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc);
        var all = await _events.ListAsync(new EventListOptions { Limit = 1, Created = new DateRangeOptions { LessThanOrEqual = lastSecond } });
        var none = await _events.ListAsync(new EventListOptions { Created = new DateRangeOptions { GreaterThan = lastSecond } });
        Assert.Equal((1, 0), (all.Data.Count, none.Data.Count));
    }

    [Fact]
    public async Task TheCommandLine_IsTheActorOfWhatItDoes_AndNoSecretIsInTheEvent()
    {
        var output = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(api.App.Services, ["apikey", "create", "--name", "nightly export"], output, new StringWriter()));
        var secret = output.ToString().Trim();

        await using var db = await api.App.OpenDatabaseAsync();
        var @event = await db.Events.AsNoTracking().Where(candidate => candidate.Type == "api_key.created").OrderByDescending(candidate => candidate.Sequence).FirstAsync();
        Assert.Equal("command line (apikey create)", @event.Actor);
        Assert.Contains("nightly export", @event.Data, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, @event.Data, StringComparison.Ordinal);
        Assert.Contains($"…{secret[^4..]}", @event.Data, StringComparison.Ordinal);
        Assert.Null(@event.RequestId);
    }

    [Fact]
    public async Task AnEditThatChangesNothing_RecordsNothing_AndWorkFromNoDoorIsTheSystems()
    {
        var customer = await api.App.CreateCustomerAsync(new CustomerInput { Name = "Grace Before", Email = "grace.events@example.com" });
        var input = new CustomerInput { Name = "Grace After", Email = "grace.events@example.com" };
        for (var time = 0; time < 2; time++)
        {
            await api.App.InScopeAsync(services => services.GetRequiredService<BillingDashboard.Features.Customers.CustomerService>().UpdateAsync(customer.Id, input, expectedVersion: null));
        }

        await using var db = await api.App.OpenDatabaseAsync();
        var update = Assert.Single(await db.Events.AsNoTracking().Where(@event => @event.ObjectId == customer.Id && @event.Type == "customer.updated").ToListAsync());
        Assert.Equal(BillingDashboard.Domain.Events.ChangeOrigin.System, update.Actor);
        Assert.Equal("""{"name":"Grace Before"}""", update.PreviousAttributes);
        Assert.Equal(1, (await api.App.GetCustomerAsync(customer.Id)).Version);
    }

    [Fact]
    public async Task TheStoreRefusesToChangeOrDeleteAnEvent()
    {
        await api.App.CreateCustomerAsync(new CustomerInput { Name = "Immutable", Email = "immutable@example.com" });
        await using var db = await api.App.OpenDatabaseAsync();
        var changed = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE \"Events\" SET \"Actor\" = 'someone else'"));
        Assert.Contains("immutable", changed.Message, StringComparison.Ordinal);
        var deleted = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"Events\""));
        Assert.Contains("immutable", deleted.Message, StringComparison.Ordinal);
    }
}
