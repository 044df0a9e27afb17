using System.Globalization;
using System.Runtime.CompilerServices;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Radzen;

namespace BillingDashboard.Tests.Infrastructure;

/// <summary>
/// bUnit, made to work without AngleSharp.Diffing (absent from our registry; see shared/STACK.md). This is the one
/// place that knows: bUnit's parser asks for an HtmlComparer service, which only markup diffing ever uses, so an
/// unconstructed one is registered; and events are dispatched by their handler id, which is what Click() would do.
/// Tests assert on elements, text and attributes, never on MarkupMatches.
/// </summary>
public abstract class ComponentTestContext : BunitContext
{
    protected ComponentTestContext()
    {
        var htmlComparer = typeof(BunitContext).Assembly.GetType("Bunit.Diffing.HtmlComparer", throwOnError: true)!;
        Services.AddSingleton(htmlComparer, RuntimeHelpers.GetUninitializedObject(htmlComparer));
        Services.AddRadzenComponents();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>Clicks <paramref name="element"/>: runs its @onclick handler through the renderer.</summary>
    protected Task ClickAsync(IElement element) =>
        DispatchAsync(element, "onclick", new MouseEventArgs { Detail = 1 });

    protected Task DispatchAsync(IElement element, string eventName, EventArgs arguments)
    {
        var handlerId = element.GetAttribute($"blazor:{eventName}")
            ?? throw new InvalidOperationException($"<{element.TagName}> has no {eventName} handler.");
        // EventFieldInfo is framework plumbing (BL0006); it is exactly what bUnit's own Click() passes.
#pragma warning disable BL0006
        return Renderer.DispatchEventAsync(
            ulong.Parse(handlerId, CultureInfo.InvariantCulture), new EventFieldInfo(), arguments);
#pragma warning restore BL0006
    }
}
