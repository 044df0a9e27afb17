using BillingDashboard.Components.Layout;
using BillingDashboard.Components.Shared;
using MudBlazor;

namespace BillingDashboard.Features.Invoices;

/// <summary>
/// Starting a draft for a customer, wherever it starts (the customer's page, the Invoices page): in the
/// customer's currency, or, for a customer without one, in a currency the operator chooses first.
/// </summary>
public static class InvoiceStart
{
    /// <returns>The new draft, or null when the operator cancelled the currency.</returns>
    public static async Task<InvoiceDetails?> StartDraftAsync(IDialogService dialogs, InvoiceService invoices, string customerId, bool hasCurrency) =>
        hasCurrency
            ? await invoices.CreateDraftAsync(customerId)
            : await dialogs.AskAsync<CreateInvoiceDialog, InvoiceDetails>("Create invoice",
                new() { [nameof(CreateInvoiceDialog.CustomerId)] = customerId }, DialogSizes.Small);
}

/// <summary>Who the customer picker chose: enough to start their draft.</summary>
public sealed record PickedCustomer(string Id, bool HasCurrency);
