using BillingDashboard.Components.Layout;
using MudBlazor;

namespace BillingDashboard.Components.Shared;

/// <summary>The two ways pages use a dialog: ask for something and get it back, or confirm an action.</summary>
public static class DialogServiceExtensions
{
    /// <summary>Opens <typeparamref name="TDialog"/> and waits for it to close.</summary>
    /// <returns>What the dialog closed with, or null when it was cancelled (Esc, Cancel, the close button).</returns>
    public static async Task<TResult?> AskAsync<TDialog, TResult>(this IDialogService dialogs, string title,
        DialogParameters? parameters = null, DialogOptions? options = null)
        where TDialog : Microsoft.AspNetCore.Components.IComponent
        where TResult : class
    {
        var dialog = await dialogs.ShowAsync<TDialog>(title, parameters ?? [], options ?? DialogSizes.Medium);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: TResult data } ? data : null;
    }

    /// <summary>Asks before an action that can't be undone; true only when the operator pressed <paramref name="confirmText"/>.</summary>
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string message, string confirmText) =>
        await dialogs.ShowMessageBoxAsync(title, message, yesText: confirmText, cancelText: "Cancel", options: DialogSizes.Small) == true;
}
