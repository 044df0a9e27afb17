using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain.Balance;
using BillingDashboard.Domain.Events;
using BillingDashboard.Features.Events;

namespace BillingDashboard.Features.Balance;

/// <summary>
/// Every ledger entry is an event (customer_balance_transaction.created), whoever writes it: an adjustment, a
/// credit note, a balance applied to an invoice or returned when it is voided.
/// </summary>
public static class BalanceEvents
{
    public static void Record(EventLog events, BillingDbContext db, CustomerBalanceTransaction entry) =>
        events.Record(db, EventTypes.BalanceTransactionCreated, entry.Id, entry.CustomerId, ApiObjects.BalanceTransaction(entry));
}
