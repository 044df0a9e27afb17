using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace BillingDashboard.Tests.Infrastructure;

/// <summary>
/// bUnit with what the dashboard's components need from their host: MudBlazor's services, and a loose JavaScript
/// runtime (MudBlazor calls into the browser for focus and popovers; a component test has no browser).
/// </summary>
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    protected ComponentTestContext()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable; xunit 2 disposes a test class synchronously unless told.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Opens <typeparamref name="TDialog"/> as the app does, through the dialog service, and returns what the provider shows.</summary>
    protected async Task<IRenderedComponent<MudDialogProvider>> ShowDialogAsync<TDialog>(string title, DialogParameters? parameters = null)
        where TDialog : IComponent
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<TDialog>(title, parameters ?? []));
        return provider;
    }
}
