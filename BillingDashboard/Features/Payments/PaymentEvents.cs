using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Events;
using BillingDashboard.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Payments;

/// <summary>
/// The events of a charge, for every service that charges or refunds (payments, invoices, credit notes). The charge
/// is rendered as it is stored once the change is saved, with its refunds, inside the caller's transaction: the
/// caller saves the change, records, then saves and commits once more.
/// </summary>
public static class PaymentEvents
{
    /// <summary>charge.succeeded or charge.failed, by how the charge came out.</summary>
    public static Task RecordChargedAsync(EventLog events, BillingDbContext db, Charge charge, CancellationToken cancellationToken) =>
        RecordChargeAsync(events, db, charge.Status == ChargeStatus.Succeeded ? EventTypes.ChargeSucceeded : EventTypes.ChargeFailed, charge.Id,
            before: null, cancellationToken);

    public static async Task RecordChargeAsync(EventLog events, BillingDbContext db, string type, string chargeId, object? before,
        CancellationToken cancellationToken)
    {
        var (charge, rendered) = await LoadAsync(db, chargeId, cancellationToken);
        events.Record(db, type, charge.Id, charge.CustomerId, rendered, before);
    }

    /// <summary>The charge as the API shows it now, to be the "before" of an update.</summary>
    public static async Task<object> RenderChargeAsync(BillingDbContext db, string chargeId, CancellationToken cancellationToken) =>
        (await LoadAsync(db, chargeId, cancellationToken)).Rendered;

    private static async Task<(Charge Charge, object Rendered)> LoadAsync(BillingDbContext db, string chargeId, CancellationToken cancellationToken)
    {
        var charge = await db.Charges.AsNoTracking().SingleAsync(candidate => candidate.Id == chargeId, cancellationToken);
        var refunds = await db.Refunds.AsNoTracking().Where(refund => refund.ChargeId == chargeId).OrderByDescending(refund => refund.Sequence)
            .ToListAsync(cancellationToken);
        return (charge, ApiObjects.Charge(charge, refunds));
    }
}
