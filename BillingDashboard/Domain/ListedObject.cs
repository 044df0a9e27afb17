namespace BillingDashboard.Domain;

/// <summary>
/// An object the API lists newest first and pages with <c>starting_after</c> / <c>ending_before</c>: its public id,
/// and the store's row number, which grows with every insert and so orders by creation.
/// </summary>
public interface IListedObject
{
    string Id { get; }

    long Sequence { get; }
}
