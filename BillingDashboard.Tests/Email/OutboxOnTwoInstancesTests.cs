using BillingDashboard.Domain.Email;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Tests.Email;

/// <summary>Two app instances over one PostgreSQL database, both sending from one outbox to one mail server.</summary>
public sealed class OutboxOnTwoInstancesTests : IAsyncLifetime
{
    private readonly TestSmtpServer _mail = new TestSmtpServer().Start();
    private readonly PostgreSqlAppFactory _first = new();
    private PostgreSqlAppFactory _second = default!;

    public async Task InitializeAsync()
    {
        _second = _first.SecondInstance();
        _mail.Serve(_first);
        _mail.Serve(_second);
        await EmailedInvoices.SellerAsync(_first);
        _ = _second.Services; // started: its sender claims work too
    }

    [Fact]
    public async Task ThirtyInvoicesFinalizedOnBoth_AreEachDeliveredOnce_ByWhicheverSenderClaimedThem()
    {
        var invoices = await Task.WhenAll(Enumerable.Range(0, 30).Select(index =>
            EmailedInvoices.FinalizedAsync(index % 2 == 0 ? _first : _second, $"twice{index}@instances.example")));

        foreach (var invoice in invoices)
        {
            await EmailedInvoices.SettledEmailsAsync(_first, invoice.Id);
        }
        await _mail.WaitForAsync(30);
        // Time for a second copy to arrive, were one on its way.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var received = _mail.Received;
        Assert.Equal(30, received.Count);
        Assert.Equal(30, received.Select(message => message.MessageId).Distinct().Count());
        await using var db = await _first.OpenDatabaseAsync();
        Assert.Equal(30, await db.OutboxMessages.CountAsync(message => message.Status == OutboxStatus.Sent && message.Attempts == 1));
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _mail.DisposeAsync();
    }
}
