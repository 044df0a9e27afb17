using MudBlazor;

namespace BillingDashboard.Components.Shared;

/// <summary>How the dashboard reports the outcome of an action that has no form to show it in.</summary>
public static class SnackbarExtensions
{
    /// <summary>A refusal or a failure stays until the operator closes it: it must not vanish before it is read.</summary>
    public static void AddError(this ISnackbar snackbar, string message) =>
        snackbar.Add(message, Severity.Error, options => options.RequireInteraction = true);
}
