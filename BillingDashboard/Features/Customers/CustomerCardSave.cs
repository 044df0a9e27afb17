using BillingDashboard.Components.Shared;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using Microsoft.AspNetCore.Components;

namespace BillingDashboard.Features.Customers;

/// <summary>How every editable card of the customer page saves: one update, checked against the version it was editing.</summary>
public static class CustomerCardSave
{
    /// <param name="editedVersion">The version shown when editing began: a save by someone else since then is refused, not overwritten.</param>
    /// <returns>What the service refused, as field errors; empty when saved.</returns>
    public static async Task<IReadOnlyList<FieldError>> TrySaveAsync(this CustomerService customers, string customerId, int editedVersion,
        CustomerInput input, EventCallback<Customer> saved)
    {
        try
        {
            var updated = await customers.UpdateAsync(customerId, input, editedVersion);
            await saved.InvokeAsync(updated);
            return [];
        }
        catch (Exception failure) when (Refusal.Is(failure))
        {
            return Refusal.ToFieldErrors(failure);
        }
    }
}
