using Microsoft.JSInterop;

namespace BillingDashboard.Components.Shared;

/// <summary>
/// The circuit's single-key shortcuts (<c>?</c>, <c>N</c>, <c>/</c>). One document-level listener in the browser
/// (wwwroot/js/shortcuts.js) ignores keys typed into fields and open dialogs and reports the rest here; pages
/// subscribe to the keys they own.
/// </summary>
public sealed class KeyboardShortcuts : IAsyncDisposable
{
    private readonly IJSRuntime _js;
    private readonly Dictionary<string, Func<Task>> _handlers = new(StringComparer.Ordinal);
    private DotNetObjectReference<KeyboardShortcuts>? _self;
    private IJSObjectReference? _listener;

    public KeyboardShortcuts(IJSRuntime js) => _js = js;

    /// <summary>Every shortcut the dashboard has, for the <c>?</c> list.</summary>
    public static IReadOnlyList<(string Key, string Action)> All { get; } =
    [
        ("?", "Show this list of shortcuts"),
        ("N", "Add a customer (on the Customers page), create an invoice (on the Invoices page)"),
        ("/", "Search (on list pages)"),
        ("Enter", "Submit the open dialog"),
        ("Esc", "Close the open dialog"),
    ];

    public async Task StartAsync()
    {
        if (_listener is not null)
        {
            return;
        }
        _self = DotNetObjectReference.Create(this);
        await using var module = await _js.InvokeAsync<IJSObjectReference>("import", "./js/shortcuts.js");
        _listener = await module.InvokeAsync<IJSObjectReference>("listen", _self);
    }

    /// <summary>Handles <paramref name="key"/> until the returned object is disposed.</summary>
    public IDisposable On(string key, Func<Task> handler)
    {
        _handlers[key] = handler;
        return new Subscription(() =>
        {
            if (_handlers.TryGetValue(key, out var current) && current == handler)
            {
                _handlers.Remove(key);
            }
        });
    }

    [JSInvokable]
    public Task OnShortcut(string key) =>
        _handlers.TryGetValue(key, out var handler) ? handler() : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            try
            {
                await _listener.InvokeVoidAsync("stop");
                await _listener.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone; its listener went with it.
            }
        }
        _self?.Dispose();
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }
}
